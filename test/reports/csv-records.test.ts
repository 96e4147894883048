// Reading a run directory's CSV files back (reports/csv-records.ts): RFC 4180 as
// csv-stringify writes them (RFC 4180 §2: CRLF line ends, fields quoted when they
// hold a comma, a quote or a line break, a quote inside written twice), numbers
// read exactly as Number() reads them, and a bad cell named by file, line and column.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { stringify } from "csv-stringify/sync";
import fc from "fast-check";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { InputError } from "../../common/input-error.ts";
import { type CsvRow, csvColumns, fieldsOf, forEachCsvRow } from "../../reports/csv-records.ts";
import { scratchDir } from "./record-stream.ts";

function rowsOf(text: string | Buffer): { line: number; fields: string[] }[] {
  const path = join(scratchDir(), "t.csv");
  writeFileSync(path, text);
  const out: { line: number; fields: string[] }[] = [];
  forEachCsvRow(path, (row) => out.push({ line: row.line, fields: fieldsOf(row) }));
  return out;
}

function firstRow<T>(text: string, fn: (row: CsvRow) => T): T {
  const path = join(scratchDir(), "t.csv");
  writeFileSync(path, text);
  let out: T | undefined;
  forEachCsvRow(path, (row) => {
    if (row.line === 2) out = fn(row);
  });
  return out as T;
}

test("quoted fields: commas, doubled quotes and line breaks inside quotes are the field's; a row's line is where it starts", () => {
  const hostile = ['a,"b"\n<c>', "x\r\ny", "plain", ""];
  const text = stringify([["name", "other"], [hostile[0], "1"], [hostile[1], hostile[2]], [hostile[3], "2"]], { record_delimiter: "windows" });
  assert.equal(rowsOf(text), [
    { line: 1, fields: ["name", "other"] },
    { line: 2, fields: [hostile[0], "1"] },
    // The row above spans lines 2 and 3; a CR inside quotes is kept.
    { line: 4, fields: [hostile[1], hostile[2]] },
    { line: 6, fields: ["", "2"] },
  ]);
});

test("a UTF-8 byte-order mark, LF or CRLF line ends, no newline at the end, UTF-8 names", () => {
  const want = [
    { line: 1, fields: ["a", "b"] },
    { line: 2, fields: ["Zoë", "☃"] },
  ];
  assert.equal(rowsOf("\ufeffa,b\r\nZoë,☃\r\n"), want);
  assert.equal(rowsOf("a,b\nZoë,☃"), want);
});

test("a line longer than the read buffer (1 MiB) and rows across buffer boundaries are read whole", () => {
  const long = "x".repeat(3 << 20);
  const many = Array.from({ length: 50_000 }, (_, i) => `r${i},${"y".repeat(i % 97)}`);
  const rows = rowsOf(`h,v\n${long},1\n${many.join("\n")}\n`);
  assert.is(rows.length, 2 + many.length);
  assert.is(rows[1]?.fields[0]?.length, long.length);
  assert.equal(rows[rows.length - 1]?.fields, [`r49999`, "y".repeat(49999 % 97)]);
  assert.is(rows[rows.length - 1]?.line, 2 + many.length);
});

test("numbers: the plain decimals of the run directory read exactly as Number() reads them; other forms go through Number()", () => {
  fc.assert(
    fc.property(fc.double({ min: -1e12, max: 1e12, noNaN: true }), fc.integer({ min: 0, max: 6 }), (x, digits) => {
      const text = x.toFixed(digits);
      assert.is(firstRow(`v\n${text}\n`, (r) => r.number(0, "v")), Number(text), text);
    }),
    { numRuns: 300 },
  );
  for (const text of ["1.19e-8", "-0.5", "1e3", "123456789012345678"]) assert.is(firstRow(`v\n${text}\n`, (r) => r.number(0, "v")), Number(text), text);
  assert.is(firstRow(`v,w\n,1\n`, (r) => r.number(0, "v")), null, "an empty cell");
  assert.is(firstRow(`v\n"2.5"\n`, (r) => r.number(0, "v")), 2.5, "a quoted number");
});

test("bad input is exit 2 naming the file, line and column: a cell that is no number, a missing column, a quote left open, no file", () => {
  const dir = scratchDir();
  const path = join(dir, "t.csv");
  const fails = (text: string, fn: (row: CsvRow) => unknown, says: RegExp) => {
    writeFileSync(path, text);
    try {
      forEachCsvRow(path, (row) => {
        if (row.line > 1) fn(row);
        else csvColumns(fieldsOf(row), path, ["v"]);
      });
    } catch (err) {
      assert.instance(err, InputError);
      assert.match((err as Error).message, says);
      assert.ok((err as Error).message.startsWith(path), (err as Error).message);
      return;
    }
    assert.unreachable(`no error for ${JSON.stringify(text)}`);
  };
  fails("v\n1\nabc\n", (r) => r.number(0, "v"), /t\.csv:3: v: expected a number \(got "abc"\)/);
  fails("v\nInfinity\n", (r) => r.number(0, "v"), /:2: v: expected a number/);
  fails("w\n1\n", () => 0, /t\.csv:1: no column "v" in the header/);
  fails('v\n"open\n1\n', () => 0, /t\.csv:2: a quoted field is not closed before the end of the file/);
  fails('v\n"a"b\n', () => 0, /t\.csv:2: field 1: text after a closing quote/);
  fails("v,w\n1\n", (r) => r.number(1, "w"), /t\.csv:2: 1 fields; expected at least 2/);
  try {
    forEachCsvRow(join(dir, "none.csv"), () => undefined);
    assert.unreachable("no error for a missing file");
  } catch (err) {
    assert.match((err as Error).message, /none\.csv: no such file/);
  }
});

test.run();
