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
//
// The loop visits agents × roles × frameworks, so each skip below is chosen to be
// exactly equivalent to running the checks it replaces (same offers, same random
// draws); the scenario files and the benchmark reference test pin that.
import type { AgentState } from "./agent-state.ts";
import type { FrameworkState } from "./framework-state.ts";
import { Limits, Quantities } from "../resources/quantities.ts";
import type { Resource } from "../resources/resource.ts";
import { Resources, RESOURCE_KIND } from "../resources/resources.ts";
import type { RoleEntry } from "./role-entry.ts";
import { defaultQuota } from "./role-tree.ts";
import type { RoleNode } from "./role-tree.ts";
import { ancestors } from "../resources/role.ts";
import { shrinkToLimits, shrinkToQuantities } from "../resources/shrink.ts";
import type { RandomStream } from "../random-stream.ts";
import { shuffleInPlace } from "../random-stream.ts";
import type { Sorter } from "../sorters/sorter.ts";
import type { Quota } from "../allocator.ts";

/** What a run reads and writes of the allocator. */
export interface AllocationContext {
  readonly shuffle: RandomStream;
  readonly shrink: RandomStream;
  readonly filterGpuResources: boolean;
  readonly roleSorter: Sorter<RoleEntry>;
  readonly roles: ReadonlyMap<string, RoleEntry>;
  readonly totalScalarQuantities: Quantities;
  /**
   * The agents whose total holds revocable resources (no other agent can have
   * any available): the run reads their revocable availability for the headroom,
   * so that a run does not visit every agent of the cluster.
   */
  readonly revocableAgents: ReadonlySet<AgentState>;
  role(path: string): RoleNode<FrameworkState> | undefined;
  topLevelRoles(): RoleNode<FrameworkState>[];
  rootNode(): RoleNode<FrameworkState>;
  isWhitelisted(agent: AgentState): boolean;
  allocatable(resources: Resources, role: string, framework: FrameworkState): boolean;
  /** Hands the offers made since the last call to the sorters (see HierarchicalAllocator.deferSorters). */
  flushSorterUpdates(): void;
  /** Records an offer (`resources` tagged with `role`, `untagged` the same without tags): agent availability, role tree, sorters. */
  trackAllocated(agent: AgentState, framework: FrameworkState, role: string, resources: Resources, untagged: Resources): void;
}

/** framework → role → agent → resources. */
export type Offerable = Map<FrameworkState, Map<string, Map<string, Resources>>>;

const NO_QUOTA: Quota = defaultQuota();

const isQuotaResource = (r: Resource) => r.type === "SCALAR" && r.reservations.length === 0 && !r.revocable;
const isNonQuotaResource = (r: Resource) => r.reservations.length > 0 || r.type !== "SCALAR" || r.revocable;

