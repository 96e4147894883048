// Bad input to the parser: every error must say what is wrong and where.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { parseResources, ResourceParseError } from "../../allocators/resources/resource-parse.ts";
import { Limits, Quantities } from "../../allocators/resources/quantities.ts";
import { throwsA } from "./helpers.ts";

const bad = (input: string | unknown[], ...res: RegExp[]) => {
  const msg = throwsA(() => parseResources(input as string), ResourceParseError, undefined, JSON.stringify(input));
  for (const re of res) assert.match(msg, re, `${JSON.stringify(input)} → ${msg}`);
  return msg;
};

const json = (o: object) => JSON.stringify([o]);

test("mem:-1: a negative scalar names the resource and the value", () => {
  bad("cpus:1;mem:-1", /'mem:-1'/, /negative/);
});

test("scalars beyond the fixed point's range (10^12) or non-finite are rejected, naming the resource, in text and JSON (Mesos Resources::validate: \"Invalid scalar resource\"; issue 10 §2)", () => {
  bad("cpus:99999999999999999999", /'cpus:99999999999999999999'/, /more than 1000000000000/);
  bad("cpus:1;mem:1e300", /'mem:1e300'/, /more than/);
  bad("cpus:1e400", /'cpus:1e400'/, /not finite/);
  bad(json({ name: "mem", type: "SCALAR", scalar: { value: 1e13 } }), /\(mem\)/, /more than 1000000000000/);
  bad(json({ name: "cpus", type: "SCALAR", scalar: { value: "Infinity" } }), /scalar\.value/, /expected a number/);
  // The largest amount is accepted and prints back exactly, three decimals and all.
  assert.is(parseResources("cpus:999999999999.999;mem:1000000000000").toString(), "cpus:999999999999.999; mem:1000000000000");
});

test("quantities (quota, limits, minimum allocatable) share the range", () => {
  assert.throws(() => Quantities.parse("cpus:1e13"), /bad value '1e13' for 'cpus': 10000000000000 is more than 1000000000000/);
  assert.throws(() => Limits.parse("mem:1e300"), /for 'mem'/);
  assert.is(Quantities.parse("cpus:1000000000000").toString(), "cpus:1000000000000");
});

test("cpus:abc: not a number, ranges or set", () => {
  bad("cpus:abc", /'cpus:abc'/, /'abc' is not a number/);
});

test("ports:[5-3]: an inverted range", () => {
  bad("ports:[5-3]", /'ports:\[5-3\]'/, /5-3: begin > end/);
});

test("ports:[1-a] and ports:[1-2-3]: bad bounds or an odd count", () => {
  bad("ports:[1-a]", /non-negative integers/);
  bad("ports:[1-2-3]", /expected ranges/);
});

test("an unknown JSON type", () => {
  bad(json({ name: "pandas", type: "FLOATINGPOINT", set: { item: ["a"] } }), /resource \[0\] \(pandas\)\.type/, /unknown or unsupported resource type 'FLOATINGPOINT'/);
  bad(json({ name: "t", type: "TEXT", text: { value: "x" } }), /'TEXT'/);
});

test("an unknown JSON field, at any depth", () => {
  bad(json({ name: "cpus", type: "SCALAR", scalar: { value: 1 }, rol: "a" }), /unknown field 'rol'/);
  bad(json({ name: "cpus", type: "SCALAR", scalar: { value: 1, unit: "c" } }), /\.scalar: unknown field 'unit'/);
  bad(json({ name: "cpus", type: "SCALAR", scalar: { value: 1 }, reservations: [{ type: "DYNAMIC", role: "a", princpal: "p" }] }), /reservations\[0\]: unknown field 'princpal'/);
});

test("overlapping JSON ranges (text ranges coalesce, JSON ones must not overlap)", () => {
  bad(json({ name: "ports", type: "RANGES", ranges: { range: [{ begin: 1, end: 5 }, { begin: 3, end: 8 }] } }), /\(ports\)\.ranges: overlapping ranges/);
});

test("duplicated set items, in text and JSON", () => {
  bad("zones:{a,b,a}", /'zones:\{a,b,a\}'/, /duplicated/);
  bad(json({ name: "zones", type: "SET", set: { item: ["a", "a"] } }), /\(zones\)\.set: duplicated/);
});

