// Agents that crash or are cut off by a partition, and what the master does about
// it (src/master/master.cpp; src/slave/slave.cpp), on the kernel's events:
//
// - A crash breaks the agent's socket: `Master::exited` → `disconnect(slave)`: the
//   agent is deactivated in the allocator, its offers rescinded, and the tasks of
//   frameworks that do not checkpoint are lost at once (TASK_LOST,
//   REASON_SLAVE_DISCONNECTED, `removeFramework(Slave*, Framework*)`). A timer of
//   `agentReregisterTimeout` starts. Checkpointed executors wait `recoveryTimeout`
//   for the agent to restart, then end themselves.
// - A partition breaks nothing the master sees: offers are still made for the
//   agent; launches sent to it never arrive, and its tasks' status updates wait on
//   it.
// - Health checks (agent-health.ts): after `maxAgentPingTimeouts` unanswered pings
//   in a row the agent is marked unreachable, through the removal rate limiter.
// - Marking unreachable (`markUnreachable`, `__removeSlave`): the allocator forgets
//   the agent first, its tasks go TASK_UNREACHABLE (PARTITION_AWARE frameworks) or
//   TASK_LOST, its offers are rescinded. The copies of those tasks still running on
//   the agent are kept here ("orphans").
// - When the agent is back (restart, heal): a disconnected one re-registers as known
//   (`reconcileKnownSlave`: launches that never arrived are TASK_DROPPED/TASK_LOST,
//   tasks whose executors ended are TASK_GONE/TASK_LOST, held updates are delivered);
//   an unreachable one is re-admitted with its tasks (`__reregisterSlave`), which are
//   not killed (MESOS-7215): each framework takes back a copy of a task it still
//   wants, and the others are shut down.
import { RESOURCE_KIND, Resources } from "../../allocators/resources/resources.ts";
import { EventPriority } from "../kernel/event-priority.ts";
import type { EventKind } from "../kernel/event-kind.ts";
import type { TaskStatusReason } from "../frameworks/framework-model.ts";
import { amountsOf } from "../master/amounts.ts";
import type { SimAgent, SimFramework, SimTask } from "../master/master-records.ts";
import type { TaskEndState } from "../records/run-records.ts";
import { AgentFailureState, type Orphan } from "./agent-failure-state.ts";
import { AgentHealth } from "./agent-health.ts";
import type { FailureContext } from "./failure-context.ts";

export interface AgentFailureCallbacks {
  /** An agent was added to the (possibly new) allocator holding these frameworks' tasks: they must be known to it. */
  frameworksOnAgent(frameworks: ReadonlySet<SimFramework>): void;
  /** The framework's incarnation (-1 while removed): a task's copy from another one is shut down where it reappears. */
  incarnation(fw: SimFramework): number;
}

export class AgentFailures {
  private readonly states = new Map<SimAgent, AgentFailureState>();
  private readonly kRestart: EventKind<AgentFailureState>;
  private readonly kHeal: EventKind<AgentFailureState>;
  private readonly health: AgentHealth;
  private readonly kExecutorsExpire: EventKind<AgentFailureState>;
  private readonly kRejoin: EventKind<AgentFailureState>;

  constructor(
    private readonly ctx: FailureContext,
    private readonly callbacks: AgentFailureCallbacks,
  ) {
    const e = ctx.events;
    this.kRestart = e.kind("agent-restart", EventPriority.MACHINE, (st) => this.restart(st));
    this.kHeal = e.kind("partition-heal", EventPriority.MACHINE, (st) => this.heal(st));
    this.health = new AgentHealth(ctx, (st) => this.present(st), (st, cause) => this.markUnreachable(st, cause));
    this.kExecutorsExpire = e.kind("agent-recovery-timeout", EventPriority.MACHINE, (st, crash) => this.executorsExpire(st, crash));
    this.kRejoin = e.kind("agent-rejoin", EventPriority.MACHINE, (st) => {
      if (st.agent.status === "unreachable" && !st.agent.cutOff && st.slot === null && this.present(st)) this.readmit(st);
    });
  }

  /** The agent's failure state (made when first asked for, pinged from now). */
  state(agent: SimAgent): AgentFailureState {
    let st = this.states.get(agent);
    if (st === undefined) this.states.set(agent, (st = new AgentFailureState(agent, this.ctx.sim.now)));
    return st;
  }

  /** An agent registered (the workload added it): the master pings it from now. */
  added(agent: SimAgent): void {
    this.state(agent).pingEpoch = this.ctx.sim.now;
  }

  get busy(): boolean {
    return this.ctx.limiter.busy;
  }

  // ---- failures ---------------------------------------------------------------------

