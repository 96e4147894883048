// Turns each workload source of an experiment into a canonical trace the run can
// stream: a canonical trace is used as it is; raw source files are converted through
// the same readers as `mesosim trace convert` (streamed, ordered by the external
// sort in bounded memory); a `mesosim-synth/1` spec is generated from the run's seed
// (seed `<run seed>/workload/<index>`, so adding a source never shifts another).
// Converted and generated traces go to `scratch`, which the caller removes.
import { join } from "node:path";
import { DEFAULT_REFERENCE_MACHINE, parseReferenceMachine } from "../../traces/canonical/reference-machine.ts";
import { convertTrace } from "../../traces/convert-trace.ts";
import type { SynthSpec } from "../../traces/synth/synth-spec.ts";
import { synthesizeTrace } from "../../traces/synth/synthesize-trace.ts";
import type { KeyPath } from "../../common/source-document.ts";
import { dottedKeyPath } from "../../common/validation.ts";
import type { Experiment } from "../experiment/experiment.ts";
import type { WorkloadInput } from "./workload-stream.ts";

/**
 * The canonical trace of each source, in order. `describe` names a key path of the
 * experiment file (`e.yaml:7:5: workload.1.synth`, load-experiment.ts), so that an
 * inline synth spec's errors point into the experiment; without it they name
 * `workload.N.synth` alone. Bad input is an InputError (exit 2).
 */
export async function prepareWorkload(ex: Experiment, scratch: string, describe: (path: KeyPath) => string = dottedKeyPath): Promise<WorkloadInput[]> {
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
        const out = join(scratch, `workload-${i}.jsonl`);
        const seed = `${ex.seed}/workload/${i}`;
        if (s.path !== null) await synthesizeTrace({ specPath: s.path, seed, out });
        else await synthesizeTrace({ inline: { spec: s.spec as SynthSpec, describe: (path) => describe(["workload", i, "synth", ...path]) }, seed, out });
        inputs.push({ path: out, options: s });
        break;
      }
    }
  }
  return inputs;
}
