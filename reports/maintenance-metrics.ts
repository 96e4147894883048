// The maintenance and oversubscription part of the reports (docs/report-format.md,
// `failures.maintenance`, `failures.oversubscription`, and the revocable columns of
// timeseries.csv), from the record stream alone (sim/records/maintenance-records.ts).
// The MetricsRecorder hands it the maintenance records, plus what it needs of its
// own: a task's end (with its cpus and last launch), an offer's end, an agent's
// removal, and one scope's columns at each sample.
//
// Integrals (revocable cpu-seconds used and lent) are exact: the state they
// integrate changes only at the records handed here, so it is integrated over the
// gap at each of them. Memory: outstanding inverse offers and revocable offers,
// running revocable tasks, lending agents, and the causes announced for the next
// end of a task or an offer (each consumed at once).
import { REPORTED_RESOURCES, type Amounts } from "../sim/records/run-records.ts";
import type { InverseOfferEnd, MaintenanceMode, RescindCause, TaskStopCause } from "../sim/records/maintenance-records.ts";
import { toMilli } from "../allocators/resources/quantities.ts";
import type { CsvCell } from "./csv-stream.ts";
import { roundSignificant } from "./round-significant.ts";

/** The resources with revocable columns in timeseries.csv, by index into REPORTED_RESOURCES. */
const REVOCABLE = ["cpus", "mem"] as const;
const IDX = REVOCABLE.map((n) => REPORTED_RESOURCES.indexOf(n));
const CPUS = REPORTED_RESOURCES.indexOf("cpus");

export const REVOCABLE_COLUMNS = REVOCABLE.flatMap((n) => [`${n}_revocable_total`, `${n}_revocable_allocated`, `${n}_revocable_offered`]);

export interface MaintenanceSummary {
  /** Agents a posted schedule made DRAINING. */
  readonly agentsScheduled: number;
  /** Agents drained (DRAIN_AGENT). */
  readonly agentsDrained: number;
  /** Agents taken down (`/machine/down`), and of them marked gone by their drain. */
  readonly agentsDown: number;
  readonly agentsGone: number;
  /** Machines brought back up. */
  readonly agentsUp: number;
  readonly inverseOffers: { readonly sent: number; readonly accepted: number; readonly declined: number; readonly rescinded: number; readonly timedOut: number };
  /** Tasks killed by a drain, and tasks on a machine taken down with them. */
  readonly tasksDrained: number;
  readonly tasksDown: number;
  /** Run time those tasks lost: Σ (end − last launch) × cpus, cpu-seconds. */
  readonly workLostCpuSeconds: number;
  /** Offers rescinded by a schedule, a drain or a machine going down. */
  readonly offersRescinded: number;
}

export interface OversubscriptionSummary {
  /** ∫ revocable cpus held by tasks dt, and ∫ revocable cpus the agents lent dt (cpu-seconds). */
  readonly revocableCpuSeconds: number;
  readonly lentCpuSeconds: number;
  /** Launches that took revocable resources. */
  readonly revocableTasksLaunched: number;
  /** Revocable tasks killed by the QoS controller, and the run time they lost (cpu-seconds). */
  readonly revocableKills: number;
  readonly workLostCpuSeconds: number;
  /** Offers rescinded because their agent's revocable resources changed. */
  readonly offersRescinded: number;
  /** Estimator reports the master received (changes of an agent's revocable resources). */
  readonly estimates: number;
}

export interface FailuresSummary {
  readonly maintenance: MaintenanceSummary;
  readonly oversubscription: OversubscriptionSummary;
}

/** Revocable allocated and offered of one scope, milli-units, REVOCABLE order. */
class RevocableHeld {
  readonly allocated = new Float64Array(REVOCABLE.length);
  readonly offered = new Float64Array(REVOCABLE.length);
}

interface Holding {
  readonly amounts: Amounts;
  readonly scopes: readonly RevocableHeld[];
}

function add(into: Float64Array, a: Amounts, sign: 1 | -1): void {
  for (let k = 0; k < IDX.length; k++) into[k] = (into[k] as number) + sign * toMilli(a[IDX[k] as number] ?? 0);
}

const cell = (milli: number): string => String(roundSignificant(milli / 1000));

export class MaintenanceMetrics {
  private readonly modes: Record<MaintenanceMode, number> = { draining: 0, drain: 0, down: 0, gone: 0, up: 0 };
  private readonly inverse = { sent: 0, accepted: 0, declined: 0, rescinded: 0, timedOut: 0 };
  private readonly outstandingInverse = new Set<number>();
  private readonly stopped: Record<TaskStopCause, number> = { drain: 0, down: 0, qos: 0 };
  private readonly rescinded: Record<RescindCause, number> = { maintenance: 0, drain: 0, down: 0, revocable: 0 };
  /** Work lost, milli-cpu × µs, by the side it counts to. */
  private lostMaintenance = 0;
  private lostQos = 0;
  private readonly taskCause = new Map<string, TaskStopCause>();
  private readonly offerCause = new Map<number, RescindCause>();

  private readonly lent = new Map<string, Amounts>();
  private readonly lentTotal = new Float64Array(REVOCABLE.length);
  private readonly cluster = new RevocableHeld();
  private readonly scopes = new Map<string, RevocableHeld>();
  private readonly tasks = new Map<string, Holding>();
  private readonly offers = new Map<number, Holding>();
  private revocableLaunches = 0;
  private estimates = 0;
  /** ∫ revocable cpus held / lent, milli-cpu × µs, up to `at`. */
  private usedIntegral = 0;
  private lentIntegral = 0;
  private at = 0;

