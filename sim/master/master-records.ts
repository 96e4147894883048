// The master's records of its cluster (Mesos's `Slave`, `Framework`, `Offer` and
// `Task` in master.hpp, reduced to what the allocator and the frameworks see): an
// agent with its tasks and outstanding offers, an offer of one agent's resources to
// one framework for one role, a task from its submission to its end, and a
// framework with its settings and the offer callbacks it has yet to answer. They
// point at each other, so they live together; the framework's model is kept by the
// master (master.ts), so that the plugin interface can name these records without
// a circle.
import type { FrameworkCapability } from "../../allocators/allocator.ts";
import type { Quantities } from "../../allocators/resources/quantities.ts";
import type { Operation } from "../../allocators/resources/resource-operations.ts";
import { Resources } from "../../allocators/resources/resources.ts";
import type { Constraint } from "../../traces/canonical/trace-record.ts";
import type { FrameworkSpec } from "../experiment/experiment.ts";
import type { EventHandle } from "../kernel/event-queue.ts";
import type { TaskEndState } from "../records/run-records.ts";
import { parseAttributes } from "./attributes.ts";

// ---- agents ----

/**
 * The master's view of an agent (Mesos's `slaves.registered` with `connected`,
 * `slaves.unreachable`, `slaves.recovered`):
 * - `registered`: connected and active in the allocator;
 * - `disconnected`: its socket broke (a crash); deactivated in the allocator;
 * - `unreachable`: marked unreachable: not in the allocator, its tasks lost to the master;
 * - `recovering`: known from the registry after a master failover, not re-registered yet
 *   (not in the new master's allocator).
 */
export type AgentStatus = "registered" | "disconnected" | "unreachable" | "recovering";

/** An agent: its total, attributes, the tasks on it and the offers outstanding on it. */
export class SimAgent {
  /** Attributes by name (`rack` → `r1`): what task constraints read. */
  readonly attributes: ReadonlyMap<string, string>;
  readonly tasks = new Set<SimTask>();
  /**
   * Outstanding offers, oldest first, as a list linked through the offers
   * (`SimOffer.nextOnAgent`): an offer made and answered costs no array work.
   */
  firstOffer: SimOffer | null = null;
  lastOffer: SimOffer | null = null;
  offerCount = 0;
  status: AgentStatus = "registered";

  /** Registered with the current master, so known to its allocator (connected or not). */
  get inAllocator(): boolean {
    return this.status === "registered" || this.status === "disconnected";
  }

  /**
   * The agent cannot talk to the master (its process is down, or a partition cuts it
   * off): launches sent to it never arrive, and the status updates of its tasks wait
   * on it (sim/failures/).
   */
  cutOff = false;
  /** What its tasks hold, per framework name (running sums for the invariant check). */
  readonly heldBy = new Map<string, Resources>();
  /** What its tasks hold in all, allocation tags stripped. */
  heldTotal: Resources = Resources.EMPTY;
  /** Its place in the master's list of agents to check (holdings-check.ts, `AgentList`), or -1. */
  listSlot = -1;
  /** The report amounts of `offerAmountsOf` (untagged), kept for its next offer (master.ts). */
  offerAmountsOf: Resources | null = null;
  offerAmounts: Float64Array = new Float64Array(0);

  constructor(
    readonly id: string,
    public total: Resources,
    /** `name:value;…`, as the allocator and the records take attributes. */
    public attributesText: string,
  ) {
    this.attributes = parseAttributes(attributesText);
  }

  /** Its outstanding offers, oldest first (a copy). */
  get offers(): SimOffer[] {
    const out: SimOffer[] = [];
    for (let o = this.firstOffer; o !== null; o = o.nextOnAgent) out.push(o);
    return out;
  }

  /** An offer on it is outstanding from now (it goes last). */
  addOffer(offer: SimOffer): void {
    offer.prevOnAgent = this.lastOffer;
    offer.nextOnAgent = null;
    if (this.lastOffer === null) this.firstOffer = offer;
    else this.lastOffer.nextOnAgent = offer;
    this.lastOffer = offer;
    this.offerCount++;
  }

  /** An outstanding offer on it is over. */
  removeOffer(offer: SimOffer): void {
    const prev = offer.prevOnAgent;
    const next = offer.nextOnAgent;
    if (prev === null) {
      if (this.firstOffer !== offer) return; // not listed here
      this.firstOffer = next;
    } else prev.nextOnAgent = next;
    if (next === null) this.lastOffer = prev;
    else next.prevOnAgent = prev;
    offer.prevOnAgent = null;
    offer.nextOnAgent = null;
    this.offerCount--;
  }

  /** A task of `framework` starts (+1) or stops (−1) holding `resources` here. */
  hold(framework: string, resources: Resources, sign: 1 | -1): void {
    const before = this.heldBy.get(framework) ?? Resources.EMPTY;
    const after = sign > 0 ? before.plus(resources) : before.minus(resources);
    if (after.isEmpty()) this.heldBy.delete(framework);
    else this.heldBy.set(framework, after);
    const untagged = resources.unallocate();
    this.heldTotal = sign > 0 ? this.heldTotal.plus(untagged) : this.heldTotal.minus(untagged);
  }
}

// ---- offers ----

