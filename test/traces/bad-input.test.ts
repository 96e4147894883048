// Bad input, for every reader: a wrong field count, a non-numeric value, an
// unknown event code and a negative request are each an exit-2 error naming the
// file, line and field; `--skip-bad` skips and counts them instead. Truncated or
// mislabelled compressed files are errors, never short traces.
import { readFileSync, writeFileSync, existsSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { readCanonicalTrace } from "../../traces/canonical/canonical-reader.ts";
import { convertTrace } from "../../traces/convert-trace.ts";
import { DEFAULT_REFERENCE_MACHINE, parseReferenceMachine } from "../../traces/canonical/reference-machine.ts";
import { traceInfo } from "../../traces/trace-info.ts";
import type { TraceFormat } from "../../traces/readers/trace-reader.ts";
import { convertAndRead, expectBadInput, FIXTURES, REAL, scratchDir } from "./helpers.ts";

interface Case {
  format: TraceFormat;
  /** A file name as published, so the table is recognised. */
  file: string;
  /** Lines before the bad one (a header, a good row). */
  before: string[];
  /** [description, bad line, pattern the message must match (the field)] */
  bad: Array<[string, string, RegExp]>;
}

const CASES: Case[] = [
  {
    format: "google-2011",
    file: "task_events/part-00000-of-00001.csv",
    before: ["0,,100,0,,0,alice,2,9,0.125,0.0625,0.001,0"],
    bad: [
      ["wrong field count", "0,,100,0,,0,alice,2,9,0.125,0.0625,0.001", /:2: field count: expected 13 fields for task_events, found 12/],
      ["non-numeric", "0,,100,0,,0,alice,2,nine,0.125,0.0625,0.001,0", /field 9 \(priority\): not a number: "nine"/],
      ["unknown event code", "0,,100,0,,9,alice,2,9,0.125,0.0625,0.001,0", /field 6 \(event type\): unknown event code 9/],
      ["negative request", "0,,100,0,,0,alice,2,9,-0.125,0.0625,0.001,0", /field 10 \(CPU request\): negative request/],
      ["out of range (issue 10 §2: a request of 1e308 scaled by the reference machine was written as Infinity)", "0,,100,0,,0,alice,2,9,1e308,0.0625,0.001,0", /field 10 \(CPU request\): scaled to canonical units: Infinity is not a finite number/],
    ],
  },
  {
    format: "google-2011",
    file: "machine_events/part-00000-of-00001.csv",
    before: [],
    bad: [
      ["wrong field count", "0,5,0,platA,0.5", /field count/],
      ["non-numeric", "zero,5,0,platA,0.5,0.25", /field 1 \(time\): not a number/],
      ["unknown event code", "0,5,3,platA,0.5,0.25", /field 3 \(event type\): unknown event code 3/],
      ["negative request", "0,5,0,platA,0.5,-1", /field 6 \(memory\): negative request/],
      ["out of range", "0,5,0,platA,1e300,0.25", /field capacity\.cpus: 6\.4e\+301 is more than 1000000000000/],
    ],
  },
  {
    format: "google-2019",
    file: "instance_events-000000000000.json",
    before: ['{"collection_id":"42","priority":"200"}'],
    bad: [
      ["not JSON (field count analogue)", '{"collection_id":"42",', /field line: not valid JSON/],
      ["non-numeric", '{"collection_id":"42","priority":"high"}', /field priority: not a number/],
      ["unknown event code", '{"collection_id":"42","type":"11"}', /field type: unknown event code 11/],
      ["negative request", '{"collection_id":"42","resource_request":{"cpus":-0.5}}', /field resource_request.cpus: negative request/],
      ["out of range", '{"collection_id":"42","resource_request":{"cpus":1e300}}', /field resource_request\.cpus: scaled to canonical units: .* is more than 1000000000000/],
    ],
  },
  {
    format: "google-2019",
    file: "machine_events.csv",
    before: ["time,machine_id,type,capacity.cpus,capacity.memory", "0,1,1,0.5,0.5"],
    bad: [
      ["wrong field count", "0,1,1,0.5", /:3: field count: expected 5 fields for google-2019 machine_events \(as in the header\), found 4/],
      ["non-numeric", "0,1,add,0.5,0.5", /field 3 \(type\): not a number/],
      ["unknown event code", "0,1,4,0.5,0.5", /field type: unknown event code 4/],
      ["negative request", "0,1,1,-0.5,0.5", /field 4 \(capacity.cpus\): negative request/],
    ],
  },
  {
    format: "alibaba-2017",
    file: "batch_task.csv",
    before: ["100,400,7,1,3,Terminated,50,0.01"],
    bad: [
      ["wrong field count", "100,400,7,1,3,Terminated,50", /field count/],
      ["non-numeric", "100,x400,7,1,3,Terminated,50,0.01", /field 2 \(task end time\): not a number/],
      ["unknown event code", "100,400,7,1,3,Done,50,0.01", /field 6 \(status\): unknown status "Done"/],
      ["negative request", "100,400,7,1,3,Terminated,-50,0.01", /field 7 \(plan_cpu\): negative request/],
      ["out of range", "100,400,7,1,3,Terminated,1e300,0.01", /field request\.cpus: .* is more than 1000000000000/],
    ],
  },
  {
    format: "alibaba-2017",
    file: "server_event.csv",
    before: [],
    bad: [
      ["wrong field count", "0,1,add,,64,0.5", /field count/],
      ["non-numeric", "0,1,add,,many,0.5,1", /field 5 \(CPUs\): not a number/],
      ["unknown event code", "0,1,reboot,,64,0.5,1", /field 3 \(event type\): unknown event code "reboot"/],
      ["negative request", "0,1,add,,64,0.5,-1", /field 7 \(disk\): negative request/],
    ],
  },
  {
    format: "alibaba-2018",
    file: "batch_task.csv",
    before: ["M1,10,j_1,1,Terminated,157213,157240,100,0.39"],
    bad: [
      ["wrong field count", "M1,10,j_1,1,Terminated,157213,157240,100", /field count/],
      ["non-numeric", "M1,ten,j_1,1,Terminated,157213,157240,100,0.39", /field 2 \(instance_num\): not a number/],
      ["unknown event code", "M1,10,j_1,1,Exploded,157213,157240,100,0.39", /field 5 \(status\): unknown status/],
      ["negative request", "M1,10,j_1,1,Terminated,157213,157240,100,-1", /field 9 \(plan_mem\): negative request/],
      ["out of range", "M1,10,j_1,1,Terminated,1e20,1e20,100,0.39", /field time: .* µs is past 9007199254740991 µs/],
    ],
  },
  {
    format: "alibaba-2018",
    file: "machine_meta.csv",
    before: ["m_1,0,219,17,96,100,USING"],
    bad: [
      ["wrong field count", "m_1,0,219,17,96,100", /field count/],
      ["non-numeric", "m_1,zero,219,17,96,100,USING", /field 2 \(time_stamp\): not a number/],
      ["out-of-range normalised value (101 marks invalid)", "m_1,0,219,17,96,101,USING", /field 6 \(mem_size\): above 100 %/],
      ["negative request", "m_1,0,219,17,-96,100,USING", /field 5 \(cpu_num\): negative request/],
    ],
  },
  {
    format: "alibaba-2018",
    file: "container_meta.csv",
    before: [],
    bad: [
      ["wrong field count", "c_1,m_1,0,app_1,started,400,400", /field count/],
      ["non-numeric", "c_1,m_1,0,app_1,started,4o0,400,1.56", /field 6 \(cpu_request\): not a number/],
      ["negative request", "c_1,m_1,0,app_1,started,400,400,-1", /field 8 \(mem_size\): negative request/],
    ],
  },
  {
    format: "alibaba-gpu-2020",
    file: "pai_task_table.csv",
    before: ["job_name,task_name,inst_num,status,start_time,end_time,plan_cpu,plan_mem,plan_gpu,gpu_type"],
    bad: [
      ["wrong field count", "j,t,1.0,Terminated,1.0,2.0,600.0,29.3,50.0", /field count/],
      ["non-numeric", "j,t,1.0,Terminated,1.0,2.0,six,29.3,50.0,MISC", /field 7 \(plan_cpu\): not a number/],
      ["unknown event code", "j,t,1.0,Exploded,1.0,2.0,600.0,29.3,50.0,MISC", /field 4 \(status\): unknown status/],
      ["negative request", "j,t,1.0,Terminated,1.0,2.0,600.0,29.3,-50.0,MISC", /field 9 \(plan_gpu\): negative request/],
      ["out of range", "j,t,1.0,Terminated,1e20,2e20,600.0,29.3,50.0,MISC", /field time: .* µs is past 9007199254740991 µs/],
    ],
  },
  {
    format: "alibaba-gpu-2020",
    file: "pai_machine_spec.csv",
    before: [],
    bad: [
      ["wrong field count", "m1,P100,64,512", /field count/],
      ["non-numeric", "m1,P100,64,lots,2", /field 4 \(cap_mem\): not a number/],
      ["negative request", "m1,P100,64,512,-2", /field 5 \(cap_gpu\): negative request/],
    ],
  },
  {
    format: "openb",
    file: "openb_pod_list_default.csv",
    before: [
      "name,cpu_milli,memory_mib,num_gpu,gpu_milli,gpu_spec,qos,pod_phase,creation_time,deletion_time,scheduled_time",
      "openb-pod-0000,12000,16384,1,1000,,LS,Running,0,12537496,0",
    ],
    bad: [
      ["wrong field count", "openb-pod-0001,6000,12288,1,460,,LS,Running,427061,12902960", /:3: field count: expected 11 fields for openb pod_list \(as in the header\), found 10/],
      ["non-numeric", "openb-pod-0001,6000,12288,1,460,,LS,Running,soon,12902960,427061", /field 9 \(creation_time\): not a number/],
      ["unknown event code", "openb-pod-0001,6000,12288,1,460,,LS,Evicted,427061,12902960,427061", /field 8 \(pod_phase\): unknown status "Evicted"/],
      ["negative request", "openb-pod-0001,-6000,12288,1,460,,LS,Running,427061,12902960,427061", /field 2 \(cpu_milli\): negative request/],
      ["out of range", "openb-pod-0001,6000,12288,1,460,,LS,Running,1e20,1e21,1e20", /field time: .* µs is past 9007199254740991 µs/],
    ],
  },
  {
    format: "openb",
    file: "openb_node_list_all_node.csv",
    before: ["sn,cpu_milli,memory_mib,gpu,model"],
    bad: [
      ["wrong field count", "openb-node-0000,32000,262144,0", /field count/],
      ["non-numeric", "openb-node-0000,32k,262144,0,", /field 2 \(cpu_milli\): not a number/],
      ["negative request", "openb-node-0000,32000,262144,-1,", /field 4 \(gpu\): negative request/],
    ],
  },
  {
    format: "swf",
    file: "log.swf",
    before: ["; Version: 2.2", "    1        0     -1   1451  128     -1    -1   -1     -1    -1 -1   1   1  -1 -1 -1 -1 -1"],
    bad: [
      ["wrong field count", "    2     1460     -1   3726  128     -1    -1   -1     -1    -1 -1   1   1  -1 -1 -1 -1", /field count: expected 18 fields for an SWF job, found 17/],
      ["non-numeric", "    2     1460     -1   37x6  128     -1    -1   -1     -1    -1 -1   1   1  -1 -1 -1 -1 -1", /field 4 \(run time\): not a number/],
      ["unknown event code", "    2     1460     -1   3726  128     -1    -1   -1     -1    -1  7   1   1  -1 -1 -1 -1 -1", /field 11 \(status\): unknown status code 7/],
      ["negative request", "    2     1460     -1   3726  128     -1    -1   -4     -1    -1 -1   1   1  -1 -1 -1 -1 -1", /field 8 \(requested processors\): negative request/],
      // The header's machine size (swf.html): a malformed one is not a machine of NaN cores.
      ["malformed MaxProcs header", "; MaxProcs: lots", /field MaxProcs: not a positive whole number: "lots"/],
      ["out of range (issue 10 §2: a submit time of 1e20 s was written as 1e+26)", "    2 100000000000000000000     -1   3726  128     -1    -1   -1     -1    -1 -1   1   1  -1 -1 -1 -1 -1", /field time: 1e\+26 µs is past 9007199254740991 µs/],
    ],
  },
  {
    format: "swim",
    file: "FB-2009_samples_24_times_1hr_0.tsv",
    before: ["job0\t49\t49\t740773\t2339561\t627471"],
    bad: [
      ["wrong field count", "job1\t101\t52\t736346\t1700537", /field count: expected 6 \(or 8 with paths\) fields for a SWIM job, found 5/],
      ["non-numeric", "job1\t101\t52\t736346\tlots\t432269", /field 5 \(shuffle bytes\): not a number/],
      ["negative request", "job1\t101\t52\t-736346\t1700537\t432269", /field 4 \(map input bytes\): negative request/],
      ["out of range", "job1\t1e20\t52\t736346\t1700537\t432269", /field time: .* µs is past 9007199254740991 µs/],
    ],
  },
];

for (const c of CASES) {
  for (const [what, line, pattern] of c.bad) {
    test(`${c.format} ${c.file}: ${what} is exit 2 naming file, line and field`, async () => {
      const dir = scratchDir();
      const path = join(dir, c.file.replace(/\//g, "__"));
      // Keep the directory part of published names (task_events/part-…) recognisable.
      const input = c.file.includes("/") ? join(dir, c.file) : path;
      if (c.file.includes("/")) (await import("node:fs")).mkdirSync(join(dir, c.file, ".."), { recursive: true });
      writeFileSync(input, [...c.before, line].join("\n") + "\n");
      const out = join(dir, "out.jsonl");
      const lineNo = c.before.length + 1;
      await expectBadInput(
        () => convertTrace({ format: c.format, inputs: [input], out, reference: DEFAULT_REFERENCE_MACHINE }),
        new RegExp(`${input.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}:${lineNo}: `),
        pattern,
      );
      // Nothing is written on failure: outputs are atomic.
      assert.not.ok(existsSync(out));
      // --skip-bad: the line is skipped and counted, the rest converted, and info reports it.
      const skipped = await convertAndRead(c.format, [input], { skipBad: true });
      assert.is(skipped.result.badLines, 1);
      assert.is(skipped.header.badLines, 1);
      assert.match(skipped.result.firstBadLines[0] ?? "", pattern);
      const { info } = await traceInfo({ paths: [input], from: c.format, skipBad: true });
      assert.is(info.badLines, 1);
    });
  }
}

test("--skip-bad counts every bad line but keeps only the first ten messages", async () => {
  const dir = scratchDir();
  const input = join(dir, "batch_task.csv");
  const lines = ["100,400,7,1,3,Terminated,50,0.01"];
  for (let i = 0; i < 25; i++) lines.push(`100,400,7,${i + 2},3,Terminated,fifty,0.01`);
  writeFileSync(input, lines.join("\n"));
  const c = await convertAndRead("alibaba-2017", [input], { skipBad: true });
  assert.is(c.result.badLines, 25);
  assert.is(c.result.firstBadLines.length, 10);
  assert.match(c.result.firstBadLines[0] ?? "", /batch_task\.csv:2: field 7 \(plan_cpu\)/);
  assert.is(c.records.length, 1);
});

test("a truncated gzip is an error, not a short trace", async () => {
  const dir = scratchDir();
  const whole = readFileSync(join(REAL, "swf/NASA-iPSC-1993-3.1-cln.swf.gz"));
  const input = join(dir, "NASA.swf.gz");
  writeFileSync(input, whole.subarray(0, Math.floor(whole.length / 2)));
  await expectBadInput(
    () => convertTrace({ format: "swf", inputs: [input], out: join(dir, "o.jsonl"), reference: DEFAULT_REFERENCE_MACHINE, skipBad: true }),
    /NASA\.swf\.gz: truncated gzip/,
  );
  assert.not.ok(existsSync(join(dir, "o.jsonl")));
});

test("a .gz suffix is not trusted: plain text named .gz reads as text, Parquet named .gz is refused", async () => {
  const dir = scratchDir();
  const plain = join(dir, "batch_task.csv.gz");
  writeFileSync(plain, "100,400,7,1,3,Terminated,50,0.01\n");
  const c = await convertAndRead("alibaba-2017", [plain]);
  assert.is(c.records.length, 1);
  const parquet = join(dir, "instance_events-000000000000.parquet.gz");
  writeFileSync(parquet, Buffer.concat([Buffer.from("PAR1"), Buffer.alloc(32)]));
  await expectBadInput(
    () => convertTrace({ format: "google-2019", inputs: [parquet], out: join(dir, "o.jsonl"), reference: DEFAULT_REFERENCE_MACHINE }),
    /Parquet file \(magic PAR1\)/,
  );
  // And gzip without the suffix is still gunzipped.
  const hidden = join(dir, "server_event.csv");
  writeFileSync(hidden, gzipSync("0,1,add,,64,0.5,1\n"));
  assert.is((await convertAndRead("alibaba-2017", [hidden])).records.length, 1);
});

test("a file whose name does not say its table is refused unless --table names it", async () => {
  const dir = scratchDir();
  const input = join(dir, "mystery.csv");
  writeFileSync(input, "100,400,7,1,3,Terminated,50,0.01\n");
  await expectBadInput(
    () => convertTrace({ format: "alibaba-2017", inputs: [input], out: join(dir, "o.jsonl"), reference: DEFAULT_REFERENCE_MACHINE }),
    /mystery\.csv: cannot tell which alibaba-2017 table/,
  );
  const c = await convertAndRead("alibaba-2017", [input], { table: "batch_task" });
  assert.is(c.records.length, 1);
});

test("the canonical reader rejects a wrong header, a bad record field, disorder and truncation, naming the line", async () => {
  const dir = scratchDir();
  const good = await convertAndRead("alibaba-2017", [join(FIXTURES, "alibaba-2017/batch_task.csv")]);
  const write = (name: string, text: string) => {
    const p = join(dir, name);
    writeFileSync(p, text);
    return p;
  };
  const header = JSON.stringify({ ...good.header, records: 2 });
  const rec = (time: number, extra: Record<string, unknown> = {}) =>
    JSON.stringify({
      time, type: "task", id: `t${time}`, job: "j", initial: false, role: "r", user: null, instances: 1, start: null, end: null,
      duration: null, status: "finished", request: { cpus: 1, mem: 1, disk: 0, gpus: 0 }, priority: null, constraints: [], machine: null, ...extra,
    });
  const read = (p: string) => readCanonicalTrace(p, () => {}, () => {});
  await expectBadInput(() => read(write("a.jsonl", `{"format":"mesosim-trace/0"}\n`)), /a\.jsonl:1: field format/);
  await expectBadInput(() => read(write("b.jsonl", `${header}\n${rec(1)}\n${rec(2, { status: "done" })}\n`)), /b\.jsonl:3: field status/);
  await expectBadInput(() => read(write("c.jsonl", `${header}\n${rec(5)}\n${rec(2)}\n`)), /c\.jsonl:3: field time: records out of order/);
  await expectBadInput(() => read(write("d.jsonl", `${header}\n${rec(5)}\n`)), /header says 2 records but the file has 1/);
  await expectBadInput(() => read(write("e.jsonl", `${header}\n${rec(1)}\n${rec(2, { request: { cpus: -1, mem: 1, disk: 0, gpus: 0 } })}\n`)), /e\.jsonl:3: field cpus/);
  assert.is((await read(write("f.jsonl", `${header}\n${rec(1)}\n${rec(2)}\n`))).records, 2);
});

test("the canonical reader enforces the format's ranges (docs/trace-format.md, Ranges): times up to 2^53 − 1 µs, amounts up to 10^12 (issue 10 §2)", async () => {
  const dir = scratchDir();
  const good = await convertAndRead("alibaba-2017", [join(FIXTURES, "alibaba-2017/batch_task.csv")]);
  const write = (name: string, text: string) => {
    const p = join(dir, name);
    writeFileSync(p, text);
    return p;
  };
  const header = JSON.stringify({ ...good.header, records: 1 });
  const rec = (extra: Record<string, unknown> = {}) =>
    JSON.stringify({
      time: 1, type: "task", id: "t", job: "j", initial: false, role: "r", user: null, instances: 1, start: null, end: null,
      duration: null, status: "finished", request: { cpus: 1, mem: 1, disk: 0, gpus: 0 }, priority: null, constraints: [], machine: null, ...extra,
    });
  const read = (p: string) => readCanonicalTrace(p, () => {}, () => {});
  // What convert used to write for an SWF submit time of 1e20 s.
  await expectBadInput(() => read(write("a.jsonl", `${header}\n${rec().replace('"time":1', '"time":1e+26')}\n`)), /a\.jsonl:2: field time/);
  await expectBadInput(() => read(write("b.jsonl", `${header}\n${rec({ end: 2 ** 53 })}\n`)), /b\.jsonl:2: field end/);
  await expectBadInput(() => read(write("c.jsonl", `${header}\n${rec({ request: { cpus: 1e13, mem: 1, disk: 0, gpus: 0 } })}\n`)), /c\.jsonl:2: field request\.cpus: 10000000000000 is more than 1000000000000/);
  await expectBadInput(() => read(write("d.jsonl", `${header}\n${rec().replace('"cpus":1', '"cpus":Infinity')}\n`)), /d\.jsonl:2: field line: not valid JSON/);
  await expectBadInput(() => read(write("e.jsonl", `${JSON.stringify({ ...good.header, records: 0, referenceMachine: { cpus: 1e300, mem: 1, disk: 1, gpus: 1 } })}\n`)), /e\.jsonl:1: field referenceMachine\.cpus/);
  // The bounds themselves are valid.
  const edge = rec({ time: 1, end: 2 ** 53 - 1, request: { cpus: 1e12, mem: 0, disk: 0, gpus: 0 } });
  assert.is((await read(write("f.jsonl", `${header}\n${edge}\n`))).records, 1);
});

test("a failed conversion leaves an existing output file untouched", async () => {
  const dir = scratchDir();
  const out = join(dir, "out.jsonl");
  writeFileSync(out, "previous\n");
  const input = join(dir, "batch_task.csv");
  writeFileSync(input, "100,400,7,1,3,Terminated,50,0.01\n100,400,7,1,3,Terminated,x,0.01\n");
  await expectBadInput(() => convertTrace({ format: "alibaba-2017", inputs: [input], out, reference: DEFAULT_REFERENCE_MACHINE }), /plan_cpu/);
  assert.is(readFileSync(out, "utf8"), "previous\n");
  const { readdirSync } = await import("node:fs");
  assert.equal(readdirSync(dir).sort(), ["batch_task.csv", "out.jsonl"]);
});

test("--reference-machine amounts share the format's range: a 400-digit cpus is refused, not recorded as Infinity", () => {
  assert.throws(() => parseReferenceMachine(`cpus:${"9".repeat(400)}`), /--reference-machine: bad item "cpus:9+": Infinity is not a finite number/);
  assert.throws(() => parseReferenceMachine("mem:2000000000000"), /more than 1000000000000/);
  assert.is(parseReferenceMachine("cpus:1000000000000").cpus, 1e12);
});

test.run();
