// The rows of tasks.csv and timeseries.csv (reports/csv-stream.ts, `csvRow`) are the
// bytes csv-stringify writes for them with the run directory's options
// (`record_delimiter: "windows"`): RFC 4180 quoting of commas, quotes and line
// breaks, CRLF record ends, numbers as JavaScript prints them.
import fc from "fast-check";
import { stringify } from "csv-stringify/sync";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { csvRow } from "../../reports/csv-stream.ts";

const OPTIONS = { record_delimiter: "windows" } as const;

const text = fc.oneof(
  fc.string(),
  fc.string({ unit: fc.constantFrom("a", ",", '"', "\r", "\n", " ", "'", "=", "-", "é") }),
  fc.string({ unit: "binary" }),
  fc.constantFrom("", ",", '"', '""', "\r", "\n", "\r\n", "a\r", "a\n", "\ra", "\na", "a\r\nb", "-1", "=1+2", " x ", "😀"),
);
const number = fc.oneof(
  fc.integer(),
  fc.double(),
  fc.constantFrom(0, -0, 0.1 + 0.2, 1e21, 1e-7, -1.5, Number.MAX_SAFE_INTEGER, Infinity, -Infinity, Number.NaN),
);
const cells = fc.array(fc.oneof(text, number), { minLength: 1, maxLength: 20 });

test("csvRow gives csv-stringify's bytes for any row of strings and numbers", () => {
  fc.assert(
    fc.property(cells, (row) => {
      assert.is(csvRow(row), stringify([row], OPTIONS));
    }),
    { numRuns: 2000 },
  );
});

test("csvRow on rows like the reports' (worked examples)", () => {
  assert.is(csvRow(["t/1", "j", "fw", "prod", "0", "1.5", "", "TASK_FINISHED", "m-1", "1.5", 3, "0.5", "1024", "0", "0"]), "t/1,j,fw,prod,0,1.5,,TASK_FINISHED,m-1,1.5,3,0.5,1024,0,0\r\n");
  // A lone LF or CR is not quoted: the record delimiter is CRLF.
  assert.is(csvRow(['a "b"', "c,d", "e\r\nf", "g\nh", "i\r"]), '"a ""b""","c,d","e\r\nf",g\nh,i\r\r\n');
});

test.run();