export function runAllocation(ctx: AllocationContext, candidates: readonly AgentState[]): Offerable {
  const offerable: Offerable = new Map();
  const agents: AgentState[] = [];
  for (let i = 0; i < candidates.length; i++) {
    const a = candidates[i] as AgentState;
    if (a.activated && ctx.isWhitelisted(a)) agents.push(a);
  }
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
  // (Clamped subtractions of amounts ≥ 0 do not depend on their order.)
  for (const a of ctx.revocableAgents) {
    if ((a.available.kinds() & RESOURCE_KIND.revocable) !== 0) availableHeadroom.subtract(a.available.revocable().scalarQuantities());
  }

  const consumedOf = (role: string): Quantities => {
    let c = consumed.get(role);
    if (c === undefined) consumed.set(role, (c = new Quantities()));
    return c;
  };
  // Bumped whenever any role's consumption grows, to invalidate cached rooms.
  let consumedVersion = 0;
  const addConsumed = (role: string, q: Quantities) => {
    consumedOf(role).add(q);
    for (const a of ancestors(role)) consumedOf(a).add(q);
    consumedVersion++;
  };

  // Roles whose guarantees are not yet met; stage 1 ends early when none is left.
  let unsatisfiedRoles = 0;
  for (const e of ctx.roles.values()) {
    const node = ctx.role(e.path);
    e.quota = node?.quota ?? NO_QUOTA;
    e.hasQuota = node?.hasQuota ?? false;
    e.limited = !e.quota.limits.isUnlimited();
    e.satisfied =
      e.quota.guarantees.isEmpty() || node === undefined || node.frameworks.size === 0 || e.quota.guarantees.clone().subtract(consumedOf(e.path)).isEmpty();
    if (!e.satisfied) unsatisfiedRoles++;
    e.room = undefined;
    e.roomVersion = -1;
  }

  /** `limits − consumed` of a limited role, with its exhausted-names mask, cached per consumption version. */
  const roomOf = (e: RoleEntry): Limits => {
    if (e.room === undefined || e.roomVersion !== consumedVersion) {
      e.room = e.quota.limits.clone().subtract(consumedOf(e.path));
      e.roomVersion = consumedVersion;
      let mask = 0;
      const v = e.room.v;
      for (let id = 0; id < v.length && id < 31; id++) if ((v[id] as number) <= 0) mask |= 1 << id;
      e.zeroRoomMask = mask;
    }
    return e.room;
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
    ctx.trackAllocated(agent, fw, role, tagged, toOffer);
  };

  // What `role` may take on `agent` before framework-specific checks; recomputed
  // after every offer on the agent (it is the same for every framework until then).
  const roleAvailable = (agent: AgentState, role: string): Resources => {
    const available = agent.available.allocatableTo(role);
    const sh = offeredShared.get(agent);
    return sh === undefined ? available : available.minus(sh);
  };

  // Resources of the role's `available` that `fw` may take, or undefined to skip it.
  const forFramework = (agent: AgentState, fw: FrameworkState, role: string, available: Resources): Resources | undefined => {
    if (!ctx.allocatable(available, role, fw)) return undefined;
    if (ctx.filterGpuResources && agent.hasGpu && !fw.has("GPU_RESOURCES")) return undefined;
    // Strip what the framework lacks the capability for; usually there is nothing to strip.
    const strip = available.kinds() & ~fw.acceptedKinds;
    if (strip === 0) return available;
    return available.filter(
      (r) =>
        !((strip & RESOURCE_KIND.shared) !== 0 && r.shared) &&
        !((strip & RESOURCE_KIND.revocable) !== 0 && r.revocable) &&
        !((strip & RESOURCE_KIND.refined) !== 0 && r.reservations.length > 1),
    );
  };

  const isFiltered = (fw: FrameworkState, e: RoleEntry, agent: AgentState, toOffer: Resources): boolean => {
    // MULTI_ROLE frameworks (all of ours) are never offered agents without it.
    if (fw.multiRole && !agent.multiRole) return true;
    if (e.nested && !agent.hierarchicalRole) return true;
    return fw.isFilteredBy(e.path, agent, toOffer);
  };

  // Stage 1: quota guarantees (§5.4). Skipped when no role has a guarantee to meet:
  // every role would be passed over.
  if (unsatisfiedRoles > 0) {
    for (const agent of agents) {
      if (unsatisfiedRoles === 0) break;
      const roles = ctx.roleSorter.view();
      for (let ri = 0; ri < roles.length; ri++) {
        const e = roles.at(ri);
        // Consumption only grows during a run, so a met guarantee stays met.
        if (e.satisfied) continue;
        if (agent.available.isEmpty()) break;
        const role = e.path;
        const unsatisfied = e.quota.guarantees.clone().subtract(consumedOf(role));
        if (unsatisfied.isEmpty()) {
          e.satisfied = true;
          unsatisfiedRoles--;
          continue;
        }
        let available = roleAvailable(agent, role);
        const frameworks = e.sorter.view();
        for (let fi = 0; fi < frameworks.length; fi++) {
          const fw = frameworks.at(fi);
          if (unsatisfied.isEmpty()) break;
          if (available.isEmpty()) break;
          const mine = forFramework(agent, fw, role, available);
          if (mine === undefined) continue;
          const quotaResources = mine.filter(isQuotaResource);
          const guaranteesOffering = shrinkToQuantities(quotaResources, unsatisfied, ctx.shrink);
          if (guaranteesOffering.isEmpty()) continue;
          let toOffer = guaranteesOffering.plus(mine.filter((r) => r.isReserved(role) || r.type !== "SCALAR" || r.revocable));
          let additional = quotaResources.minus(guaranteesOffering);
          if (!e.quota.limits.isUnlimited()) {
            const room = e.quota.limits.clone().subtract(consumedOf(role)).subtract(guaranteesOffering.scalarQuantities());
            additional = shrinkToLimits(additional, room, ctx.shrink);
          }
          if (!requiredHeadroom.isEmpty() && !additional.isEmpty()) {
            additional = shrinkToQuantities(additional, availableHeadroom.clone().subtract(requiredHeadroom), ctx.shrink);
          }
          toOffer = toOffer.plus(additional);
          if (!ctx.allocatable(toOffer, role, fw) || isFiltered(fw, e, agent, toOffer)) continue;
          record(agent, fw, role, toOffer);
          const inc = guaranteesOffering.plus(additional).scalarQuantities();
          unsatisfied.subtract(inc);
          addConsumed(role, inc);
          requiredHeadroom.subtract(guaranteesOffering.scalarQuantities());
          availableHeadroom.subtract(inc);
          available = roleAvailable(agent, role);
        }
      }
      ctx.flushSorterUpdates();
    }
  }

  // Stage 2: fair share up to limits (§5.5), over a fresh shuffle (MESOS-9778).
  shuffleInPlace(agents, ctx.shuffle);
  // Fixed for the stage: only stage 1 reduces the required headroom.
  const headroomNeeded = !requiredHeadroom.isEmpty();
  // The plain-agent skips below apply only to limited roles.
  let anyLimited = false;
  for (const e of ctx.roles.values()) if (e.limited) anyLimited = true;
  // Name ids exhausted for every role in the sorter (all limited and at their
  // limit), cached per consumption version: a plain agent offering only these
  // gives every role nothing, so its role loop can be skipped whole.
  let exhaustedVersion = -1;
  let exhaustedEverywhere = 0;
  const exhaustedMask = (): number => {
    if (exhaustedVersion !== consumedVersion) {
      let m = -1;
      for (const e of ctx.roles.values()) {
        if (!e.limited) {
          m = 0;
          break;
        }
        if (e.roomVersion !== consumedVersion) roomOf(e);
        m &= e.zeroRoomMask;
      }
      exhaustedEverywhere = m === -1 ? 0 : m;
      exhaustedVersion = consumedVersion;
    }
    return exhaustedEverywhere;
  };
  for (let ai = 0; ai < agents.length; ai++) {
    const agent = agents[ai] as AgentState;
    // Sorted per agent even when skipped: the random sorter draws its order here.
    const roles = ctx.roleSorter.view();
    // `available` and its plain mask change only when this agent gets an offer.
    let agentAvailable = agent.available;
    let mask = anyLimited ? agentAvailable.plainMask() : -1;
    if (mask >= 0 && (mask & ~exhaustedMask()) === 0) continue;
    for (let ri = 0; ri < roles.length; ri++) {
      const e = roles.at(ri);
      if (agentAvailable.isEmpty()) break;
      const role = e.path;
      const limited = e.limited;
      // A plain agent (only unreserved non-revocable scalars) offers a limited
      // role nothing once every name it has is at the role's limit: the chop to
      // the limit would leave nothing and nothing else would be offered.
      if (limited && mask >= 0) {
        if (e.roomVersion !== consumedVersion) roomOf(e);
        if ((mask & ~e.zeroRoomMask) === 0) continue;
      }
      let available = roleAvailable(agent, role);
      const frameworks = e.sorter.view();
      for (let fi = 0; fi < frameworks.length; fi++) {
        const fw = frameworks.at(fi);
        if (available.isEmpty()) break;
        const mine = forFramework(agent, fw, role, available);
        if (mine === undefined) continue;
        let toOffer: Resources;
        // What the offer adds to quota consumption; undefined: all of `toOffer`'s quota resources.
        let additional: Resources | undefined;
        if (!limited && !headroomNeeded) {
          // Nothing to chop: splitting into reserved/other and quota resources
          // would rejoin into `mine` itself.
          toOffer = mine;
        } else {
          toOffer = mine.filter(isNonQuotaResource);
          additional = mine.filter(isQuotaResource);
          if (limited) additional = shrinkToLimits(additional, roomOf(e), ctx.shrink);
          if (headroomNeeded && !additional.isEmpty()) {
            additional = shrinkToQuantities(additional, availableHeadroom.clone().subtract(requiredHeadroom), ctx.shrink);
          }
          toOffer = toOffer.plus(additional);
        }
        if (!ctx.allocatable(toOffer, role, fw) || isFiltered(fw, e, agent, toOffer)) continue;
        record(agent, fw, role, toOffer);
        // Headroom is read only while some guarantee is unmet (it never becomes unmet in stage 2).
        if (e.hasQuota || headroomNeeded) {
          const inc = additional === undefined ? toOffer.quotaQuantities() : additional.scalarQuantities();
          if (e.hasQuota) addConsumed(role, inc);
          availableHeadroom.subtract(inc);
        }
        available = roleAvailable(agent, role);
        agentAvailable = agent.available;
        mask = anyLimited ? agentAvailable.plainMask() : -1;
      }
    }
    ctx.flushSorterUpdates();
  }
  return offerable;
}
