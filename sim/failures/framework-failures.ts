// Frameworks whose scheduler fails over, and frameworks after a master failover
// (src/master/master.cpp):
//
// - Disconnection (`Master::_exited` → `disconnect(Framework*)` → `deactivate`): the
//   framework is deactivated in the allocator (its offer filters cleared, its share
//   kept), its offers are rescinded, and a timer of its `failoverTimeout`
//   (FrameworkInfo.failover_timeout, default 0) starts.
// - Back in time (`failoverFramework` → `_failoverFramework`): re-activated, offers
//   made again. Not back in time (`frameworkFailoverTimeout` → `removeFramework`):
//   removed; its tasks are killed (TASK_KILLED, REASON_FRAMEWORK_REMOVED) and it
//   registers anew when its scheduler comes back.
// - After a master failover no framework is known to the new master until it
//   re-subscribes, except that an agent re-registering with a framework's tasks makes
//   the master recover it inactive (`recoverFramework`: the allocator counts its tasks
//   from then on). Failover timeouts are not carried over (MESOS-4659).
// - A framework that (re-)subscribes has `reregistered` called on its model, which
//   reconciles and revives.
import type { Resources } from "../../allocators/resources/resources.ts";
import { EventPriority } from "../kernel/event-priority.ts";
import type { EventHandle } from "../kernel/event-queue.ts";
import type { EventKind } from "../kernel/event-kind.ts";
import type { SimAgent, SimFramework } from "../master/master-records.ts";
import type { FailureContext } from "./failure-context.ts";

/** The failure state of one framework, and the target of its events. */
export class FrameworkFailureState {
  readonly type = "framework";
  /** Its scheduler is down (it failed over and has not come back). */
  away = false;
  /** Removed by the master (failover timeout): it registers anew. */
  removed = false;
  /** Known to the current allocator (added, or recovered inactive from an agent). */
  known = true;
  /** Counts removals: a task's copy from before one belongs to the removed framework. */
  incarnation = 0;
  /** Counts disconnections, so that a stale failover timer does nothing. */
  disconnections = 0;
  failoverTimer: EventHandle | undefined = undefined;
  /** It reconciled with the current master: answers about its tasks reach it as the master learns them. */
  reconciling = false;
  cause = "";

  constructor(readonly fw: SimFramework) {}

  get id(): string {
    return this.fw.name;
  }
}

export class FrameworkFailures {
  private readonly states = new Map<SimFramework, FrameworkFailureState>();
  private readonly kReconnect: EventKind<FrameworkFailureState>;
  private readonly kFailoverTimeout: EventKind<FrameworkFailureState>;
  private readonly kSubscribe: EventKind<FrameworkFailureState>;

  /** `tasksEnded(agent)`: tasks of an agent the master had marked unreachable ended (agent-failures.ts `settle`). */
  constructor(
    private readonly ctx: FailureContext,
    private readonly tasksEnded: (agent: SimAgent) => void,
  ) {
    const e = ctx.events;
    this.kReconnect = e.kind("framework-reconnect", EventPriority.FRAMEWORK, (st) => {
      st.away = false;
      this.subscribe(st);
    });
    this.kFailoverTimeout = e.kind("framework-failover-timeout", EventPriority.FRAMEWORK, (st, n) => {
      if (st.disconnections === n) st.failoverTimer = undefined;
      if (st.disconnections === n && !st.fw.connected && !st.removed) this.remove(st);
    });
    this.kSubscribe = e.kind("framework-resubscribe", EventPriority.FRAMEWORK, (st) => {
      if (!st.away) this.subscribe(st);
    });
  }

  state(fw: SimFramework): FrameworkFailureState {
    let st = this.states.get(fw);
    if (st === undefined) this.states.set(fw, (st = new FrameworkFailureState(fw)));
    return st;
  }

  /**
   * The framework's incarnation: it changes when the master removes it, and a copy of
   * a task from an earlier incarnation is shut down where it reappears. -1 while it
   * is removed.
   */
  incarnation(fw: SimFramework): number {
    const st = this.states.get(fw);
    return st === undefined ? 0 : st.removed ? -1 : st.incarnation;
  }

  /** Whether answers about the framework's tasks reach it when the master learns them (it reconciled). */
  reconciling(fw: SimFramework): boolean {
    return this.states.get(fw)?.reconciling === true;
  }

