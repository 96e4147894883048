// Readers for tables with no genuine sample, on small fixtures built from the
// published schemas (sources in test/fixtures/traces/README.md). Expected values
// are worked out by hand in the comments, with the default reference machine
// cpus:64;mem:262144;disk:2097152;gpus:8.
import { join } from "node:path";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { amount } from "../../traces/canonical/format-record.ts";
import type { JobRecord, MachineRecord, TaskRecord, TraceRecord, UsageRecord } from "../../traces/canonical/trace-record.ts";
import { convertAndRead, FIXTURES } from "./helpers.ts";

const fx = (...p: string[]) => join(FIXTURES, ...p);
const task = (rs: TraceRecord[], id: string, time?: number) =>
  rs.find((r): r is TaskRecord => r.type === "task" && r.id === id && (time === undefined || r.time === time));

// Schema: Google clusterdata-2011-2 schema.csv, task_events (13 fields) — traces.md §1.1.
test("google-2011 task_events: runs across two shards (one gzip), resubmission, carried requests, initial state", async () => {
  const c = await convertAndRead("google-2011", [fx("google-2011/task_events")]);
  const r = c.records;
  assert.is(c.result.linesRead, 10);
  assert.is(r.length, 4);
  // 100/0: SUBMIT and SCHEDULE at time 0 → initial, running, never ended.
  // cpus 0.125·64 = 8; mem: UPDATE_RUNNING at 800 s raised it to 0.125·262144 = 32768;
  // disk 0.001·2097152 = 2097.152, carried forward from SUBMIT.
  const t0 = task(r, "100/0");
  assert.equal(
    [t0?.time, t0?.initial, t0?.start, t0?.end, t0?.status, t0?.machine, t0?.priority, t0?.role],
    [0, true, 0, null, "running", "77", 9, "alice"],
  );
  assert.equal(t0?.request, { cpus: 8, mem: 32768, disk: 2097.152, gpus: 0 });
  // 200/0: submit 700 s raw = 100 s, start 101 s, FINISH 105 s (in the gzip shard).
  const t1 = task(r, "200/0");
  assert.equal([t1?.time, t1?.start, t1?.end, t1?.duration, t1?.status], [100e6, 101e6, 105e6, 4e6, "finished"]);
  assert.equal(t1?.constraints, [{ name: "machine", op: "distinct", value: null }]);
  assert.equal(t1?.request, { cpus: 16, mem: 32768, disk: 0, gpus: 0 });
  // 200/1 first run: EVICT at 103 s after SCHEDULE at 102 s on machine 99.
  const t2 = task(r, "200/1", 100e6);
  assert.equal([t2?.start, t2?.end, t2?.duration, t2?.status, t2?.machine], [102e6, 103e6, 1e6, "evicted", "99"]);
  // 200/1 resubmitted at 110 s with mem 0.25 → 65536; never scheduled → pending.
  const t3 = task(r, "200/1", 110e6);
  assert.equal([t3?.status, t3?.start, t3?.request.mem], ["pending", null, 65536]);
  // Sorted by time, then type and id.
  assert.equal(r.map((x) => x.time), [0, 100e6, 100e6, 110e6]);
  assert.equal(c.header.tables, ["task_events"]);
});

// Schema: machine_events (6 fields), event 0 ADD, 1 REMOVE, 2 UPDATE — traces.md §1.1.
test("google-2011 machine_events: add at time 0 is initial; update and remove follow", async () => {
  const c = await convertAndRead("google-2011", [fx("google-2011/machine_events/part-00000-of-00001.csv")]);
  const m = c.records as MachineRecord[];
  assert.equal(
    m.map((x) => [x.time, x.id, x.event, x.initial, x.capacity]),
    [
      [0, "5", "add", true, { cpus: 32, mem: 65536, disk: 0, gpus: 0 }],
      [0, "6", "add", true, { cpus: 64, mem: 262144, disk: 0, gpus: 0 }],
      [3000e6, "5", "update", false, { cpus: 32, mem: 131072, disk: 0, gpus: 0 }],
      [6600e6, "6", "remove", false, null],
    ],
  );
  assert.equal(m[0]?.attributes, { platform: "platA" });
});

