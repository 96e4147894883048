// A framework as the simulated master knows it: its settings, its model, whether it
// is suppressed, and the offer callbacks it has yet to answer. A framework answers
// one callback at a time, as Mesos's scheduler driver invokes callbacks one after
// another (docs/experiment-format.md, `decisionTime`), so callbacks that arrive
// while it decides wait here, their offers outstanding.
import type { FrameworkCapability } from "../../allocators/allocator.ts";
import type { Resources } from "../../allocators/resources/resources.ts";
import type { FrameworkSpec } from "../experiment/experiment.ts";
import type { FrameworkModel } from "../frameworks/framework-model.ts";
import type { SimOffer } from "./sim-offer.ts";
import type { SimTask } from "./sim-task.ts";

/** What the framework decided for one offer of a callback, applied when it answers. */
export interface OfferDecision {
  readonly offer: SimOffer;
  /** Tasks to launch, each with what it takes of the offer (tagged with the offer's role). */
  readonly tasks: SimTask[];
  readonly taken: Resources[];
  /** What is left of the offer, returned with `refuseSeconds`. */
  remainder: Resources;
  refuseSeconds: number;
}

export class SimFramework {
  readonly capabilities: Set<FrameworkCapability>;
  model!: FrameworkModel;
  suppressed = false;
  active = true;
  /** Offer callbacks waiting to be decided, oldest first. */
  readonly callbacks: SimOffer[][] = [];
  /** The callback being decided (answered at the end of its decision time), or null. */
  deciding: OfferDecision[] | null = null;
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
