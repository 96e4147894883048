// What an event is: a kind (a small integer naming the handler that runs it), a
// target object and a number. A model defines each kind once, with its priority
// class and handler (`Simulation.defineKind`); scheduling then passes only data, so
// no closure is made per event. The target is typically the model's own record (the
// task that ends, the offer that times out) and the number an id or a count.

/** Runs an event of one kind: `target` and `arg` are what `schedule` was given. */
export type EventHandler<T> = (target: T, arg: number) => void;

declare const targetType: unique symbol;

/**
 * A defined event kind: its index in the simulation's handler table, typed with its
 * target so that `schedule` accepts only the target its handler expects.
 */
export type EventKind<T> = number & { readonly [targetType]?: T };
