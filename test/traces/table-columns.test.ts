// Headered tables are read through one column map per table
// (traces/input/table-columns.ts): a required column the header lacks is an
// error naming it; an optional column it lacks reads as unknown (null), never 0;
// the names real exports give a column are accepted; an unknown or doubled column
// is an error. Each reader's headered tables are checked here on the examples of
// issue 9 §2.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "uvu";
import * as assert from "uvu/assert";
import type { JobRecord, MachineRecord, TaskRecord } from "../../traces/canonical/trace-record.ts";
import { ABSENT, defineColumns, mapColumns } from "../../traces/input/table-columns.ts";
import { TraceInputError } from "../../traces/input/trace-input-error.ts";
import { convertAndRead, expectBadInput, scratchDir } from "./helpers.ts";

const SPEC = defineColumns("t", { id: { required: true }, cpus: { required: true, aliases: ["cpu"] }, note: {} }, ["skip"]);

test("mapColumns: columns by name in any order, aliases accepted, ignored columns skipped, absent optional is ABSENT", () => {
  const c = mapColumns(SPEC, ["skip", "cpu", "id"], "f.csv", 1);
  assert.equal([c.id, c.cpus, c.note, c.count], [2, 1, ABSENT, 3]);
  // An absent column's index gives undefined, which every optional parser reads as null.
  assert.is(["a", "b", "c"][c.note], undefined);
});

test("mapColumns: a missing required column, an unknown column and a doubled column are exit-2 errors naming file, line and column", () => {
  const err = (header: string[], pattern: RegExp) =>
    assert.throws(() => mapColumns(SPEC, header, "f.csv", 1), (e: unknown) => e instanceof TraceInputError && e.exitCode === 2 && pattern.test(e.message));
  err(["id"], /^f\.csv:1: field cpus: header has no column "cpus" \(or "cpu"\), which t requires/);
  err(["id", "cpus", "mem"], /^f\.csv:1: field 3 \(mem\): unknown column "mem" for t; known columns: /);
  err(["id", "cpus", "cpu"], /^f\.csv:1: field 3 \(cpu\): columns "cpus" and "cpu" are both t column cpus/);
  err(["id", "", "cpus"], /^f\.csv:1: field 2 \(header\): empty column name/);
});

// Genuine rows: alibaba/clusterdata @ b937928c, cluster-trace-gpu-v2023/csv/openb_pod_list_multigpu20.csv,
// lines 1-7. Issue 9 §2: multigpu20 … multigpu50 all have only these five columns.
const MULTIGPU = [
  "name,cpu_milli,memory_mib,num_gpu,gpu_milli",
  "openb-pod-0000,12000,16384,1,1000",
  "openb-pod-0001,6000,12288,1,460",
  "openb-pod-0002,12000,24576,1,1000",
  "openb-pod-0003,6000,12288,1,460",
  "openb-pod-0004,12000,16384,1,1000",
  "openb-pod-0005,20000,65536,0,0",
];

for (const n of [20, 30, 40, 50]) {
  test(`openb_pod_list_multigpu${n}.csv (no gpu_spec, qos, phase or times) reads: pods arrive at 0 with unknown run time, status and QoS`, async () => {
    const dir = scratchDir();
    const path = join(dir, `openb_pod_list_multigpu${n}.csv`);
    writeFileSync(path, MULTIGPU.join("\n") + "\n");
    const c = await convertAndRead("openb", [path]);
    const pods = c.records as TaskRecord[];
    assert.is(pods.length, 6);
    const p1 = pods.find((p) => p.id === "openb-pod-0001") as TaskRecord;
    // 6000 milli-cores = 6 cores; 12288 MiB; 1 GPU × 460 milli = 0.46 GPU.
    assert.equal(p1.request, { cpus: 6, mem: 12288, disk: 0, gpus: 0.46 });
    // As the FGD simulator treats a pod list without times: submitted at 0, to be placed (not initial state).
    assert.equal([p1.time, p1.initial, p1.start, p1.end, p1.duration], [0, false, null, null, null]);
    assert.equal([p1.status, p1.role, p1.constraints], ["unknown", "unknown", []]);
  });
}

test("openb: a pod list without a request column is refused naming it; the full published header still reads", async () => {
  const dir = scratchDir();
  const path = join(dir, "openb_pod_list_x.csv");
  writeFileSync(path, "name,cpu_milli,num_gpu,gpu_milli\nopenb-pod-0000,12000,1,1000\n");
  await expectBadInput(() => convertAndRead("openb", [path]), /openb_pod_list_x\.csv:1: field memory_mib: header has no column "memory_mib"/);
  const node = join(dir, "openb_node_list_x.csv");
  writeFileSync(node, "sn,cpu_milli,memory_mib,model\nn1,32000,262144,\n");
  await expectBadInput(() => convertAndRead("openb", [node]), /field gpu: header has no column "gpu"/);
  // With --skip-bad too: a header fault leaves no row that could be read.
  await expectBadInput(() => convertAndRead("openb", [path], { skipBad: true }), /header has no column "memory_mib"/);
});