  /** The framework's scheduler fails over; it re-subscribes `reconnectAfter` µs later (null: never). */
  failover(fw: SimFramework, cause: string, reconnectAfter: number | null): void {
    const st = this.state(fw);
    const now = this.ctx.sim.now;
    st.away = true;
    st.cause = cause;
    if (reconnectAfter !== null) this.ctx.events.schedule(now + reconnectAfter, this.kReconnect, st);
    if (!fw.connected) return;
    const { master, mi } = this.ctx;
    mi.sync();
    fw.connected = false;
    st.reconciling = false;
    if (st.known) master.allocator.deactivateFramework(fw.name);
    for (const offers of fw.callbacks) for (const offer of offers) mi.rescind(offer, true, cause);
    for (const offer of fw.deciding ?? []) mi.rescind(offer, true, cause);
    // Calls it made while deciding never left: it asks again when it subscribes, and
    // its new instance's calls go at once (the old decision's answer still comes).
    fw.deferredCalls.length = 0;
    fw.deferCalls = false;
    st.disconnections++;
    st.failoverTimer = this.ctx.events.schedule(now + fw.spec.failoverTimeout, this.kFailoverTimeout, st, st.disconnections);
    mi.changed();
    mi.afterEvent("framework-disconnected");
  }

  /** `Master::removeFramework`: its tasks killed, the allocator forgets it. */
  private remove(st: FrameworkFailureState): void {
    const { master, mi, recorder } = this.ctx;
    const fw = st.fw;
    mi.sync();
    st.removed = true;
    st.incarnation++;
    const unreachable = new Set<SimAgent>();
    for (const t of [...fw.tasks]) {
      if (t.agent?.status === "unreachable") unreachable.add(t.agent);
      master.endTask(t, "TASK_KILLED", true, "REASON_FRAMEWORK_REMOVED", st.cause);
    }
    for (const agent of unreachable) this.tasksEnded(agent);
    if (st.known) master.allocator.removeFramework(fw.name);
    st.known = false;
    recorder.frameworkRemoved(this.ctx.sim.now, fw.name);
    mi.wake();
    mi.changed();
    mi.afterEvent("framework-removed");
  }

  /** The scheduler subscribes to the current master (failover, re-subscription, or anew after removal). */
  subscribe(st: FrameworkFailureState): void {
    const fw = st.fw;
    if (fw.connected) return;
    const { master, mi, recorder } = this.ctx;
    mi.sync();
    st.failoverTimer = this.ctx.events.cancel(st.failoverTimer);
    const info = { roles: fw.spec.roles, capabilities: [...fw.capabilities], suppressedRoles: fw.suppressed ? fw.spec.roles : [] };
    if (st.known) {
      master.allocator.updateFramework(fw.name, info);
      master.allocator.activateFramework(fw.name);
    } else {
      master.allocator.addFramework(fw.name, info, this.usedOf(fw), true);
      st.known = true;
    }
    fw.connected = true;
    if (st.removed) {
      st.removed = false;
      recorder.frameworkRegistered(this.ctx.sim.now, fw.name, fw.spec.model, fw.spec.roles);
    }
    mi.triggered();
    mi.changed();
    mi.model(fw).reregistered?.();
    mi.afterEvent("framework-subscribed");
  }

  /** What the framework's tasks hold on agents the current master has registered, by agent. */
  private usedOf(fw: SimFramework): Map<string, Resources> {
    const used = new Map<string, Resources>();
    for (const t of fw.tasks) {
      const a = t.agent;
      if (a === null || (a.status !== "registered" && a.status !== "disconnected")) continue;
      const r = t.resources as Resources;
      used.set(a.id, used.get(a.id)?.plus(r) ?? r);
    }
    return used;
  }

  /** Agents re-registered with these frameworks' tasks: the master recovers the unknown ones, inactive (`recoverFramework`). */
  frameworksOnAgent(frameworks: ReadonlySet<SimFramework>): void {
    for (const fw of frameworks) {
      const st = this.state(fw);
      if (st.known || st.removed) continue;
      this.ctx.master.allocator.addFramework(fw.name, { roles: fw.spec.roles, capabilities: [...fw.capabilities], suppressedRoles: fw.suppressed ? fw.spec.roles : [] }, this.usedOf(fw), false);
      st.known = true;
    }
  }

  /**
   * A new master leads: no framework is known to it or subscribed; each re-subscribes
   * `after` µs from now, or when its scheduler is back. Failover timeouts are not
   * carried over (MESOS-4659).
   */
  masterFailedOver(after: number): void {
    const now = this.ctx.sim.now;
    for (const fw of this.ctx.master.frameworks.values()) {
      const st = this.state(fw);
      st.failoverTimer = this.ctx.events.cancel(st.failoverTimer);
      st.known = false;
      st.reconciling = false;
      fw.connected = false;
      // Its scheduler is still deciding: calls it makes once subscribed again go with its answer.
      fw.deferredCalls.length = 0;
      // A removed framework is unknown to the new master too (completed frameworks are not in the registry).
      if (!st.away) this.ctx.events.schedule(now + after, this.kSubscribe, st);
    }
  }

  /** The framework's model asked to reconcile: from now on it learns what the master learns of its tasks. */
  reconcile(fw: SimFramework): void {
    this.state(fw).reconciling = true;
  }
}
