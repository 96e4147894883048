// A small fake `Allocator` for the runner's own tests: it logs every call, queues
// triggered runs until `settle()` as the real one does, and allocates naively
// (each active framework, in order of addition, takes everything its first role
// may use on every agent). The tests then check what the runner calls and when,
// independently of the real allocator's policy.
import type { AgentInfo, Allocator, AllocatorMetrics, AllocatorOptions, FrameworkInfo, Micros } from "../../allocators/allocator.ts";
import { Quantities } from "../../allocators/resources/quantities.ts";
import { OperationError } from "../../allocators/resources/resource-operations.ts";
import type { Operation } from "../../allocators/resources/resource-operations.ts";
import { Resources } from "../../allocators/resources/resources.ts";

export type Call = [method: string, ...args: unknown[]];

export class FakeAllocator implements Allocator {
  now: Micros = 0;
  readonly calls: Call[] = [];
  /** Runs made, with the time and whether they were periodic. */
  readonly runs: Array<{ at: Micros; periodic: boolean }> = [];
  roleShares = new Map<string, number>();
  frameworkShares = new Map<string, Map<string, number>>();
  /** Make the next `updateAvailable` throw this. */
  updateAvailableThrows: Error | undefined;

  private pending = false;
  private readonly free = new Map<string, Resources>();
  private readonly frameworks = new Map<string, { roles: readonly string[]; active: boolean }>();
  private readonly held = new Map<string, Map<string, Resources>>();

  constructor(readonly options: AllocatorOptions) {}

  private log(method: string, ...args: unknown[]): void {
    this.calls.push([method, ...args]);
  }

  private run(periodic: boolean): void {
    this.runs.push({ at: this.now, periodic });
    for (const [id, fw] of this.frameworks) {
      if (!fw.active) continue;
      const role = fw.roles[0] as string;
      const byAgent = new Map<string, Resources>();
      for (const [agent, free] of this.free) {
        const take = free.allocatableTo(role);
        if (take.isEmpty()) continue;
        this.free.set(agent, free.minus(take));
        const tagged = take.allocate(role);
        byAgent.set(agent, tagged);
        const h = this.held.get(id) ?? new Map<string, Resources>();
        h.set(agent, (h.get(agent) ?? Resources.EMPTY).plus(tagged));
        this.held.set(id, h);
      }
      if (byAgent.size > 0) this.options.offer(id, new Map([[role, byAgent]]));
    }
  }

  settle(): void {
    this.log("settle");
    if (this.pending) {
      this.pending = false;
      this.run(false);
    }
  }

  advanceTo(time: Micros): void {
    this.log("advanceTo", time);
    const interval = (this.options.allocationInterval ?? 1) * 1e6;
    for (let t = (Math.floor(this.now / interval) + 1) * interval; t <= time; t += interval) {
      this.now = t;
      this.run(true);
    }
    this.now = time;
  }

  advanceBefore(time: Micros): void {
    this.log("advanceBefore", time);
    if (time > 0) this.advanceTo(time - 1);
    this.now = time;
  }

  nextActiveTimer(): Micros | undefined {
    return undefined;
  }

  nextTimer(): Micros | undefined {
    return undefined;
  }

