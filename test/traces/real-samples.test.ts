// Every reader that has a genuine sample in test/fixtures/traces/real/ is run on it, and
// the counts are checked against the sample (manifest.json row counts, and
// counts stated in docs/trace-sources.md §12 and the README).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { traceInfo } from "../../traces/trace-info.ts";
import type { MachineRecord, TaskRecord, JobRecord } from "../../traces/canonical/trace-record.ts";
import { convertAndRead, REAL } from "./helpers.ts";

const manifest = JSON.parse(readFileSync(join(REAL, "manifest.json"), "utf8")) as { files: Array<{ path: string; rows: number }> };
const rows = (path: string): number => {
  const f = manifest.files.find((x) => x.path === path);
  if (f === undefined) throw new Error(`not in manifest: ${path}`);
  return f.rows;
};

test("google-2011 job_events shard 0: 10,704 rows collapse into 4,900 jobs with the shard's event counts", async () => {
  const path = "google-2011/job_events/part-00000-of-00500.csv.gz";
  const c = await convertAndRead("google-2011", [join(REAL, path)]);
  assert.is(c.result.linesRead, rows(path));
  const jobs = c.records as JobRecord[];
  assert.is(jobs.length, 4900);
  const by = (s: string) => jobs.filter((j) => j.status === s).length;
  // Event counts in the shard (traces.md §1.2): FAIL 8, FINISH 636, KILL 268; SUBMIT 4900, SCHEDULE 4892.
  assert.is(by("failed"), 8);
  assert.is(by("finished"), 636);
  assert.is(by("killed"), 268);
  assert.is(by("pending"), 4900 - 4892);
  // 3,986 SUBMITs at time 0 (traces.md §1.4): initial state, not arrivals.
  assert.is(jobs.filter((j) => j.initial).length, 3986);
  assert.ok(jobs.filter((j) => j.initial).every((j) => j.time === 0));
  // The first real event (604,046,276 µs raw, 4,046,276 µs after the 600 s origin) is
  // the FINISH of job 6251639640, submitted at time 0; the first arrival is the
  // SUBMIT of 6251639646 three µs later.
  const first = jobs.find((j) => j.id === "6251639640");
  assert.equal([first?.initial, first?.end, first?.status], [true, 4_046_276, "finished"]);
  assert.is(jobs.find((j) => !j.initial)?.id, "6251639646");
  assert.is(jobs.find((j) => !j.initial)?.time, 4_046_279);
  assert.is(c.header.sourceTimeOriginUs, 600_000_000);
});

test("google-2019 cell a machine_events: 46,219 rows, 10,001 machines, 9,526 at time 0, 459 adds without capacity", async () => {
  const path = "google-2019/cell_a/machine_events-000000000000.json.gz";
  const c = await convertAndRead("google-2019", [join(REAL, path)]);
  assert.is(c.records.length, rows(path));
  const m = c.records as MachineRecord[];
  assert.is(new Set(m.map((r) => r.id)).size, 10001);
  assert.is(m.filter((r) => r.initial).length, 9526);
  assert.is(m.filter((r) => r.event === "add" && r.capacity === null).length, 459);
  assert.is(m.filter((r) => r.event === "add").length, 27777);
  assert.is(m.filter((r) => r.event === "remove").length, 17941);
  // The export is unsorted; the output is sorted.
  for (let i = 1; i < m.length; i++) assert.ok((m[i - 1] as MachineRecord).time <= (m[i] as MachineRecord).time);
  // Maximum time 2,678,851,683,489 µs raw (traces.md §2).
  assert.is(m[m.length - 1]?.time, 2_678_851_683_489 - 600_000_000);
});

