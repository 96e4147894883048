// The experiment format's conservation invariants (docs/experiment-format.md,
// "Invariants"), checked on the agents the master touched since the last check:
//
//   1. no agent is offered or allocated more than its total, per resource;
//   2. the allocator's view of what each framework holds on an agent (offered plus
//      allocated: `Allocator.allocationsOn`) is the master's (its offers and tasks
//      there).
//
// The master marks an agent (`touch`) after every offer made or answered and every
// task started or ended on it, and calls `check` after every allocation run (normal
// runs) or after every event (`checkEveryEvent`, the tests). A broken invariant is
// an `InvariantError`, which `mesosim run` reports with exit 3.
//
// The other two hold by construction: the recorder counts each task in one state
// at a time (test/reports/task-counts.test.ts), and the kernel refuses to schedule
// an event before now (sim/kernel/simulation.ts).
import type { Allocator } from "../../allocators/allocator.ts";
import { Resources } from "../../allocators/resources/resources.ts";
import type { SimAgent, SimFramework, SimOffer } from "./master-records.ts";

/** A broken invariant: a bug in the simulator. The CLI exits 3. */
export class InvariantError extends Error {
  readonly exitCode = 3;
  constructor(
    readonly invariant: string,
    readonly time: number,
    readonly event: string,
    detail: string,
  ) {
    super(`invariant "${invariant}" broken at ${(time / 1e6).toFixed(6)} s (event ${event}): ${detail}`);
    this.name = "InvariantError";
  }
}

/** What the checks read of the master; `allocator` is read at each check (a failover replaces it). */
export interface CheckedMaster {
  readonly agents: ReadonlyMap<string, SimAgent>;
  readonly allocator: Pick<Allocator, "allocation" | "allocationsOn">;
  /** Simulated time, µs. */
  readonly now: number;
}

/** The invariant checks of one master: the agents to check next, and the checks. */
export class HoldingsCheck {
  private readonly dirty = new AgentList();

  /**
   * `frameworks`: the master's frameworks in registration order, the master's own
   * array (it grows as frameworks register). `checkEveryEvent` (the tests): check
   * after every event (`eventDone`), not only when the master asks after an
   * allocation run, and sum every offer and task afresh at each check.
   */
  constructor(
    private readonly master: CheckedMaster,
    private readonly frameworks: readonly SimFramework[],
    private readonly checkEveryEvent: boolean,
  ) {}

  /** `agent` is checked at the next `check`. */
  touch(agent: SimAgent): void {
    this.dirty.add(agent);
  }

  /** After an event of the master's: the check, when it is made at every event. */
  eventDone(event: string): void {
    if (this.checkEveryEvent) this.check(event);
  }

  /** `agent` is gone (removed from the master): not checked. */
  forget(agent: SimAgent): void {
    this.dirty.delete(agent);
  }

  /**
   * The experiment format's invariants on the agents touched since the last check:
   * no agent holds more than its total (offered + allocated ⊆ total), and the
   * allocator's view of what each framework holds there equals the master's.
   *
   * The master's view is what its offers and tasks there hold. What the tasks hold
   * is kept as running sums (`SimAgent.heldBy`, `heldTotal`, moved at each launch
   * and end), since agents are checked after every offer made or answered on them,
   * far more often than their tasks change. With `checkEveryEvent` (the tests) each
   * check also sums every offer and task afresh, and the two must agree.
   */
  check(event: string): void {
    const dirty = this.dirty;
    for (let i = 0; i < dirty.length; i++) {
      const agent = dirty.at(i);
      if (agent === null || !this.master.agents.has(agent.id)) continue;
      const agree = this.holdingsAgree(agent);
      if (this.checkEveryEvent) {
        const fresh = this.freshCheck(agent, event);
        if (agree !== (fresh === undefined)) throw new Error(`agent ${agent.id}: the running sums of its tasks disagree with their fresh sum`);
        if (fresh !== undefined) throw fresh;
      } else if (!agree) {
        throw this.freshCheck(agent, event) ?? new Error(`agent ${agent.id}: the running sums of its tasks disagree with their fresh sum`);
      }
    }
    this.dirty.clear();
  }

