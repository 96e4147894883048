// The offer operations of an ACCEPT that change resources in place (RESERVE,
// UNRESERVE, CREATE, DESTROY), as the master checks them against what is left of
// the offer before it applies them (src/master/validation.cpp,
// `validation::operation::validate(Reserve|Unreserve|Create|Destroy)`, and
// `Master::_accept`, src/master/master.cpp). The allocator's own checks (the
// conversions of allocators/resources/resource-operations.ts) come after these.
//
// What is not checked, because a simulated framework has neither: principals and
// ACLs (authorization), and labels on reservations.
import { applyConversions, conversionsOf, type Operation, OperationError, type OperationType } from "../../allocators/resources/resource-operations.ts";
import type { Resources } from "../../allocators/resources/resources.ts";
import type { SimOffer } from "./master-records.ts";

/**
 * Checks `type` of `resources` (untagged, as in `Offer.Operation`) against what is
 * left of `offer`, and returns the operation with what would be left after it
 * (tagged with the offer's role). Throws `OperationError` naming the offer and the
 * rule when Mesos's master would refuse it.
 */
export function offerOperation(offer: SimOffer, type: OperationType, resources: Resources): { operation: Operation; remainder: Resources } {
  const role = offer.role;
  const fail = (why: string): never => {
    throw new OperationError(`${type} of ${resources.toString()} on offer ${offer.id} (framework ${offer.framework.name}, role ${role}, agent ${offer.agent.id}): ${why}`);
  };
  if (resources.isEmpty()) fail("no resources");
  for (const r of resources) {
    if (r.revocable) fail("revocable resources cannot be reserved or hold volumes");
    switch (type) {
      case "RESERVE":
        if (!r.isDynamicallyReserved()) fail(`${r.toString()} must carry a dynamic reservation on top`);
        if (r.reservationRole() !== role) fail(`the reservation's role ${r.reservationRole()} is not the offer's allocation role`);
        if (r.isPersistentVolume()) fail("a persistent volume cannot be reserved (reserve the disk, then CREATE)");
        break;
      case "UNRESERVE":
        if (!r.isDynamicallyReserved()) fail(`${r.toString()} is not dynamically reserved (static reservations cannot be unreserved)`);
        if (r.isPersistentVolume()) fail(`${r.toString()} is a persistent volume: DESTROY it first`);
        break;
      case "CREATE":
        if (!r.isPersistentVolume()) fail(`${r.toString()} is not a persistent volume`);
        if (!r.isReserved()) fail("persistent volumes cannot be created from unreserved resources");
        if (r.reservationRole() !== role) fail(`the volume's role ${r.reservationRole()} is not the offer's allocation role`);
        break;
      case "DESTROY":
        if (!r.isPersistentVolume()) fail(`${r.toString()} is not a persistent volume`);
        for (const task of offer.agent.tasks) {
          if (task.resources !== null && task.resources.unallocate().contains(r)) fail(`the volume is in use by task ${task.id}`);
        }
        break;
    }
  }
  const operation: Operation = { type, resources };
  const conversions = conversionsOf(operation).map((c) => ({ ...c, consumed: c.consumed.allocate(role), converted: c.converted.allocate(role) }));
  for (const c of conversions) if (!offer.remainder.contains(c.consumed)) fail(`${c.consumed.unallocate().toString()} is not left in the offer`);
  return { operation, remainder: applyConversions(offer.remainder, conversions) };
}

/** `total` (untagged) after `operation`: the agent's checkpointed resources (`Slave::apply`). */
export function agentTotalAfter(total: Resources, operation: Operation): Resources {
  return applyConversions(total, conversionsOf(operation));
}