test("bad role names in text and JSON", () => {
  bad("cpus(/a):1", /'cpus\(\/a\):1'/, /cannot start with a slash/);
  bad("cpus(a/..):1", /'\.\.'/);
  bad("cpus(-a):1", /starts with a dash/);
  bad("cpus(a b):1", /whitespace/);
  bad("cpus(a/*):1", /'\*'/);
  bad(json({ name: "cpus", type: "SCALAR", scalar: { value: 1 }, reservations: [{ type: "DYNAMIC", role: "a/." }] }), /reservations\[0\]\.role/, /'\.'/);
  bad(json({ name: "cpus", type: "SCALAR", scalar: { value: 1 }, reservations: [{ type: "DYNAMIC", role: "*" }] }), /"\*" cannot be reserved/);
});

test("a STATIC refinement", () => {
  bad(
    json({ name: "cpus", type: "SCALAR", scalar: { value: 1 }, reservations: [{ type: "STATIC", role: "a" }, { type: "STATIC", role: "a/b" }] }),
    /reservations\[1\]: a refined reservation cannot be STATIC/,
  );
});

test("a refinement to a role that is not a strict sub-role", () => {
  bad(
    json({ name: "cpus", type: "SCALAR", scalar: { value: 1 }, reservations: [{ type: "DYNAMIC", role: "a" }, { type: "DYNAMIC", role: "b" }] }),
    /role 'b' is not a refinement of 'a'/,
  );
  bad(
    json({ name: "cpus", type: "SCALAR", scalar: { value: 1 }, reservations: [{ type: "DYNAMIC", role: "a" }, { type: "DYNAMIC", role: "a" }] }),
    /role 'a' is not a refinement of 'a'/,
  );
  bad(
    json({ name: "cpus", type: "SCALAR", scalar: { value: 1 }, reservations: [{ type: "DYNAMIC", role: "ab" }, { type: "DYNAMIC", role: "a/b" }] }),
    /not a refinement/,
  );
});

test("cpus: and cpus:1:2: missing or extra ':'", () => {
  bad("cpus:", /'cpus:'/, /missing or extra ':'/);
  bad("cpus:1:2", /'cpus:1:2'/, /missing or extra ':'/);
  bad("cpus", /missing or extra ':'/);
});

test("mismatched parentheses", () => {
  bad("cpus(role1:1", /'cpus\(role1:1'/, /mismatched parentheses/);
  bad("cpus)(role1:1", /mismatched parentheses/);
  bad("cpus:{a,b", /mismatched brackets/);
  bad("ports:[1-2", /mismatched brackets/);
});

test("a value field that does not match the type, and a value that rounds to zero", () => {
  bad(json({ name: "cpus", type: "SCALAR", ranges: { range: [] } }), /a SCALAR resource needs exactly the field 'scalar'/);
  bad("cpus:0.0001", /rounds to 0/);
});

test("DiskInfo, shared and source rules (Resources::validate)", () => {
  bad(json({ name: "cpus", type: "SCALAR", scalar: { value: 1 }, disk: {} }), /DiskInfo should not be set for cpus/);
  bad(json({ name: "disk", type: "SCALAR", scalar: { value: 1 }, shared: {} }), /only persistent volumes can be shared/);
  bad(json({ name: "disk", type: "SCALAR", scalar: { value: 1 }, disk: { source: { type: "BLOCK", mount: { root: "/m" } } } }), /must not be set for a BLOCK/);
  bad(json({ name: "disk", type: "SCALAR", scalar: { value: 1 }, disk: { source: { type: "NFS" } } }), /unknown disk source type 'NFS'/);
});

test("broken JSON is reported as invalid JSON, not as an invalid resource name (issue 10 §4)", () => {
  // No resource name may start with '[' (checkName), so a string starting with one is the JSON form.
  const msg = bad('[{"name":"cpus"', /invalid JSON resources '\[\{"name":"cpus"'/, /Expected ',' or '\}' after property value/);
  assert.not.match(msg, /resource name/);
});

test.run();
