// The priority classes of the simulator's events: which of two events due at the
// same microsecond runs first. Lower runs first; within a class, events run in the
// order they were scheduled.
//
// The order is the experiment contract's ("Order of events"): what changes the
// cluster comes before what reacts to it, and the allocation run comes last, so a
// run at time t sees every resource freed, added or answered at t (as a Mesos
// master would have processed those messages before its allocator's timer fired).
//
// - MACHINE: agents added, updated, removed, failing, recovering.
// - TASK_END: a task's run time is over (its resources come back).
// - WORKLOAD: a task or job arrives (the initial state first, by scheduling order).
// - FRAMEWORK: a framework answers its offers (accept, decline), and the master's
//   offer timeouts, which answer on the framework's behalf (Mesos rescinds a timed-out
//   offer and recovers it as if declined without a filter): an answer that arrives
//   at the very instant of the timeout still counts.
// - ALLOCATION: allocation runs, periodic (`allocationInterval`) or triggered, and
//   the allocator's other logical timers (filter expiry), via `advanceTo(µs)`.
//
// To add or reorder a class, edit this table only: events carry the class of their
// kind (fixed when the kind is defined), and the queue reads just the number.
export const EventPriority = {
  MACHINE: 0,
  TASK_END: 1,
  WORKLOAD: 2,
  FRAMEWORK: 3,
  ALLOCATION: 4,
} as const;

export type EventPriority = (typeof EventPriority)[keyof typeof EventPriority];

/** One past the largest class: the queue packs (class, sequence) into one number below this bound. */
export const PRIORITY_CLASSES = 8;
