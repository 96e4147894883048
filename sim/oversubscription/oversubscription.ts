// Oversubscription (docs/experiment-format.md, `oversubscription`; Mesos's
// apache/mesos docs/oversubscription.md): agents lend revocable resources, the master offers
// them to REVOCABLE_RESOURCES frameworks, and the QoS controller takes them back.
//
// - Each lending agent (the `agents` selector, checked as it registers) polls its
//   estimator every `interval` from its registration on, and reports what its
//   revocable tasks hold plus the estimate (`Slave::_forwardOversubscribed`) only
//   when that differs from its last report; it also reports when it registers.
// - On a report the master replaces the agent's revocable resources in its total,
//   updates the allocator (`updateAgent` with `revocable`), then rescinds the agent's
//   outstanding offers that hold revocable resources, and only those
//   (`Master::updateSlave`).
// - The `load` QoS controller kills every revocable task of an agent as soon as a
//   load average exceeds its threshold (`Slave::_qosCorrections`): TASK_GONE to a
//   PARTITION_AWARE framework, TASK_LOST to others (REASON_CONTAINER_PREEMPTED). The
//   batch model runs them again.
//
// Polls that cannot change the report are not made: an estimate depends only on the
// agent's tasks and their use, so after each change on an agent the estimate is
// recomputed, and a poll is scheduled (at the agent's next poll time) only when it
// differs from the last report. The reports, and their times, are those of polling
// every interval.
import { Quantities, toMilli } from "../../allocators/resources/quantities.ts";
import { parseResources } from "../../allocators/resources/resource-parse.ts";
import { RESOURCE_KIND, Resources } from "../../allocators/resources/resources.ts";
import type { EventKind } from "../kernel/event-kind.ts";
import { EventPriority } from "../kernel/event-priority.ts";
import type { EventHandle } from "../kernel/event-queue.ts";
import type { Simulation } from "../kernel/simulation.ts";
import { amountsOf } from "../master/amounts.ts";
import type { Master } from "../master/master.ts";
import type { SimAgent, SimTask } from "../master/master-records.ts";
import type { MasterObserver } from "../master/master-observer.ts";
import type { RunRecorder } from "../records/run-records.ts";
import type { UsageRecord } from "../../traces/canonical/trace-record.ts";
import { agentMatches } from "../maintenance/agent-selector.ts";
import { makeEstimator, oversubscribed, type EstimatorView, type ResourceEstimator } from "./estimator.ts";
import type { OversubscriptionSettings } from "./oversubscription-schema.ts";
import { LoadAverage, LoadQosController } from "./qos-controller.ts";
import { TaskUsage } from "./task-usage.ts";

const hasRevocable = (r: Resources): boolean => (r.kinds() & RESOURCE_KIND.revocable) !== 0;

/** What one task adds to its agent's figures (milli-units). */
interface Share {
  /** Cpus it uses (the agent's load). */
  readonly used: number;
  /** Cpus it holds and does not use (non-revocable tasks only: the estimator's slack). */
  readonly slack: number;
  /** Revocable resources it holds, or null for a non-revocable task. */
  readonly revocable: Quantities | null;
}

/** An agent that runs an estimator (and the QoS controller). */
class Lender implements EstimatorView {
  readonly allocatedRevocable: Quantities;
  slackCpus = 0;
  totalCpus = 0;
  /** The last report (`Quantities.toString()` of the revocable total), "" for none. */
  reported = "";
  lastPoll = -1;
  poll: EventHandle | undefined = undefined;
  qos: EventHandle | undefined = undefined;
  revocableTasks = 0;
  /** The last load tick at which the QoS controller looked. */
  checked = 0;
  readonly shares = new Map<SimTask, Share>();
  readonly load: LoadAverage;

  constructor(
    readonly agent: SimAgent,
    /** Its registration time: it polls at phase + k × interval. */
    readonly phase: number,
  ) {
    this.allocatedRevocable = new Quantities();
    this.load = new LoadAverage(phase);
    this.totalCpus = toMilli(agent.total.nonRevocable().scalar("cpus"));
  }

