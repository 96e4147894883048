// The master's health checks of its agents (`SlaveObserver`, src/master/master.cpp)
// and the re-registration timer of a disconnected agent (`agentReregisterTimeout`):
// the master pings each agent every `agentPingTimeout` from its (re-)registration;
// after `maxAgentPingTimeouts` unanswered pings in a row it marks the agent
// unreachable through the removal rate limiter, and a pong before the permit
// cancels that. Pings are not events: their times are known, and the times the
// agent could not answer are kept (`cuts`), so one event per run of misses does the
// count.
import { EventPriority } from "../kernel/event-priority.ts";
import type { EventKind } from "../kernel/event-kind.ts";
import type { SimAgent } from "../master/master-records.ts";
import type { AgentFailureState, Marking } from "./agent-failure-state.ts";
import type { FailureContext } from "./failure-context.ts";

export class AgentHealth {
  private readonly kCheck: EventKind<AgentFailureState>;
  private readonly kReregisterTimeout: EventKind<AgentFailureState>;

  /** `present`: the agent is still the master's; `markUnreachable`: the master's marking (agent-failures.ts). */
  constructor(
    private readonly ctx: FailureContext,
    private readonly present: (st: AgentFailureState) => boolean,
    private readonly markUnreachable: (st: AgentFailureState, cause: string) => void,
  ) {
    const e = ctx.events;
    this.kCheck = e.kind("agent-health-check", EventPriority.MACHINE, (st) => this.healthCheck(st));
    this.kReregisterTimeout = e.kind("agent-reregister-timeout", EventPriority.MACHINE, (st) => this.reregisterTimeout(st));
  }

  /** The agent stops answering now (its `cutOff` is set). */
  cutOff(st: AgentFailureState): void {
    const now = this.ctx.sim.now;
    if (!this.pinged(st.agent)) return;
    const m = st.marking;
    if (m !== null && m.pongAt !== null && now > m.pongAt) {
      // The pong came before this cut: that marking was cancelled then.
      m.cancelled = true;
      st.marking = null;
    } else if (m !== null) m.pongAt = null;
    if (st.marking === null && st.check === undefined) st.cuts.splice(0, Math.max(0, st.cuts.length - 1));
    st.cuts.push([now, Infinity]);
    if (st.marking === null && st.check === undefined) this.scheduleCheck(st);
  }

  /** The agent answers again from now: its first ping from now is the pong that cancels a pending marking. */
  back(st: AgentFailureState): void {
    const now = this.ctx.sim.now;
    const last = st.cuts[st.cuts.length - 1];
    if (last !== undefined && last[1] === Infinity) last[1] = now;
    if (st.marking !== null) st.marking.pongAt = this.nextPing(st, now);
  }

  /** The agent disconnected: it must re-register within `agentReregisterTimeout`. */
  startReregisterTimer(st: AgentFailureState): void {
    st.reregisterTimer = this.ctx.events.schedule(this.ctx.sim.now + this.ctx.settings.agentReregisterTimeout, this.kReregisterTimeout, st);
  }

  stopReregisterTimer(st: AgentFailureState): void {
    st.reregisterTimer = this.ctx.events.cancel(st.reregisterTimer);
  }

  /** Whether the current master pings the agent (registered with it, connected or not). */
  pinged(agent: SimAgent): boolean {
    return agent.status === "registered" || agent.status === "disconnected";
  }

  /** The first ping at or after `t`. */
  nextPing(st: AgentFailureState, t: number): number {
    const T = this.ctx.settings.agentPingTimeout;
    return st.pingEpoch + Math.max(0, Math.ceil((t - st.pingEpoch) / T)) * T;
  }

  /** Whether the agent answers some ping in [a, b). */
  private answeredIn(st: AgentFailureState, a: number, b: number): boolean {
    let t = this.nextPing(st, a);
    while (t < b) {
      const cut = st.cuts.find(([from, until]) => from <= t && t < until);
      if (cut === undefined) return true;
      if (cut[1] === Infinity) return false;
      t = this.nextPing(st, cut[1]);
    }
    return false;
  }

