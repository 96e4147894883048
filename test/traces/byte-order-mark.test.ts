// A file saved with a UTF-8 byte-order mark (EF BB BF: spreadsheets and Windows
// tools write one) reads exactly like the same file without it, for a table of
// every format, plain and gzip'd, and for the JSON files the trace commands read
// (Google 2019 JSON lines, canonical traces, synth specs). The BOM is dropped once,
// by the line sources (traces/input/line-source.ts), and by the two whole-file
// reads (.header files, synth specs). Source of the rule: the Unicode Standard
// §23.8, "U+FEFF at the start of a UTF-8 stream is a signature, not text".
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { gunzipSync, gzipSync } from "node:zlib";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { readCanonicalTrace } from "../../traces/canonical/canonical-reader.ts";
import { DEFAULT_REFERENCE_MACHINE } from "../../traces/canonical/reference-machine.ts";
import { convertTrace } from "../../traces/convert-trace.ts";
import type { MachineRecord, TraceRecord } from "../../traces/canonical/trace-record.ts";
import { readLineBatches, readLineChunks } from "../../traces/input/line-source.ts";
import type { TraceFormat } from "../../traces/readers/trace-reader.ts";
import { SYNTH_FORMAT, type SynthSpec } from "../../traces/synth/synth-spec.ts";
import { synthesizeTrace } from "../../traces/synth/synthesize-trace.ts";
import { convertAndRead, FIXTURES, REAL, scratchDir } from "./helpers.ts";

const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

/** The first `n` lines of a fixture (gunzipped if need be), as bytes ending in a newline. */
function head(path: string, n: number): Buffer {
  let bytes = readFileSync(path);
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) bytes = gunzipSync(bytes);
  return Buffer.from(bytes.toString("utf8").split("\n").slice(0, n).join("\n") + "\n");
}

interface Case {
  format: TraceFormat;
  /** The file's published name (recognised as its table). */
  name: string;
  content: Buffer;
  /** Files that go beside it (the GPU 2020 `.header`), given a BOM too. */
  beside?: Record<string, Buffer>;
}

const CASES: Case[] = [
  // Headerless; task_events takes the byte-level hot path (readLineChunks).
  { format: "google-2011", name: "task_events-part-00000-of-00001.csv", content: readFileSync(join(FIXTURES, "google-2011/task_events/part-00000-of-00002.csv")) },
  { format: "google-2011", name: "job_events-part-00000-of-00500.csv", content: head(join(REAL, "google-2011/job_events/part-00000-of-00500.csv.gz"), 200) },
  { format: "google-2019", name: "instance_events-000000000000.json", content: readFileSync(join(FIXTURES, "google-2019/instance_events-000000000000.json")) },
  { format: "google-2019", name: "instance_events.csv", content: readFileSync(join(FIXTURES, "google-2019/instance_events.csv")) },
  { format: "google-2019", name: "machine_events-000000000000.json", content: head(join(REAL, "google-2019/cell_a/machine_events-000000000000.json.gz"), 200) },
  { format: "alibaba-2017", name: "batch_task.csv", content: readFileSync(join(FIXTURES, "alibaba-2017/batch_task.csv")) },
  { format: "alibaba-2018", name: "machine_meta.csv", content: head(join(REAL, "alibaba-2018/machine_meta.csv"), 200) },
  {
    format: "alibaba-gpu-2020",
    name: "pai_machine_spec.csv",
    content: head(join(REAL, "alibaba-gpu-2020/pai_machine_spec.csv"), 200),
    beside: { "pai_machine_spec.header": readFileSync(join(REAL, "alibaba-gpu-2020/pai_machine_spec.header")) },
  },
  { format: "alibaba-gpu-2020", name: "pai_task_table.csv", content: readFileSync(join(FIXTURES, "alibaba-gpu-2020/pai_task_table.csv")) },
  { format: "openb", name: "openb_pod_list_default.csv", content: head(join(REAL, "alibaba-gpu-2023/openb_pod_list_default.csv"), 200) },
  { format: "openb", name: "openb_node_list_all_node.csv", content: head(join(REAL, "alibaba-gpu-2023/openb_node_list_all_node.csv"), 200) },
  { format: "swf", name: "NASA-iPSC-1993-3.1-cln.swf", content: head(join(REAL, "swf/NASA-iPSC-1993-3.1-cln.swf.gz"), 300) },
  { format: "swim", name: "FB-2009_samples_24_times_1hr_0.tsv", content: head(join(REAL, "swim-facebook/FB-2009_samples_24_times_1hr_0.tsv"), 200) },
];

test("the line sources drop a leading BOM: line batches and raw line chunks, plain and gzip, and a file that is only part of one", async () => {
  const dir = scratchDir();
  const text = "0,,100,0,,0,alice\n1,,101,0,,0,bob\n";
  for (const gzip of [false, true]) {
    const p = join(dir, gzip ? "t.csv.gz" : "t.csv");
    const bytes = Buffer.concat([BOM, Buffer.from(text)]);
    writeFileSync(p, gzip ? gzipSync(bytes) : bytes);
    const lines: string[] = [];
    for await (const b of readLineBatches(p)) lines.push(...b.lines);
    assert.equal(lines, ["0,,100,0,,0,alice", "1,,101,0,,0,bob"]);
    const chunks: Buffer[] = [];
    for await (const c of readLineChunks(p)) chunks.push(Buffer.from(c));
    assert.is(Buffer.concat(chunks).toString("latin1"), text);
  }
  // A file of only part of a BOM is text, not a BOM.
  const short = join(dir, "short.csv");
  writeFileSync(short, Buffer.from([0xef, 0xbb]));
  const chunks: Buffer[] = [];
  for await (const c of readLineChunks(short)) chunks.push(Buffer.from(c));
  assert.equal([...Buffer.concat(chunks)], [0xef, 0xbb]);
});