test("alibaba-2018 machine_meta: 17,592 rows for 4,034 machines, one add each, 3,887 rows at time 0", async () => {
  const path = "alibaba-2018/machine_meta.csv";
  const c = await convertAndRead("alibaba-2018", [join(REAL, path)]);
  assert.is(c.records.length, rows(path));
  const m = c.records as MachineRecord[];
  assert.is(new Set(m.map((r) => r.id)).size, 4034);
  assert.is(m.filter((r) => r.event === "add").length, 4034);
  assert.is(m.filter((r) => r.initial).length, 3887);
  // Every machine has cpu_num 96 and mem_size 100 (traces.md §4): 100 % of the reference memory.
  assert.ok(m.every((r) => r.capacity?.cpus === 96 && r.capacity.mem === 262144));
});

test("alibaba-gpu-2020 pai_machine_spec: 1,897 machines with the published GPU-type mix", async () => {
  const path = "alibaba-gpu-2020/pai_machine_spec.csv";
  const c = await convertAndRead("alibaba-gpu-2020", [join(REAL, path)]);
  assert.is(c.records.length, rows(path));
  const m = c.records as MachineRecord[];
  const count = (t: string) => m.filter((r) => r.attributes["gpu_type"] === t).length;
  // traces.md §5: 798 P100, 497 T4, 280 MISC, 135 V100M32, 104 V100, 83 CPU-only.
  assert.equal([count("P100"), count("T4"), count("MISC"), count("V100M32"), count("V100"), count("CPU")], [798, 497, 280, 135, 104, 83]);
  const p100 = m.find((r) => r.attributes["gpu_type"] === "P100");
  assert.equal(p100?.capacity, { cpus: 64, mem: 512 * 1024, disk: 0, gpus: 2 });
  // The .header file names exactly the columns this reader reads.
  assert.is(readFileSync(join(REAL, "alibaba-gpu-2020/pai_machine_spec.header"), "utf8").trim(), "machine,gpu_type,cap_cpu,cap_mem,cap_gpu");
});

test("openb: 1,523 nodes and 8,152 pods, read by header name, through convert and info", async () => {
  const nodes = "alibaba-gpu-2023/openb_node_list_all_node.csv";
  const pods = "alibaba-gpu-2023/openb_pod_list_default.csv";
  const c = await convertAndRead("openb", [join(REAL, pods), join(REAL, nodes)]);
  assert.is(c.result.linesRead, rows(nodes) + rows(pods) + 2);
  const tasks = c.records.filter((r): r is TaskRecord => r.type === "task");
  assert.is(tasks.length, rows(pods));
  assert.is(c.records.filter((r) => r.type === "machine").length, rows(nodes));
  // Phases in the file: 5,193 Running, 1,870 Failed, 897 Pending, 192 Succeeded.
  assert.is(tasks.filter((t) => t.status === "running").length, 5193);
  assert.is(tasks.filter((t) => t.status === "finished").length, 192);
  // openb-pod-0001: 6000 milli-cores, 12288 MiB, 1 GPU at 460 milli → 0.46 GPU.
  const p1 = tasks.find((t) => t.id === "openb-pod-0001");
  assert.equal(p1?.request, { cpus: 6, mem: 12288, disk: 0, gpus: 0.46 });
  assert.is(p1?.time, 427061e6);
  const { info } = await traceInfo({ paths: [join(REAL, pods), join(REAL, nodes)], from: "openb" });
  assert.is(info.tasks, 8152);
  assert.is(info.jobs, 8152);
  assert.is(info.machines, 1523);
  assert.is(info.badLines, 0);
});

test("swf NASA iPSC: 18,239 jobs after 32 header comment lines", async () => {
  const path = "swf/NASA-iPSC-1993-3.1-cln.swf.gz";
  const c = await convertAndRead("swf", [join(REAL, path)]);
  // Every job, plus the machine its header states.
  assert.is(c.records.length, rows(path) + 1);
  assert.is(c.result.linesRead, rows(path) + 32);
  const t = c.records.filter((r): r is TaskRecord => r.type === "task");
  assert.is(t.length, rows(path));
  // Job 1: submit 0, run 1451 s on 128 processors; wait and status are −1 (not recorded).
  const j1 = t.find((r) => r.id === "1");
  assert.is(j1?.duration, 1451e6);
  assert.is(j1?.request.cpus, 128);
  assert.is(j1?.start, null);
  assert.is(j1?.status, "unknown");
  assert.equal(new Set(t.map((r) => r.role)), new Set(["group-1", "group-2"]));
});

