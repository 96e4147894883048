// One allocation run (Mesos's `__generateOffers`): candidate agents, quota
// headroom, then the two stages, then the offer callbacks.
//
//   stage 1  quota guarantees: roles with unsatisfied guarantees get unreserved
//            non-revocable scalars chopped to what they still lack (plus their
//            own reservations and anything a guarantee does not govern);
//   stage 2  fair share: every role, in sorter order, takes what it may use on
//            the agent, chopped to its quota limit and to the headroom that
//            unsatisfied guarantees elsewhere still need.
//
// Allocation is coarse-grained: the first framework that passes the checks takes
// everything on the agent its role may use.
import type { AgentState } from "./agent-state.ts";
import type { FrameworkState } from "./framework-state.ts";
import { Quantities } from "./quantities.ts";
import type { Limits } from "./quantities.ts";
import type { Resource } from "./resource.ts";
import { Resources } from "./resources.ts";
import type { RoleNode } from "./role-tree.ts";
import { ancestors } from "./role.ts";
import { shrinkToLimits, shrinkToQuantities } from "./shrink.ts";
import type { RandomStream } from "./random-stream.ts";
import { shuffleInPlace } from "./random-stream.ts";
import type { Sorter } from "./sorter.ts";
import type { Quota } from "./allocator.ts";

/** What a run reads and writes of the allocator. */
export interface AllocationContext {
  readonly shuffle: RandomStream;
  readonly shrink: RandomStream;
  readonly filterGpuResources: boolean;
  readonly roleSorter: Sorter<string>;
  readonly frameworkSorters: ReadonlyMap<string, Sorter<FrameworkState>>;
  readonly totalScalarQuantities: Quantities;
  readonly agents: ReadonlyMap<string, AgentState>;
  role(path: string): RoleNode<FrameworkState> | undefined;
  topLevelRoles(): RoleNode<FrameworkState>[];
  rootNode(): RoleNode<FrameworkState>;
  quota(role: string): Quota;
  isWhitelisted(agent: AgentState): boolean;
  allocatable(resources: Resources, role: string, framework: FrameworkState): boolean;
  /** Records an offer: agent availability, role tree, sorters. */
  trackAllocated(agent: AgentState, framework: FrameworkState, role: string, resources: Resources): void;
}

/** framework → role → agent → resources. */
export type Offerable = Map<FrameworkState, Map<string, Map<string, Resources>>>;

const isQuotaResource = (r: Resource) => r.type === "SCALAR" && r.reservations.length === 0 && !r.revocable;

