// A master failover: a new master is elected (src/master/master.cpp, `Master::_recover`,
// `recoveredSlavesTimeout`; the allocator's `recover`):
//
// - Everything the old master held only in memory is gone: its outstanding offers
//   (the scheduler drivers rescind them), the allocator's filters and DRF counts (a
//   new allocator), pings, timers, and queued removals.
// - The registry survives: the admitted agents, which the new master waits for
//   ("recovered"), the unreachable ones, the weights and the quotas. The allocator
//   `recover`s with the number of admitted agents and the quotas: with quota set it
//   pauses until ⌊agents × allocatorAgentRecoveryFactor⌋ have re-registered or
//   `allocatorRecoveryTimeout` has passed.
// - Each admitted agent re-registers at a uniform random time within
//   `agentsReregisterOver` (stream `sim/failures/<index>`), or when it is back if it
//   is cut off then; frameworks re-subscribe `frameworksResubscribeAfter` later.
// - `agentReregisterTimeout` after the election the agents still missing are marked
//   unreachable through the removal rate limiter, unless they are more than
//   `recoveryAgentRemovalLimit` of the admitted ones: Mesos's master then exits; here
//   they are left waiting (docs/simulator.md, "Failures"). The new master never knew
//   their tasks, so it sends no updates: a framework learns their fate when it
//   reconciles (TASK_UNREACHABLE, or TASK_LOST when not partition-aware).
import type { RandomStream } from "../../allocators/random-stream.ts";
import type { Quota } from "../../allocators/allocator.ts";
import { EventPriority } from "../kernel/event-priority.ts";
import type { EventKind } from "../kernel/event-kind.ts";
import type { SimAgent } from "../master/master-records.ts";
import type { MasterFailoverSpec } from "../experiment/failure-spec.ts";
import type { AgentFailureState } from "./agent-failure-state.ts";
import type { AgentFailures } from "./agent-failures.ts";
import type { FailureContext } from "./failure-context.ts";
import type { FrameworkFailures } from "./framework-failures.ts";
import { RemovalLimiter } from "./removal-limiter.ts";

/** What the registry keeps of the roles (the experiment's `roles`). */
export interface Registry {
  readonly weights: ReadonlyMap<string, number>;
  readonly quotas: ReadonlyMap<string, Quota>;
}

/** One election: the target of its recovery timeout. */
class Election {
  readonly type = "election";
  constructor(
    readonly id: string,
    readonly expected: number,
  ) {}
}

export class MasterFailover {
  private current: Election | null = null;
  private readonly kSlot: EventKind<AgentFailureState>;
  private readonly kRecovered: EventKind<Election>;

  constructor(
    private readonly ctx: FailureContext,
    private readonly agents: AgentFailures,
    private readonly frameworks: FrameworkFailures,
    private readonly registry: Registry,
    private readonly newLimiter: () => RemovalLimiter,
  ) {
    const e = ctx.events;
    this.kSlot = e.kind("agent-reregister", EventPriority.MACHINE, (st, slot) => this.slot(st, slot));
    this.kRecovered = e.kind("recovered-agents-timeout", EventPriority.MACHINE, (election) => this.recoveredTimeout(election));
  }

  /** The master fails over now (failure `cause`). */
  failover(cause: string, spec: MasterFailoverSpec, stream: RandomStream): void {
    const { master, mi, sim } = this.ctx;
    const now = sim.now;
    mi.sync();
    for (const agent of master.agents.values()) for (const offer of [...agent.offers]) mi.rescind(offer, false, cause);
    for (const agent of master.agents.values()) for (const o of master.observers) o.agentLost?.(agent);
    this.ctx.limiter.clear();
    this.ctx.limiter = this.newLimiter();
    for (const agent of master.agents.values()) this.agents.forgetPings(this.agents.state(agent));
    this.frameworks.masterFailedOver(spec.frameworksResubscribeAfter);
    const admitted: SimAgent[] = [];
    for (const agent of master.agents.values()) if (agent.status !== "unreachable") admitted.push(agent);
    const allocator = mi.newAllocator();
    // `Master::_recover`: the allocator recovers first, then the weights.
    allocator.recover(admitted.length, this.registry.quotas);
    if (this.registry.weights.size > 0) allocator.updateWeights(this.registry.weights);
    const election = new Election(cause, admitted.length);
    this.current = election;
    for (const agent of admitted) {
      agent.status = "recovering";
      const st = this.agents.state(agent);
      const slot = now + Math.floor(stream() * spec.agentsReregisterOver);
      st.slot = slot;
      this.ctx.events.schedule(slot, this.kSlot, st, slot);
    }
    this.ctx.events.schedule(now + this.ctx.settings.agentReregisterTimeout, this.kRecovered, election);
    mi.wake();
    mi.changed();
    mi.afterEvent("master-failover");
  }

  /** An agent's turn to re-register with the new master (if it is not cut off then, it does when it is back). */
  private slot(st: AgentFailureState, slot: number): void {
    if (st.slot !== slot || !this.agents.present(st) || st.agent.cutOff) return;
    if (st.agent.status === "recovering") this.agents.reregisterRecovered(st);
    else if (st.agent.status === "unreachable") this.agents.readmit(st);
  }

  /** `Master::recoveredSlavesTimeout`. */
  private recoveredTimeout(election: Election): void {
    if (election !== this.current) return;
    const missing: AgentFailureState[] = [];
    for (const agent of this.ctx.master.agents.values()) if (agent.status === "recovering") missing.push(this.agents.state(agent));
    if (missing.length === 0) return;
    // Mesos's master exits here; the agents are left waiting (see above).
    if (missing.length / election.expected > this.ctx.settings.recoveryAgentRemovalLimit) return;
    for (const st of missing) {
      // Not cancelled by a re-registration while it waits (MESOS-8386): the permit is used either way.
      this.ctx.limiter.acquire(() => {
        if (st.agent.status === "recovering" && this.agents.present(st) && this.current === election) this.markRecovered(st, election.id);
      });
    }
  }

  /** `markUnreachable(…, duringMasterFailover = true)`: the master does not know the agent's tasks. */
  private markRecovered(st: AgentFailureState, election: string): void {
    const { mi, recorder } = this.ctx;
    const agent = st.agent;
    const now = this.ctx.sim.now;
    // The failure that kept it away, when one cut it off; else the failover itself.
    const cause = agent.cutOff ? st.cause : election;
    agent.status = "unreachable";
    st.lostTo = cause;
    st.lastPing = -Infinity;
    for (const t of [...agent.tasks]) {
      if (this.frameworks.reconciling(t.framework)) this.agents.loseTask(st, t, t.framework.partitionAware ? "TASK_UNREACHABLE" : "TASK_LOST", cause, "REASON_RECONCILIATION");
    }
    recorder.agentLost(now, agent.id, cause);
    // Its tasks that no framework has learnt of yet stay in the records until one does.
    this.agents.settle(st);
    mi.touch(agent);
    mi.changed();
    mi.afterEvent("agent-unreachable");
  }
}
