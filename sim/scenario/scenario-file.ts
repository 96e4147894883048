// A parsed scenario file (format v1, `docs/scenario-format.md`): the
// allocator's options and the steps, every id checked and every RES parsed, so
// that running a scenario cannot meet bad input half way through.
//
// Steps keep the spec's op names. What the spec leaves to context is resolved at
// parse time, in file order, exactly as the runner will meet it: the "only role"
// of a framework, the allocation role of `used` and `decline` resources.
import type { AgentCapability, FrameworkCapability, Micros, SorterKind } from "../../allocators/allocator.ts";
import type { Limits, Quantities } from "../../allocators/resources/quantities.ts";
import type { Operation } from "../../allocators/resources/resource-operations.ts";
import type { Resources } from "../../allocators/resources/resources.ts";

export interface ScenarioFile {
  /** The path the file was read from, as given. */
  readonly path: string;
  readonly name: string;
  readonly description?: string;
  readonly allocator: ScenarioAllocatorOptions;
  readonly steps: readonly Step[];
}

export interface ScenarioAllocatorOptions {
  readonly sorter: SorterKind;
  /** Seconds. */
  readonly allocationInterval: number;
  readonly minAllocatable: readonly Quantities[];
  readonly fairnessExcludeResourceNames: readonly string[];
  readonly filterGpuResources: boolean;
  readonly seed: number;
}

export interface UnavailabilitySpec {
  readonly start: Micros;
  readonly duration?: Micros;
}

/** One expected offer callback: the three ALLOC forms of the spec. */
export type ExpectedOffer =
  | { readonly form: "offers"; readonly framework: string; readonly offers: ReadonlyMap<string, ReadonlyMap<string, Resources>> }
  | { readonly form: "agents"; readonly framework: string; readonly role: string; readonly agents: ReadonlyMap<string, Resources> }
  | {
      readonly form: "total";
      readonly framework: string;
      readonly role: string;
      readonly total: Resources;
      readonly agentCount?: number;
      readonly agentIn?: readonly string[];
    };

export interface ExpectedInverseOffer {
  readonly framework: string;
  readonly agent: string;
  readonly start: Micros;
  readonly duration?: Micros;
}

/** What `decline`/`return` give back: given resources (tagged with their role), or everything held. */
export type RecoverTarget = { readonly kind: "resources"; readonly resources: Resources } | { readonly kind: "all"; readonly role?: string };

export type Step = { readonly index: number } & (
  | {
      readonly op: "addAgent";
      readonly id: string;
      readonly resources: Resources;
      readonly attributes?: string;
      readonly capabilities?: readonly AgentCapability[];
      /** By framework id, tagged with allocation roles. */
      readonly used: ReadonlyMap<string, Resources>;
      readonly unavailability?: UnavailabilitySpec;
    }
  | { readonly op: "removeAgent" | "activateAgent" | "deactivateAgent"; readonly id: string }
  | {
      readonly op: "updateAgent";
      readonly id: string;
      readonly resources?: Resources;
      readonly revocable?: Resources;
      readonly attributes?: string;
      readonly capabilities?: readonly AgentCapability[];
    }
  | { readonly op: "updateWhitelist"; readonly agents: readonly string[] | undefined }
  | { readonly op: "updateUnavailability"; readonly agent: string; readonly unavailability: UnavailabilitySpec | undefined }
  | {
      readonly op: "addFramework";
      readonly id: string;
      readonly roles: readonly string[];
      readonly capabilities: readonly FrameworkCapability[];
      readonly active: boolean;
      /** By agent id, tagged with allocation roles. */
      readonly used: ReadonlyMap<string, Resources>;
      readonly suppressedRoles: readonly string[];
      readonly minAllocatable: ReadonlyMap<string, readonly Quantities[]>;
    }
  | {
      readonly op: "updateFramework";
      readonly id: string;
      readonly roles?: readonly string[];
      readonly capabilities?: readonly FrameworkCapability[];
      readonly suppressedRoles?: readonly string[];
      readonly minAllocatable?: ReadonlyMap<string, readonly Quantities[]>;
    }
  | { readonly op: "removeFramework" | "activateFramework" | "deactivateFramework"; readonly id: string }
  | {
      readonly op: "decline" | "return";
      readonly framework: string;
      readonly agent: string;
      readonly target: RecoverTarget;
      /** `undefined`: no filter (`return`, or `refuseSeconds: 0` is passed as 0). */
      readonly refuseSeconds: number | undefined;
    }
  | { readonly op: "suppress" | "revive"; readonly framework: string; readonly roles?: readonly string[] }
  | { readonly op: "updateWeights"; readonly weights: ReadonlyMap<string, number> }
  | { readonly op: "updateQuota"; readonly role: string; readonly quota: { readonly guarantees: Quantities; readonly limits: Limits } | undefined }
  | { readonly op: "updateAvailable"; readonly agent: string; readonly operations: readonly Operation[]; readonly expect: "ok" | "fail" }
  | { readonly op: "updateAllocation"; readonly framework: string; readonly agent: string; readonly role: string; readonly operations: readonly Operation[] }
  | { readonly op: "settle" }
  | { readonly op: "advance"; readonly seconds: number }
  | { readonly op: "expectOffers" | "expectNoOffers"; readonly offers: readonly ExpectedOffer[] }
  | { readonly op: "expectInverseOffers"; readonly offers: readonly ExpectedInverseOffer[] }
  | {
      readonly op: "expectShares";
      readonly roles: ReadonlyMap<string, number>;
      /** framework → role → share. */
      readonly frameworks: ReadonlyMap<string, ReadonlyMap<string, number>>;
      readonly tolerance: number;
    }
);

export type StepOp = Step["op"];
