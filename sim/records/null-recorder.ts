// A `RunRecorder` that keeps nothing: every call of the record stream is accepted
// and dropped. The simulator makes the same calls with the same arguments as for
// any other recorder (it never asks what a recorder does with them), so a run
// with this recorder is the run without its reports: `npm run bench` times
// `Simulator/GoogleDay` with it and with reports/'s MetricsRecorder to measure what
// accumulating the metrics costs (bench/simulator.ts, docs/simulator.md).
import type { RunRecorder } from "./run-records.ts";

/** Every method of `RunRecorder` (and of `MaintenanceRecords`), doing nothing. */
export class NullRecorder implements RunRecorder {
  runStarted(): void {}
  agentAdded(): void {}
  agentUpdated(): void {}
  agentRemoved(): void {}
  roleWeight(): void {}
  frameworkRegistered(): void {}
  frameworkRemoved(): void {}
  frameworkDecided(): void {}
  taskSubmitted(): void {}
  taskLaunched(): void {}
  taskRunning(): void {}
  taskEnded(): void {}
  taskAbandoned(): void {}
  taskRecovered(): void {}
  offerMade(): void {}
  offerEnded(): void {}
  offerOperation(): void {}
  failureBegan(): void {}
  agentLost(): void {}
  agentBack(): void {}
  event(): void {}
  runEnded(): void {}
  agentMaintenance(): void {}
  inverseOfferMade(): void {}
  inverseOfferEnded(): void {}
  taskEndCause(): void {}
  offerRescindCause(): void {}
  taskRevocable(): void {}
  offerRevocable(): void {}
  agentRevocable(): void {}
}
