// Who holds what, as the allocator's fairness and quota bookkeeping sees it
// (Mesos's `trackFrameworkUnderRole`, `trackAllocatedResources` and their
// inverses in hierarchical.cpp): the role sorter and one framework sorter per
// role, the role tree's offered/allocated sums, and each framework's holdings by
// role. Availability on agents is the allocator's; this is everything else an
// offer or a return touches.
import type { AgentState } from "./agent-state.ts";
import type { SorterKind } from "../allocator.ts";
import type { FrameworkState } from "./framework-state.ts";
import { Quantities } from "../resources/quantities.ts";
import type { RandomStream } from "../random-stream.ts";
import { Resources } from "../resources/resources.ts";
import { RoleEntry } from "./role-entry.ts";
import { RoleTree } from "./role-tree.ts";
import type { Sorter } from "../sorters/sorter.ts";
import { createSorter } from "../sorters/sorters.ts";

export class AllocationTracker {
  readonly roleTree = new RoleTree<FrameworkState>();
  readonly roleSorter: Sorter<RoleEntry>;
  /** Roles in the role sorter, each with its framework sorter. */
  readonly roles = new Map<string, RoleEntry>();
  /** Sum of every agent's scalar total: what shares are measured against. */
  readonly totalScalarQuantities = new Quantities();
  /** Shared volumes per (sorter client, agent): a volume counts once per client per agent. */
  private readonly sorterShared = new Map<string, Map<string, Resources>>();
  /**
   * During a run, offers reach the sorters only when the loop leaves an agent:
   * Mesos iterates a copy of each sort() there, so the order seen inside one
   * agent's visit cannot change anyway, and deferring lets the loop walk the
   * sorters' own lists (`Sorter.view`) instead of copies.
   */
  deferSorters = false;
  private readonly pendingSorters: Array<Sorter<unknown>> = [];
  private readonly pendingPaths: string[] = [];
  private readonly pendingQuantities: Quantities[] = [];
  /** Entries of the pending arrays in use (they are reused, not truncated: truncating is a runtime call). */
  private pendingCount = 0;

  constructor(
    private readonly sorterKind: SorterKind,
    private readonly excluded: readonly string[],
    private readonly random: (name: string) => RandomStream,
  ) {
    this.roleSorter = createSorter<RoleEntry>(sorterKind, { fairnessExcludeResourceNames: excluded, rng: random("allocator/sorter/roles") });
  }

  addTotal(q: Quantities): void {
    this.totalScalarQuantities.add(q);
    this.roleSorter.addTotal(q);
    for (const e of this.roles.values()) e.sorter.addTotal(q);
  }

  removeTotal(q: Quantities): void {
    this.totalScalarQuantities.subtract(q);
    this.roleSorter.removeTotal(q);
    for (const e of this.roles.values()) e.sorter.removeTotal(q);
  }

  trackFrameworkUnderRole(fw: FrameworkState, role: string): void {
    const node = this.roleTree.get(role);
    if (node === undefined || node.frameworks.size === 0) {
      const sorter = createSorter<FrameworkState>(this.sorterKind, {
        fairnessExcludeResourceNames: this.excluded,
        rng: this.random(`allocator/sorter/role/${role}`),
      });
      sorter.addTotal(this.totalScalarQuantities);
      const entry = new RoleEntry(role, sorter);
      this.roleSorter.add(role, entry);
      this.roleSorter.activate(role);
      this.roles.set(role, entry);
    }
    this.roleTree.ensure(role).frameworks.add(fw);
    // Added inactive; the caller activates it if the framework may get offers.
    (this.roles.get(role) as RoleEntry).sorter.add(fw.id, fw);
  }

  tryUntrackFrameworkUnderRole(fw: FrameworkState, role: string): boolean {
    if (fw.holdsIn(role)) return false;
    const node = this.roleTree.get(role);
    const sorter = this.roles.get(role)?.sorter;
    if (node === undefined || sorter === undefined) return false;
    node.frameworks.delete(fw);
    sorter.remove(fw.id);
    this.sorterShared.delete(`${role}\n${fw.id}`);
    if (node.frameworks.size === 0) {
      this.roleSorter.remove(role);
      this.roles.delete(role);
      this.sorterShared.delete(role);
    }
    this.roleTree.tryRemove(role);
    return true;
  }

  /** `used` resources of a known framework: tracked in sorters and role tree, and charged as used by tasks. */
  trackUsed(agent: AgentState, fw: FrameworkState, used: Resources): void {
    for (const [role, res] of used.allocations()) {
      if (role === undefined) throw new Error(`used resources of framework '${fw.id}' carry no allocation role`);
      this.trackAllocatedResources(agent, fw, role, res);
      this.roleTree.trackAllocated(role, res, 1);
    }
  }

