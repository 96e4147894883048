// The recorder's outstanding offers (docs/report-format.md: `offered`, the offer
// counts and offer latencies): each offer's record from `offerMade` to
// `offerEnded`, what it holds in its scopes (the run's, its role's and its
// framework's `offered`) and on its agent (the idle and stranded amounts).
//
// An offer's amounts are counted only when the clock moves past the time it was
// made (`count`, which the recorder calls before it reads any sum): at cell scale
// nearly every offer is declined at that very time, and then it only moves a few
// counters, never the sums it would leave as they were, nor looks its agent up by
// name. Sums of whole thousandths are exact in any order, so counting late changes
// no figure (docs/simulator.md, "What the reports cost").
//
// Records are reused once their offer ends (25 to 30 million offers a google-like
// day, each otherwise one object), and found by id in a ring (OutstandingOffers).
import type { Amounts, OfferEnd } from "../sim/records/run-records.ts";
import { addMilli } from "./milli-units.ts";
import { OutstandingOffers } from "./outstanding-offers.ts";
import type { ScopeState } from "./scope-state.ts";
import type { AgentEntry, AgentTable } from "./stranded-resources.ts";

/** `OfferRecord.state`: ended (the record is spare), outstanding and not yet counted in the sums, or counted. */
const OFFER_ENDED = 0;
const OFFER_UNCOUNTED = 1;
const OFFER_COUNTED = 2;

/** An outstanding offer, of role scope `R` and framework scope `F`. */
export interface OfferRecord<R extends ScopeState, F extends ScopeState> {
  /** When it was made, µs. */
  time: number;
  role: R;
  framework: F;
  /** Its agent's name, and its entry once counted (`OfferBook.count`). */
  agent: string;
  host: AgentEntry;
  amounts: Amounts;
  state: number;
}

/** What the book reads of the recorder: its agents (the table is replaced when a run starts). */
export interface OfferBookAgents {
  /** The agents' idle and stranded amounts. */
  agentTable(): AgentTable;
  /** The entry of a registered agent; throws the recorder's error (naming `call`) for any other name. */
  agentEntry(call: string, name: string): AgentEntry;
}

/** The scope has one more outstanding offer (its amounts are added to `offered` when counted). */
function offerOutstanding(s: ScopeState): void {
  s.offersOutstanding++;
  s.latency.offerMade();
}

/** An outstanding offer of the scope ended after `heldUs` (its amounts, if counted, are taken off `offered` already). */
function offerOver(s: ScopeState, how: OfferEnd, heldUs: number): void {
  s.offersOutstanding--;
  s.latency.offerEnded(how, heldUs);
}

export class OfferBook<R extends ScopeState, F extends ScopeState> {
  private readonly offers = new OutstandingOffers<OfferRecord<R, F>>();
  /** Records of ended offers, for the next ones. */
  private readonly spare: OfferRecord<R, F>[] = [];
  /**
   * `uncounted[0 … uncountedCount)`: the offers made at the current time whose
   * amounts are not yet in what their scopes and agent hold (a record may be
   * listed after its offer ended, or twice if it was reused). Never shrunk.
   */
  private readonly uncounted: OfferRecord<R, F>[] = [];
  private uncountedCount = 0;

  /** `cluster`: the run's scope; `agents`: the recorder's agents. */
  constructor(
    private readonly cluster: ScopeState,
    private readonly agents: OfferBookAgents,
  ) {}

  /** Offers outstanding. */
  get size(): number {
    return this.offers.size;
  }

  /** Whether offer `id` is outstanding. */
  has(id: number): boolean {
    return this.offers.has(id);
  }

  /** The outstanding offer `id`, or undefined. */
  get(id: number): OfferRecord<R, F> | undefined {
    return this.offers.get(id);
  }

  /** Offer `id` (not outstanding: the caller checks) is outstanding from `time`, µs. */
  made(time: number, id: number, role: R, framework: F, agent: string, amounts: Amounts): void {
    let o = this.spare.pop();
    if (o === undefined) o = { time, role, framework, agent, host: -1, amounts, state: OFFER_UNCOUNTED };
    else {
      o.time = time;
      o.role = role;
      o.framework = framework;
      o.agent = agent;
      o.host = -1;
      o.amounts = amounts;
      o.state = OFFER_UNCOUNTED;
    }
    this.offers.set(id, o);
    this.uncounted[this.uncountedCount++] = o;
    // Three calls, not a loop over a new array: this runs for every offer.
    offerOutstanding(this.cluster);
    offerOutstanding(role);
    offerOutstanding(framework);
  }

  /**
   * Offer `id` ended at `time` (µs) as `how`: what it held is taken off its scopes
   * and agent, and its latency counted. Returns its framework scope, or undefined
   * when it was not outstanding. Its record is reused afterwards.
   */
  ended(time: number, id: number, how: OfferEnd): F | undefined {
    const o = this.offers.get(id);
    if (o === undefined) return undefined;
    this.offers.delete(id);
    if (o.state === OFFER_COUNTED) {
      this.agents.agentTable().hold(o.host, o.amounts, -1);
      addMilli(this.cluster.offered, o.amounts, -1);
      addMilli(o.role.offered, o.amounts, -1);
      addMilli(o.framework.offered, o.amounts, -1);
    }
    const held = time - o.time;
    offerOver(this.cluster, how, held);
    offerOver(o.role, how, held);
    offerOver(o.framework, how, held);
    o.state = OFFER_ENDED;
    this.spare.push(o);
    return o.framework;
  }

  /**
   * Counts what the offers made at the current time and still outstanding hold, in
   * their scopes' `offered` and their agents' idle amounts, looking their agents up
   * (an agent no longer registered is the recorder's error, as `offerMade` names it).
   */
  count(): void {
    const n = this.uncountedCount;
    if (n === 0) return;
    const table = this.agents.agentTable();
    const cluster = this.cluster;
    for (let k = 0; k < n; k++) {
      const o = this.uncounted[k] as OfferRecord<R, F>;
      if (o.state !== OFFER_UNCOUNTED) continue;
      o.host = this.agents.agentEntry("offerMade", o.agent);
      o.state = OFFER_COUNTED;
      table.hold(o.host, o.amounts, 1);
      addMilli(cluster.offered, o.amounts, 1);
      addMilli(o.role.offered, o.amounts, 1);
      addMilli(o.framework.offered, o.amounts, 1);
    }
    this.uncountedCount = 0;
  }
}