// Schema: task_usage (20 fields in 2011-2) — traces.md §1.1.
test("google-2011 task_usage: a usage window with mean CPU and canonical memory scaled", async () => {
  const c = await convertAndRead("google-2011", [fx("google-2011/task_usage/part-00000-of-00001.csv")]);
  const u = c.records[0] as UsageRecord;
  // Window 600 s..900 s raw = 0..300 s; cpus 0.05·64 = 3.2; mem 0.01·262144 = 2621.44.
  assert.equal([u.type, u.time, u.end, u.task, u.machine, u.cpus, u.mem], ["usage", 0, 300e6, "200/0", "88", 3.2, 2621.44]);
});

// Schema: clusterdata_trace_format_v3.proto (instance_events, collection_events), JSON export — traces.md §2.
test("google-2019 instance_events (unsorted JSON, defaults omitted) joined with collection_events", async () => {
  const c = await convertAndRead("google-2019", [
    fx("google-2019/instance_events-000000000000.json"),
    fx("google-2019/collection_events-000000000000.json"),
  ]);
  const r = c.records;
  // Job 42: SUBMIT and SCHEDULE at time 0 (both omitted as defaults), FINISH at 950 s raw → 350 s.
  const job = r.find((x): x is JobRecord => x.type === "job");
  assert.equal([job?.id, job?.initial, job?.role, job?.name, job?.start, job?.end, job?.status, job?.priority], ["42", true, "carol", "jobname", 0, 350e6, "finished", 200]);
  // 42/0: time 0, running on machine 8, cpus 0.5·64 = 32, mem 0.25·262144 = 65536.
  const i0 = task(r, "42/0");
  assert.equal([i0?.initial, i0?.status, i0?.machine, i0?.role, i0?.request.cpus, i0?.request.mem], [true, "running", "8", "carol", 32, 65536]);
  // 42/1: SUBMIT 650 s → 50 s, SCHEDULE 100 s, FINISH 300 s; cpus 0.02·64 = 1.28, mem 0.01·262144 = 2621.44.
  const i1 = task(r, "42/1");
  assert.equal([i1?.time, i1?.start, i1?.end, i1?.duration, i1?.status], [50e6, 100e6, 300e6, 200e6, "finished"]);
  assert.equal([i1?.request.cpus, i1?.request.mem], [1.28, 2621.44]);
  assert.equal(i1?.constraints, [{ name: "zone", op: "ne", value: "a" }]);
  // The alloc-set instance (collection_type 1) is not a task.
  assert.is(r.filter((x) => x.type === "task").length, 2);
});

// Same schema, flattened to CSV with a header (BigQuery cannot export nested fields to CSV).
test("google-2019 instance_events as CSV with a header; without collections the role is the priority band", async () => {
  const c = await convertAndRead("google-2019", [fx("google-2019/instance_events.csv")]);
  const i1 = task(c.records, "42/1");
  assert.equal([i1?.time, i1?.start, i1?.end, i1?.status, i1?.role], [50e6, 100e6, 300e6, "finished", "production"]);
  assert.equal([i1?.request.cpus, i1?.request.mem], [1.28, 2621.44]);
});

