// Runs a parsed scenario against an `Allocator`, step by step, as the spec's
// "Time and triggering" section says:
//
// - Calls are applied in file order. The allocator itself queues the allocation
//   runs that calls trigger; the runner only decides when queued runs execute:
//   at `settle`, at every `expect*` and `advance` step, and at the end of the file.
// - The clock starts at 0 and moves only at `advance`, which settles and then
//   calls `advanceTo(now + seconds·1e6)` (time in the allocator is integer µs), so
//   periodic runs and filter expiries fire in time order inside the allocator.
// - Offer callbacks pile up until the next `expectOffers`/`expectNoOffers`, which
//   compares them as a multiset and forgets them; inverse offers likewise until
//   the next `expectInverseOffers`.
//
// A failed expectation is recorded and the run goes on, so that one run reports
// every failure. An allocator that throws where no failure was expected leaves its
// state unknown: that is recorded as a failure of the step and the run stops.
import type { Allocator, AllocatorOptions, FrameworkCapability, FrameworkInfo, Unavailability } from "../../allocators/allocator.ts";
import type { Quantities } from "../../allocators/resources/quantities.ts";
import { OperationError } from "../../allocators/resources/resource-operations.ts";
import type { Resources } from "../../allocators/resources/resources.ts";
import { RandomSource } from "../../common/random-source.ts";
import { formatInverseOfferDiff, formatOfferDiff } from "./format-diff.ts";
import type { ActualInverseOffer } from "./format-diff.ts";
import { matchAll, matchOffers } from "./match-offers.ts";
import type { ActualOffer } from "./match-offers.ts";
import type { ScenarioFile, Step, UnavailabilitySpec } from "./scenario-file.ts";

export type AllocatorFactory = (options: AllocatorOptions) => Allocator;

export interface StepFailure {
  /** Index into the file's `steps` (from 0); the end of the file is `steps.length`. */
  readonly step: number;
  /** The step's op, for the reader ("end of file" for the final settle). */
  readonly op: string;
  readonly message: string;
}

export interface ScenarioRun {
  readonly passed: boolean;
  readonly failures: readonly StepFailure[];
}

/** What the runner remembers of a framework, to complete a partial `updateFramework`. */
interface FrameworkRecord {
  roles: readonly string[];
  capabilities: readonly FrameworkCapability[];
  suppressed: Set<string>;
  minAllocatable: ReadonlyMap<string, readonly Quantities[]>;
}

const toUnavailability = (u: UnavailabilitySpec): Unavailability => (u.duration === undefined ? { start: u.start } : { start: u.start, duration: u.duration });

const message = (err: unknown): string => (err instanceof Error ? `${err.name}: ${err.message}` : String(err));

