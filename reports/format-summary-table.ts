// What `mesosim run` prints on a terminal: the summary as a few plain tables.
// `--json` prints `summaryJson(summary)` instead (report-summary.ts), the same text
// as summary.json. Display numbers carry 3 significant digits; the files keep 6.
import { expectLabel } from "./expect.ts";
import type { LatencySummary, ReportSummary } from "./report-summary.ts";
import { type Cell, label, show, table } from "./text-table.ts";

function waitRow(label: string, l: LatencySummary): Cell[] {
  const w = l.wait;
  return [label, w.mean, w.p50, w.p90, w.p99, w.max, w.count, l.jobWait.mean, l.jobComplete.mean, l.slowdown.mean];
}

export function formatSummaryTable(s: ReportSummary): string {
  const out: string[] = [];
  out.push(`run ${label(s.name)} (seed ${s.seed}): ${show(s.simulatedSeconds)} s simulated, ${s.events} events, digest ${s.digest}`);
  out.push(`agents: ${s.cluster.agents.max} at most, ${s.cluster.agents.end} at the end`);
  out.push("");
  const t = s.tasks;
  out.push(
    table(
      ["tasks", "submitted", "launched", "finished", "failed", "killed", "lost", "abandoned", "pending", "running"],
      [["all", t.submitted, t.launched, t.finished, t.failed, t.killed, t.lost, t.abandoned, t.pendingAtEnd, t.runningAtEnd]],
    ),
  );
  out.push("");
  const resources = Object.entries(s.utilization);
  if (resources.length > 0) {
    out.push(table(["utilization", "mean", "offered", "idle", "stranded", "p50", "p95"], resources.map(([name, u]) => [name, u.mean, u.offeredMean, u.idleMean, u.strandedMean, u.p50, u.p95])));
    out.push("");
  }
  out.push(`fairness: Jain's index mean ${show(s.fairness.jain.mean)}, min ${show(s.fairness.jain.min)}`);
  out.push("");
  out.push(
    table(
      ["wait (s)", "mean", "p50", "p90", "p99", "max", "count", "job wait", "job complete", "slowdown"],
      [
        waitRow("all", s.latency),
        ...s.roles.map((r) => waitRow(`role ${label(r.role)}`, r.latency)),
        ...s.frameworks.map((f) => waitRow(`framework ${label(f.name)}`, f.latency)),
      ],
    ),
  );
  out.push("");
  out.push(
    table(
      ["role", "weight", "share mean", "share max", "entitled", "deficit", "starved (s)", "to fair share (s)"],
      s.roles.map((r) => [label(r.role), r.weight, r.shareMean, r.shareMax, r.entitlementMean, r.deficitMean, r.starvedSeconds, r.timeToFairShareSeconds]),
    ),
  );
  out.push("");
  out.push(
    table(
      ["framework", "model", "offers", "accepted", "declined", "launched", "attempts", "busyness"],
      s.frameworks.map((f) => [label(f.name), label(f.model), f.offersReceived, f.offersAccepted, f.offersDeclined, f.tasksLaunched, f.attempts, f.busyness]),
    ),
  );
  const o = s.latency.offers;
  out.push(`offers: ${o.made} made, ${o.accepted} accepted, ${o.declined} declined, ${o.rescinded} rescinded, ${o.timedOut} timed out; held ${show(o.decisionSeconds)} s on average before an answer`);
  if (s.expect.length > 0) {
    out.push("");
    out.push(table(["expect", "min", "max", "value", "result"], s.expect.map((e) => [label(expectLabel(e)), e.min ?? null, e.max ?? null, e.value, e.passed ? "passed" : "FAILED"])));
  }
  return `${out.join("\n")}\n`;
}
