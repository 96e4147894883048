// Parsing and printing: Mesos's `ResourcesTest.Parsing*`, `Printing*` and
// `ResourceFormatTest` cases (src/tests/resources_tests.cpp).
import { test } from "uvu";
import * as assert from "uvu/assert";
import { parseResources, ResourceParseError } from "../../allocators/resources/resource-parse.ts";
import { formatResources, resourcesToJson } from "../../allocators/resources/resource-format.ts";
import { Resources } from "../../allocators/resources/resources.ts";
import { D, P, R, throwsA, dynamicRes, eq, mountSource, pathSource, scalar, staticRes, sum } from "./helpers.ts";

test("ResourcesTest.Parsing: a scalar, ranges and a set, one by one and together", () => {
  const cpus = P("cpus", "45.55");
  const ports = P("ports", "[10000-20000, 30000-50000]");
  const disks = P("disks", "{sda1}");
  const [c] = cpus.items;
  const [p] = ports.items;
  const [d] = disks.items;
  assert.is(c?.type, "SCALAR");
  assert.is(c?.scalar, 45550);
  assert.is(p?.type, "RANGES");
  assert.equal(p?.ranges, [10000, 20000, 30000, 50000]); // two ranges
  assert.is(d?.type, "SET");
  assert.equal(d?.set, ["sda1"]);
  eq(R("cpus:45.55;ports:[10000-20000, 30000-50000];disks:{sda1}"), sum(cpus, ports, disks));
});

test("ResourcesTest.ParsingWithRoles: name(role) is a STATIC reservation; the default role applies to the rest", () => {
  const parse1 = R("cpus(role1):2;mem(role1):3");
  eq(parse1, Resources.of([scalar("cpus", 2, { reservations: [staticRes("role1")] }), scalar("mem", 3, { reservations: [staticRes("role1")] })]));
  const parse2 = R("cpus(role1):2.5;ports(role2):[0-100]");
  const [cpus2, ports] = parse2.items;
  assert.equal(cpus2?.reservations, [staticRes("role1")]);
  assert.equal(ports?.reservations, [staticRes("role2")]);
  assert.equal(ports?.ranges, [0, 100]);
  eq(R("cpus:2.5;ports(role2):[0-100]", "role1"), parse2);
});

test("ResourcesTest.ParseError: missing colon, mismatched parentheses, one name with two types", () => {
  throwsA(() => R("cpus(role1)"), ResourceParseError, /missing or extra/);
  assert.throws(() => R("cpus(role1:1"), /parenthes/);
  assert.throws(() => R("cpus)(role1:1"), /parenthes/);
  assert.throws(() => R("foo(role1):1;foo(role2):[0-1]"), /same name \('foo'\) but different types/);
});

test("ResourcesTest.ParsingFromJSON: scalars, ranges and sets; JSON of parsed text parses back equal", () => {
  const resources = R("cpus:2;mem:3");
  eq(parseResources(resourcesToJson(resources)), resources);
  const cpus = parseResources('[\n {\n "name": "cpus",\n "type": "SCALAR",\n "scalar": {\n "value": 45.55\n }\n }\n]');
  assert.is(cpus.size, 1);
  assert.is(cpus.items[0]?.scalar, 45550);
  const ports = parseResources(
    '[{"name":"ports","type":"RANGES","ranges":{"range":[{"begin":30000,"end":50000},{"begin":10000,"end":20000}]}}]',
  );
  assert.equal(ports.items[0]?.ranges, [10000, 20000, 30000, 50000]);
  const pandas = parseResources('[{"name":"pandas","type":"SET","set":{"item":["lun_lun","yang_yang"]}}]');
  assert.is(pandas.items[0]?.type, "SET");
  assert.equal(pandas.items[0]?.set, ["lun_lun", "yang_yang"]);
  eq(
    parseResources(
      JSON.stringify([
        { name: "cpus", type: "SCALAR", scalar: { value: 45.55 } },
        { name: "ports", type: "RANGES", ranges: { range: [{ begin: 10000, end: 20000 }, { begin: 30000, end: 50000 }] } },
        { name: "pandas", type: "SET", set: { item: ["lun_lun", "yang_yang"] } },
      ]),
    ),
    sum(cpus, ports, pandas),
  );
});