  /** For the event log. */
  get label(): string {
    return this.agent.id;
  }
}

export class OversubscriptionController implements MasterObserver {
  readonly usage: TaskUsage;
  private readonly estimator: ResourceEstimator;
  private readonly qos: LoadQosController | null;
  private readonly lenders = new Map<SimAgent, Lender>();
  private readonly kPoll: EventKind<Lender>;
  private readonly kQos: EventKind<Lender>;

  constructor(
    private readonly sim: Simulation,
    private readonly master: Master,
    private readonly recorder: RunRecorder,
    private readonly settings: OversubscriptionSettings,
  ) {
    this.estimator = makeEstimator(settings.estimator);
    this.qos = settings.qos === null ? null : new LoadQosController(settings.qos);
    this.usage = new TaskUsage(settings.usageModel.cpusFraction, (task, before) => this.usageChanged(task, before));
    this.kPoll = sim.defineKind<Lender>("estimator-poll", EventPriority.MACHINE, (l) => {
      l.poll = undefined;
      l.lastPoll = this.sim.now;
      this.report(l);
      this.master.eventDone("estimator-poll");
    });
    this.kQos = sim.defineKind<Lender>("qos-correction", EventPriority.MACHINE, (l) => {
      l.qos = undefined;
      this.correct(l);
      this.master.eventDone("qos-correction");
    });
    master.observers.push(this);
  }

  /** A usage record of the workload. */
  usageRecord(r: UsageRecord): void {
    this.usage.record(r);
  }

  // ---- MasterObserver ----

  agentAdded(agent: SimAgent): void {
    if (!agentMatches(this.settings.agents, agent)) return;
    const l = new Lender(agent, this.sim.now);
    this.lenders.set(agent, l);
    // The agent reports its oversubscribed resources when it registers (from the
    // poll it made on starting); its next poll is one interval on.
    l.lastPoll = this.sim.now;
    this.report(l);
  }

  agentUpdated(agent: SimAgent): void {
    const l = this.lenders.get(agent);
    if (l === undefined) return;
    l.totalCpus = toMilli(agent.total.nonRevocable().scalar("cpus"));
    this.changed(l);
  }

  /**
   * An agent that registers again sends its latest estimate (`Slave::reregistered`
   * forwards its oversubscribed resources): one its polls could not report while the
   * master did not have it reaches the master now.
   */
  agentReregistered(agent: SimAgent, _readded: boolean): void {
    const l = this.lenders.get(agent);
    if (l === undefined) return;
    this.report(l);
  }

  agentRemoved(agent: SimAgent): void {
    const l = this.lenders.get(agent);
    if (l === undefined) return;
    if (l.poll !== undefined) this.sim.cancel(l.poll);
    if (l.qos !== undefined) this.sim.cancel(l.qos);
    this.lenders.delete(agent);
  }

  taskStarted(task: SimTask): void {
    const l = this.lenders.get(task.agent as SimAgent);
    if (l === undefined) return;
    const held = task.resources as Resources;
    const revocable = hasRevocable(held) ? held.revocable().scalarQuantities() : null;
    const used = this.usage.cpus(task);
    const share: Share = { used, slack: revocable === null ? Math.max(0, toMilli(held.scalar("cpus")) - used) : 0, revocable };
    this.add(l, task, share);
    this.changed(l);
  }

  taskStopped(task: SimTask, agent: SimAgent): void {
    const l = this.lenders.get(agent);
    if (l === undefined) return;
    this.remove(l, task);
    this.changed(l);
  }

  // ---- the agent's figures ----

  private add(l: Lender, task: SimTask, s: Share): void {
    l.shares.set(task, s);
    l.slackCpus += s.slack;
    if (s.revocable !== null) {
      l.allocatedRevocable.add(s.revocable);
      l.revocableTasks++;
    }
    l.load.setLoad(this.sim.now, l.load.load + s.used);
  }