export function runScenario(file: ScenarioFile, createAllocator: AllocatorFactory): ScenarioRun {
  const source = new RandomSource(file.allocator.seed);
  const offers: ActualOffer[] = [];
  const inverseOffers: ActualInverseOffer[] = [];
  const allocator = createAllocator({
    sorter: file.allocator.sorter,
    allocationInterval: file.allocator.allocationInterval,
    minAllocatable: file.allocator.minAllocatable,
    fairnessExcludeResourceNames: file.allocator.fairnessExcludeResourceNames,
    filterGpuResources: file.allocator.filterGpuResources,
    random: (name) => source.stream(name),
    // Copied: the allocator owns its maps and may reuse them after the callback.
    offer: (framework, byRole) => {
      const copy = new Map<string, Map<string, Resources>>();
      for (const [role, agents] of byRole) {
        const a = new Map<string, Resources>();
        for (const [agent, res] of agents) a.set(agent, res.unallocate());
        copy.set(role, a);
      }
      offers.push({ framework, offers: copy });
    },
    inverseOffer: (framework, agent, u) => {
      inverseOffers.push(u.duration === undefined ? { framework, agent, start: u.start } : { framework, agent, start: u.start, duration: u.duration });
    },
  });

  const frameworks = new Map<string, FrameworkRecord>();
  const failures: StepFailure[] = [];
  const fail = (step: number, text: string): void => {
    failures.push({ step, op: file.steps[step]?.op ?? "end of file", message: text });
  };

  const info = (fw: FrameworkRecord): FrameworkInfo => ({
    roles: fw.roles,
    capabilities: fw.capabilities,
    suppressedRoles: [...fw.suppressed],
    minAllocatable: fw.minAllocatable,
  });

  const recover = (frameworkId: string, agentId: string, resources: Resources, refuseSeconds: number | undefined): void => {
    // One call per allocation role, as Mesos's master recovers one offer (one role) at a time.
    for (const [role, res] of resources.allocations()) {
      if (role === undefined) throw new Error(`resources without an allocation role: ${res.toString()}`);
      allocator.recoverResources(frameworkId, agentId, res, refuseSeconds);
    }
  };

  const apply = (step: Step): void => {
    switch (step.op) {
      case "addAgent": {
        const agent = {
          resources: step.resources,
          ...(step.attributes === undefined ? {} : { attributes: step.attributes }),
          ...(step.capabilities === undefined ? {} : { capabilities: step.capabilities }),
          ...(step.unavailability === undefined ? {} : { unavailability: toUnavailability(step.unavailability) }),
        };
        allocator.addAgent(step.id, agent, step.used);
        return;
      }
      case "removeAgent":
        allocator.removeAgent(step.id);
        return;
      case "activateAgent":
        allocator.activateAgent(step.id);
        return;
      case "deactivateAgent":
        allocator.deactivateAgent(step.id);
        return;
      case "updateAgent":
        allocator.updateAgent(step.id, {
          ...(step.resources === undefined ? {} : { resources: step.resources }),
          ...(step.revocable === undefined ? {} : { revocable: step.revocable }),
          ...(step.attributes === undefined ? {} : { attributes: step.attributes }),
          ...(step.capabilities === undefined ? {} : { capabilities: step.capabilities }),
        });
        return;
      case "updateWhitelist":
        allocator.updateWhitelist(step.agents);
        return;
      case "updateUnavailability":
        allocator.updateUnavailability(step.agent, step.unavailability === undefined ? undefined : toUnavailability(step.unavailability));
        return;
      case "addFramework": {
        const fw: FrameworkRecord = {
          roles: step.roles,
          capabilities: step.capabilities,
          suppressed: new Set(step.suppressedRoles),
          minAllocatable: step.minAllocatable,
        };
        frameworks.set(step.id, fw);
        allocator.addFramework(step.id, info(fw), step.used, step.active);
        return;
      }
      case "updateFramework": {
        // Fields left out keep their value; suppressed roles are those the file
        // suppressed and has not revived since (minus roles the framework left).
        const fw = frameworks.get(step.id) as FrameworkRecord;
        if (step.roles !== undefined) {
          fw.roles = step.roles;
          for (const r of [...fw.suppressed]) if (!step.roles.includes(r)) fw.suppressed.delete(r);
        }
        if (step.capabilities !== undefined) fw.capabilities = step.capabilities;
        if (step.suppressedRoles !== undefined) fw.suppressed = new Set(step.suppressedRoles);
        if (step.minAllocatable !== undefined) fw.minAllocatable = step.minAllocatable;
        allocator.updateFramework(step.id, info(fw));
        return;
      }
      case "removeFramework":
        frameworks.delete(step.id);
        allocator.removeFramework(step.id);
        return;
      case "activateFramework":
        allocator.activateFramework(step.id);
        return;
      case "deactivateFramework":
        allocator.deactivateFramework(step.id);
        return;
      case "decline":
      case "return": {
        let res: Resources;
        if (step.target.kind === "resources") {
          res = step.target.resources;
        } else {
          const role = step.target.role;
          const held = allocator.allocation(step.framework, step.agent);
          res = role === undefined ? held : held.filter((r) => r.allocationRole === role);
        }
        if (res.isEmpty()) return; // "all" of nothing: the step does nothing
        recover(step.framework, step.agent, res, step.refuseSeconds);
        return;
      }
      case "suppress":
      case "revive": {
        const fw = frameworks.get(step.framework) as FrameworkRecord;
        for (const role of step.roles ?? fw.roles) {
          if (step.op === "suppress") fw.suppressed.add(role);
          else fw.suppressed.delete(role);
        }
        if (step.op === "suppress") allocator.suppressOffers(step.framework, step.roles);
        else allocator.reviveOffers(step.framework, step.roles);
        return;
      }
      case "updateWeights":
        allocator.updateWeights(step.weights);
        return;
      case "updateQuota":
        allocator.updateQuota(step.role, step.quota);
        return;
      case "updateAvailable": {
        let error: unknown;
        try {
          allocator.updateAvailable(step.agent, step.operations);
        } catch (err) {
          if (!(err instanceof OperationError)) throw err;
          error = err;
        }
        if (step.expect === "fail" && error === undefined) fail(step.index, `expected the operations to fail (OperationError), but they applied`);
        if (step.expect === "ok" && error !== undefined) fail(step.index, `expected the operations to apply, but they failed: ${message(error)}`);
        return;
      }
      case "updateAllocation":
        allocator.updateAllocation(step.framework, step.agent, step.role, step.operations);
        return;
      case "settle":
        allocator.settle();
        return;
      case "advance":
        allocator.settle();
        allocator.advanceTo(allocator.now + Math.round(step.seconds * 1e6));
        return;
      case "expectOffers":
      case "expectNoOffers": {
        allocator.settle();
        const actual = offers.splice(0);
        const match = matchOffers(step.offers, actual);
        if (!match.passed) fail(step.index, formatOfferDiff(step.offers, actual, match));
        return;
      }
      case "expectInverseOffers": {
        allocator.settle();
        const actual = inverseOffers.splice(0);
        const match = matchAll(step.offers, actual, (e, a) => e.framework === a.framework && e.agent === a.agent && e.start === a.start && e.duration === a.duration);
        if (!match.passed) fail(step.index, formatInverseOfferDiff(step.offers, actual, match));
        return;
      }
      case "expectShares": {
        allocator.settle();
        const metrics = allocator.metrics();
        const wrong: string[] = [];
        const check = (what: string, expected: number, actual: number | undefined): void => {
          // A role or framework the sorter does not hold has no share metric: it counts as 0.
          if (Math.abs((actual ?? 0) - expected) > step.tolerance) {
            wrong.push(`  ${what}: expected ${expected}, actual ${actual === undefined ? "none (counted as 0)" : actual}`);
          }
        };
        for (const [role, share] of step.roles) check(`role "${role}"`, share, metrics.roleShares.get(role));
        for (const [fw, byRole] of step.frameworks) {
          for (const [role, share] of byRole) check(`framework "${fw}" in role "${role}"`, share, metrics.frameworkShares.get(fw)?.get(role));
        }
        if (wrong.length > 0) fail(step.index, [`shares differ (tolerance ${step.tolerance}):`, ...wrong].join("\n"));
        return;
      }
    }
  };

  for (const step of file.steps) {
    try {
      apply(step);
    } catch (err) {
      fail(step.index, `the allocator threw: ${message(err)}`);
      return { passed: false, failures };
    }
  }
  try {
    allocator.settle(); // the file ends with a settle
  } catch (err) {
    fail(file.steps.length, `the allocator threw at the final settle: ${message(err)}`);
  }
  return { passed: failures.length === 0, failures };
}