test("ResourcesTest.ParsingFromJSONWithRoles: STATIC reservations in JSON merge with equal ones", () => {
  const cpus = parseResources('[{"name":"cpus","type":"SCALAR","scalar":{"value":45.55},"reservations":[{"type":"STATIC","role":"role1"}]}]');
  assert.is(cpus.items[0]?.reservationRole(), "role1");
  const cpus2 = parseResources('[{"name":"cpus","type":"SCALAR","scalar":{"value":54.44},"reservations":[{"type":"STATIC","role":"role2"}]}]');
  const resources = sum(cpus2, cpus, cpus);
  assert.ok(resources.contains(cpus));
  // 54.44 + 45.55 + 45.55 = 145.54; role1 holds 45.55 * 2 = 91.1
  assert.is(resources.scalar("cpus"), 145.54);
  assert.is(resources.reserved("role1").scalar("cpus"), 91.1);
  assert.is(resources.reserved("role2").scalar("cpus"), 54.44);
});

test("ResourcesTest.ParsingFromJSONError: malformed JSON and invalid resources are rejected", () => {
  const bad = [
    // A single object, not an array: read as text, which has no name:value.
    '{"name":"sad_pandas","type":"SET","set":{"item":["bai_yun","gao_gao"]}}',
    // An array of arrays.
    '[[{"name":"sad_pandas","type":"SET","set":{"item":["bai_yun"]}}]]',
    // Missing 'type'.
    '[{"name":"pandas","set":{"item":["lun_lun"]}}]',
    // Empty name.
    '[{"name":"","type":"SET","set":{"item":["lun_lun"]}}]',
    // Unrecognized type.
    '[{"name":"pandas","type":"FLOATINGPOINT","set":{"item":["lun_lun"]}}]',
    // Negative scalar.
    '[{"name":"panda_power","type":"SCALAR","scalar":{"value":-1}}]',
    // One name, two types.
    '[{"name":"happy_pandas","type":"SCALAR","scalar":{"value":14}},{"name":"happy_pandas","type":"SET","set":{"item":["yun_zi"]}}]',
  ];
  for (const s of bad) throwsA(() => parseResources(s), ResourceParseError, undefined, s);
});

test("ResourcesTest.Resources: scalar totals by name and the ports ranges", () => {
  const r = R("cpus:45.55;mem:1024;ports:[10000-20000, 30000-50000];disk:512");
  assert.is(r.scalar("cpus"), 45.55);
  assert.is(r.scalar("mem"), 1024);
  assert.is(r.scalar("disk"), 512);
  assert.equal(r.get("ports").items[0]?.ranges, [10000, 20000, 30000, 50000]);
  const r2 = R("cpus:45.55;disk:512");
  assert.ok(r2.get("mem").isEmpty());
  assert.ok(r2.get("ports").isEmpty());
});

test("ResourcesTest.Printing: the text form, in insertion order", () => {
  const r = R("cpus:45.55;ports:[10000-20000, 30000-50000];disks:{sda1}");
  assert.is(formatResources(r), "cpus:45.55;ports:[10000-20000,30000-50000];disks:{sda1}");
  assert.is(r.toString(), "cpus:45.55; ports:[10000-20000,30000-50000]; disks:{sda1}");
});