export function runAllocation(ctx: AllocationContext, candidates: Iterable<AgentState>): Offerable {
  const offerable: Offerable = new Map();
  const agents: AgentState[] = [];
  for (const a of candidates) if (a.activated && ctx.isWhitelisted(a)) agents.push(a);
  shuffleInPlace(agents, ctx.shuffle);

  // Quota bookkeeping for top-level roles with quota (§5.3).
  const consumed = new Map<string, Quantities>();
  const requiredHeadroom = new Quantities();
  for (const r of ctx.topLevelRoles()) {
    if (!r.hasQuota) continue;
    const c = r.quotaOfferedOrConsumed();
    consumed.set(r.path, c);
    requiredHeadroom.add(r.quota.guarantees.clone().subtract(c));
  }
  const root = ctx.rootNode();
  const availableHeadroom = ctx.totalScalarQuantities.clone();
  availableHeadroom.subtract(ctx.roleSorter.allocation(""));
  availableHeadroom.subtract(root.reservations.clone().subtract(root.offeredOrAllocatedReserved));
  for (const a of ctx.agents.values()) availableHeadroom.subtract(a.available.revocable().scalarQuantities());

  const consumedOf = (role: string): Quantities => {
    let c = consumed.get(role);
    if (c === undefined) consumed.set(role, (c = new Quantities()));
    return c;
  };
  const addConsumed = (role: string, q: Quantities) => {
    consumedOf(role).add(q);
    for (const a of ancestors(role)) consumedOf(a).add(q);
  };

  const offeredShared = new Map<AgentState, Resources>();
  const record = (agent: AgentState, fw: FrameworkState, role: string, toOffer: Resources) => {
    const tagged = toOffer.allocate(role);
    let byRole = offerable.get(fw);
    if (byRole === undefined) offerable.set(fw, (byRole = new Map()));
    let byAgent = byRole.get(role);
    if (byAgent === undefined) byRole.set(role, (byAgent = new Map()));
    const prev = byAgent.get(agent.id);
    byAgent.set(agent.id, prev === undefined ? tagged : prev.plus(tagged));
    const sh = tagged.shared();
    if (!sh.isEmpty()) offeredShared.set(agent, (offeredShared.get(agent) ?? Resources.EMPTY).plus(sh.unallocate()));
    ctx.trackAllocated(agent, fw, role, tagged);
  };

  // Resources of `agent` that `fw` in `role` may take, or undefined to skip it.
  const candidate = (agent: AgentState, fw: FrameworkState, role: string): Resources | "stop" | undefined => {
    let available = agent.available.allocatableTo(role);
    const sh = offeredShared.get(agent);
    if (sh !== undefined) available = available.minus(sh);
    if (available.isEmpty()) return "stop";
    if (!ctx.allocatable(available, role, fw)) return undefined;
    if (ctx.filterGpuResources && !fw.has("GPU_RESOURCES") && agent.hasGpu) return undefined;
    const shared = fw.has("SHARED_RESOURCES");
    const revocable = fw.has("REVOCABLE_RESOURCES");
    const refinement = fw.has("RESERVATION_REFINEMENT");
    if (!shared || !revocable || !refinement) {
      available = available.filter(
        (r) => (shared || !r.shared) && (revocable || !r.revocable) && (refinement || r.reservations.length <= 1),
      );
    }
    return available;
  };

  const isFiltered = (fw: FrameworkState, role: string, agent: AgentState, toOffer: Resources): boolean => {
    // MULTI_ROLE frameworks (all of ours) are never offered agents without it.
    if (fw.has("MULTI_ROLE") && !agent.capabilities.has("MULTI_ROLE")) return true;
    if (!agent.capabilities.has("HIERARCHICAL_ROLE") && role.includes("/")) return true;
    return fw.isFilteredBy(role, agent.id, toOffer);
  };

  // Stage 1: quota guarantees (§5.4).
  let anyGuarantee = false;
  for (const r of ctx.topLevelRoles()) if (!r.quota.guarantees.isEmpty()) anyGuarantee = true;
  if (anyGuarantee) {
    for (const agent of agents) {
      for (const role of ctx.roleSorter.sort()) {
        const quota = ctx.quota(role);
        if (quota.guarantees.isEmpty()) continue;
        const node = ctx.role(role);
        if (node === undefined || node.frameworks.size === 0) continue;
        if (agent.available.isEmpty()) break;
        const unsatisfied = quota.guarantees.clone().subtract(consumed.get(role) ?? new Quantities());
        if (unsatisfied.isEmpty()) continue;
        const sorter = ctx.frameworkSorters.get(role);
        if (sorter === undefined) continue;
        for (const fw of sorter.sort()) {
          if (unsatisfied.isEmpty()) break;
          const available = candidate(agent, fw, role);
          if (available === "stop") break;
          if (available === undefined) continue;
          const quotaResources = available.filter(isQuotaResource);
          const guaranteesOffering = shrinkToQuantities(quotaResources, unsatisfied, ctx.shrink);
          if (guaranteesOffering.isEmpty()) continue;
          let toOffer = guaranteesOffering.plus(
            available.filter((r) => r.isReserved(role) || r.type !== "SCALAR" || r.revocable),
          );
          let additional = quotaResources.minus(guaranteesOffering);
          if (!quota.limits.isUnlimited()) {
            const room = quota.limits.clone().subtract(consumedOf(role)).subtract(guaranteesOffering.scalarQuantities());
            additional = shrinkToLimits(additional, room, ctx.shrink);
          }
          if (!requiredHeadroom.isEmpty() && !additional.isEmpty()) {
            additional = shrinkToQuantities(additional, availableHeadroom.clone().subtract(requiredHeadroom), ctx.shrink);
          }
          toOffer = toOffer.plus(additional);
          if (!ctx.allocatable(toOffer, role, fw) || isFiltered(fw, role, agent, toOffer)) continue;
          record(agent, fw, role, toOffer);
          const inc = guaranteesOffering.plus(additional).scalarQuantities();
          unsatisfied.subtract(inc);
          addConsumed(role, inc);
          requiredHeadroom.subtract(guaranteesOffering.scalarQuantities());
          availableHeadroom.subtract(inc);
        }
      }
    }
  }

  // Stage 2: fair share up to limits (§5.5), over a fresh shuffle (MESOS-9778).
  shuffleInPlace(agents, ctx.shuffle);
  for (const agent of agents) {
    for (const role of ctx.roleSorter.sort()) {
      if (agent.available.isEmpty()) break;
      const limits: Limits = ctx.quota(role).limits;
      const hasQuota = ctx.role(role)?.hasQuota ?? false;
      const sorter = ctx.frameworkSorters.get(role);
      if (sorter === undefined) continue;
      for (const fw of sorter.sort()) {
        const available = candidate(agent, fw, role);
        if (available === "stop") break;
        if (available === undefined) continue;
        let toOffer: Resources;
        let additional: Resources;
        if (limits.isUnlimited() && requiredHeadroom.isEmpty()) {
          // Nothing to chop: the split into reserved/other and quota resources
          // below would rejoin into `available` itself.
          toOffer = available;
          additional = available.filter(isQuotaResource);
        } else {
          toOffer = available.filter((r) => r.reservations.length > 0 || r.type !== "SCALAR" || r.revocable);
          additional = available.filter(isQuotaResource);
          if (!limits.isUnlimited()) {
            additional = shrinkToLimits(additional, limits.clone().subtract(consumedOf(role)), ctx.shrink);
          }
          if (!requiredHeadroom.isEmpty() && !additional.isEmpty()) {
            additional = shrinkToQuantities(additional, availableHeadroom.clone().subtract(requiredHeadroom), ctx.shrink);
          }
          toOffer = toOffer.plus(additional);
        }
        if (!ctx.allocatable(toOffer, role, fw) || isFiltered(fw, role, agent, toOffer)) continue;
        record(agent, fw, role, toOffer);
        const inc = additional.scalarQuantities();
        if (hasQuota) addConsumed(role, inc);
        availableHeadroom.subtract(inc);
      }
    }
  }
  return offerable;
}