  /** The agent's process crashes; it restarts `restartAfter` µs later (null: never). */
  crash(agent: SimAgent, cause: string, restartAfter: number | null, recoveryTimeout: number): void {
    const st = this.state(agent);
    const now = this.ctx.sim.now;
    st.down = true;
    st.crashes++;
    this.cutOff(st, cause);
    if (restartAfter !== null) this.ctx.events.schedule(now + restartAfter, this.kRestart, st);
    this.ctx.events.schedule(now + recoveryTimeout, this.kExecutorsExpire, st, st.crashes);
    // Executors of frameworks that do not checkpoint end with the agent process.
    for (const t of agent.tasks) if (!t.framework.spec.checkpoint && !st.lost.has(t)) st.dead.add(t);
    if (agent.status === "registered") this.disconnect(st, cause);
  }

  /** A partition cuts the agent off; it heals `healAfter` µs later (null: never). */
  partition(agent: SimAgent, cause: string, healAfter: number | null): void {
    const st = this.state(agent);
    st.partitioned = true;
    this.cutOff(st, cause);
    if (healAfter !== null) this.ctx.events.schedule(this.ctx.sim.now + healAfter, this.kHeal, st);
  }

  private cutOff(st: AgentFailureState, cause: string): void {
    st.cause = cause;
    st.agent.cutOff = true;
    this.health.cutOff(st);
  }

  /** `Master::exited` for an agent: `disconnect(slave)`, and non-checkpointing frameworks' tasks lost. */
  private disconnect(st: AgentFailureState, cause: string): void {
    const { master, mi } = this.ctx;
    const agent = st.agent;
    mi.sync();
    agent.status = "disconnected";
    master.allocator.deactivateAgent(agent.id);
    for (const offer of [...agent.offers]) mi.rescind(offer, true, cause);
    for (const t of [...agent.tasks]) {
      if (t.framework.spec.checkpoint) continue;
      st.dead.delete(t);
      st.held.delete(t);
      master.endTask(t, "TASK_LOST", true, "REASON_SLAVE_DISCONNECTED", cause);
    }
    this.health.startReregisterTimer(st);
    mi.touch(agent);
    mi.changed();
    mi.afterEvent("agent-disconnected");
  }

  /** Whether the agent is still the master's (the workload may have removed it meanwhile). */
  present(st: AgentFailureState): boolean {
    return this.ctx.master.agents.get(st.agent.id) === st.agent;
  }

  private restart(st: AgentFailureState): void {
    st.down = false;
    if (this.present(st)) this.back(st);
  }

  private heal(st: AgentFailureState): void {
    st.partitioned = false;
    if (this.present(st)) this.back(st);
  }

  private executorsExpire(st: AgentFailureState, crash: number): void {
    if (!st.down || st.crashes !== crash || !this.present(st)) return;
    // `--recovery_timeout` passed: the executors that waited for the agent end themselves.
    for (const t of st.agent.tasks) if (!st.held.has(t) && !st.lost.has(t)) st.dead.add(t);
    st.orphans = st.orphans.filter((o) => o.endsAt !== null && o.endsAt <= this.ctx.sim.now);
  }

  /** The agent can talk to the master again. */
  private back(st: AgentFailureState): void {
    if (st.down || st.partitioned) return;
    const agent = st.agent;
    const now = this.ctx.sim.now;
    agent.cutOff = false;
    this.health.back(st);
    switch (agent.status) {
      case "registered":
        // The partition healed before the master gave up on it: pongs resume, and
        // what waited on the agent is reconciled.
        this.deliver(st);
        return;
      case "disconnected":
        this.reregisterKnown(st);
        return;
      case "unreachable":
        this.rejoin(st);
        return;
      case "recovering":
        if (st.slot !== null && st.slot <= now) this.reregisterRecovered(st);
        return;
    }
  }

  /**
   * An unreachable agent that can talk to the master again re-registers once it
   * notices that the master has stopped pinging it: `agentPingTimeout ×
   * maxAgentPingTimeouts` after the last ping it got (`Slave::pingTimeout`), at once
   * if that is past.
   */
  private rejoin(st: AgentFailureState): void {
    if (st.slot !== null) return;
    const s = this.ctx.settings;
    const due = st.lastPing + s.maxAgentPingTimeouts * s.agentPingTimeout;
    if (due <= this.ctx.sim.now) this.readmit(st);
    else this.ctx.events.schedule(due, this.kRejoin, st);
  }

