// Several events of one task at the same timestamp (issue 9 §2): the events that
// end a run apply before a new SUBMIT at the same µs, and a SUBMIT before the
// SCHEDULE that starts it, in whatever order the rows come. Event codes: Google
// v2.1 schema (2011: SUBMIT 0, SCHEDULE 1, EVICT 2, FINISH 4, KILL 5) and
// clusterdata_trace_format_v3.proto (2019: SUBMIT 0, SCHEDULE 3, EVICT 4, FINISH 6,
// KILL 7); docs/trace-sources.md §1.2 and §2.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { emptyFields, EventLifecycle, type EventKind, type Run } from "../../traces/readers/event-lifecycle.ts";
import type { JobRecord, MachineRecord, TaskRecord, TaskStatus } from "../../traces/canonical/trace-record.ts";
import { convertAndRead, scratchDir } from "./helpers.ts";

/** [submit, start, end, status] of each run, in submit order (seconds of canonical time). */
type RunShape = [number, number | null, number | null, string];
const shape = (r: TaskRecord | JobRecord): RunShape => [r.time / 1e6, r.start === null ? null : r.start / 1e6, r.end === null ? null : r.end / 1e6, r.status];

// The example, raw seconds: SUBMIT 700, SCHEDULE 710, EVICT 800, SUBMIT 800,
// SCHEDULE 820, FINISH 900 → canonical (raw − 600 s) two runs: evicted 100→110→200,
// then resubmitted at 200, started 220, finished 300. Before: three runs (one never
// ending, one phantom evicted run with no start).
const EXPECTED: RunShape[] = [
  [100, 110, 200, "evicted"],
  [200, 220, 300, "finished"],
];

test("google-2019 instance_events: EVICT and SUBMIT at 800 s are two runs, evicted then finished", async () => {
  const dir = scratchDir();
  const ev = (t: number, type: number) => JSON.stringify({ time: String(t * 1e6), type: String(type), collection_id: "42", instance_index: "0", priority: "200" });
  // Export order is arbitrary; the reader's sort breaks the 800 s tie by code, SUBMIT (0) before EVICT (4).
  const input = join(dir, "instance_events-000000000000.json");
  writeFileSync(input, [ev(900, 6), ev(800, 0), ev(700, 0), ev(820, 3), ev(800, 4), ev(710, 3)].join("\n") + "\n");
  const c = await convertAndRead("google-2019", [input]);
  const runs = c.records.filter((r): r is TaskRecord => r.type === "task");
  assert.equal(runs.map(shape), EXPECTED);
  assert.ok(runs.every((r) => r.id === "42/0"));
});

test("google-2019 collection_events: a job killed and resubmitted at the same µs is two runs", async () => {
  const dir = scratchDir();
  const ev = (t: number, type: number) => JSON.stringify({ time: String(t * 1e6), type: String(type), collection_id: "7", priority: "200", user: "u" });
  const input = join(dir, "collection_events-000000000000.json");
  // SUBMIT 700, SCHEDULE 710, KILL 800, SUBMIT 800, SCHEDULE 820, FINISH 900.
  writeFileSync(input, [ev(800, 0), ev(800, 7), ev(700, 0), ev(710, 3), ev(820, 3), ev(900, 6)].join("\n") + "\n");
  const c = await convertAndRead("google-2019", [input]);
  const jobs = c.records.filter((r): r is JobRecord => r.type === "job");
  assert.equal(jobs.map(shape), [
    [100, 110, 200, "killed"],
    [200, 220, 300, "finished"],
  ]);
});

test("google-2011 task_events: the same-µs EVICT and SUBMIT apply end first, whatever the row order", async () => {
  const dir = scratchDir();
  mkdirSync(join(dir, "task_events"));
  const row = (t: number, code: number) => `${t * 1e6},,100,0,${code === 0 ? "" : "77"},${code},alice,2,9,0.125,0.0625,0.001,0`;
  const input = join(dir, "task_events/part-00000-of-00001.csv");
  // Time-sorted as the shards are, the 800 s rows in the order that broke it (SUBMIT first).
  writeFileSync(input, [row(700, 0), row(710, 1), row(800, 0), row(800, 2), row(820, 1), row(900, 4)].join("\n") + "\n");
  const c = await convertAndRead("google-2011", [input]);
  assert.equal(c.records.filter((r): r is TaskRecord => r.type === "task").map(shape), EXPECTED);
});