/**
 * An offer, outstanding until answered, timed out or rescinded (Mesos `Master::offer`).
 * While its callback is decided it also carries what the framework decided for it
 * (the tasks to launch, what is left, the filter), applied when the framework answers.
 */
export class SimOffer {
  outstanding = true;
  /** The pending `offerTimeout` event, if the master has one. */
  timeout: EventHandle | undefined = undefined;
  /** Its neighbours in its agent's list of outstanding offers. */
  prevOnAgent: SimOffer | null = null;
  nextOnAgent: SimOffer | null = null;
  /** The callback deciding it (its offers, as `SimFramework.deciding` holds them), or null. */
  callback: readonly SimOffer[] | null = null;
  /** Tasks to launch on it, each with what it takes of it (tagged with its role); null: none yet. */
  tasks: SimTask[] | null = null;
  taken: Resources[] | null = null;
  /** The ACCEPT's offer operations, in order, applied before its launches; null: none. */
  operations: Operation[] | null = null;
  /** What is left of it, returned with `refuseSeconds` when the framework answers. */
  remainder: Resources;
  refuseSeconds = 0;

  constructor(
    readonly id: number,
    readonly framework: SimFramework,
    readonly role: string,
    readonly agent: SimAgent,
    /** Tagged with `role` (allocation info), as the allocator offered them. */
    readonly resources: Resources,
    readonly madeAt: number,
  ) {
    this.remainder = resources;
  }
}

// ---- tasks ----

/**
 * - `pending`: in its framework's queue;
 * - `launching`: chosen for an offer, the framework's answer not yet delivered;
 * - `staging`, `running`: on an agent, holding resources (TASK_STAGING, TASK_RUNNING);
 * - `ended`, `abandoned`: done for good.
 */
export type SimTaskState = "pending" | "launching" | "staging" | "running" | "ended" | "abandoned";

/**
 * The role a task of trace role `traceRole` runs in under a framework subscribed to
 * `frameworkRoles`: its own when the framework is in it, else the framework's first
 * role. In Mesos a task's resources are allocated to the role of the offer it was
 * launched on, one of its framework's roles (multi-role frameworks, MESOS-1763;
 * `Resource.AllocationInfo`); a trace role the framework is not in is no role of
 * the allocator's, so the task is counted in the framework's first role (Mesos's
 * default role `"*"` for a framework in it that takes tasks of every role).
 */
export function taskRole(frameworkRoles: readonly string[], traceRole: string): string {
  return frameworkRoles.includes(traceRole) ? traceRole : (frameworkRoles[0] as string);
}

export class SimTask {
  state: SimTaskState = "pending";
  agent: SimAgent | null = null;
  /** What it holds on `agent`, tagged with its role. */
  resources: Resources | null = null;
  /** Offers it was examined on and did not fit, since it last became pending. */
  attempts = 0;
  /** When it last became pending (submission, or the loss it is retried after), µs. */
  pendingSince: number;
  /** Its next own event: TASK_RUNNING, its end, or its `abandonAfter.wait` timer. */
  event: EventHandle | undefined = undefined;
  /** When it last became TASK_RUNNING, µs (-1: not running). */
  runningSince = -1;

  constructor(
    /** Unique among live tasks: the trace's id, or `ID#k` when a live task already has it (Master.submit). */
    public id: string,
    readonly job: string,
    readonly framework: SimFramework,
    readonly role: string,
    /** Per-task request as allocator quantities, and as report amounts. */
    readonly request: Quantities,
    readonly amounts: Float64Array,
    /** Run time once running, µs; null: until killed or the horizon. */
    readonly duration: number | null,
    /** How it ends when its run time is over. */
    readonly endState: TaskEndState,
    readonly constraints: readonly Constraint[],
    readonly priority: number | null,
    submittedAt: number,
  ) {
    this.pendingSince = submittedAt;
  }
}

// ---- frameworks ----

export class SimFramework {
  readonly capabilities: Set<FrameworkCapability>;
  suppressed = false;
  active = true;
  /**
   * Subscribed to the master now. While not (its scheduler failed over, or the master
   * did), SUPPRESS and REVIVE only change what it asks for when it subscribes again.
   */
  connected = true;
  /** Offer callbacks waiting to be decided, oldest first. */
  readonly callbacks: SimOffer[][] = [];
  /** The offers of the callback being decided (answered at the end of its decision time), or null. */
  deciding: SimOffer[] | null = null;
  /**
   * SUPPRESS and REVIVE calls the scheduler made while it was deciding, in order:
   * they reach the master with its answer, not before (see `Master.answer`).
   */
  readonly deferredCalls: Array<"suppress" | "revive"> = [];
  /**
   * Whether its SUPPRESS and REVIVE calls wait in `deferredCalls`: from the start of
   * a decision to its answer, unless the scheduler failed over meanwhile (the answer
   * of the instance that died still comes; the new instance's calls go at once).
   */
  deferCalls = false;
  /** Tasks holding resources (staging or running). */
  readonly tasks = new Set<SimTask>();

  constructor(
    readonly spec: FrameworkSpec,
    /** Index in registration order: the tie-break wherever frameworks are ordered. */
    readonly index: number,
  ) {
    this.capabilities = new Set(spec.capabilities);
  }

  get name(): string {
    return this.spec.name;
  }

  get partitionAware(): boolean {
    return this.capabilities.has("PARTITION_AWARE");
  }
}
