// What `mesosim run` prints on a terminal: the summary as a few plain tables.
// `--json` prints `summaryJson(summary)` instead (report-summary.ts), the same text
// as summary.json. Display numbers carry 3 significant digits; the files keep 6.
import { expectLabel } from "./expect.ts";
import type { LatencySummary, ReportSummary } from "./report-summary.ts";
import { type Cell, label, show, table } from "./text-table.ts";

type Failures = ReportSummary["failures"];

/** Some figure of `part` (maintenance or oversubscription) is not 0: that part happened. */
function anyFigure(part: object): boolean {
  return Object.values(part).some((v) => (typeof v === "number" ? v !== 0 : typeof v === "object" && v !== null && anyFigure(v)));
}

/**
 * What failures, maintenance and oversubscription did (summary.failures), when the
 * run had any: a table of the failures (all, then each cause) and a line each for
 * maintenance and oversubscription. `tasks lost` adds up every end a failure caused
 * (TASK_LOST and TASK_DROPPED, TASK_UNREACHABLE, TASK_GONE, killed with a removed
 * framework), which summary.json keeps apart.
 */
function failureLines(f: Failures): string[] {
  const out: string[] = [];
  if (f.events > 0) {
    type Row = Failures["causes"][number] | Failures;
    const row = (name: string, c: Row): Cell[] => [
      name, c.events, c.agents.lost, c.agents.back, c.tasks.lost + c.tasks.unreachable + c.tasks.gone + c.tasks.killed, c.tasks.relaunched,
      c.workLostCpuSeconds, c.timeToRecover.p50, c.timeToRecover.max, c.timeToRecover.unrecovered,
    ];
    out.push(
      table(
        ["failures", "events", "agents lost", "back", "tasks lost", "relaunched", "work lost (cpu·s)", "recover p50 (s)", "max", "unrecovered"],
        [row("all", f), ...f.causes.map((c) => row(c.cause, c))],
      ),
    );
    out.push(`tasks lost: every end a failure caused (TASK_LOST, TASK_UNREACHABLE, TASK_GONE, killed); ${f.tasks.recovered} taken back from returning agents; ${f.offersRescinded} offers rescinded`);
  }
  const m = f.maintenance;
  if (anyFigure(m)) {
    out.push(
      `maintenance: agents ${m.agentsScheduled} scheduled, ${m.agentsDrained} drained, ${m.agentsDown} down (${m.agentsGone} gone), ${m.agentsUp} up; ` +
        `tasks ${m.tasksDrained} drained, ${m.tasksDown} taken down; work lost ${show(m.workLostCpuSeconds)} cpu·s; ` +
        `${m.inverseOffers.sent} inverse offers (${m.inverseOffers.accepted} accepted, ${m.inverseOffers.declined} declined)`,
    );
  }
  const o = f.oversubscription;
  if (anyFigure(o)) {
    out.push(
      `oversubscription: ${show(o.revocableCpuSeconds)} of ${show(o.lentCpuSeconds)} revocable cpu·s lent used; ${o.revocableTasksLaunched} revocable launches, ` +
        `${o.revocableKills} revocable kills (work lost ${show(o.workLostCpuSeconds)} cpu·s)`,
    );
  }
  return out;
}

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
  const failures = failureLines(s.failures);
  if (failures.length > 0) {
    out.push("");
    out.push(...failures);
  }
  if (s.expect.length > 0) {
    out.push("");
    out.push(table(["expect", "min", "max", "value", "result"], s.expect.map((e) => [label(expectLabel(e)), e.min ?? null, e.max ?? null, e.value, e.passed ? "passed" : "FAILED"])));
  }
  return `${out.join("\n")}\n`;
}
