// The simulated operator's maintenance (docs/experiment-format.md, `maintenance`):
// for each window it does what an operator does through Mesos's maintenance
// endpoints, and the master does what src/master/master.cpp and http.cpp do.
//
// 1. `scheduledAt`: the schedule is posted. The agents its selector picks (among
//    those registered and not in another window) go DRAINING: their outstanding
//    offers and inverse offers are rescinded and the allocator gets their
//    unavailability (`Master::updateUnavailability`), so that inverse offers go to
//    the frameworks holding resources there (inverse-offers.ts).
// 2. `start − drain.gracePeriod`, with `drain`: DRAIN_AGENT. The agent is
//    deactivated (`Master::deactivate`: allocator `deactivateAgent`, offers and
//    inverse offers rescinded) and its tasks are killed with the grace period
//    (`Slave::drain`, the kill policy capped at max_grace_period). A simulated task
//    takes its whole grace period: it stops at `start` with TASK_KILLED, reason
//    REASON_SLAVE_DRAINING, or TASK_GONE_BY_OPERATOR with `markGone` to a
//    PARTITION_AWARE framework (`Slave::statusUpdate` while draining). Tasks whose
//    run time ends first end as they would have.
// 3. `start`: `/machine/down`. The agent is removed (`Master::removeSlave` →
//    `_removeSlave`): its offers rescinded, the tasks still on it TASK_LOST to every
//    framework (http.cpp `_startMaintenance`). With `markGone` the drained agent is
//    marked gone instead (`Master::markGone` → `__removeSlave` without an unreachable
//    time: TASK_GONE_BY_OPERATOR to PARTITION_AWARE frameworks), and never comes back.
// 4. `start + duration`: `/machine/up`. The machine is UP and its schedule entry is
//    deleted; its agent registers again, empty, with the capacity and attributes the
//    machine has by then (trace records for a machine that is down are kept for it).
//
// Mesos never changes a machine's mode by itself; here the operator acts exactly at
// the window's times. A machine is in at most one window at a time (Mesos rejects a
// schedule that names a machine twice): an agent already in a window is not picked
// by another. Selectors are evaluated when the schedule is posted, over the agents
// the master knows then; a machine the trace removes before it goes down leaves its
// window.
//
// With failures (sim/failures/): the schedule and the drain are the master's, kept in
// its registry, so they hold for an agent the master cannot reach (Mesos's
// docs/maintenance.md: the machines of a schedule "do not necessarily need to be
// registered"; a drain of an unreachable agent starts when it is reachable again).
// Such an agent is scheduled or drained in the records at once, and the allocator
// learns of it when the agent registers again: its unavailability
// (`allocator->addSlave(…, unavailability)` in `Master::__reregisterSlave`), and,
// drained, it stays deactivated.
import type { Unavailability } from "../../allocators/allocator.ts";
import type { Resources } from "../../allocators/resources/resources.ts";
import type { RandomSource } from "../../common/random-source.ts";
import type { EventKind } from "../kernel/event-kind.ts";
import { EventPriority } from "../kernel/event-priority.ts";
import type { Simulation } from "../kernel/simulation.ts";
import type { Master } from "../master/master.ts";
import type { SimAgent } from "../master/master-records.ts";
import type { MasterObserver } from "../master/master-observer.ts";
import type { RunRecorder } from "../records/run-records.ts";
import { selectAgents } from "./agent-selector.ts";
import { InverseOfferBook } from "./inverse-offers.ts";
import type { MaintenanceWindow } from "./maintenance-schema.ts";

/** One window of the experiment, as it runs. */
class WindowRun {
  /** The agents it picked, in registration order. */
  readonly agents: string[] = [];
  constructor(
    readonly index: number,
    readonly window: MaintenanceWindow,
  ) {}

  /** For the event log. */
  get label(): string {
    return `window ${this.index}: ${this.agents.join(" ")}`;
  }
}

type Mode = "draining" | "drain" | "down" | "gone";

interface Machine {
  readonly window: WindowRun;
  mode: Mode;
  /** While down: what its agent registers with when it comes up; null when the trace removed the machine meanwhile. */
  saved: { total: Resources; attributes: string } | null;
}

