// Resource estimators (Mesos's `--resource_estimator` module,
// include/mesos/slave/resource_estimator.hpp): each poll, what an agent may lend
// as revocable resources beyond what its revocable tasks already hold
// (`oversubscribable()`). The agent adds what its revocable tasks hold and reports
// the sum when it changed (oversubscription.ts).
//
// - `fixed` (src/slave/resource_estimators/fixed.cpp): a fixed amount, less what
//   revocable tasks hold (`totalRevocable - allocatedRevocable`, floored at 0 per
//   name as Mesos's Resources subtraction drops what would go negative). So the
//   agent's revocable total stays the fixed amount.
// - `usage` (mesosim's; Mesos ships only `noop` and `fixed`): the cpus that tasks on
//   the agent hold and do not use, the slack that Mesos's oversubscription is meant
//   to lend (apache/mesos docs/oversubscription.md), less a safety margin of `headroom` × the
//   agent's non-revocable cpus, less what revocable tasks hold. Only cpus are lent:
//   the `load` QoS controller watches cpu load only, and memory taken back from a
//   revocable task would need an OOM model the simulator does not have. A task's
//   use is its latest usage record of the workload, else `usageModel.cpusFraction` of
//   its cpus request (task-usage.ts); revocable tasks' slack is not lent again.
import { Quantities } from "../../allocators/resources/quantities.ts";
import { nameId } from "../../allocators/resources/resource-names.ts";
import { parseResources } from "../../allocators/resources/resource-parse.ts";
import type { EstimatorSettings } from "./oversubscription-schema.ts";

/** What an estimator reads of an agent; amounts in milli-units. */
export interface EstimatorView {
  /** Revocable resources its tasks hold, by name. */
  readonly allocatedRevocable: Quantities;
  /** Σ over its non-revocable tasks of max(0, cpus held − cpus used). */
  readonly slackCpus: number;
  /** Its non-revocable cpus. */
  readonly totalCpus: number;
}

export interface ResourceEstimator {
  /** What the agent may lend beyond what its revocable tasks hold, by name (milli-units). */
  oversubscribable(agent: EstimatorView): Quantities;
}

const CPUS = nameId("cpus");

export function makeEstimator(s: EstimatorSettings): ResourceEstimator {
  if (s.kind === "fixed") {
    const total = parseResources(s.resources).scalarQuantities();
    return { oversubscribable: (a) => total.clone().subtract(a.allocatedRevocable) };
  }
  const headroom = s.headroom;
  return {
    oversubscribable(a) {
      const lendable = Math.max(0, a.slackCpus - Math.round(headroom * a.totalCpus));
      return new Quantities().set(CPUS, Math.max(0, lendable - a.allocatedRevocable.get(CPUS)));
    },
  };
}

/**
 * What the agent reports (`Slave::_forwardOversubscribed`): what its revocable tasks
 * hold plus what the estimator says it may lend.
 */
export function oversubscribed(estimator: ResourceEstimator, agent: EstimatorView): Quantities {
  return agent.allocatedRevocable.clone().add(estimator.oversubscribable(agent));
}
