// The task_events hot path reads rows from the input's bytes (forEachRow) instead
// of decoded line strings (forEachLine). On any input it must see the same lines
// with the same numbers, apply --limit and count lines the same way, and report
// the same bad lines: CRLF ends, empty and CR-only lines, non-ASCII and invalid
// UTF-8 (decoded by Node either way), no final newline, and lines straddling the
// 1 MiB read chunks, gzip'd or not.
import { rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { BadLines } from "../../traces/input/bad-lines.ts";
import { DelimitedRow } from "../../traces/input/delimited-row.ts";
import { LineBudget, type LineSourceOptions } from "../../traces/input/line-source.ts";
import { DEFAULT_REFERENCE_MACHINE } from "../../traces/canonical/reference-machine.ts";
import { forEachLine, forEachRow, type ReadContext } from "../../traces/readers/trace-reader.ts";
import { scratchDir } from "./helpers.ts";

const FIELDS = 4;

function context(limit?: number): ReadContext & { lines: LineSourceOptions & { counter: { lines: number } } } {
  const lines: LineSourceOptions & { counter: { lines: number } } = { counter: { lines: 0 } };
  if (limit !== undefined) lines.limit = new LineBudget(limit);
  return { reference: DEFAULT_REFERENCE_MACHINE, bad: new BadLines(true), emit: () => {}, lines, tmpDir: "/tmp" };
}

async function viaLines(path: string, limit?: number) {
  const ctx = context(limit);
  const seen: string[] = [];
  const row = new DelimitedRow(FIELDS, "t");
  await forEachLine(path, ctx, (line, lineNo) => {
    row.load(line);
    seen.push(`${lineNo}:${row.span(0, FIELDS - 1)}:${row.number(1, "n")}`);
  });
  return { seen, bad: ctx.bad.first, badCount: ctx.bad.count, lines: ctx.lines.counter.lines };
}

async function viaRows(path: string, limit?: number) {
  const ctx = context(limit);
  const seen: string[] = [];
  await forEachRow(path, ctx, new DelimitedRow(FIELDS, "t"), (row, lineNo) => {
    seen.push(`${lineNo}:${row.span(0, FIELDS - 1)}:${row.number(1, "n")}`);
  });
  return { seen, bad: ctx.bad.first, badCount: ctx.bad.count, lines: ctx.lines.counter.lines };
}

function content(): Buffer {
  const parts: Buffer[] = [];
  // Enough rows to cross several 1 MiB chunks, so some lines straddle two.
  for (let i = 0; i < 60_000; i++) parts.push(Buffer.from(`${i},${i * 0.5},user-${i % 7},x${"y".repeat(i % 13)}\n`));
  parts.splice(10, 0, Buffer.from("1,2,3,4\r\n")); // CRLF
  parts.splice(20, 0, Buffer.from("\n\r\n")); // an empty line and a CR-only line
  parts.splice(30, 0, Buffer.from("1,2,ünï,4\n")); // non-ASCII
  parts.splice(40, 0, Buffer.from([0x31, 0x2c, 0x32, 0x2c, 0xe2, 0x82, 0x2c, 0x34, 0x0a])); // invalid UTF-8
  parts.splice(50, 0, Buffer.from("1,2,3\n1,2,3,4,5\n1,abc,3,4\n1,,3,4\n")); // too few, too many, bad number, empty
  parts.splice(30_000, 0, Buffer.from("1,2,3,4\r\r\n")); // two CRs: one is the line end
  parts.push(Buffer.from("9,9,9,9")); // no final newline
  return Buffer.concat(parts);
}

test("forEachRow sees the lines, numbers, bad lines and counts that forEachLine does", async () => {
  const dir = scratchDir();
  try {
    const text = content();
    const plain = join(dir, "t.csv");
    const gz = join(dir, "t.csv.gz");
    writeFileSync(plain, text);
    writeFileSync(gz, Buffer.concat([gzipSync(text.subarray(0, 700_001)), gzipSync(text.subarray(700_001))]));
    for (const path of [plain, gz]) {
      for (const limit of [undefined, 0, 1, 45, 30_005, 10_000_000]) {
        const a = await viaLines(path, limit);
        const b = await viaRows(path, limit);
        assert.is(b.lines, a.lines, `${path} limit ${limit}: lines counted`);
        assert.is(b.seen.length, a.seen.length, `${path} limit ${limit}: rows seen`);
        assert.equal(b.seen, a.seen, `${path} limit ${limit}`);
        assert.equal(b.bad, a.bad);
        assert.is(b.badCount, a.badCount);
      }
    }
    // The file ends without a newline, and both saw that last line.
    const all = await viaRows(plain);
    assert.match(all.seen[all.seen.length - 1] as string, /:9,9,9,9:9$/);
    assert.is(all.badCount, 3);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("loadBytes reads an ASCII line as load reads its string, and declines a non-ASCII one", () => {
  const a = new DelimitedRow(3, "t");
  const b = new DelimitedRow(3, "t");
  for (const line of ["1,2.5,x", ",,", "12345678901234567,1e3,-1", " 7 ,0.0625,abc"]) {
    a.load(line);
    const buf = Buffer.from(`#${line}#`, "latin1");
    assert.ok(b.loadBytes(buf, 1, buf.length - 1));
    for (let i = 0; i < 3; i++) {
      assert.is(b.string(i), a.string(i));
      assert.is(b.isEmpty(i), a.isEmpty(i));
      assert.is(b.equals(i, a.string(i)), true);
      let x: unknown;
      let y: unknown;
      try {
        x = a.number(i, "f");
      } catch (e) {
        x = e;
      }
      try {
        y = b.number(i, "f");
      } catch (e) {
        y = e;
      }
      assert.equal(y, x, `${line} field ${i}`);
    }
  }
  const buf = Buffer.from("1,é,3", "utf8");
  assert.is(b.loadBytes(buf, 0, buf.length), false);
});

test.run();
