// Turns each workload source of an experiment into a canonical trace the run can
// stream: a canonical trace is used as it is; raw source files are converted through
// the same readers as `mesosim trace convert` (streamed, ordered by the external
// sort in bounded memory); a `mesosim-synth/1` spec is generated from the run's seed
// (seed `<run seed>/workload/<index>`, so adding a source never shifts another).
// Converted and generated traces go to `scratch`, which the caller removes.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { DEFAULT_REFERENCE_MACHINE, parseReferenceMachine } from "../../traces/canonical/reference-machine.ts";
import { convertTrace } from "../../traces/convert-trace.ts";
import { synthesizeTrace } from "../../traces/synth/synthesize-trace.ts";
import type { Experiment } from "../experiment/experiment.ts";
import type { WorkloadInput } from "./workload-stream.ts";

export async function prepareWorkload(ex: Experiment, scratch: string): Promise<WorkloadInput[]> {
  const inputs: WorkloadInput[] = [];
  for (let i = 0; i < ex.workload.length; i++) {
    const s = ex.workload[i] as Experiment["workload"][number];
    switch (s.kind) {
      case "trace":
        inputs.push({ path: s.path, options: s });
        break;
      case "raw": {
        const out = join(scratch, `workload-${i}.jsonl`);
        await convertTrace({
          format: s.from,
          inputs: s.paths,
          out,
          reference: s.referenceMachine === null ? DEFAULT_REFERENCE_MACHINE : parseReferenceMachine(s.referenceMachine),
          table: s.table ?? undefined,
          tmpDir: scratch,
        });
        inputs.push({ path: out, options: s });
        break;
      }
      case "synth": {
        let specPath = s.path;
        if (specPath === null) {
          specPath = join(scratch, `workload-${i}.synth.json`);
          writeFileSync(specPath, JSON.stringify(s.spec));
        }
        const out = join(scratch, `workload-${i}.jsonl`);
        await synthesizeTrace({ specPath, seed: `${ex.seed}/workload/${i}`, out });
        inputs.push({ path: out, options: s });
        break;
      }
    }
  }
  return inputs;
}