// Schema: cluster-trace-v2017 schema.csv (batch_task 8 fields, server_event 7) — traces.md §3.
test("alibaba-2017 batch_task and server_event: instances, hundredths of a core, normalised memory", async () => {
  const c = await convertAndRead("alibaba-2017", [fx("alibaba-2017")]);
  const r = c.records;
  // 7/1: created 100 s, ended 400 s, 3 instances of 50/100 = 0.5 core, 0.01·262144 = 2621.44 MiB.
  const t = task(r, "7/1");
  assert.equal([t?.time, t?.instances, t?.start, t?.end, t?.duration, t?.status], [100e6, 3, 100e6, 400e6, 300e6, "finished"]);
  assert.equal(t?.request, { cpus: 0.5, mem: 2621.44, disk: 0, gpus: 0 });
  // 7/2 at time 0: initial, running, end 0 means none.
  assert.equal([task(r, "7/2")?.initial, task(r, "7/2")?.end, task(r, "7/2")?.status], [true, null, "running"]);
  // 4/7 (a real row shape): Waiting with empty requests → pending, 393 instances, requests 0 ("not given").
  assert.equal([task(r, "4/7")?.status, task(r, "4/7")?.instances, task(r, "4/7")?.request.cpus], ["pending", 393, 0]);
  const m = r.filter((x): x is MachineRecord => x.type === "machine");
  // add → add, softerror → update, harderror → remove; mem 0.68997·262144, disk 1·2097152.
  assert.equal(m.map((x) => [x.time, x.event]), [[0, "add"], [1000e6, "update"], [2000e6, "remove"]]);
  assert.equal(m[0]?.capacity, { cpus: 64, mem: amount(0.6899697150103932 * 262144), disk: 2097152, gpus: 0 });
  assert.equal(m[1]?.attributes, { detail: "disk", error: "softerror" });
});

// Schema: cluster-trace-v2018 schema.txt — traces.md §4.
test("alibaba-2018 batch_task, batch_instance, container_meta: one task per row, instances counted", async () => {
  const c = await convertAndRead("alibaba-2018", [fx("alibaba-2018")]);
  const r = c.records;
  // j_1/M1: 10 instances, 100/100 = 1 core, 0.39 % of 262144 = 1022.3616 MiB, 157213 s → 157240 s.
  const m1 = task(r, "j_1/M1");
  assert.equal([m1?.instances, m1?.role, m1?.time, m1?.duration, m1?.status], [10, "type-1", 157213e6, 27e6, "finished"]);
  assert.equal(m1?.request, { cpus: 1, mem: 1022.3616, disk: 0, gpus: 0 });
  // The independent task at start 0 is initial and has no end.
  const ind = task(r, "j_2/task_Nzg3ODAwNDgzMTAwNTc2NTQ3Mg==");
  assert.equal([ind?.initial, ind?.end, ind?.role, ind?.request.cpus], [true, null, "type-12", 0.5]);
  // batch_instance → usage: cpu_avg 13 → 0.13 cores, mem_avg 0.2 % → 524.288 MiB.
  const u = r.find((x): x is UsageRecord => x.type === "usage");
  assert.equal([u?.task, u?.instance, u?.machine, u?.cpus, u?.mem, u?.status], ["j_1/M1", "ins_1", "m_1", 0.13, 524.288, "finished"]);
  // container_meta: c_1 appears twice; its earliest row (time 0) is the task. 400 → 4 cores, 1.56 % → 4089.4464 MiB.
  const c1 = task(r, "c_1");
  assert.equal([c1?.time, c1?.initial, c1?.role, c1?.job, c1?.machine, c1?.status], [0, true, "online", "app_5052", "m_2556", "running"]);
  assert.equal(c1?.request, { cpus: 4, mem: 4089.4464, disk: 0, gpus: 0 });
  assert.is(r.filter((x) => x.type === "task").length, 5);
});

// Schema: cluster-trace-gpu-v2020 README and .header files — traces.md §5.
test("alibaba-gpu-2020 pai_job, pai_task, pai_instance: per-instance requests, user joined from the job", async () => {
  const c = await convertAndRead("alibaba-gpu-2020", [fx("alibaba-gpu-2020")]);
  const r = c.records;
  const job = r.find((x): x is JobRecord => x.type === "job");
  assert.equal([job?.time, job?.role, job?.end, job?.status], [4550879e6, "58540f191766", 4551072e6, "finished"]);
  // The task is submitted with its job (4550879 s), starts 4550881 s, ends 4551071 s.
  // plan_cpu 600 → 6 cores; plan_mem 29.296875 GB → 30000 MiB; plan_gpu 50 → 0.5 GPU.
  const t = task(r, "4b3f04b66a525d2df903a6b5/tensorflow");
  assert.equal([t?.time, t?.start, t?.end, t?.duration, t?.role], [4550879e6, 4550881e6, 4551071e6, 190e6, "58540f191766"]);
  assert.equal(t?.request, { cpus: 6, mem: 30000, disk: 0, gpus: 0.5 });
  const u = r.find((x): x is UsageRecord => x.type === "usage");
  assert.equal([u?.instance, u?.machine, u?.time, u?.end], ["inst-0", "cc5ae4a2c5d2e8f0b6d8d95b", 4550881e6, 4551071e6]);
});

