// The command's exit status on an error (cli/exit-status.ts; docs/experiment-format.md).
import { test } from "uvu";
import * as assert from "uvu/assert";
import { exitStatusFor } from "../../cli/exit-status.ts";
import { InputError } from "../../common/input-error.ts";

test("an error that carries its exit status keeps it and prints its message alone", () => {
  let out = "";
  assert.is(exitStatusFor(new InputError("x.yaml:3:1: horizon: bad duration"), (t) => (out += t)), 2);
  assert.is(out, "mesosim: x.yaml:3:1: horizon: bad duration\n");
});

test("any other error is a bug: exit 3 (never 1, a failed check), with its stack", () => {
  let out = "";
  assert.is(exitStatusFor(new TypeError("cannot read x of undefined"), (t) => (out += t)), 3);
  assert.match(out, /^mesosim: internal error \(a bug in mesosim/);
  assert.match(out, /TypeError: cannot read x of undefined\n\s+at /);
  assert.is(exitStatusFor("a string", () => {}), 3);
});

test.run();