// swf.html, header comments: MaxNodes and MaxProcs state the machine; this log's header
// says "; MaxNodes: 128" and "; MaxProcs: 128" (an Intel iPSC/860 of 128 nodes).
test("swf NASA iPSC: the header's MaxProcs 128 becomes the log's machine, and every job fits on it", async () => {
  const c = await convertAndRead("swf", [join(REAL, "swf/NASA-iPSC-1993-3.1-cln.swf.gz")]);
  const machines = c.records.filter((r): r is MachineRecord => r.type === "machine");
  assert.equal(machines, [
    {
      type: "machine",
      time: 0,
      id: "NASA-iPSC-1993-3.1-cln",
      initial: true,
      event: "add",
      capacity: { cpus: 128, mem: 0, disk: 0, gpus: 0 },
      attributes: { computer: "Intel iPSC/860", installation: "NASA Ames Research Center", nodes: "128" },
    },
  ]);
  // Replayable on its own cluster: the largest job asks for all 128 processors, no more.
  const tasks = c.records.filter((r): r is TaskRecord => r.type === "task");
  assert.is(Math.max(...tasks.map((r) => r.request.cpus)), 128);
  const { info } = await traceInfo({ paths: [join(REAL, "swf/NASA-iPSC-1993-3.1-cln.swf.gz")], from: "swf" });
  assert.equal([info.machines, info.tasks], [1, 18239]);
});

test("swim FB-2009: 5,894 jobs, with modelled map and reduce tasks", async () => {
  const path = "swim-facebook/FB-2009_samples_24_times_1hr_0.tsv";
  const c = await convertAndRead("swim", [join(REAL, path)]);
  const jobs = c.records.filter((r) => r.type === "job");
  assert.is(jobs.length, rows(path));
  // job0: 740,773 input bytes → 1 map; 2,339,561 shuffle bytes → ceil(2339561 / 64 MiB) = 1 reduce.
  const maps = c.records.find((r): r is TaskRecord => r.type === "task" && r.id === "job0/map");
  assert.is(maps?.instances, 1);
  assert.is(maps?.time, 49e6);
  assert.ok(c.records.some((r) => r.type === "task" && r.id === "job0/reduce"));
});

test("info works on every genuine sample with --from, and counts match convert", async () => {
  const cases: Array<[Parameters<typeof traceInfo>[0]["from"], string, (i: Awaited<ReturnType<typeof traceInfo>>["info"]) => void]> = [
    ["google-2011", "google-2011/job_events/part-00000-of-00500.csv.gz", (i) => assert.is(i.jobs, 4900)],
    ["google-2019", "google-2019/cell_a/machine_events-000000000000.json.gz", (i) => assert.is(i.machines, 10001)],
    ["alibaba-2018", "alibaba-2018/machine_meta.csv", (i) => assert.is(i.machines, 4034)],
    ["alibaba-gpu-2020", "alibaba-gpu-2020/pai_machine_spec.csv", (i) => assert.is(i.machines, 1897)],
    ["swf", "swf/NASA-iPSC-1993-3.1-cln.swf.gz", (i) => assert.is(i.tasks, 18239)],
    ["swim", "swim-facebook/FB-2009_samples_24_times_1hr_0.tsv", (i) => assert.is(i.jobs, 5894)],
  ];
  for (const [from, path, check] of cases) {
    const { info } = await traceInfo({ paths: [join(REAL, path)], from });
    check(info);
    assert.is(info.badLines, 0);
  }
});

test.run();