export class MaintenanceController implements MasterObserver {
  readonly inverseOffers: InverseOfferBook;
  private readonly machines = new Map<string, Machine>();
  private pendingEvents = 0;
  private readonly kPost: EventKind<WindowRun>;
  private readonly kDrain: EventKind<WindowRun>;
  private readonly kDown: EventKind<WindowRun>;
  private readonly kUp: EventKind<WindowRun>;

  constructor(
    private readonly sim: Simulation,
    private readonly master: Master,
    private readonly recorder: RunRecorder,
    private readonly random: RandomSource,
    offerTimeout: number | null,
  ) {
    this.inverseOffers = new InverseOfferBook(sim, master, recorder, offerTimeout, (agent) => this.machines.get(agent.id)?.mode === "draining");
    const on = (name: string, handler: (w: WindowRun) => void, priority: EventPriority = EventPriority.MACHINE): EventKind<WindowRun> =>
      sim.defineKind<WindowRun>(name, priority, (w) => {
        this.pendingEvents--;
        handler(w);
        this.master.eventDone(name);
      });
    // Posted after the machine records, task ends and arrivals of its instant
    // (FRAMEWORK class), so that it sees every agent registered then, with the tasks
    // already running when the trace began (placed at time 0, arrivals).
    this.kPost = on("maintenance-schedule", (w) => this.post(w), EventPriority.FRAMEWORK);
    this.kDrain = on("maintenance-drain", (w) => this.drain(w));
    this.kDown = on("maintenance-down", (w) => this.down(w));
    this.kUp = on("maintenance-up", (w) => this.up(w));
    master.observers.push(this, this.inverseOffers);
  }

  /** Schedules every window's posting. */
  start(windows: readonly MaintenanceWindow[]): void {
    windows.forEach((w, i) => this.at(w.scheduledAt, this.kPost, new WindowRun(i, w)));
  }

  /** Maintenance events still to come: the run is not over while there are any. */
  get pending(): number {
    return this.pendingEvents;
  }

  /** The allocator's inverse-offer callback. */
  inverseOffer(frameworkId: string, agentId: string, u: Unavailability): void {
    this.inverseOffers.make(frameworkId, agentId, u);
  }

  /**
   * A machine record of the trace for `id`: true when the machine is down (or gone)
   * and the record is kept for when it comes up (or dropped), not applied now.
   */
  absorbs(id: string, event: "add" | "update" | "remove", total: Resources | null, attributes: string): boolean {
    const m = this.machines.get(id);
    if (m === undefined || (m.mode !== "down" && m.mode !== "gone")) return false;
    if (m.mode === "gone") return true;
    if (event === "remove") m.saved = null;
    else if (event === "add" && total !== null) m.saved = { total, attributes };
    else if (m.saved !== null) m.saved = { total: total ?? m.saved.total, attributes };
    return true;
  }

  /**
   * An agent that registers again after a failure (sim/failures/) has its machine's
   * maintenance back in the allocator: the unavailability of a scheduled machine and
   * the deactivation of a drained one.
   */
  agentReregistered(agent: SimAgent, readded: boolean): void {
    const m = this.machines.get(agent.id);
    if (m === undefined || (m.mode !== "draining" && m.mode !== "drain")) return;
    const allocator = this.master.syncedAllocator();
    // An allocator that kept the agent kept its unavailability (and inverse offers).
    if (readded) allocator.updateUnavailability(agent.id, unavailabilityOf(m.window.window));
    if (m.mode === "drain") allocator.deactivateAgent(agent.id);
    this.master.allocationTriggered();
  }

  agentRemoved(agent: SimAgent): void {
    // Removed by the trace before its machine went down: it leaves its window.
    const m = this.machines.get(agent.id);
    if (m !== undefined && (m.mode === "draining" || m.mode === "drain")) this.machines.delete(agent.id);
  }

  private at(time: number, kind: EventKind<WindowRun>, w: WindowRun): void {
    this.pendingEvents++;
    this.sim.schedule(Math.max(time, this.sim.now), kind, w);
  }

