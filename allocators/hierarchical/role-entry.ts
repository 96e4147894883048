// A role as the allocation loop sees it: the role sorter's payload, so that the
// loop reaches a role's framework sorter, quota and per-run scratch state without
// a single lookup. A role has an entry while it has tracked frameworks (exactly
// while it is in the role sorter).
import type { Quota } from "../allocator.ts";
import type { FrameworkState } from "./framework-state.ts";
import type { Limits } from "../resources/quantities.ts";
import type { Sorter } from "../sorters/sorter.ts";

export class RoleEntry {
  // Per-run state, reset by `runAllocation` before each run.
  quota!: Quota;
  hasQuota = false;
  /** The role has a limit on some name (its quota limits are not all unlimited). */
  limited = false;
  /** Stage 1: guarantees are met for the rest of the run (consumption only grows). */
  satisfied = false;
  /** Stage 2: `limits − consumed`, valid while `roomVersion` matches the run's consumption version. */
  room: Limits | undefined = undefined;
  roomVersion = -1;
  /** Name ids (< 31) whose room is exhausted: a plain agent offering only these gives this role nothing. */
  zeroRoomMask = 0;

  /** The role is below another (its path has a `/`): only HIERARCHICAL_ROLE agents are offered to it. */
  readonly nested: boolean;

  constructor(
    readonly path: string,
    readonly sorter: Sorter<FrameworkState>,
  ) {
    this.nested = path.includes("/");
  }
}
