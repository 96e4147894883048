// CSV fields quoted per RFC 4180 §2 (rules 5-7: a quoted field may hold the
// separator and a doubled quote stands for one) are read by every CSV reader,
// on the byte-level hot path (DelimitedRow, Google 2011 task_events) and on the
// split path alike (issue 10 §5). A quoted field left open at the end of a line
// (one that would span lines) is a bad field, not supported. A row with the wrong
// number of fields is reported as a field count, expected and found.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { test } from "uvu";
import * as assert from "uvu/assert";
import type { MachineRecord, TaskRecord } from "../../traces/canonical/trace-record.ts";
import { BadField } from "../../traces/input/bad-field.ts";
import { DelimitedRow } from "../../traces/input/delimited-row.ts";
import { splitFields } from "../../traces/input/split-fields.ts";
import { convertAndRead, expectBadInput, scratchDir } from "./helpers.ts";

test("splitFields: RFC 4180 quoting; lines without quotes split as before", () => {
  assert.equal(splitFields("a,b,,c"), ["a", "b", "", "c"]);
  assert.equal(splitFields('1,"Zoë, ☃",3'), ["1", "Zoë, ☃", "3"]);
  assert.equal(splitFields('"say ""hi""",x'), ['say "hi"', "x"]);
  assert.equal(splitFields('"",""""'), ["", '"']);
  assert.equal(splitFields('a,"b"'), ["a", "b"]);
  assert.equal(splitFields('"a",'), ["a", ""]);
  assert.equal(splitFields('x\t"a\tb"', "\t"), ["x", "a\tb"]);
});

test("splitFields: an open quote at the end of the line, text after a closing quote, and a bare quote are BadFields naming the field", () => {
  const bad = (line: string, field: number, why: RegExp) =>
    assert.throws(() => splitFields(line), (e: unknown) => e instanceof BadField && e.field === field && why.test(e.why));
  bad('1,"open', 2, /not closed on this line \(a quoted field spanning lines is not supported\)/);
  bad('1,"a"b,3', 2, /text after the closing quote/);
  bad('1,a"b,3', 2, /bare quote in an unquoted field/);
});

test("DelimitedRow reads quoted fields from strings and from bytes alike, and names field-count errors as such", () => {
  const line = '1,"Zoë, ☃","a ""b"", c"';
  const r = new DelimitedRow(3, "t");
  r.load(line);
  assert.equal([r.number(0, "n"), r.string(1), r.string(2)], [1, "Zoë, ☃", 'a "b", c']);
  assert.ok(r.equals(1, "Zoë, ☃"));
  // An ASCII line with a quote is not loaded from bytes: the caller decodes it and calls load.
  const ascii = Buffer.from('1,"x,y",3');
  assert.is(r.loadBytes(ascii, 0, ascii.length), false);
  r.load(ascii.toString());
  assert.equal([r.string(1), r.number(2, "n")], ["x,y", 3]);
  // Unquoted, the byte path still takes the line.
  const plain = Buffer.from("1,2,3");
  assert.is(r.loadBytes(plain, 0, plain.length), true);
  assert.throws(() => r.load('1,"a,b",3,4'), (e: unknown) => e instanceof BadField && e.field === null && e.name === "field count" && e.why === "expected 3 fields for t, found 4");
});

// The example: a Google 2011 task_events row whose user (field 7) is quoted
// and holds a comma was "field 14 (field count)".
const TASK = (user: string) => `0,,100,0,,0,${user},2,9,0.125,0.0625,0.001,0`;

for (const gzip of [false, true]) {
  test(`google-2011 task_events${gzip ? " (gzip)" : ""}: a quoted user "Zoë, ☃" reads as one field (the hot byte path)`, async () => {
    const dir = scratchDir();
    const path = join(dir, gzip ? "task_events-part-00000-of-00001.csv.gz" : "task_events-part-00000-of-00001.csv");
    const text = [TASK('"Zoë, ☃"'), TASK('"say ""hi"""').replace(",100,", ",101,"), TASK("bob").replace(",100,", ",102,")].join("\n") + "\n";
    writeFileSync(path, gzip ? gzipSync(text) : text);
    const c = await convertAndRead("google-2011", [path]);
    const users = (c.records as TaskRecord[]).map((t) => [t.job, t.user]);
    assert.equal(users, [["100", "Zoë, ☃"], ["101", 'say "hi"'], ["102", "bob"]]);
  });
}

test("google-2011 task_events: a wrong field count says how many fields were expected and found, not \"field 14\"", async () => {
  const dir = scratchDir();
  const path = join(dir, "task_events-part-00000-of-00001.csv");
  writeFileSync(path, TASK("Zoë, ☃") + "\n");
  const msg = await expectBadInput(() => convertAndRead("google-2011", [path]), /:1: field count: expected 13 fields for task_events, found 14$/);
  assert.not.match(msg, /field 14/);
  writeFileSync(path, TASK('"Zoë, ☃') + "\n");
  await expectBadInput(() => convertAndRead("google-2011", [path]), /:1: field 7 \(quoting\): quoted field not closed on this line/);
});

test("the split-based CSV readers read quoted fields too (Alibaba 2018, openb, Google 2019 CSV, Alibaba GPU 2020)", async () => {
  const dir = scratchDir();
  const meta = join(dir, "machine_meta.csv");
  writeFileSync(meta, '"m_1",0,"219",17,96,100,"USING"\n');
  assert.is(((await convertAndRead("alibaba-2018", [meta])).records[0] as MachineRecord).id, "m_1");
  const pods = join(dir, "openb_pod_list_q.csv");
  writeFileSync(pods, '"name","cpu_milli","memory_mib","num_gpu","gpu_milli","gpu_spec"\n"pod, one",1000,1024,1,500,"V100|A100"\n');
  const pod = (await convertAndRead("openb", [pods])).records[0] as TaskRecord;
  assert.equal([pod.id, pod.constraints], ["pod, one", [{ name: "gpu_model", op: "in", value: "V100|A100" }]]);
  const jobs = join(dir, "collection_events.csv");
  writeFileSync(jobs, 'time,type,collection_id,user,collection_name\n650000000,0,42,"Zoë, ☃","a ""job"""\n');
  const job = (await convertAndRead("google-2019", [jobs])).records[0] as { user: string; name: string };
  assert.equal([job.user, job.name], ["Zoë, ☃", 'a "job"']);
  const spec = join(dir, "pai_machine_spec.csv");
  writeFileSync(spec, 'm1,"P100",64,512,2\n');
  assert.equal(((await convertAndRead("alibaba-gpu-2020", [spec])).records[0] as MachineRecord).attributes, { gpu_type: "P100" });
});

test.run();
