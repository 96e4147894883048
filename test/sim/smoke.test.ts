import { test } from "uvu";
import * as assert from "uvu/assert";
import { machine, run, S, task } from "./helpers.ts";

test("smoke: two tasks on one agent", async () => {
  const { log } = await run([machine(0, "a1", 4, 4096), task(0, "t1", "web", 1, 512, 10 * S), task(2 * S, "t2", "web", 2, 512, 5 * S)]);
  console.log(log.lines.join("\n"));
});

test.run();
