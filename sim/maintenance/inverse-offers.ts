// The master's inverse offers (src/master/master.cpp: `Master::inverseOffer`,
// `acceptInverseOffers`, `declineInverseOffers`, `inverseOfferTimeout`,
// `removeInverseOffer`). The allocator decides whom to send one to (at the end of
// each allocation run: every active framework with resources offered or allocated
// on an agent under maintenance, not already holding one for it and not filtered);
// the master makes it, drops it if the framework or the agent cannot take it, and
// tells the allocator when it is answered, times out or is rescinded.
//
// - Made only for an active framework and an active agent whose machine still has
//   an unavailability (`Master::inverseOffer`); otherwise dropped, and the
//   allocator's outstanding mark stays, as in Mesos.
// - Answered at once by the framework's model (`FrameworkModel.inverseOffer`): ACCEPT
//   or DECLINE goes to the allocator with the framework's `refuseSeconds` as the
//   answer's filter (`accept.filters()` / `decline.filters()`); `ignore` leaves it
//   outstanding.
// - `offerTimeout` applies as to offers (the master times inverse offers out with
//   `--offer_timeout` too); a timeout or a rescind tells the allocator with no
//   status and no filter.
// - Rescinded when the agent is deactivated or its unavailability changes (the
//   allocator is told), and when the agent is removed, marked unreachable or its
//   master fails over (it is not: the allocator no longer knows the agent).
import type { Unavailability } from "../../allocators/allocator.ts";
import type { EventKind } from "../kernel/event-kind.ts";
import { EventPriority } from "../kernel/event-priority.ts";
import type { EventHandle } from "../kernel/event-queue.ts";
import type { Simulation } from "../kernel/simulation.ts";
import type { Master } from "../master/master.ts";
import type { SimAgent, SimFramework } from "../master/master-records.ts";
import type { MasterObserver } from "../master/master-observer.ts";
import type { InverseOfferEnd } from "../records/maintenance-records.ts";
import type { RunRecorder } from "../records/run-records.ts";

/** An inverse offer: the framework is asked to give back everything it holds on `agent`. */
export class SimInverseOffer {
  outstanding = true;
  timeout: EventHandle | undefined = undefined;

  constructor(
    readonly id: number,
    readonly framework: SimFramework,
    readonly agent: SimAgent,
    /** The unavailability: absolute µs, and µs or null (for good). */
    readonly start: number,
    readonly duration: number | null,
  ) {}

  /** For the event log. */
  get label(): string {
    return `${this.id} ${this.framework.name} ${this.agent.id}`;
  }
}

export class InverseOfferBook implements MasterObserver {
  private nextId = 1;
  private readonly byAgent = new Map<SimAgent, Set<SimInverseOffer>>();
  private readonly kAnswer: EventKind<SimInverseOffer>;
  private readonly kTimeout: EventKind<SimInverseOffer>;

  constructor(
    private readonly sim: Simulation,
    private readonly master: Master,
    private readonly recorder: RunRecorder,
    /** The master's `offerTimeout` (µs, or null: never). */
    private readonly offerTimeout: number | null,
    /** Whether the agent can be sent one now: registered, active, and its machine still unavailable. */
    private readonly eligible: (agent: SimAgent) => boolean,
  ) {
    this.kAnswer = sim.defineKind<SimInverseOffer>("inverse-offer-answer", EventPriority.FRAMEWORK, (io) => this.answer(io));
    this.kTimeout = sim.defineKind<SimInverseOffer>("inverse-offer-timeout", EventPriority.FRAMEWORK, (io) => {
      io.timeout = undefined;
      this.end(io, "timedOut", true);
      this.master.eventDone("inverse-offer-timeout");
    });
  }

  /** The allocator's inverse-offer callback (during an allocation run). */
  make(frameworkId: string, agentId: string, u: Unavailability): void {
    const fw = this.master.frameworks.get(frameworkId);
    const agent = this.master.agents.get(agentId);
    if (fw === undefined || !fw.active || agent === undefined || !this.eligible(agent)) return;
    const io = new SimInverseOffer(this.nextId++, fw, agent, u.start, u.duration ?? null);
    let set = this.byAgent.get(agent);
    if (set === undefined) this.byAgent.set(agent, (set = new Set()));
    set.add(io);
    this.recorder.inverseOfferMade(this.sim.now, io.id, fw.name, agent.id);
    if (this.offerTimeout !== null) io.timeout = this.sim.schedule(this.sim.now + this.offerTimeout, this.kTimeout, io);
    // Answered after the allocation run, never inside the allocator's callback.
    this.sim.schedule(this.sim.now, this.kAnswer, io);
  }

  /** Rescinds the agent's outstanding inverse offers; `tellAllocator` false when the allocator no longer knows the agent. */
  rescindAll(agent: SimAgent, tellAllocator: boolean): void {
    const set = this.byAgent.get(agent);
    if (set === undefined) return;
    for (const io of [...set]) this.end(io, "rescinded", tellAllocator);
  }

  /** How many are outstanding (tests). */
  get outstanding(): number {
    let n = 0;
    for (const set of this.byAgent.values()) n += set.size;
    return n;
  }

  agentRemoved(agent: SimAgent): void {
    // Master::__removeSlave: the allocator already forgot the agent.
    this.rescindAll(agent, false);
  }

  agentLost(agent: SimAgent): void {
    // Marked unreachable (Master::__removeSlave again), or the master that made
    // them failed over: the allocator that knew them no longer knows the agent.
    this.rescindAll(agent, false);
  }

  private answer(io: SimInverseOffer): void {
    if (!io.outstanding) return;
    const answer = this.master.modelFor(io.framework).inverseOffer?.(io.agent, io.start, io.duration) ?? "ignore";
    if (answer === "ignore") return;
    this.remove(io);
    this.master.syncedAllocator().updateInverseOffer(io.agent.id, io.framework.name, answer === "accept", io.framework.spec.refuseSeconds);
    this.master.allocationWoken();
    this.recorder.inverseOfferEnded(this.sim.now, io.id, answer === "accept" ? "accepted" : "declined");
    this.master.eventDone("inverse-offer-answer");
  }

  /** A timeout or rescind: the allocator clears its outstanding mark, with no status and no filter. */
  private end(io: SimInverseOffer, how: InverseOfferEnd, tellAllocator: boolean): void {
    if (!io.outstanding) return;
    this.remove(io);
    if (tellAllocator) {
      // The allocator may send another at its next periodic run.
      this.master.syncedAllocator().updateInverseOffer(io.agent.id, io.framework.name, undefined);
      this.master.allocationWoken();
    }
    this.recorder.inverseOfferEnded(this.sim.now, io.id, how);
  }

  private remove(io: SimInverseOffer): void {
    io.outstanding = false;
    if (io.timeout !== undefined) this.sim.cancel(io.timeout);
    io.timeout = undefined;
    const set = this.byAgent.get(io.agent);
    set?.delete(io);
    if (set !== undefined && set.size === 0) this.byAgent.delete(io.agent);
  }
}