  /** The first of the unanswered pings in a row that end with the current cut. */
  private firstMissed(st: AgentFailureState): number {
    const cuts = st.cuts;
    let i = cuts.length - 1;
    let first = this.nextPing(st, (cuts[i] as [number, number])[0]);
    for (i--; i >= 0; i--) {
      const [from, until] = cuts[i] as [number, number];
      if (this.nextPing(st, until) < (cuts[i + 1] as [number, number])[0]) break;
      first = this.nextPing(st, from);
    }
    return first;
  }

  scheduleCheck(st: AgentFailureState): void {
    const s = this.ctx.settings;
    const markAt = this.firstMissed(st) + s.maxAgentPingTimeouts * s.agentPingTimeout;
    st.check = this.ctx.events.schedule(markAt, this.kCheck, st, markAt);
  }

  /** `SlaveObserver::timeout` at the last ping of a run: were `maxAgentPingTimeouts` pings in a row unanswered? */
  private healthCheck(st: AgentFailureState): void {
    st.check = undefined;
    if (!this.pinged(st.agent) || !this.present(st)) return;
    const s = this.ctx.settings;
    const now = this.ctx.sim.now;
    const first = now - s.maxAgentPingTimeouts * s.agentPingTimeout;
    if (this.answeredIn(st, first, now - s.agentPingTimeout + 1)) {
      // A pong reset the count; a later cut starts its own run.
      if (st.agent.cutOff) this.scheduleCheck(st);
      return;
    }
    const m: Marking = { pongAt: st.agent.cutOff ? null : this.nextPing(st, now), cancelled: false };
    st.marking = m;
    const cause = st.cause;
    this.ctx.limiter.acquire(
      () => {
        st.marking = null;
        if (this.pinged(st.agent) && this.present(st)) this.markUnreachable(st, cause);
      },
      () => {
        if (!m.cancelled && (m.pongAt === null || this.ctx.sim.now < m.pongAt)) return true;
        // `SlaveObserver::pong`: the agent answered before the permit; the marking is cancelled.
        m.cancelled = true;
        if (st.marking === m) st.marking = null;
        if (st.agent.cutOff && st.check === undefined) this.scheduleCheck(st);
        return false;
      },
    );
  }

  /** `Master::agentReregisterTimeout`: a disconnected agent did not re-register in time. */
  private reregisterTimeout(st: AgentFailureState): void {
    st.reregisterTimer = undefined;
    if (st.agent.status !== "disconnected" || !this.present(st)) return;
    const cause = st.cause;
    // Not cancelled by a re-registration while it waits (the permit is used either way).
    this.ctx.limiter.acquire(() => {
      if (st.agent.status === "disconnected" && this.present(st)) this.markUnreachable(st, cause);
    });
  }

  // ---- the master's transitions ------------------------------------------------------

  /** The last ping at or before `t` that the agent answered, or -Infinity. */
  lastAnswered(st: AgentFailureState, t: number): number {
    const T = this.ctx.settings.agentPingTimeout;
    let q = st.pingEpoch + Math.floor((t - st.pingEpoch) / T) * T;
    while (q >= st.pingEpoch) {
      const cut = st.cuts.find(([from, until]) => from <= q && q < until);
      if (cut === undefined) return q;
      q = st.pingEpoch + Math.floor((cut[0] - 1 - st.pingEpoch) / T) * T;
    }
    return -Infinity;
  }

  /** The current master stops pinging the agent (it marked it, or another master leads). */
  forget(st: AgentFailureState): void {
    st.check = this.ctx.events.cancel(st.check);
    st.reregisterTimer = this.ctx.events.cancel(st.reregisterTimer);
    if (st.marking !== null) st.marking.cancelled = true;
    st.marking = null;
    st.cuts = st.agent.cutOff ? [[this.ctx.sim.now, Infinity]] : [];
  }
}
