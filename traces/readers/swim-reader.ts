// SWIM Facebook Hadoop workloads (SWIMProjectUCB/SWIM workloadSuite): headerless
// TSV, one job per line: name, submit time (s), gap to previous (s), map input
// bytes, shuffle bytes, reduce output bytes (+ 2 path columns in the
// `withInputPaths` variant). Schema: docs/trace-sources.md §10 (from SWIM's
// GenerateReplayScript.java).
//
// SWIM has no tasks or resources, so they are modelled, and the model is stated
// here and in docs/traces.md rather than hidden:
// - map tasks = max(1, ceil(input / 64 MiB)), SWIM's own block size;
// - reduce tasks = ceil(shuffle / 64 MiB), none when there is no shuffle;
// - each task asks for one Hadoop slot: 1 core, 1024 MiB;
// - a map runs 1 s + its input share at 32 MiB/s; a reduce 1 s + its share of
//   shuffle + output at 16 MiB/s.
import { BadField, fieldCountError, requiredNumber, requiredString } from "../input/bad-field.ts";
import type { TaskRecord } from "../canonical/trace-record.ts";
import { publishedName } from "./published-name.ts";
import { forEachLine, type TraceReader } from "./trace-reader.ts";

const MIB = 1024 * 1024;
const BLOCK = 64 * MIB;
const MAP_RATE = 32 * MIB;
const REDUCE_RATE = 16 * MIB;
const SLOT = { cpus: 1, mem: 1024, disk: 0, gpus: 0 };

const EXTENSIONS = [".tsv", ".tsv.gz"];

export const swimReader: TraceReader = {
  format: "swim",
  tables: ["jobs"],
  sourceTimeOriginUs: 0,
  extensions: EXTENSIONS,
  content: "tsv",
  // One table per workload; SWIM's workloadSuite names them `FB-2009_samples_….tsv`.
  recognise: (path) => (publishedName(path, EXTENSIONS) === null ? null : "jobs"),

  async read(inputs, ctx) {
    for (const input of inputs) {
      await forEachLine(input.path, ctx, (line) => {
        const x = line.split("\t");
        if (x.length !== 6 && x.length !== 8) {
          throw fieldCountError("6 (or 8 with paths)", x.length, "a SWIM job");
        }
        const job = requiredString(x, 0, "job name");
        const submit = requiredNumber(x, 1, "submit time");
        if (submit < 0) throw new BadField(2, "submit time", `negative time ${submit}`);
        requiredNumber(x, 2, "inter-job gap");
        const input = requiredNumber(x, 3, "map input bytes");
        const shuffle = requiredNumber(x, 4, "shuffle bytes");
        const output = requiredNumber(x, 5, "reduce output bytes");
        for (const [i, v] of [[3, input], [4, shuffle], [5, output]] as const) {
          if (v < 0) throw new BadField(i + 1, ["map input bytes", "shuffle bytes", "reduce output bytes"][i - 3] as string, `negative request: ${v}`);
        }
        const time = Math.round(submit * 1e6);
        ctx.emit({
          type: "job",
          time,
          id: job,
          initial: false,
          role: "hadoop",
          user: null,
          name: null,
          start: null,
          end: null,
          status: "finished",
          priority: null,
        });
        const maps = Math.max(1, Math.ceil(input / BLOCK));
        ctx.emit(task(job, "map", time, maps, 1 + input / maps / MAP_RATE));
        const reduces = Math.ceil(shuffle / BLOCK);
        if (reduces > 0) ctx.emit(task(job, "reduce", time, reduces, 1 + (shuffle + output) / reduces / REDUCE_RATE));
      });
    }
  },
};

function task(job: string, kind: string, time: number, instances: number, seconds: number): TaskRecord {
  return {
    type: "task",
    time,
    id: `${job}/${kind}`,
    job,
    initial: false,
    role: "hadoop",
    user: null,
    instances,
    start: null,
    end: null,
    duration: Math.round(seconds * 1e6),
    status: "finished",
    request: { ...SLOT },
    priority: null,
    constraints: [],
    machine: null,
  };
}