test("google-2011 job_events: time-0 SUBMITs all before time-0 SCHEDULEs (as in shard 0) still pair up; a same-µs FINISH + SUBMIT is two runs", async () => {
  const dir = scratchDir();
  mkdirSync(join(dir, "job_events"));
  const row = (t: number, job: number, code: number) => `${t * 1e6},,${job},${code},alice,2,name,logical`;
  const input = join(dir, "job_events/part-00000-of-00001.csv");
  writeFileSync(
    input,
    [row(0, 1, 0), row(0, 2, 0), row(0, 1, 1), row(0, 2, 1), row(800, 1, 0), row(800, 1, 4), row(810, 1, 1), row(900, 1, 4)].join("\n") + "\n",
  );
  const c = await convertAndRead("google-2011", [input]);
  const jobs = c.records.filter((r): r is JobRecord => r.type === "job");
  // Time 0 stays at 0 (initial state); 800 s raw → 200 s.
  assert.equal(
    jobs.map((j) => [j.id, ...shape(j)]),
    [
      ["1", 0, 0, 200, "finished"],
      ["2", 0, 0, null, "running"],
      ["1", 200, 210, 300, "finished"],
    ],
  );
});

// Alibaba's tables carry no event codes to tie on: machine_meta rows of one machine at
// one time_stamp keep the publisher's file order (schema.txt: one row per status change).
test("alibaba-2018 machine_meta: two rows of one machine at one time_stamp are one add and one update, in file order", async () => {
  const dir = scratchDir();
  const input = join(dir, "machine_meta.csv");
  writeFileSync(input, "m_1,0,219,17,96,100,IMPORT_INSTALLING\nm_1,0,219,17,96,100,USING\nm_2,0,220,17,96,100,USING\n");
  const c = await convertAndRead("alibaba-2018", [input]);
  const m1 = c.records.filter((r): r is MachineRecord => r.type === "machine" && r.id === "m_1");
  assert.equal(m1.map((r) => [r.event, r.attributes["status"]]), [
    ["add", "IMPORT_INSTALLING"],
    ["update", "USING"],
  ]);
});

/** Runs one instant's events through EventLifecycle in the given order; returns the runs. */
function runsOf(events: Array<[number, EventKind, TaskStatus]>): RunShape[] {
  const out: Run[] = [];
  const l = new EventLifecycle((r) => out.push({ ...r }));
  for (const [t, kind, status] of events) l.event("t", "j", t * 1e6, false, kind, status, emptyFields());
  l.finish();
  return out.sort((a, b) => a.submit - b.submit).map((r) => [r.submit / 1e6, r.start === null ? null : r.start / 1e6, r.end === null ? null : r.end / 1e6, r.status]);
}

function permutations<T>(xs: T[]): T[][] {
  if (xs.length <= 1) return [xs];
  return xs.flatMap((x, i) => permutations([...xs.slice(0, i), ...xs.slice(i + 1)]).map((p) => [x, ...p]));
}

test("EventLifecycle: every arrival order of one instant's events gives the same runs", () => {
  const S: [EventKind, TaskStatus] = ["submit", "pending"];
  const R: [EventKind, TaskStatus] = ["schedule", "running"];
  const cases: Array<{ before: Array<[number, EventKind, TaskStatus]>; at: Array<[EventKind, TaskStatus]>; runs: RunShape[] }> = [
    // Running, then EVICT + SUBMIT + SCHEDULE at 10: evicted run, new run started at 10.
    { before: [[1, ...S], [2, ...R]], at: [["end", "evicted"], S, R], runs: [[1, 2, 10, "evicted"], [10, 10, null, "running"]] },
    // Pending, then KILL + SUBMIT + SCHEDULE at 10: the pending run is killed, the new one starts.
    { before: [[1, ...S]], at: [["end", "killed"], S, R], runs: [[1, null, 10, "killed"], [10, 10, null, "running"]] },
    // Nothing open: SUBMIT + SCHEDULE + FINISH at 10 is one run of zero length.
    { before: [], at: [S, R, ["end", "finished"]], runs: [[10, 10, 10, "finished"]] },
    // Pending, then SCHEDULE + FINISH at 10: that run, started and finished at 10.
    { before: [[1, ...S]], at: [R, ["end", "finished"]], runs: [[1, 10, 10, "finished"]] },
    // Running, UPDATE_RUNNING + FINISH + SUBMIT + UPDATE_PENDING at 10.
    { before: [[1, ...S], [2, ...R]], at: [["update", "running"], ["end", "finished"], S, ["update", "pending"]], runs: [[1, 2, 10, "finished"], [10, null, null, "pending"]] },
  ];
  for (const c of cases) {
    for (const order of permutations(c.at)) {
      const got = runsOf([...c.before, ...order.map(([k, s]) => [10, k, s] as [number, EventKind, TaskStatus])]);
      assert.equal(got, c.runs, `${JSON.stringify(c.before)} then ${JSON.stringify(order)}`);
    }
  }
});

test.run();