  /** `Master::markUnreachable` → `__removeSlave`, outside a master failover. */
  markUnreachable(st: AgentFailureState, cause: string): void {
    const { master, mi, recorder } = this.ctx;
    const agent = st.agent;
    const now = this.ctx.sim.now;
    st.lastPing = this.health.lastAnswered(st, now);
    this.health.forget(st);
    mi.sync();
    master.allocator.removeAgent(agent.id);
    agent.status = "unreachable";
    st.lostTo = cause;
    for (const t of [...agent.tasks]) this.loseTask(st, t, t.framework.partitionAware ? "TASK_UNREACHABLE" : "TASK_LOST", cause, "REASON_SLAVE_REMOVED");
    for (const offer of [...agent.offers]) mi.rescind(offer, false, cause);
    for (const o of master.observers) o.agentLost?.(agent);
    recorder.agentLost(now, agent.id, cause);
    this.settle(st);
    mi.touch(agent);
    mi.changed();
    mi.afterEvent("agent-unreachable");
    // Marked in the race with its pong: it is back already, and re-registers when it notices.
    if (!agent.cutOff) this.rejoin(st);
  }

  /**
   * The task is lost to its framework with `state`: a copy that still runs on the
   * agent is kept as an orphan (the agent does not kill it), and the task ends.
   */
  loseTask(st: AgentFailureState, task: SimTask, state: TaskEndState, cause: string, reason: TaskStatusReason): void {
    const now = this.ctx.sim.now;
    if (!st.lost.has(task) && !st.dead.has(task)) {
      const since = task.runningSince >= 0 ? task.runningSince : now;
      const endsAt = st.held.has(task) ? now : task.duration === null ? null : since + task.duration;
      st.orphans.push({ task, resources: task.resources as Resources, runningSince: since, endsAt, incarnation: this.callbacks.incarnation(task.framework) });
    }
    st.held.delete(task);
    st.lost.delete(task);
    st.dead.delete(task);
    this.ctx.master.endTask(task, state, false, reason, cause);
  }

  /**
   * An unreachable agent leaves the records (`agentRemoved`) once no task of it is
   * alive there: at its marking, or, after a master failover, once every framework
   * has learnt of its tasks.
   */
  settle(st: AgentFailureState): void {
    if (!st.inRecords || st.agent.status !== "unreachable" || st.agent.tasks.size > 0 || !this.present(st)) return;
    st.inRecords = false;
    this.ctx.recorder.agentRemoved(this.ctx.sim.now, st.agent.id);
  }

  /** The current master stops pinging the agent (it marked it, or another master leads). */
  forgetPings(st: AgentFailureState): void {
    this.health.forget(st);
  }

  /** A disconnected agent re-registers with the master that knows it (`reconcileKnownSlave`). */
  private reregisterKnown(st: AgentFailureState): void {
    const { master, mi } = this.ctx;
    mi.sync();
    st.agent.status = "registered";
    this.health.stopReregisterTimer(st);
    master.allocator.activateAgent(st.agent.id);
    mi.touch(st.agent);
    mi.wake();
    for (const o of master.observers) o.agentReregistered?.(st.agent, false);
    this.deliver(st);
  }

  /** An agent the new master knows from its registry re-registers after a master failover. */
  reregisterRecovered(st: AgentFailureState): void {
    st.slot = null;
    this.admit(st);
    this.deliver(st);
  }

  /** An unreachable agent re-registers (`__reregisterSlave`): re-admitted with its tasks (MESOS-7215). */
  readmit(st: AgentFailureState): void {
    const { mi, recorder } = this.ctx;
    const agent = st.agent;
    const now = this.ctx.sim.now;
    st.slot = null;
    if (!st.inRecords) {
      recorder.agentAdded(now, agent.id, amountsOf(agent.total), agent.attributesText);
      // Its total still holds what it last lent (sim/oversubscription/).
      if ((agent.total.kinds() & RESOURCE_KIND.revocable) !== 0) recorder.agentRevocable(now, agent.id, amountsOf(agent.total.revocable()));
    }
    st.inRecords = true;
    recorder.agentBack(now, agent.id, st.lostTo);
    // Its tasks come back with it. Each framework takes back the copy of a task it
    // still wants (pending: not relaunched yet) if it fits; the others are shut down.
    let held = this.heldBy(agent);
    const adopted: Orphan[] = [];
    for (const o of st.orphans) {
      const t = o.task;
      if (this.callbacks.incarnation(t.framework) !== o.incarnation || t.state !== "pending") continue;
      if (!agent.total.contains(held.plus(o.resources.unallocate()))) continue;
      if (mi.model(t.framework).taskReappeared?.(t) !== true) continue;
      held = held.plus(o.resources.unallocate());
      adopted.push(o);
    }
    st.orphans = [];
    for (const o of adopted) {
      mi.resumeTask(o.task, agent, o.resources, o.runningSince, o.endsAt);
      recorder.taskRecovered(now, o.task.id, agent.id);
      if ((o.resources.kinds() & RESOURCE_KIND.revocable) !== 0) recorder.taskRevocable(now, o.task.id, amountsOf(o.resources.revocable()));
    }
    this.admit(st);
    this.deliver(st);
  }

