// Formats that lie about themselves (issue 10 §5): every input's first bytes, after
// gunzip, are checked against the text its format ships before any line is read, and
// a file that is something else is refused with exit 2 naming it. Google's 2019
// `*.parquet.gz` exports are plain Parquet (docs/trace-sources.md §2, gotchas).
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { convertTrace } from "../../traces/convert-trace.ts";
import { DEFAULT_REFERENCE_MACHINE } from "../../traces/canonical/reference-machine.ts";
import { traceInfo } from "../../traces/trace-info.ts";
import type { TraceFormat } from "../../traces/readers/trace-reader.ts";
import { convertAndRead, expectBadInput, scratchDir } from "./helpers.ts";

/** The smallest Parquet file shape: magic, a body, the footer length and magic again. */
const PARQUET = Buffer.concat([Buffer.from("PAR1"), Buffer.from([0x15, 0x04, 0x15, 0x10, 0, 0, 0, 0, 0x1c, 0x15]), Buffer.from([8, 0, 0, 0]), Buffer.from("PAR1")]);

const convert = (format: TraceFormat, input: string, table?: string) => () =>
  convertTrace({ format, inputs: [input], out: join(input, "..", "o.jsonl"), reference: DEFAULT_REFERENCE_MACHINE, table });

test("a gzip of a Parquet file named instance_events-000000000001.parquet.gz is refused, by name or by --table", async () => {
  const dir = scratchDir();
  const input = join(dir, "instance_events-000000000001.parquet.gz");
  writeFileSync(input, gzipSync(PARQUET));
  // Before: gunzipped, its one binary "line" was taken for a CSV header, and info said 0 records with exit 0.
  await expectBadInput(() => traceInfo({ paths: [input], from: "google-2019" }), /instance_events-000000000001\.parquet\.gz: a Parquet file \(magic PAR1\)/);
  await expectBadInput(convert("google-2019", input, "instance_events"), /parquet\.gz: a Parquet file \(magic PAR1\)/);
  // Renamed to .json.gz and found in a folder walk: the same.
  const renamed = join(dir, "shards");
  (await import("node:fs")).mkdirSync(renamed);
  writeFileSync(join(renamed, "instance_events-000000000001.json.gz"), gzipSync(PARQUET));
  await expectBadInput(() => traceInfo({ paths: [renamed], from: "google-2019" }), /shards\/instance_events-000000000001\.json\.gz: a Parquet file/);
});

test("a Google 2019 file whose first line is neither JSON nor a CSV header is refused", async () => {
  const dir = scratchDir();
  const input = join(dir, "instance_events-000000000000.json");
  // An HTML error page saved under the shard's name (a failed download).
  writeFileSync(input, "<html><body>403 Forbidden</body></html>\n{\"collection_id\":\"42\"}\n");
  await expectBadInput(convert("google-2019", input), /instance_events-000000000000\.json:1: the first line is neither a JSON object nor a CSV header/, /<html>/);
  // Headerless CSV rows: the first row is not a header of column names either.
  const csv = join(dir, "machine_events.csv");
  writeFileSync(csv, "0,1,1,0.5,0.5\n");
  await expectBadInput(convert("google-2019", csv), /machine_events\.csv:1: the first line is neither/);
  // A real header and JSON lines still read (fixtures.test.ts reads both forms).
  writeFileSync(csv, "time,machine_id,type,capacity.cpus,capacity.memory\n0,1,1,0.5,0.5\n");
  assert.is((await convertAndRead("google-2019", [csv])).records.length, 1);
});

// Each format with the text its publisher ships, and what must be refused instead.
const CASES: Array<{ format: TraceFormat; file: string; lies: Array<[string, Buffer | string, RegExp]> }> = [
  {
    format: "google-2011",
    file: "task_events/part-00000-of-00500.csv.gz",
    lies: [
      ["JSON lines", '{"time":0}\n', /the first line is JSON/],
      ["gzip of a gzip", gzipSync(gzipSync("0,,100,0,,0,alice,2,9,0.125,0.0625,0.001,0\n")), /gzip inside gzip/],
    ],
  },
  { format: "google-2019", file: "collection_events-000000000000.json", lies: [["Parquet", PARQUET, /Parquet file/]] },
  { format: "alibaba-2017", file: "batch_task.csv", lies: [["binary", Buffer.from([0x00, 0x01, 0x02, 0x2c, 0x0a]), /binary data \(byte 0x00 at offset 0\)/]] },
  {
    format: "alibaba-2018",
    file: "batch_task.csv",
    // The publisher ships batch_task.tar.gz: gunzipped, a tar archive (ustar at offset 257).
    lies: [["tar archive", gzipSync(Buffer.concat([Buffer.from("batch_task.csv"), Buffer.alloc(243), Buffer.from("ustar\u000000"), Buffer.alloc(255)])), /a tar archive/]],
  },
  { format: "alibaba-gpu-2020", file: "pai_task_table.csv", lies: [["zip archive", Buffer.from("PK\u0003\u0004rest", "latin1"), /a zip archive/]] },
  { format: "openb", file: "openb_pod_list_default.csv", lies: [["YAML", "apiVersion: v1\nkind: Pod\n", /the first line has no comma/]] },
  { format: "swf", file: "NASA-iPSC-1993-3.1-cln.swf", lies: [["an HTML page", "<!DOCTYPE html>\n<html>\n", /neither a `;` header comment nor a row of numbers/]] },
  { format: "swim", file: "FB-2009_samples_24_times_1hr_0.tsv", lies: [["CSV", "job0,49,49,740773,2339561,627471\n", /the first line has no tab/]] },
];

for (const c of CASES) {
  for (const [what, content, pattern] of c.lies) {
    test(`${c.format}: ${what} named ${c.file} is refused with exit 2 naming the file`, async () => {
      const dir = scratchDir();
      const input = join(dir, c.file.replace(/\//g, "_"));
      writeFileSync(input, content);
      const table = c.format === "google-2011" ? "task_events" : undefined;
      const name = input.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
      await expectBadInput(convert(c.format, input, table), new RegExp(name), pattern);
      await expectBadInput(() => traceInfo({ paths: [input], from: c.format, table, skipBad: true }), pattern);
    });
  }
}

test("an empty table file is no lie: it holds no records", async () => {
  const dir = scratchDir();
  writeFileSync(join(dir, "batch_task.csv"), "");
  const { info } = await traceInfo({ paths: [join(dir, "batch_task.csv")], from: "alibaba-2017" });
  assert.is(info.records, 0);
});

test.run();