  private remove(l: Lender, task: SimTask): Share | undefined {
    const s = l.shares.get(task);
    if (s === undefined) return undefined;
    l.shares.delete(task);
    l.slackCpus -= s.slack;
    if (s.revocable !== null) {
      l.allocatedRevocable.subtract(s.revocable);
      l.revocableTasks--;
    }
    l.load.setLoad(this.sim.now, l.load.load - s.used);
    return s;
  }

  private usageChanged(task: SimTask, _before: number): void {
    if (task.agent === null) return;
    const l = this.lenders.get(task.agent);
    const old = l?.shares.get(task);
    if (l === undefined || old === undefined) return;
    this.remove(l, task);
    const used = this.usage.cpus(task);
    const held = task.resources as Resources;
    this.add(l, task, { used, slack: old.revocable === null ? Math.max(0, toMilli(held.scalar("cpus")) - used) : 0, revocable: old.revocable });
    this.changed(l);
  }

  /** Something the estimate or the load depends on changed at this agent. */
  private changed(l: Lender): void {
    if (l.poll === undefined && oversubscribed(this.estimator, l).toString() !== l.reported) {
      const interval = this.settings.interval;
      let next = l.phase + Math.ceil((this.sim.now - l.phase) / interval) * interval;
      if (next <= l.lastPoll) next += interval;
      l.poll = this.sim.schedule(next, this.kPoll, l);
    }
    this.scheduleQos(l);
  }

  // ---- the estimator's reports ----

  /** Polls the estimator; forwards the total when it differs from the last report. */
  private report(l: Lender): void {
    // An agent the master cannot hear or does not have registered (sim/failures/) reports later.
    if (l.agent.cutOff || !l.agent.inAllocator) return;
    const total = oversubscribed(this.estimator, l);
    const key = total.toString();
    if (key === l.reported) return;
    l.reported = key;
    const agent = l.agent;
    const now = this.sim.now;
    const revocable = key === "" ? Resources.EMPTY : Resources.of(parseResources(key).items.map((r) => r.withMeta({ revocable: true })));
    // Master::updateSlave: the total's revocable part replaced, the allocator told,
    // then the offers holding revocable resources rescinded.
    agent.total = agent.total.nonRevocable().plus(revocable);
    this.master.syncedAllocator().updateAgent(agent.id, { revocable });
    this.recorder.agentUpdated(now, agent.id, amountsOf(agent.total));
    this.recorder.agentRevocable(now, agent.id, amountsOf(revocable));
    this.master.rescindOffers(
      agent,
      (o) => this.recorder.offerRescindCause(now, o.id, "revocable"),
      (o) => hasRevocable(o.resources),
    );
    this.master.agentChanged(agent);
    this.master.allocationTriggered();
  }

  // ---- the QoS controller ----

  /** Schedules the agent's next correction: the first load tick not yet looked at where it will be overloaded. */
  private scheduleQos(l: Lender): void {
    if (this.qos === null) return;
    if (l.qos !== undefined) {
      this.sim.cancel(l.qos);
      l.qos = undefined;
    }
    if (l.revocableTasks === 0) return;
    const now = this.sim.now;
    l.load.advance(now);
    const k = this.qos.nextTick(l.load, Math.max(l.checked + 1, l.load.tickAtOrAfter(now)));
    if (k !== Infinity) l.qos = this.sim.schedule(l.load.timeOf(k), this.kQos, l);
  }

  /** The controller's corrections at a load tick: every revocable task killed if the agent is overloaded. */
  private correct(l: Lender): void {
    const qos = this.qos as LoadQosController;
    const now = this.sim.now;
    l.load.advance(now);
    l.checked = l.load.tick;
    if (!qos.overloaded(l.load)) {
      this.scheduleQos(l);
      return;
    }
    const victims = [...l.shares].filter(([, s]) => s.revocable !== null).map(([t]) => t);
    for (const task of victims) {
      this.recorder.taskEndCause(now, task.id, "qos");
      this.master.endTask(task, task.framework.partitionAware ? "TASK_GONE" : "TASK_LOST");
    }
  }
}
