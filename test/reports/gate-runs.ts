// Helpers for the tests of `expect` and `mesosim compare`: one tiny experiment whose
// figures are worked by hand, run in process through `mesosim run`'s own code.
//
// Three tasks of role `web` (framework `web`, made for the role), each 2 cpus and
// 512 MB for 10 s, all submitted at 0, on one agent:
// - `cpus:2` (run A): one at a time, launched at 0, 10, 20: waits [0, 10, 20];
//   T = 30 s, cpus allocated 2 of 2 throughout → utilization.cpus.mean 1.
// - `cpus:4` (run B, `--set cluster.agents.0.resources=cpus:4;mem:4096`): two at 0,
//   the third at 10 when both end: waits [0, 0, 10]; T = 20 s, cpus 4 of 4 over
//   [0, 10) and 2 of 4 over [10, 20) → mean (4·10 + 2·10) / (4·20) = 0.75.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { runCommand } from "../../cli/commands/run.ts";
import { S, task, writeTrace } from "../sim/helpers.ts";
import { scratchDir } from "./record-stream.ts";

export const WIDE = "cluster.agents.0.resources=cpus:4;mem:4096";

/** Writes the trace and an experiment file (with `expect` when given) into a fresh directory. */
export function tinyExperiment(expect?: readonly unknown[], name = "e.json"): { dir: string; path: string } {
  const dir = scratchDir();
  const trace = writeTrace([task(0, "t1", "web", 2, 512, 10 * S), task(0, "t2", "web", 2, 512, 10 * S), task(0, "t3", "web", 2, 512, 10 * S)]);
  const path = join(dir, name);
  writeFileSync(
    path,
    JSON.stringify({
      format: "mesosim-experiment/1",
      name: "tiny",
      cluster: { agents: [{ count: 1, resources: "cpus:2;mem:4096", id: "a" }] },
      workload: [{ trace }],
      ...(expect === undefined ? {} : { expect }),
    }),
  );
  return { dir, path };
}

export interface Outcome {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** `mesosim run PATH --out OUT [--set …] [--json]` in process. */
export async function runTiny(path: string, out: string, opts: { set?: string[]; json?: boolean } = {}): Promise<Outcome> {
  let stdout = "";
  let stderr = "";
  const code = await runCommand(
    { experiment: path, out, set: opts.set ?? [], json: opts.json ?? false, progress: false },
    (t) => (stdout += t),
    (t) => (stderr += t),
  );
  return { code, stdout, stderr };
}