test("ResourcesTest.PrintingExtendedAttributes: reservations, allocation, disk info and {REV}", () => {
  let disk = scalar("disk", 1);
  assert.is(disk.toString(), "disk:1");
  disk = disk.withMeta({ reservations: [staticRes("alice")] });
  assert.is(disk.toString(), "disk(reservations: [(STATIC,alice)]):1");
  assert.is(disk.withMeta({ allocationRole: "role" }).toString(), "disk(allocated: role)(reservations: [(STATIC,alice)]):1");
  assert.is(disk.withMeta({ revocable: true }).toString(), "disk(reservations: [(STATIC,alice)]){REV}:1");
  const volume = disk.withMeta({ disk: { persistence: { id: "hadoop" }, volume: { containerPath: "/data", mode: "RW" } } });
  assert.is(volume.toString(), "disk(reservations: [(STATIC,alice)])[hadoop:/data]:1");
  assert.is(volume.withMeta({ revocable: true }).toString(), "disk(reservations: [(STATIC,alice)])[hadoop:/data]{REV}:1");
  const mount = volume.withMeta({ disk: { ...volume.disk, source: mountSource("/mnt1") } });
  assert.match(mount.toString(), /^disk\(reservations: \[\(STATIC,alice\)\]\)\[MOUNT:\/mnt1,hadoop/);
  const path = volume.withMeta({ disk: { ...volume.disk, source: pathSource("/mnt2") } });
  assert.match(path.toString(), /^disk\(reservations: \[\(STATIC,alice\)\]\)\[PATH:\/mnt2,hadoop/);
  const refined = volume.withMeta({
    reservations: [staticRes("alice"), dynamicRes("alice/refined", "hdfs-p", [{ key: "foo", value: "bar" }, { key: "foo" }])],
  });
  assert.is(refined.toString(), "disk(reservations: [(STATIC,alice),(DYNAMIC,alice/refined,hdfs-p,{foo: bar, foo})])[hadoop:/data]:1");
});

test("ResourcesTest.PrintingScalarPrecision: three decimals, rounded, no trailing zeros, all integral digits", () => {
  assert.is(R("cpus:1.234").toString(), "cpus:1.234");
  assert.is(R("cpus:1.2345").toString(), "cpus:1.235"); // 1234.5 milli rounds half away from zero
  assert.is(R("cpus:1.2344").toString(), "cpus:1.234");
  assert.is(R("cpus:1.1").toString(), "cpus:1.1");
  assert.is(R("cpus:1000001").toString(), "cpus:1000001");
  assert.is(R("cpus:99999999999.9994").toString(), "cpus:99999999999.999");
});

test("ResourcesTest.InitializedIsEmpty", () => {
  assert.ok(Resources.EMPTY.isEmpty());
  assert.ok(Resources.of([]).isEmpty());
});

test("ResourcesTest.BadResourcesNotAllocatable: zero-valued resources are dropped on add", () => {
  assert.ok(Resources.of([scalar("cpus", 0)]).isEmpty());
  assert.ok(R("cpus:0").isEmpty());
});

test("ResourcesTest.AbsentResources: gpus:0 parses to nothing", () => {
  assert.is(R("gpus:0").size, 0);
});

test("ResourcesTest.VerySmallValue: a value that rounds to zero is invalid", () => {
  assert.throws(() => R("cpus:0.00001"), /rounds to 0/);
});

test("ResourcesTest.Get: resources of one name", () => {
  const cpus = R("cpus(role1):2;cpus:4");
  const mem = R("mem(role1):10;mem:10");
  eq(cpus.plus(mem).get("cpus"), cpus);
  eq(cpus.plus(mem).get("mem"), mem);
});

test("ResourcesTest.Types: ports ranges merge across items", () => {
  const r = R("cpus(role1):2;cpus:4;ports:[1-10];ports:[11-20]");
  assert.is(r.size, 3);
  assert.equal(r.get("ports").items[0]?.ranges, [1, 20]);
});

test("ResourceFormatTest.PreReservationRefinement: role + reservation is a DYNAMIC reservation; role alone is STATIC", () => {
  const dyn = parseResources('[{"name":"cpus","type":"SCALAR","scalar":{"value":555.5},"role":"foo","reservation":{"principal":"principal1"}}]');
  assert.equal(dyn.items[0]?.reservations, [{ type: "DYNAMIC", role: "foo", principal: "principal1" }]);
  const stat = parseResources('[{"name":"cpus","type":"SCALAR","scalar":{"value":555.5},"role":"foo"}]');
  assert.equal(stat.items[0]?.reservations, [staticRes("foo")]);
  const unreserved = parseResources('[{"name":"cpus","type":"SCALAR","scalar":{"value":555.5},"role":"*"}]');
  assert.ok(unreserved.items[0]?.isUnreserved());
});

test("ResourceFormatTest.PostReservationRefinement: a reservation stack round-trips through JSON", () => {
  const r = reservedStack();
  const back = parseResources(resourcesToJson(r));
  eq(back, r);
  assert.equal(back.items[0]?.reservations.map((x) => x.role), ["foo", "foo/bar"]);
});

function reservedStack(): Resources {
  return Resources.of([scalar("cpus", 555.5, { reservations: [dynamicRes("foo", "p1"), dynamicRes("foo/bar", "p2")] })]);
}

test("ResourceFormatTest.Endpoint: formatResources falls back to JSON for what text cannot say", () => {
  const text = formatResources(R("cpus(a):1;mem:2"));
  assert.is(text, "cpus(a):1;mem:2");
  const json = formatResources(sum(reservedStack(), D(10, "role", "id1", "/data")));
  assert.ok(json.startsWith("["));
  eq(parseResources(json), sum(reservedStack(), D(10, "role", "id1", "/data")));
});

test.run();