  agentMaintenance(mode: MaintenanceMode): void {
    this.modes[mode]++;
  }

  inverseOfferMade(id: number): void {
    this.inverse.sent++;
    this.outstandingInverse.add(id);
  }

  inverseOfferEnded(id: number, how: InverseOfferEnd): boolean {
    if (!this.outstandingInverse.delete(id)) return false;
    this.inverse[how]++;
    return true;
  }

  taskEndCause(task: string, cause: TaskStopCause): void {
    this.taskCause.set(task, cause);
  }

  offerRescindCause(offer: number, cause: RescindCause): void {
    this.offerCause.set(offer, cause);
  }

  /** A task took revocable resources (`launched`: a launch, not a task taken back from its returning agent); `role` and `framework` name its scopes. */
  taskRevocable(time: number, task: string, role: string, framework: string, amounts: Amounts, launched: boolean): void {
    this.integrate(time);
    const h: Holding = { amounts, scopes: [this.cluster, this.scope(`r ${role}`), this.scope(`f ${framework}`)] };
    this.tasks.set(task, h);
    for (const s of h.scopes) add(s.allocated, amounts, 1);
    if (launched) this.revocableLaunches++;
  }

  offerRevocable(offer: number, role: string, framework: string, amounts: Amounts): void {
    const h: Holding = { amounts, scopes: [this.cluster, this.scope(`r ${role}`), this.scope(`f ${framework}`)] };
    this.offers.set(offer, h);
    for (const s of h.scopes) add(s.offered, amounts, 1);
  }

  agentRevocable(time: number, agent: string, amounts: Amounts): void {
    this.integrate(time);
    const before = this.lent.get(agent);
    if (before !== undefined) add(this.lentTotal, before, -1);
    add(this.lentTotal, amounts, 1);
    this.lent.set(agent, amounts);
    this.estimates++;
  }

  agentRemoved(time: number, agent: string): void {
    const before = this.lent.get(agent);
    if (before === undefined) return;
    this.integrate(time);
    add(this.lentTotal, before, -1);
    this.lent.delete(agent);
  }

  /** A task stopped holding resources: `cpus` it requested, `launch` its last launch (µs). */
  taskEnded(time: number, task: string, cpus: number, launch: number): void {
    const h = this.tasks.get(task);
    if (h !== undefined) {
      this.integrate(time);
      for (const s of h.scopes) add(s.allocated, h.amounts, -1);
      this.tasks.delete(task);
    }
    const cause = this.taskCause.get(task);
    if (cause === undefined) return;
    this.taskCause.delete(task);
    this.stopped[cause]++;
    const lost = toMilli(cpus) * (time - launch);
    if (cause === "qos") this.lostQos += lost;
    else this.lostMaintenance += lost;
  }

  offerEnded(offer: number): void {
    // Called for every offer of the run, nearly all of them neither revocable nor rescinded.
    if (this.offers.size === 0 && this.offerCause.size === 0) return;
    const h = this.offers.get(offer);
    if (h !== undefined) {
      for (const s of h.scopes) add(s.offered, h.amounts, -1);
      this.offers.delete(offer);
    }
    const cause = this.offerCause.get(offer);
    if (cause === undefined) return;
    this.offerCause.delete(offer);
    this.rescinded[cause]++;
  }

  /** The revocable cells of one timeseries row (`REVOCABLE_COLUMNS`); empty while no agent lends that resource. */
  seriesCells(scope: "cluster" | "role" | "framework", name: string): CsvCell[] {
    const s = scope === "cluster" ? this.cluster : this.scopes.get(`${scope === "role" ? "r" : "f"} ${name}`);
    const row: CsvCell[] = [];
    for (let k = 0; k < REVOCABLE.length; k++) {
      const total = this.lentTotal[k] as number;
      if (total <= 0) row.push("", "", "");
      else row.push(scope === "cluster" ? cell(total) : "", cell(s?.allocated[k] ?? 0), cell(s?.offered[k] ?? 0));
    }
    return row;
  }

  summary(end: number): FailuresSummary {
    this.integrate(end);
    const cpuSeconds = (milliMicros: number): number => milliMicros / 1e9;
    return {
      maintenance: {
        agentsScheduled: this.modes.draining,
        agentsDrained: this.modes.drain,
        agentsDown: this.modes.down + this.modes.gone,
        agentsGone: this.modes.gone,
        agentsUp: this.modes.up,
        inverseOffers: { ...this.inverse },
        tasksDrained: this.stopped.drain,
        tasksDown: this.stopped.down,
        workLostCpuSeconds: cpuSeconds(this.lostMaintenance),
        offersRescinded: this.rescinded.maintenance + this.rescinded.drain + this.rescinded.down,
      },
      oversubscription: {
        revocableCpuSeconds: cpuSeconds(this.usedIntegral),
        lentCpuSeconds: cpuSeconds(this.lentIntegral),
        revocableTasksLaunched: this.revocableLaunches,
        revocableKills: this.stopped.qos,
        workLostCpuSeconds: cpuSeconds(this.lostQos),
        offersRescinded: this.rescinded.revocable,
        estimates: this.estimates,
      },
    };
  }

  private scope(key: string): RevocableHeld {
    let s = this.scopes.get(key);
    if (s === undefined) this.scopes.set(key, (s = new RevocableHeld()));
    return s;
  }

  private integrate(time: number): void {
    const dt = time - this.at;
    if (dt <= 0) return;
    const k = IDX.indexOf(CPUS);
    this.usedIntegral += (this.cluster.allocated[k] as number) * dt;
    this.lentIntegral += (this.lentTotal[k] as number) * dt;
    this.at = time;
  }
}
