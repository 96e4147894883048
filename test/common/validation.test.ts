// The one validation layer (common/validation.ts, common/source-document.ts; issue
// 10 §4): JSON and YAML files validated against zod schemas, with one error
// format `file:line:column: key.path: what was expected (got …)`, exit 2; and
// numeric options as `--name: what was expected (got …)`.
import { writeFileSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { z } from "zod";
import { parseSourceDocument } from "../../common/source-document.ts";
import { integer, loadValidated, number, object, parseOption, validate } from "../../common/validation.ts";

const Schema = object({
  name: z.string(),
  count: integer(1, 10),
  rate: number(0, 1, { exclusiveMin: true }).optional(),
  items: z.array(object({ size: integer(0, 5) })).default([]),
});

function fails(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    const e = err as { message: string; exitCode?: number };
    assert.is(e.exitCode, 2, e.message);
    return e.message;
  }
  throw new Error("accepted");
}

test("one error format: file:line:column: key.path: expected … (got …), at the key in question", () => {
  const text = '{\n  "name": "x",\n  "count": 2.5,\n  "items": [{"size": 1}, {"size": 9}]\n}\n';
  const msg = fails(() => validate(parseSourceDocument(text, "f.json"), Schema));
  assert.is(msg, "f.json:3:3: count: expected an integer in [1, 10] (got 2.5)\nf.json:4:27: items[1].size: expected an integer in [0, 5] (got 9)");
});

test("an unknown key is an error naming it and the keys allowed (as scenario files always did)", () => {
  const msg = fails(() => validate(parseSourceDocument('{"name": "x", "count": 1,\n "colour": "red"}', "f.json"), Schema));
  assert.is(msg, "f.json:2:2: colour: unknown field (allowed: name, count, rate, items)");
});

test("a missing key is reported at its object, and says so", () => {
  const msg = fails(() => validate(parseSourceDocument('{"name": "x"}', "f.json"), Schema));
  assert.is(msg, "f.json:1:1: count: expected an integer in [1, 10] (got nothing: the field is missing)");
});

test("a JSON syntax error has a line and column, not a character offset", () => {
  // Node 20's JSON.parse gives "position 27" for this one, and no position at all for a stray '}'.
  assert.is(fails(() => parseSourceDocument('{"name": "x",\n "count": 1 "rate": 1}', "f.json")), "f.json:2:13: not valid JSON: Expected ',' or '}' after property value");
  assert.is(fails(() => parseSourceDocument('{"steps": [\n  }', "f.json")), "f.json:2:3: not valid JSON: Unexpected token '}'");
  assert.match(fails(() => parseSourceDocument('{"a": [1, 2,]}', "f.json")), /^f\.json:1:13: not valid JSON/);
  assert.match(fails(() => parseSourceDocument("", "f.json")), /^f\.json:1:1: not valid JSON/);
});

test("a duplicate JSON key is an error, not silently the last value", () => {
  assert.is(fails(() => parseSourceDocument('{"count": 1,\n "count": 2}', "f.json")), "f.json:2:2: count: duplicate key (JSON keeps only the last one)");
});

test("YAML files validate against the same schema, with YAML line and column", () => {
  const msg = fails(() => validate(parseSourceDocument("name: x\ncount: 3\nitems:\n  - size: 1\n  - size: -1\n", "f.yaml"), Schema));
  assert.is(msg, "f.yaml:5:5: items[1].size: expected an integer in [0, 5] (got -1)");
  assert.match(fails(() => parseSourceDocument("name: [x\n", "f.yml")), /^f\.yml:\d+:\d+: not valid YAML/);
});

test("loadValidated returns typed data with defaults applied, or names an unreadable file", () => {
  const dir = mkdtempSync(join(tmpdir(), "mesosim-validation-"));
  writeFileSync(join(dir, "ok.yaml"), "name: x\ncount: 3\n");
  const v = loadValidated(join(dir, "ok.yaml"), Schema);
  assert.equal(v, { name: "x", count: 3, items: [] });
  assert.match(fails(() => loadValidated(join(dir, "none.json"), Schema)), /none\.json: cannot read the file/);
});

test("numeric options: text that is not one number, or out of range, is `--name: expected … (got …)`", () => {
  assert.is(parseOption("max-shapes", "12", integer(1, 1000)), 12);
  assert.is(parseOption("max-shapes", 16, integer(1, 1000)), 16);
  assert.is(fails(() => parseOption("max-shapes", "abc", integer(1, 1000))), '--max-shapes: expected an integer in [1, 1000] (got "abc")');
  assert.is(fails(() => parseOption("max-roles", "0", integer(1, 1000))), "--max-roles: expected an integer in [1, 1000] (got 0)");
  assert.is(fails(() => parseOption("max-roles", "-3", integer(1, 1000))), "--max-roles: expected an integer in [1, 1000] (got -3)");
  // "" and " " are 0 to Number(); "0x10" is 16: none of them is a number to a user.
  assert.is(fails(() => parseOption("limit", "", integer(0, 10))), '--limit: expected an integer in [0, 10] (got "")');
  assert.is(fails(() => parseOption("limit", "0x10", integer(0, 100))), '--limit: expected an integer in [0, 100] (got "0x10")');
  assert.is(fails(() => parseOption("seed", ["1", "2"], integer(0, 10))), '--seed: expected one value (got 2: "1", "2")');
});

test("a union names the problem of the one form the value is of the kind for, else the kinds it allows", () => {
  const Union = object({ pick: z.union([z.literal("*"), object({ size: integer(0, 5) })]), length: z.union([z.number(), z.string()]).optional() });
  // An object: only the object form fits its kind, so its own problem is named.
  assert.is(fails(() => validate(parseSourceDocument('{"pick": {"size": 9}}', "f.json"), Union)), "f.json:1:11: pick.size: expected an integer in [0, 5] (got 9)");
  // Of no form's kind: the kinds are listed.
  assert.is(fails(() => validate(parseSourceDocument('{"pick": 3}', "f.json"), Union)), 'f.json:1:2: pick: expected "*" or an object (got 3)');
  assert.is(fails(() => validate(parseSourceDocument('{"pick": "*", "length": true}', "f.json"), Union)), "f.json:1:15: length: expected a number or a string (got true)");
});

test("validate options: a part of a document validated on its own, paths written another way, values that an option set", () => {
  const doc = parseSourceDocument('{"outer": [\n  {"inner": {"name": "x", "count": 0}}\n]}', "f.json");
  const dotted = (p: ReadonlyArray<string | number>) => p.join(".");
  // The part at outer.0.inner, named from the document's top; count is line 2, column 27.
  assert.is(fails(() => validate(doc, Schema, { at: ["outer", 0, "inner"], formatPath: dotted })), "f.json:2:27: outer.0.inner.count: expected an integer in [1, 10] (got 0)");
  assert.is(
    fails(() => validate(doc, Schema, { at: ["outer", 0, "inner"], origin: (p) => (p.at(-1) === "count" ? "--set count=0" : undefined) })),
    "--set count=0: outer[0].inner.count: expected an integer in [1, 10] (got 0)",
  );
});

test.run();