  addFramework(id: string, info: FrameworkInfo, used: ReadonlyMap<string, Resources>, active: boolean): void {
    this.log("addFramework", id, info, used, active);
    this.frameworks.set(id, { roles: info.roles, active });
    if (active) this.pending = true;
  }
  removeFramework(id: string): void {
    this.log("removeFramework", id);
    this.frameworks.delete(id);
  }
  activateFramework(id: string): void {
    this.log("activateFramework", id);
    const fw = this.frameworks.get(id);
    if (fw !== undefined) fw.active = true;
    this.pending = true;
  }
  deactivateFramework(id: string): void {
    this.log("deactivateFramework", id);
    const fw = this.frameworks.get(id);
    if (fw !== undefined) fw.active = false;
  }
  updateFramework(id: string, info: FrameworkInfo): void {
    this.log("updateFramework", id, info);
  }
  suppressOffers(frameworkId: string, roles?: readonly string[]): void {
    this.log("suppressOffers", frameworkId, roles);
  }
  reviveOffers(frameworkId: string, roles?: readonly string[]): void {
    this.log("reviveOffers", frameworkId, roles);
    this.pending = true;
  }
  addAgent(id: string, info: AgentInfo, used: ReadonlyMap<string, Resources>): void {
    this.log("addAgent", id, info, used);
    let free = info.resources;
    for (const r of used.values()) free = free.minus(r.unallocate());
    this.free.set(id, free);
    this.pending = true;
  }
  removeAgent(id: string): void {
    this.log("removeAgent", id);
    this.free.delete(id);
  }
  updateAgent(id: string, update: { resources?: Resources }): void {
    this.log("updateAgent", id, update);
  }
  activateAgent(id: string): void {
    this.log("activateAgent", id);
  }
  deactivateAgent(id: string): void {
    this.log("deactivateAgent", id);
  }
  updateWhitelist(agents: readonly string[] | undefined): void {
    this.log("updateWhitelist", agents);
  }
  updateUnavailability(agentId: string, unavailability: unknown): void {
    this.log("updateUnavailability", agentId, unavailability);
    if (unavailability !== undefined) {
      for (const [fw, h] of this.held) {
        if (h.has(agentId)) this.options.inverseOffer?.(fw, agentId, unavailability as { start: number; duration?: number });
      }
    }
  }
  updateInverseOffer(agentId: string, frameworkId: string, accepted: boolean | undefined, refuseSeconds?: number): void {
    this.log("updateInverseOffer", agentId, frameworkId, accepted, refuseSeconds);
  }
  recoverResources(frameworkId: string, agentId: string, resources: Resources, refuseSeconds: number | undefined): void {
    this.log("recoverResources", frameworkId, agentId, resources, refuseSeconds);
    const h = this.held.get(frameworkId);
    const had = h?.get(agentId);
    if (h !== undefined && had !== undefined) h.set(agentId, had.minus(resources));
    const free = this.free.get(agentId);
    if (free !== undefined) this.free.set(agentId, free.plus(resources.unallocate()));
  }
  transitionOfferedToAllocated(agentId: string, resources: Resources): void {
    this.log("transitionOfferedToAllocated", agentId, resources);
  }
  updateAvailable(agentId: string, operations: readonly Operation[]): void {
    this.log("updateAvailable", agentId, operations);
    const e = this.updateAvailableThrows;
    if (e !== undefined) throw e;
  }
  updateAllocation(frameworkId: string, agentId: string, role: string, operations: readonly Operation[]): void {
    this.log("updateAllocation", frameworkId, agentId, role, operations);
  }
  updateWeights(weights: ReadonlyMap<string, number>): void {
    this.log("updateWeights", weights);
  }
  recover(expectedAgentCount: number, quotas: ReadonlyMap<string, unknown>): void {
    this.log("recover", expectedAgentCount, quotas);
  }
  updateQuota(role: string, quota: unknown): void {
    this.log("updateQuota", role, quota);
  }
  allocation(frameworkId: string, agentId: string): Resources {
    return this.held.get(frameworkId)?.get(agentId) ?? Resources.EMPTY;
  }
  allocationsOn(agentId: string): ReadonlyMap<string, Resources> {
    const out = new Map<string, Resources>();
    for (const [fw, byAgent] of this.held) {
      const r = byAgent.get(agentId);
      if (r !== undefined && !r.isEmpty()) out.set(fw, r);
    }
    return out;
  }
  metrics(): AllocatorMetrics {
    return {
      allocationRuns: this.runs.length,
      roleShares: this.roleShares,
      frameworkShares: this.frameworkShares,
      offerFilters: new Map(),
      quota: new Map(),
      total: new Quantities(),
      offeredOrAllocated: new Quantities(),
    };
  }
}

/** An `OperationError`, for `updateAvailable` expectations. */
export const operationError = (): Error => new OperationError("not there to convert");

/** A factory that remembers the fake it made, for a test to inspect. */
export function fakeFactory(setup?: (fake: FakeAllocator) => void): { create: (o: AllocatorOptions) => FakeAllocator; last: () => FakeAllocator } {
  let made: FakeAllocator | undefined;
  return {
    create: (o) => {
      made = new FakeAllocator(o);
      setup?.(made);
      return made;
    },
    last: () => {
      if (made === undefined) throw new Error("no allocator made yet");
      return made;
    },
  };
}