  /** Whether both invariants hold on `agent`, from the running sums of its tasks and its offers. */
  private holdingsAgree(agent: SimAgent): boolean {
    const first = agent.firstOffer;
    const total = agent.total;
    const tasksHeld = agent.heldTotal;
    // 1. offered + allocated ⊆ total.
    if (first === null) {
      if (!total.contains(tasksHeld)) return false;
    } else if (first.nextOnAgent === null && tasksHeld.isEmpty()) {
      // An idle agent offered whole: usually the very collection of its total.
      if (!total.contains(first.resources.unallocate())) return false;
    } else if (total.plainMask() >= 0 && tasksHeld.plainMask() >= 0 && plainOffers(first)) {
      // Only plain scalars (one item per name): containment is per-name amounts.
      const t = total.scalarQuantities();
      const h = tasksHeld.scalarQuantities();
      let n = Math.max(t.v.length, h.v.length);
      for (let o: SimOffer | null = first; o !== null; o = o.nextOnAgent) n = Math.max(n, o.resources.scalarQuantities().v.length);
      for (let id = 0; id < n; id++) {
        let need = h.get(id);
        for (let o: SimOffer | null = first; o !== null; o = o.nextOnAgent) need += o.resources.scalarQuantities().get(id);
        if (need > 0 && t.get(id) < need) return false;
      }
    } else {
      let held = tasksHeld;
      for (let o: SimOffer | null = first; o !== null; o = o.nextOnAgent) held = held.plus(o.resources.unallocate());
      if (!total.contains(held)) return false;
    }
    // Not in the (current) allocator: unreachable, or not back after a master failover.
    if (agent.status === "unreachable" || agent.status === "recovering") return true;
    // 2. Per framework, the allocator's view is the master's.
    const theirsByFramework = this.master.allocator.allocationsOn(agent.id);
    if (first === null && agent.heldBy.size === 0) return theirsByFramework.size === 0 || this.noneHeld(theirsByFramework);
    const frameworks = this.frameworks;
    for (let f = 0; f < frameworks.length; f++) {
      const fw = frameworks[f] as SimFramework;
      let mine = agent.heldBy.size === 0 ? undefined : agent.heldBy.get(fw.name);
      for (let o: SimOffer | null = first; o !== null; o = o.nextOnAgent) {
        if (o.framework === fw) mine = mine === undefined ? o.resources : mine.plus(o.resources);
      }
      const theirs = theirsByFramework.get(fw.name) ?? Resources.EMPTY;
      if (mine === undefined ? !theirs.isEmpty() : !mine.equals(theirs)) return false;
    }
    return true;
  }

  /** No framework of the master's holds anything in `byFramework` (what the allocator says of an agent). */
  private noneHeld(byFramework: ReadonlyMap<string, Resources>): boolean {
    for (const fw of this.frameworks) if (!(byFramework.get(fw.name) ?? Resources.EMPTY).isEmpty()) return false;
    return true;
  }

  /** Both invariants on `agent`, summing its offers and tasks afresh: the error for the first broken, or undefined. */
  private freshCheck(agent: SimAgent, event: string): Error | undefined {
    const byFramework = new Map<string, Resources>();
    let held = Resources.EMPTY;
    const add = (fw: string, r: Resources) => {
      byFramework.set(fw, (byFramework.get(fw) ?? Resources.EMPTY).plus(r));
      held = held.plus(r.unallocate());
    };
    for (const o of agent.offers) add(o.framework.name, o.resources);
    for (const t of agent.tasks) add(t.framework.name, t.resources as Resources);
    if (!agent.total.contains(held)) {
      return new InvariantError("no agent holds more than its total", this.master.now, event, `agent ${agent.id} holds ${held.toString()} of ${agent.total.toString()}`);
    }
    if (agent.status === "unreachable" || agent.status === "recovering") return undefined;
    for (const fw of this.frameworks) {
      const mine = byFramework.get(fw.name) ?? Resources.EMPTY;
      const theirs = this.master.allocator.allocation(fw.name, agent.id);
      if (!mine.equals(theirs)) {
        return new InvariantError(
          "the allocator's view equals the master's",
          this.master.now,
          event,
          `framework ${fw.name} on agent ${agent.id}: master ${mine.toString() || "nothing"}, allocator ${theirs.toString() || "nothing"}`,
        );
      }
    }
    return undefined;
  }
}

/**
 * Agents in the order they were first added since the last `clear` (a Set's
 * order: one deleted and added again goes last), kept in an array and a slot
 * number on each agent: agents are added after every offer made or answered, and
 * a Set's table would be rebuilt again and again as it fills and empties.
 */
class AgentList {
  private readonly list: Array<SimAgent | null> = [];
  private n = 0;

  /** Entries so far, deleted ones included (`at` gives null for those). */
  get length(): number {
    return this.n;
  }

  at(i: number): SimAgent | null {
    return this.list[i] as SimAgent | null;
  }

  add(agent: SimAgent): void {
    if (agent.listSlot >= 0) return;
    agent.listSlot = this.n;
    this.list[this.n++] = agent;
  }

  delete(agent: SimAgent): void {
    if (agent.listSlot < 0) return;
    this.list[agent.listSlot] = null;
    agent.listSlot = -1;
  }

  clear(): void {
    for (let i = 0; i < this.n; i++) {
      const agent = this.list[i] as SimAgent | null;
      if (agent !== null) agent.listSlot = -1;
      this.list[i] = null;
    }
    this.n = 0;
  }
}

/** Every offer of the list from `first` holds plain scalars only (see `Resources.plainMask`). */
function plainOffers(first: SimOffer): boolean {
  for (let o: SimOffer | null = first; o !== null; o = o.nextOnAgent) if (o.resources.plainMask() < 0) return false;
  return true;
}