  private post(w: WindowRun): void {
    const { start, duration, drain } = w.window;
    // Every agent the master knows, reachable or not (sim/failures/).
    const free = [...this.master.agents.values()].filter((a) => !this.machines.has(a.id));
    const u = unavailabilityOf(w.window);
    for (const agent of selectAgents(w.window.agents, free, this.random.stream(`sim/maintenance/${w.index}`))) {
      w.agents.push(agent.id);
      this.machines.set(agent.id, { window: w, mode: "draining", saved: null });
      this.recorder.agentMaintenance(this.sim.now, agent.id, "draining", start, duration);
      // One the master cannot reach gets it when it registers again (agentReregistered).
      if (!agent.inAllocator) continue;
      // Master::updateUnavailability: offers and inverse offers go first, so that
      // the allocator starts the new unavailability from a clean slate.
      this.master.rescindOffers(agent, (o) => this.recorder.offerRescindCause(this.sim.now, o.id, "maintenance"));
      this.inverseOffers.rescindAll(agent, true);
      this.master.syncedAllocator().updateUnavailability(agent.id, u);
      this.master.allocationTriggered();
    }
    if (drain !== null) this.at(start - drain.gracePeriod, this.kDrain, w);
    this.at(start, this.kDown, w);
    if (duration !== null) this.at(start + duration, this.kUp, w);
  }

  /** The window's agents, registered and still in one of `modes`, in the window's order. */
  private inMode(w: WindowRun, ...modes: Mode[]): [SimAgent, Machine][] {
    const out: [SimAgent, Machine][] = [];
    for (const id of w.agents) {
      const m = this.machines.get(id);
      const agent = this.master.agents.get(id);
      if (m !== undefined && m.window === w && modes.includes(m.mode) && agent !== undefined) out.push([agent, m]);
    }
    return out;
  }

  private drain(w: WindowRun): void {
    for (const [agent, m] of this.inMode(w, "draining")) {
      m.mode = "drain";
      this.recorder.agentMaintenance(this.sim.now, agent.id, "drain", null, null);
      // Cut off by a failure (sim/failures/): drained when it registers again (agentReregistered).
      if (!agent.inAllocator) continue;
      // Master::deactivate.
      this.master.syncedAllocator().deactivateAgent(agent.id);
      this.master.rescindOffers(agent, (o) => this.recorder.offerRescindCause(this.sim.now, o.id, "drain"));
      this.inverseOffers.rescindAll(agent, true);
    }
  }

  private down(w: WindowRun): void {
    const markGone = w.window.drain?.markGone ?? false;
    const now = this.sim.now;
    for (const [agent, m] of this.inMode(w, "draining", "drain")) {
      const drained = m.mode === "drain";
      // The kills reach only an agent the master can talk to; the tasks of one it
      // cannot go with its removal below.
      if (drained && agent.inAllocator) {
        // The grace period is over: what still runs is killed (Slave::drain).
        for (const task of [...agent.tasks]) {
          this.recorder.taskEndCause(now, task.id, "drain");
          this.master.endTask(task, markGone && task.framework.partitionAware ? "TASK_GONE_BY_OPERATOR" : "TASK_KILLED", true, "REASON_SLAVE_DRAINING");
        }
      }
      m.mode = drained && markGone ? "gone" : "down";
      m.saved = { total: agent.total.nonRevocable(), attributes: agent.attributesText };
      this.recorder.agentMaintenance(now, agent.id, m.mode, null, null);
      for (const o of agent.offers) if (o.outstanding) this.recorder.offerRescindCause(now, o.id, "down");
      for (const t of agent.tasks) this.recorder.taskEndCause(now, t.id, "down");
      // `/machine/down` removes the agent (`Master::removeSlave` → `_removeSlave`):
      // TASK_LOST to every framework. Marked gone (`Master::markGone` →
      // `__removeSlave` without an unreachable time): TASK_GONE_BY_OPERATOR to
      // PARTITION_AWARE frameworks, TASK_LOST to others.
      const gone = m.mode === "gone";
      this.master.removeAgent(agent.id, (fw) => (gone && fw.partitionAware ? "TASK_GONE_BY_OPERATOR" : "TASK_LOST"));
    }
  }

  private up(w: WindowRun): void {
    for (const id of w.agents) {
      const m = this.machines.get(id);
      if (m === undefined || m.window !== w || m.mode !== "down") continue;
      this.machines.delete(id);
      this.recorder.agentMaintenance(this.sim.now, id, "up", null, null);
      if (m.saved !== null && !this.master.agents.has(id)) this.master.addAgent(id, m.saved.total, m.saved.attributes);
    }
  }
}

/** The allocator's unavailability of a window's machines. */
function unavailabilityOf(w: MaintenanceWindow): Unavailability {
  return w.duration === null ? { start: w.start } : { start: w.start, duration: w.duration };
}