// Publisher's README (cluster-trace-gpu-v2020): pai_task_table.gpu_type is the GPU type
// the task was *given*; pai_group_tag_table.gpu_type_spec (by the job's inst_id) is
// what it asked for, empty when any type will do.
test("alibaba-gpu-2020: the GPU-type constraint is the group tag's gpu_type_spec, never the assigned gpu_type", async () => {
  const c = await convertAndRead("alibaba-gpu-2020", [fx("alibaba-gpu-2020")]);
  assert.equal(c.header.tables, ["pai_group_tag", "pai_instance", "pai_job", "pai_task"]);
  // Job 4b3f…: inst_id 8d9f…, gpu_type_spec empty → no constraint, although the task ran on MISC.
  assert.equal(task(c.records, "4b3f04b66a525d2df903a6b5/tensorflow")?.constraints, []);
  // Job 6c1a…: inst_id 1f2e…, gpu_type_spec T4 → gpu_type eq T4.
  const t4 = task(c.records, "6c1ab3f7d8e9a0b1c2d3e4f5/worker");
  assert.equal(t4?.constraints, [{ name: "gpu_type", op: "eq", value: "T4" }]);
  assert.equal([t4?.instances, t4?.request.gpus, t4?.role], [2, 1, "a1b2c3d4e5f6"]);
  // Without the group tag table the requirement is unknown: no constraint, not the assigned type.
  const noTags = await convertAndRead("alibaba-gpu-2020", [fx("alibaba-gpu-2020/pai_job_table.csv"), fx("alibaba-gpu-2020/pai_task_table.csv")]);
  assert.ok(noTags.records.every((x) => x.type !== "task" || x.constraints.length === 0));
});

test("alibaba-gpu-2020 tasks without the job table: role unknown, submitted when they start", async () => {
  const c = await convertAndRead("alibaba-gpu-2020", [fx("alibaba-gpu-2020/pai_task_table.csv")]);
  const t = c.records[0] as TaskRecord;
  assert.equal([t.time, t.role, t.user], [4550881e6, "unknown", null]);
});

test("--limit, the time window and --reference-machine shape the output and the header", async () => {
  // --limit 2: only the first two lines (the time-0 SUBMIT and SCHEDULE of 100/0).
  const limited = await convertAndRead("google-2011", [fx("google-2011/task_events")], { limit: 2 });
  assert.equal(limited.records.map((x) => (x as TaskRecord).id), ["100/0"]);
  // Window [100 s, 110 s): the time-0 task and the 110 s resubmission are cut.
  const { TimeWindow } = await import("../../traces/canonical/time-window.ts");
  const windowed = await convertAndRead("google-2011", [fx("google-2011/task_events"), fx("google-2011/machine_events")], {
    window: TimeWindow.fromSeconds(100, 110),
  });
  assert.equal(windowed.records.filter((x) => x.type === "task").map((x) => x.time), [100e6, 100e6]);
  // Machines before the window stay, so the cluster exists when it opens; those after its end go.
  assert.equal(windowed.records.filter((x) => x.type === "machine").map((x) => x.time), [0, 0]);
  const ref = { cpus: 32, mem: 1000, disk: 10, gpus: 0 };
  const scaled = await convertAndRead("google-2011", [fx("google-2011/machine_events/part-00000-of-00001.csv")], { reference: ref });
  assert.equal(scaled.header.referenceMachine, ref);
  assert.equal((scaled.records[0] as MachineRecord).capacity, { cpus: 16, mem: 250, disk: 0, gpus: 0 });
});

test.run();