// Google 2019 instance_events as a user-flattened CSV: BigQuery cannot export the
// nested resource_request to CSV, so exports name the flattened columns
// `resource_request.cpus`, `resource_request_cpus`, or (SELECT resource_request.*) `cpus`.
for (const [cpus, memory] of [
  ["resource_request.cpus", "resource_request.memory"],
  ["resource_request_cpus", "resource_request_memory"],
  ["cpus", "memory"],
]) {
  test(`google-2019 instance_events CSV with request columns "${cpus},${memory}" reads the requests (not 0)`, async () => {
    const dir = scratchDir();
    const path = join(dir, "instance_events.csv");
    writeFileSync(path, `time,type,collection_id,priority,instance_index,machine_id,${cpus},${memory}\n650000000,0,42,200,1,,0.02,0.01\n700000000,3,42,200,1,9,,\n`);
    const c = await convertAndRead("google-2019", [path]);
    const t = c.records[0] as TaskRecord;
    // 0.02 × 64 cores = 1.28; 0.01 × 262144 MiB = 2621.44.
    assert.equal(t.request, { cpus: 1.28, mem: 2621.44, disk: 0, gpus: 0 });
  });
}

test("google-2019 CSV: no request column is an error naming it, never a trace of zero requests", async () => {
  const dir = scratchDir();
  const path = join(dir, "instance_events.csv");
  writeFileSync(path, "time,type,collection_id,priority,instance_index,machine_id\n650000000,0,42,200,1,\n");
  await expectBadInput(() => convertAndRead("google-2019", [path]), /instance_events\.csv:1: field resource_request\.cpus: header has no column "resource_request\.cpus" \(or "resource_request_cpus", "cpus"\)/);
  const machines = join(dir, "machine_events.csv");
  writeFileSync(machines, "time,machine_id,type\n0,1,1\n");
  await expectBadInput(() => convertAndRead("google-2019", [machines]), /field capacity\.cpus: header has no column/);
});

test("google-2019 CSV: an absent priority column is unknown (null, role \"unknown\"), not priority 0 (band \"free\")", async () => {
  const dir = scratchDir();
  const path = join(dir, "instance_events.csv");
  writeFileSync(path, "time,type,collection_id,instance_index,cpus,memory\n650000000,0,42,1,0.02,0.01\n");
  const t = (await convertAndRead("google-2019", [path])).records[0] as TaskRecord;
  assert.equal([t.priority, t.role], [null, "unknown"]);
  const jobs = join(dir, "collection_events.csv");
  writeFileSync(jobs, "time,type,collection_id,user\n650000000,0,42,alice\n");
  const j = (await convertAndRead("google-2019", [jobs])).records[0] as JobRecord;
  assert.equal([j.priority, j.role, j.user], [null, "alice", "alice"]);
});

test("google-2019 CSV: a published column the reader does not use is accepted; an unknown one is refused", async () => {
  const dir = scratchDir();
  const path = join(dir, "machine_events.csv");
  writeFileSync(path, "time,machine_id,type,switch_id,platform_id,capacity_cpus,capacity_memory,missing_data_reason\n0,5,1,s1,p1,0.5,0.25,\n");
  const m = (await convertAndRead("google-2019", [path])).records[0] as MachineRecord;
  assert.equal(m.capacity, { cpus: 32, mem: 65536, disk: 0, gpus: 0 });
  writeFileSync(path, "time,machine_id,type,capacity_cpus,capacity_memory,cpu\n0,5,1,0.5,0.25,1\n");
  await expectBadInput(() => convertAndRead("google-2019", [path]), /machine_events\.csv:1: field 6 \(cpu\): unknown column "cpu"/);
});

test("alibaba-gpu-2020: columns come from the .header file beside the data, in its order; a bad .header is named", async () => {
  const dir = scratchDir();
  // The publisher's pai_machine_spec columns, reordered as a re-export might.
  writeFileSync(join(dir, "pai_machine_spec.header"), "cap_gpu,machine,cap_cpu,cap_mem,gpu_type\n");
  writeFileSync(join(dir, "pai_machine_spec.csv"), "2,m1,64,512,P100\n");
  const m = (await convertAndRead("alibaba-gpu-2020", [join(dir, "pai_machine_spec.csv")])).records[0] as MachineRecord;
  // 64 cores, 512 GB × 1024 = 524288 MiB, 2 GPUs.
  assert.equal([m.id, m.capacity, m.attributes], ["m1", { cpus: 64, mem: 524288, disk: 0, gpus: 2 }, { gpu_type: "P100" }]);
  writeFileSync(join(dir, "pai_machine_spec.header"), "machine,gpu_type,cap_cpu,cap_mem\n");
  await expectBadInput(() => convertAndRead("alibaba-gpu-2020", [join(dir, "pai_machine_spec.csv")]), /pai_machine_spec\.header:1: field cap_gpu: header has no column "cap_gpu"/);
});

test("alibaba-gpu-2020: an inline header line is mapped too, and without status the status is unknown", async () => {
  const dir = scratchDir();
  const path = join(dir, "pai_job_table.csv");
  writeFileSync(path, "job_name,user,start_time,end_time\nj1,u1,100.0,200.0\n");
  const j = (await convertAndRead("alibaba-gpu-2020", [path])).records[0] as JobRecord;
  assert.equal([j.id, j.user, j.time, j.end, j.status], ["j1", "u1", 100e6, 200e6, "unknown"]);
});

test.run();