function write(dir: string, c: Case, bom: boolean, gzip: boolean): string {
  mkdirSync(dir, { recursive: true });
  const bytes = bom ? Buffer.concat([BOM, c.content]) : c.content;
  const path = join(dir, gzip ? `${c.name}.gz` : c.name);
  writeFileSync(path, gzip ? gzipSync(bytes) : bytes);
  for (const [name, b] of Object.entries(c.beside ?? {})) writeFileSync(join(dir, name), bom ? Buffer.concat([BOM, b]) : b);
  return path;
}

for (const c of CASES) {
  for (const gzip of [false, true]) {
    test(`${c.format} ${c.name}${gzip ? ".gz" : ""}: a leading BOM reads exactly like no BOM`, async () => {
      const dir = scratchDir();
      const plain = await convertAndRead(c.format, [write(join(dir, "plain"), c, false, gzip)]);
      const bom = await convertAndRead(c.format, [write(join(dir, "bom"), c, true, gzip)]);
      assert.ok(plain.records.length > 0);
      assert.equal(bom.records, plain.records);
      assert.is(bom.result.linesRead, plain.result.linesRead);
    });
  }
}

test('alibaba-2018 machine_meta with a BOM: the first machine is "m_1", not "\\uFEFFm_1", and is added once (the issue\'s example)', async () => {
  const dir = scratchDir();
  const path = join(dir, "machine_meta.csv");
  writeFileSync(path, Buffer.concat([BOM, head(join(REAL, "alibaba-2018/machine_meta.csv"), 200)]));
  const c = await convertAndRead("alibaba-2018", [path]);
  const machines = c.records as MachineRecord[];
  assert.ok(machines.some((m) => m.id === "m_1"));
  assert.not.ok(machines.some((m) => m.id.startsWith("\uFEFF")));
  assert.is(machines.filter((m) => m.id === "m_1" && m.event === "add").length, 1);
});

test("a canonical trace with a BOM, plain and gzip'd, reads as without one", async () => {
  const dir = scratchDir();
  const src = join(dir, "t.jsonl");
  await convertTrace({ format: "google-2011", inputs: [join(FIXTURES, "google-2011/task_events")], out: src, reference: DEFAULT_REFERENCE_MACHINE });
  const read = async (p: string): Promise<TraceRecord[]> => {
    const records: TraceRecord[] = [];
    await readCanonicalTrace(p, () => {}, (r) => records.push(r));
    return records;
  };
  const plain = await read(src);
  assert.ok(plain.length > 0);
  for (const gzip of [false, true]) {
    const p = join(dir, gzip ? "bom.jsonl.gz" : "bom.jsonl");
    const bytes = Buffer.concat([BOM, readFileSync(src)]);
    writeFileSync(p, gzip ? gzipSync(bytes) : bytes);
    assert.equal(await read(p), plain);
  }
});

test("a synth spec with a BOM gives the same bytes as without one", async () => {
  const dir = scratchDir();
  const spec: SynthSpec = {
    format: SYNTH_FORMAT,
    durationSeconds: 3600,
    machines: [{ count: 2, cpus: 8, mem: 16384, disk: 0, gpus: 0, attributes: {} }],
    roles: [
      {
        name: "web",
        arrivals: { kind: "poisson", ratePerSecond: 0.05 },
        tasksPerJob: { kind: "fixed", value: 2 },
        shapes: [{ weight: 1, cpus: 1, mem: 1024, disk: 0, gpus: 0 }],
        durations: null,
        priority: null,
      },
    ],
  };
  const text = JSON.stringify(spec);
  writeFileSync(join(dir, "plain.json"), text);
  writeFileSync(join(dir, "bom.json"), Buffer.concat([BOM, Buffer.from(text)]));
  await synthesizeTrace({ specPath: join(dir, "plain.json"), seed: 3, out: join(dir, "plain.jsonl") });
  await synthesizeTrace({ specPath: join(dir, "bom.json"), seed: 3, out: join(dir, "bom.jsonl") });
  const a = readFileSync(join(dir, "plain.jsonl"));
  assert.ok(a.length > 1000);
  assert.ok(a.equals(readFileSync(join(dir, "bom.jsonl"))));
});

test("only a leading BOM is dropped: U+FEFF inside a field is content", async () => {
  const dir = scratchDir();
  const path = join(dir, "machine_meta.csv");
  writeFileSync(path, Buffer.concat([BOM, Buffer.from("m_1,0,219,17,96,100,USING\nm_\uFEFF2,0,219,17,96,100,USING\n")]));
  const c = await convertAndRead("alibaba-2018", [path]);
  assert.equal(
    (c.records as MachineRecord[]).map((m) => m.id),
    ["m_1", "m_\uFEFF2"],
  );
});

test.run();
