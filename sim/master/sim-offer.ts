// An offer: resources of one agent, for one role, to one framework (Mesos makes one
// offer per (framework, role, agent) in each allocation callback; master.cpp
// `Master::offer`). It is outstanding from the callback until the framework answers
// it, it times out (`offerTimeout`), or the master rescinds it.
import type { Resources } from "../../allocators/resources/resources.ts";
import type { EventHandle } from "../kernel/event-queue.ts";
import type { SimAgent } from "./sim-agent.ts";
import type { SimFramework } from "./sim-framework.ts";

export class SimOffer {
  outstanding = true;
  /** The pending `offerTimeout` event, if the master has one. */
  timeout: EventHandle | undefined = undefined;

  constructor(
    readonly id: number,
    readonly framework: SimFramework,
    readonly role: string,
    readonly agent: SimAgent,
    /** Tagged with `role` (allocation info), as the allocator offered them. */
    readonly resources: Resources,
    readonly madeAt: number,
  ) {}
}
