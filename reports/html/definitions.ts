// What each figure of report.html means, shown on hover (a `title` attribute):
// the definitions of docs/report-format.md ("Units and definitions" and "How each
// metric is computed"), shortened to a sentence or two. A figure without an entry
// here has no hover text; test/reports/report-html.test.ts checks that every
// figure of the headline table has one.
const WAIT = "A task's wait is launch − submit (launch: the ACCEPT that launched it; a relaunch after a loss counts from the loss), in seconds of simulated time.";

export const DEFINITIONS: Readonly<Record<string, string>> = {
  // Run
  simulatedSeconds: "The run's simulated span T, in seconds: the time of its last event.",
  events: "Kernel events run (lines of the event log).",
  agentsMax: "The most agents registered at once.",
  agentsEnd: "Agents registered at the end of the run.",
  digest: "SHA-256 of the event log: the same experiment and seed give the same digest.",
  // Tasks (summary.tasks)
  submitted: "Tasks submitted. submitted = finished + failed + killed + lost + abandoned + pending + running at the end.",
  launched: "Tasks launched at least once (a relaunch after a loss is not counted again).",
  finished: "Tasks that ended TASK_FINISHED.",
  failed: "Tasks that ended TASK_FAILED.",
  killed: "Tasks that ended TASK_KILLED.",
  lost: "Tasks that ended TASK_LOST, TASK_GONE, TASK_UNREACHABLE or TASK_DROPPED and were not requeued.",
  abandoned: "Tasks their framework gave up on while pending (abandonAfter).",
  pendingAtEnd: "Tasks still pending when the run ended.",
  runningAtEnd: "Tasks staging or running when the run ended.",
  // Latency
  wait: WAIT,
  "wait.mean": `Mean wait over launches. ${WAIT}`,
  "wait.p50": `Median wait (d3-array quantile, R-7: linear interpolation between the closest ranks). ${WAIT}`,
  "wait.p90": `90th percentile of the waits (R-7). ${WAIT}`,
  "wait.p99": `99th percentile of the waits (R-7). ${WAIT}`,
  "wait.max": `Longest wait. ${WAIT}`,
  "wait.count": "Launches (a task relaunched after a loss waits again).",
  jobWait: "A job's wait: from its first submit to its first task's launch (jobs are tasks sharing a job name).",
  jobComplete: "From a job's first submit to its last task's end, for jobs whose tasks all ended.",
  slowdown: "Per finished job, (complete − submit) / max(run time, 1 s): 1 is no delay.",
  offersMade: "Offers made by the allocator.",
  offersAccepted: "Offers answered with an ACCEPT.",
  offersDeclined: "Offers answered with a DECLINE.",
  offersRescinded: "Offers the master took back before an answer.",
  offersTimedOut: "Offers that timed out (master.offerTimeout) before an answer.",
  decisionSeconds: "Mean time an offer was held before its answer (accepted or declined), in seconds.",
  attempts: "Offers a task was examined on and did not fit before its launch, per launch.",
  // Utilization (summary.utilization.<resource>)
  total: "The resource's total over the registered agents at the end of the run.",
  "utilization.mean": "Time average of allocated / total: what running and staging tasks hold (exact integral over event times).",
  "utilization.offeredMean": "Time average of offered / total: what outstanding offers locked up.",
  "utilization.idleMean": "Time average of idle / total, idle = total − allocated − offered.",
  "utilization.strandedMean": "Time average of the idle part of the resource on agents where some other resource's idle amount is below the minimum allocatable, so it cannot be used.",
  "utilization.p50": "Median of allocated / total over the samples of timeseries.csv.",
  "utilization.p95": "95th percentile of allocated / total over the samples of timeseries.csv.",
  // Fairness
  "jain.mean": "Jain's index (Σx)² / (n·Σx²) of the active roles' weighted dominant shares, time-averaged over the time with at least two active roles: 1 is perfectly even.",
  "jain.min": "The lowest Jain's index at any event with at least two active roles.",
  weight: "The role's weight: its dominant share is divided by it before DRF compares roles.",
  shareMean: "Time average of the role's dominant share: max over resources of (allocated + offered) / total, as Mesos's DRF sorter counts it.",
  shareMax: "The role's largest dominant share at any event.",
  entitlementMean: "Time average of the role's entitlement: its weighted max-min fair dominant share among the active roles, capped by its demand (progressive filling, DRF paper).",
  deficitMean: "Time average of the deficit, max(0, entitlement − dominant share).",
  starvedSeconds: "Time with pending tasks and a deficit above half the entitlement, in seconds.",
  timeToFairShareSeconds: "From the role becoming active until its share first reaches 0.9 × its entitlement, mean over episodes, in seconds.",
  // Failures (summary.failures, per kind of failure: the cause)
  "failures.events": "Failures of the experiment's `failures` list that happened.",
  "failures.agents.lost": "Agents the master marked unreachable because of a failure.",
  "failures.agents.back": "Agents lost to a failure that re-registered.",
  "failures.tasks.lost": "Tasks a failure ended TASK_LOST or TASK_DROPPED (each loss counts, requeued or not).",
  "failures.tasks.unreachable": "Tasks a failure ended TASK_UNREACHABLE (partition-aware frameworks).",
  "failures.tasks.gone": "Tasks a failure ended TASK_GONE (their executors ended while their agent was down).",
  "failures.tasks.killed": "Tasks the master killed because a failure removed their framework.",
  "failures.tasks.relaunched": "Tasks lost to a failure that their framework launched again.",
  "failures.tasks.recovered": "Tasks their framework took back when their agent came back with them still running (MESOS-7215).",
  "failures.workLostCpuSeconds": "cpus × run time of the task copies failures threw away, in cpu-seconds (given back when a copy is recovered).",
  "failures.timeToRecover.p50": "Median, over the failures that put tasks back to pending, of the time until every one of them ran again, in seconds.",
  "failures.timeToRecover.max": "Longest time from a failure until every task it put back to pending ran again, in seconds.",
  "failures.timeToRecover.unrecovered": "Failures with a task that never ran again (given up, abandoned, or pending at the end).",
  "failures.offersRescinded": "Offers rescinded because of a failure (an agent or framework gone, a master failover).",
  failures: "A figure of summary.failures.maintenance or .oversubscription: maintenance (inverse offers, drained tasks, machines down) and oversubscription (revocable resources lent, used and killed), as docs/report-format.md defines each.",
  // Frameworks (frameworks.csv)
  name: "The framework's name.",
  model: "The framework model that schedules it.",
  roles: "The roles it subscribes to.",
  offersReceived: "Offers made to the framework.",
  "framework.attempts": "Offers its tasks were examined on and did not fit before their launches, summed over its launches.",
  tasksLaunched: "Launches it made (relaunches included).",
  busyness: "The fraction of the run the framework spent deciding (sum of decision times over T, as the Omega paper measures scheduler busyness).",
  waitMean: `Mean wait of its launches. ${WAIT}`,
  waitP50: "Median wait of its launches (R-7).",
  waitP90: "90th percentile wait of its launches (R-7).",
  waitP99: "99th percentile wait of its launches (R-7).",
  waitMax: "Longest wait of its launches.",
  waitCount: "Its launches.",
};

/** The definition of `key`, or "" when there is none. */
export function definition(key: string): string {
  return DEFINITIONS[key] ?? "";
}
