// `Simulator/EventQueue` (bench/event-queue.ts) checked for its outcome, not its
// speed (no timed test): on a small hold model, the kernel and the bare heap it is
// compared with take exactly the same times in the same order. Otherwise the two
// would do different work and their events/s ratio would mean nothing.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { holdBareHeap, holdIncrements, holdKernel } from "../../bench/event-queue.ts";

test("the hold model takes the same times, in the same order, from the kernel as from the bare heap", () => {
  const inc = holdIncrements(1);
  for (const pending of [1, 100, 3000]) {
    const kernel: number[] = [];
    const heap: number[] = [];
    const a = holdKernel(pending, 20_000, inc, kernel);
    const b = holdBareHeap(pending, 20_000, inc, heap);
    assert.is(kernel.length, 20_000);
    assert.equal(kernel, heap);
    assert.is(a.lastTime, b.lastTime);
    for (let i = 1; i < kernel.length; i++) assert.ok((kernel[i] as number) >= (kernel[i - 1] as number));
  }
});

test.run();