  /** Applies the sorter updates deferred during a run, in the order they were made. */
  flushSorterUpdates(): void {
    const n = this.pendingCount;
    // Reset first: the sorters do not call back, but a throw must not replay entries.
    this.pendingCount = 0;
    for (let i = 0; i < n; i++) {
      (this.pendingSorters[i] as Sorter<unknown>).allocated(this.pendingPaths[i] as string, this.pendingQuantities[i] as Quantities);
    }
  }

  /** Mesos's `trackAllocatedResources` for one role's resources. */
  trackAllocatedResources(agent: AgentState, fw: FrameworkState, role: string, res: Resources): void {
    if (!this.roleTree.get(role)?.frameworks.has(fw)) this.trackFrameworkUnderRole(fw, role);
    fw.setHeld(role, agent, fw.held(role, agent).plus(res));
    this.roleTree.trackOfferedOrAllocated(role, agent.id, res, 1);
    const roleDelta = this.sorterDelta(role, undefined, agent.id, res, 1);
    const fwDelta = this.sorterDelta(role, fw.id, agent.id, res, 1);
    const fwSorter = (this.roles.get(role) as RoleEntry).sorter;
    if (this.deferSorters) {
      const i = this.pendingCount;
      this.pendingSorters[i] = this.roleSorter;
      this.pendingSorters[i + 1] = fwSorter;
      this.pendingPaths[i] = role;
      this.pendingPaths[i + 1] = fw.id;
      this.pendingQuantities[i] = roleDelta;
      this.pendingQuantities[i + 1] = fwDelta;
      this.pendingCount = i + 2;
    } else {
      this.roleSorter.allocated(role, roleDelta);
      fwSorter.allocated(fw.id, fwDelta);
    }
  }

  untrackAllocatedResources(agent: AgentState, fw: FrameworkState, res: Resources): void {
    // An offer or a task's resources carry one role: no groups to build.
    const sole = res.soleRole();
    if (sole !== undefined) this.untrackRole(agent, fw, sole, res);
    else for (const [role, part] of res.allocations()) if (role !== undefined) this.untrackRole(agent, fw, role, part);
  }

  /** `untrackAllocatedResources` for the part of them tagged with `role`. */
  private untrackRole(agent: AgentState, fw: FrameworkState, role: string, part: Resources): void {
    const before = fw.held(role, agent);
    if (!before.isEmpty()) fw.setHeld(role, agent, before.minus(part));
    this.roleTree.trackOfferedOrAllocated(role, agent.id, part, -1);
    this.roles.get(role)?.sorter?.unallocated(fw.id, this.sorterDelta(role, fw.id, agent.id, part, -1));
    this.roleSorter.unallocated(role, this.sorterDelta(role, undefined, agent.id, part, -1));
    if (!fw.roles.has(role)) this.tryUntrackFrameworkUnderRole(fw, role);
  }

  /**
   * The scalar quantities a sorter client gains or loses: everything non-shared,
   * plus a shared volume only when its first copy arrives on the agent or its
   * last copy leaves (Mesos's sorters count a shared volume once per agent).
   */
  private sorterDelta(role: string, fwId: string | undefined, agentId: string, res: Resources, sign: 1 | -1): Quantities {
    if (!res.hasShared()) return res.scalarQuantities();
    const sh = res.shared();
    // The client's key: the role, or the role's framework client.
    const client = fwId === undefined ? role : `${role}\n${fwId}`;
    const q = res.nonShared().scalarQuantities().clone();
    let byAgent = this.sorterShared.get(client);
    if (byAgent === undefined) this.sorterShared.set(client, (byAgent = new Map()));
    const held = byAgent.get(agentId) ?? Resources.EMPTY;
    const next = sign > 0 ? held.plus(sh) : held.minus(sh);
    for (const r of sh) {
      const was = held.count(r) > 0;
      const is = next.count(r) > 0;
      if (was !== is && r.type === "SCALAR") q.addId(r.nameId, r.scalar);
    }
    if (next.isEmpty()) byAgent.delete(agentId);
    else byAgent.set(agentId, next);
    return q;
  }
  /**
   * Offer operations converted `offered` (held by `fw` in `role` on the agent)
   * into `updated`: Mesos's `Sorter::update`, which is not a new allocation, so
   * the allocation counts that break DRF ties do not move.
   */
  updateAllocated(agent: AgentState, fw: FrameworkState, role: string, offered: Resources, updated: Resources): void {
    const agentId = agent.id;
    fw.setHeld(role, agent, updated);
    this.roleTree.trackOfferedOrAllocated(role, agentId, offered, -1);
    this.roleTree.trackOfferedOrAllocated(role, agentId, updated, 1);
    (this.roles.get(role) as RoleEntry).sorter.update(
      fw.id,
      this.sorterDelta(role, fw.id, agentId, offered, -1),
      this.sorterDelta(role, fw.id, agentId, updated, 1),
    );
    this.roleSorter.update(role, this.sorterDelta(role, undefined, agentId, offered, -1), this.sorterDelta(role, undefined, agentId, updated, 1));
  }
}
