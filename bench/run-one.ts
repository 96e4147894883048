// Runs one allocator benchmark instance in its own process, so that its peak
// RSS is its own and running out of memory ends only this instance. Started by
// bench/main.ts; prints the Mesos-shaped lines and sends the result back over IPC.
//
//   node --import tsx bench/run-one.ts NAME PARAMS-JSON OPTIONS-JSON
import { allocatorBenchmark } from "./allocator/index.ts";
import { cycleCpuMs, median } from "./allocator/harness.ts";
import type { BenchResult } from "./allocator/harness.ts";

export interface ChildMessage {
  readonly result: BenchResult;
  /** Peak resident set size of this process, bytes (`getrusage` ru_maxrss). */
  readonly peakRssBytes: number;
  /** CPU ms of each allocation cycle (see `cycleCpuMs`), and their median. */
  readonly cycleCpuMs: readonly number[];
  readonly medianCycleCpuMs: number | null;
}

const [name, paramsJson, optionsJson] = process.argv.slice(2);
if (name === undefined || paramsJson === undefined) {
  console.error("usage: run-one.ts NAME PARAMS-JSON [OPTIONS-JSON]");
  process.exit(2);
}
const options = JSON.parse(optionsJson ?? "{}") as { seed?: number; maxRounds?: number };
const bench = allocatorBenchmark(name);
const result = bench.run(JSON.parse(paramsJson) as Record<string, number | string | boolean>, {
  log: (line) => console.log(line),
  ...(options.seed === undefined ? {} : { seed: options.seed }),
  ...(options.maxRounds === undefined ? {} : { maxRounds: options.maxRounds }),
});
const message: ChildMessage = {
  result,
  peakRssBytes: process.resourceUsage().maxRSS * 1024,
  cycleCpuMs,
  medianCycleCpuMs: cycleCpuMs.length === 0 ? null : median(cycleCpuMs),
};
if (process.send !== undefined) process.send(message, () => process.exit(0));
else console.log(JSON.stringify(message));
