// `mesosim schema NAME` prints the JSON Schema generated from the zod schema that
// validates the format (issue 10 §4: "publish the schemas"), and the copies
// checked in under docs/schemas/ stay identical to it, so an editor pointed at
// them validates exactly what mesosim accepts.
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { SCHEMAS, schemaText, type SchemaName } from "../../cli/commands/schema.ts";

const repo = resolve(import.meta.dirname, "..", "..");

test("docs/schemas/NAME.schema.json is exactly what `mesosim schema NAME` prints, for every name", () => {
  for (const name of Object.keys(SCHEMAS) as SchemaName[]) {
    const checkedIn = readFileSync(join(repo, "docs/schemas", `${name}.schema.json`), "utf8");
    assert.is(checkedIn, schemaText(name), `docs/schemas/${name}.schema.json is stale: regenerate it with mesosim schema ${name}`);
  }
});

test("the command prints it, and an unknown name is a usage error (exit 2)", () => {
  const r = spawnSync(process.execPath, [join(repo, "bin/mesosim.js"), "schema", "synth"], { cwd: repo, encoding: "utf8" });
  assert.is(r.status, 0, r.stderr);
  assert.is(r.stdout, schemaText("synth"));
  const bad = spawnSync(process.execPath, [join(repo, "bin/mesosim.js"), "schema", "nope"], { cwd: repo, encoding: "utf8" });
  assert.is(bad.status, 2);
});

test("the published schemas are strict and carry the ranges: unknown keys refused, numbers bounded", () => {
  const synth = JSON.parse(schemaText("synth")) as Record<string, unknown>;
  assert.is(synth["additionalProperties"], false);
  // Every number or integer in the synth schema has both bounds, so every field's range is documented.
  const unbounded: string[] = [];
  const walk = (node: unknown, at: string): void => {
    if (node === null || typeof node !== "object") return;
    const o = node as Record<string, unknown>;
    if ((o["type"] === "number" || o["type"] === "integer") && (!("minimum" in o || "exclusiveMinimum" in o) || !("maximum" in o))) unbounded.push(at);
    for (const [k, v] of Object.entries(o)) walk(v, `${at}/${k}`);
  };
  walk(synth, "#");
  assert.equal(unbounded, []);
  const scenario = JSON.parse(schemaText("scenario")) as { additionalProperties: boolean; properties: { steps: { items: { oneOf: unknown[] } } } };
  assert.is(scenario.additionalProperties, false);
  assert.is(scenario.properties.steps.items.oneOf.length, 26, "one schema per op");
});

test.run();