  /** What the agent's tasks hold, untagged. */
  private heldBy(agent: SimAgent): Resources {
    let held = Resources.EMPTY;
    for (const t of agent.tasks) held = held.plus((t.resources as Resources).unallocate());
    return held;
  }

  /** Adds the agent to the allocator with what its tasks hold, and starts pinging it. */
  private admit(st: AgentFailureState): void {
    const { master, mi } = this.ctx;
    const agent = st.agent;
    mi.sync();
    agent.status = "registered";
    st.pingEpoch = this.ctx.sim.now;
    st.cuts = [];
    const used = new Map<string, Resources>();
    const frameworks = new Set<SimFramework>();
    for (const t of agent.tasks) {
      const r = t.resources as Resources;
      used.set(t.framework.name, used.get(t.framework.name)?.plus(r) ?? r);
      frameworks.add(t.framework);
    }
    master.allocator.addAgent(agent.id, agent.attributesText === "" ? { resources: agent.total } : { resources: agent.total, attributes: agent.attributesText }, used);
    this.callbacks.frameworksOnAgent(frameworks);
    mi.touch(agent);
    mi.triggered();
    mi.changed();
    for (const o of master.observers) o.agentReregistered?.(agent, true);
    mi.afterEvent("agent-reregistered");
  }

  /**
   * What waited on the agent reaches the master now that it talks to it again: the
   * updates of tasks that ended meanwhile, launches that never arrived
   * (TASK_DROPPED, or TASK_LOST to frameworks that are not partition-aware:
   * `Slave::reregistered`), and tasks whose executors ended while it was down
   * (TASK_GONE or TASK_LOST: `Slave::reregisterExecutorTimeout`).
   */
  private deliver(st: AgentFailureState): void {
    const { master } = this.ctx;
    const agent = st.agent;
    const live = (t: SimTask) => t.agent === agent && (t.state === "staging" || t.state === "running");
    const held = [...st.held];
    const lost = [...st.lost];
    const dead = [...st.dead];
    st.held.clear();
    st.lost.clear();
    st.dead.clear();
    for (const t of held) if (live(t)) master.endTask(t, t.endState);
    for (const t of lost) if (live(t)) master.endTask(t, t.framework.partitionAware ? "TASK_DROPPED" : "TASK_LOST", true, "REASON_RECONCILIATION", st.cause);
    for (const t of dead) if (live(t)) master.endTask(t, t.framework.partitionAware ? "TASK_GONE" : "TASK_LOST", true, "REASON_EXECUTOR_REREGISTRATION_TIMEOUT", st.cause);
  }

  // ---- the master's hooks -------------------------------------------------------------

  taskEndHeld(task: SimTask): void {
    const st = this.state(task.agent as SimAgent);
    // A task whose executor already ended does not finish.
    if (!st.dead.has(task)) st.held.add(task);
  }

  launchLost(task: SimTask): void {
    this.state(task.agent as SimAgent).lost.add(task);
  }

  /** The workload removes an agent the master has not registered: its copies and the tasks left on it are gone. */
  absentAgentRemoved(agent: SimAgent): void {
    const { master, mi, recorder } = this.ctx;
    const st = this.state(agent);
    this.health.forget(st);
    st.orphans = [];
    st.slot = null;
    for (const t of [...agent.tasks]) {
      st.held.delete(t);
      master.endTask(t, t.framework.partitionAware ? "TASK_GONE" : "TASK_LOST", false);
    }
    master.agents.delete(agent.id);
    this.states.delete(agent);
    if (st.inRecords) recorder.agentRemoved(this.ctx.sim.now, agent.id);
    mi.changed();
  }

  /** The workload changes an agent the master has not registered: it re-registers as it then is. */
  absentAgentUpdated(agent: SimAgent, total: Resources | null, attributes: string | null): void {
    const { master, recorder } = this.ctx;
    if (attributes !== null) agent.attributesText = attributes;
    if (total === null) return;
    // As `Master::updateAgent`: tasks that no longer fit are lost, newest first.
    const tasks = [...agent.tasks];
    let held = this.heldBy(agent);
    for (let i = tasks.length - 1; i >= 0 && !total.contains(held); i--) {
      const t = tasks[i] as SimTask;
      held = held.minus((t.resources as Resources).unallocate());
      this.state(agent).held.delete(t);
      master.endTask(t, t.framework.partitionAware ? "TASK_GONE" : "TASK_LOST", false);
    }
    agent.total = total;
    const st = this.state(agent);
    if (st.inRecords) recorder.agentUpdated(this.ctx.sim.now, agent.id, amountsOf(total));
    this.settle(st);
  }

  /** Every agent the master pings, for a new master (master-failover.ts). */
  all(): IterableIterator<AgentFailureState> {
    return this.states.values();
  }
}
