// Bad experiment files name where to edit (docs/experiment-format.md: exit 2 "file,
// key path or line, and field named"; issue 11): `file:line:column: key.path:
// message` in the one format of common/validation.ts, for the experiment's own keys,
// for an inline synth spec's keys (in the experiment, not a scratch copy), and for
// JSON syntax; a value a command-line option set is named by that option.
import { mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { loadExperiment, loadExperimentFile, type ExperimentOverrides } from "../../sim/experiment/load-experiment.ts";
import { prepareWorkload } from "../../sim/workload/prepare-workload.ts";

function write(name: string, text: string): string {
  const path = join(mkdtempSync(join(tmpdir(), "mesosim-experiment-errors-")), name);
  writeFileSync(path, text);
  return path;
}

/** The InputError (exit 2) message of loading `path`. */
function failure(path: string, overrides: ExperimentOverrides = {}): string {
  try {
    loadExperiment(path, overrides);
  } catch (err) {
    const e = err as { message: string; exitCode?: number };
    assert.is(e.exitCode, 2, e.message);
    return e.message;
  }
  throw new Error(`${path} loaded`);
}

const YAML = `format: mesosim-experiment/1
name: errors
workload:
  - trace: t.jsonl
frameworks:
  - name: f
    roles: [web]
    refuseSeconds: -1
`;

test("a YAML experiment's schema error names file:line:column and the key path", () => {
  const path = write("e.yaml", YAML);
  // refuseSeconds is the 4th line of frameworks[0]: line 8, indented 4 (column 5).
  assert.is(failure(path), `${path}:8:5: frameworks.0.refuseSeconds: expected a number in [0, 31536000] (got -1)`);
});

test("errors found after the schema (a RES, a duplicate name) name file:line:column too", () => {
  const path = write("e.yaml", `${YAML.replace("refuseSeconds: -1", "refuseSeconds: 1")}cluster:\n  agents:\n    - {count: 1, resources: "cpus:-1"}\n`);
  // `resources` is at line 11; "    - {count: 1, " is 17 characters, so the key starts at column 18.
  assert.match(failure(path), new RegExp(`^${path}:11:18: cluster\\.agents\\.0\\.resources: bad resource 'cpus:-1'`));
  const twice = write("e.yaml", `${YAML.replace("refuseSeconds: -1", "refuseSeconds: 1")}  - {name: f, roles: [batch]}\n`);
  // The second framework is line 9; "  - {" is 5 characters, so its `name` key is at column 6.
  assert.is(failure(twice), `${twice}:9:6: frameworks.1.name: framework "f" is listed twice`);
});

test("--set, --seed and --horizon errors name the option and the key path, not a place in the file", () => {
  const path = write("e.yaml", YAML.replace("refuseSeconds: -1", "refuseSeconds: 1"));
  assert.is(
    failure(path, { set: ["master.allocationInterval=0"] }),
    "--set master.allocationInterval=0: master.allocationInterval: expected a duration of at least 1 µs (got 0)",
  );
  assert.is(failure(path, { set: ["frameworks.0.refuseSeconds=-2"] }), "--set frameworks.0.refuseSeconds=-2: frameworks.0.refuseSeconds: expected a number in [0, 31536000] (got -2)");
  assert.match(failure(path, { set: ["master.speed=2"] }), /^--set master\.speed=2: master\.speed: unknown field \(allowed: allocator, /);
  // A check after the schema (the RES of an agent group) names the option too.
  assert.match(failure(path, { set: ['cluster={"agents":[{"count":1,"resources":"cpus:-1"}]}'] }), /^--set cluster=\{.*\}: cluster\.agents\.0\.resources: bad resource/);
  assert.is(failure(path, { set: ["frameworks.2.name=x"] }), '--set frameworks.2.name=x: frameworks.2: no list item "2" (the list has 1)');
  // An item of a list the file does not have: said so, not "expected array (got an object)".
  assert.is(
    failure(path, { set: ["maintenance.0.start=1h"] }),
    "--set maintenance.0.start=1h: maintenance: not in the file, so it has no item 0 (set the whole list instead: --set 'maintenance=[…]')",
  );
  assert.match(failure(path, { horizon: "10 parsecs" }), /^--horizon: horizon: expected a duration .*\(got "10 parsecs"\)$/);
  // A format listed twice is a slip, not a request.
  assert.is(failure(path, { set: ['report.formats=["csv","json","csv"]'] }), '--set report.formats=["csv","json","csv"]: report.formats.2: listed already, as item 0 (got "csv")');
  // A sampling step that would make billions of timeseries rows over the horizon.
  assert.is(
    failure(path, { set: ["report.sampleInterval=1us"], horizon: "2h" }),
    "--set report.sampleInterval=1us: report.sampleInterval: 7,200,000,000 samples over the horizon, more than 10,000,000: timeseries.csv has a row per sample and role and framework; take a longer interval",
  );
  // A role prefix that makes every prefixed role invalid is the key's fault, named at load.
  assert.is(
    failure(path, { set: ["workload.0.rolePrefix=/"] }),
    `--set workload.0.rolePrefix=/: workload.0.rolePrefix: "/" in front of a role makes it invalid (role '/…' cannot start with a slash)`,
  );
  // A horizon of 0 would simulate nothing and still write a run directory of zeros.
  assert.is(failure(path, { horizon: "0" }), "--horizon: horizon: expected a duration of at least 1 µs (got 0)");
  // The file's own problems still name the file; the option's come first.
  const both = failure(write("e.yaml", YAML), { set: ["seed=-1"] });
  assert.equal(both.split("\n").map((l) => l.replace(/^.*e\.yaml/, "e.yaml")), [
    "--set seed=-1: seed: expected an integer in [0, 2^53-1] (got -1)",
    "e.yaml:8:5: frameworks.0.refuseSeconds: expected a number in [0, 31536000] (got -1)",
  ]);
});

test("a --set whose path makes keys the file does not have is named by the option, not by the file's first line", () => {
  const path = write("e.yaml", YAML.replace("refuseSeconds: -1", "refuseSeconds: 1"));
  // `master` is absent from the file: the option made it, and `master.nosuch` is unknown.
  assert.match(failure(path, { set: ["master.nosuch.deep=3"] }), /^--set master\.nosuch\.deep=3: master\.nosuch: unknown field \(allowed: allocator, /);
  assert.match(failure(path, { set: ["nosuch.deep.key=3"] }), /^--set nosuch\.deep\.key=3: nosuch: unknown field \(allowed: format, /);
  // `cluster` is absent, so there is no `cluster.agents` list to take item 0 of.
  assert.is(
    failure(path, { set: ["cluster.agents.0.count=2"] }),
    "--set cluster.agents.0.count=2: cluster.agents: not in the file, so it has no item 0 (set the whole list instead: --set 'cluster.agents=[…]')",
  );
  // The file's own keys on the way keep their place in the file.
  const withMaster = write("m.yaml", `${YAML.replace("refuseSeconds: -1", "refuseSeconds: 1")}master:\n  allocationInterval: 0\n`);
  assert.match(failure(withMaster, { set: ["master.sorter=drf"] }), /m\.yaml:10:3: master\.allocationInterval: /);
});

test("--horizon takes a duration as the file does: a bare number is seconds (the command line gives it as text)", () => {
  const path = write("e.yaml", YAML.replace("refuseSeconds: -1", "refuseSeconds: 1"));
  assert.is(loadExperiment(path, { horizon: "90" }).horizon, 90_000_000);
  assert.is(loadExperiment(path, { horizon: "1.5h" }).horizon, 5_400_000_000);
  assert.match(failure(path, { horizon: "-5" }), /^--horizon: horizon: expected a duration from 0 to 2\^53 µs/);
});

const SYNTH = `format: mesosim-experiment/1
name: inline
workload:
  - synth:
      format: mesosim-synth/1
      durationSeconds: 3600
      machines: [{count: 2, cpus: 4, mem: 4096}]
      roles:
        - name: batch
          arrivals: {kind: poisson, ratePerSecond: -1}
          shapes: [{cpus: 1, mem: 512, weight: 1}]
`;

test("an inline synth spec's errors point into the experiment, by the key path workload.N.synth.…", () => {
  const path = write("e.yaml", SYNTH);
  // ratePerSecond: line 10; "          arrivals: {kind: poisson, " is 36 characters.
  assert.is(failure(path), `${path}:10:37: workload.0.synth.roles.0.arrivals.ratePerSecond: expected a number in [0, 1e6] (got -1)`);
  const unknown = write("e.yaml", SYNTH.replace("ratePerSecond: -1", "ratePerSecond: 1").replace("durationSeconds: 3600", "durationSeconds: 3600\n      colour: red"));
  assert.match(failure(unknown), new RegExp(`^${unknown}:7:7: workload\\.0\\.synth\\.colour: unknown field \\(allowed: \\$schema, format, `));
});

test("an inline synth spec refused when generated (too many records) is named in the experiment, not in a scratch file", async () => {
  const path = write("e.yaml", SYNTH.replace("ratePerSecond: -1", "ratePerSecond: 1e6").replace("durationSeconds: 3600", "durationSeconds: 1e9"));
  const { experiment, describe } = loadExperimentFile(path);
  const scratch = mkdtempSync(join(tmpdir(), "mesosim-experiment-errors-scratch-"));
  let message = "";
  try {
    await prepareWorkload(experiment, scratch, describe);
  } catch (err) {
    message = (err as Error).message;
  }
  // 1e6 jobs/s × 1e9 s = 1e15 jobs, each a job and a task record: the role is line 9, its `name` key at column 11.
  assert.match(message, new RegExp(`^${path}:9:11: workload\\.0\\.synth\\.roles\\.0: expected at most 10000000 records`));
  assert.equal(readdirSync(scratch), [], "no spec copy in scratch");
});

test("a .json experiment is JSON: a trailing comma (which YAML accepts) is a syntax error at its line and column", () => {
  const text = '{"format": "mesosim-experiment/1", "name": "j",\n "workload": [{"trace": "t.jsonl"},]\n}\n';
  const json = write("e.json", text);
  // Line 2: ' "workload": [{"trace": "t.jsonl"},' is 35 characters; the "]" that a value should precede is column 36.
  assert.is(failure(json), `${json}:2:36: not valid JSON: Unexpected token ']'`);
  assert.match(failure(write("e.json", '{"format": "mesosim-experiment/1", // a comment\n "name": "j"}')), /e\.json:1:36: not valid JSON/);
  // The same text as YAML (a superset of JSON with trailing commas in flow lists) loads.
  const yaml = write("e.yaml", text.replace("t.jsonl", "/t.jsonl"));
  assert.is(loadExperiment(yaml).workload[0]?.kind, "trace");
});

test("an unknown trace format lists the known ones, at workload.N.from and its line and column", () => {
  const path = write("e.yaml", "format: mesosim-experiment/1\nname: f\nworkload:\n  - {trace: x.csv, from: nosuch}\n");
  // "  - {trace: x.csv, " is 19 characters: `from` is at column 20.
  assert.is(
    failure(path),
    `${path}:4:20: workload.0.from: expected one of "google-2011", "google-2019", "alibaba-2017", "alibaba-2018", "alibaba-gpu-2020", "openb", "swf", "swim" (got "nosuch")`,
  );
});

test("a source names the key at fault: synth with trace, raw files without from, neither trace nor synth", () => {
  const at = (source: string) => failure(write("e.yaml", `format: mesosim-experiment/1\nname: f\nworkload:\n  - ${source}\n`)).replace(/^.*e\.yaml/, "e.yaml");
  // "  - {synth: s.json, " is 20 characters: `trace` is at column 21.
  assert.is(at("{synth: s.json, trace: t.jsonl}"), 'e.yaml:4:21: workload.0.trace: a source is either `trace` or `synth`, not both (got "t.jsonl")');
  assert.match(at("{trace: [a.csv, b.csv]}"), /^e\.yaml:4:5: workload\.0\.from: a list of trace files is raw source files: name their format \(one of "google-2011", /);
  assert.match(at("{window: {start: 1}}"), /^e\.yaml:4:5: workload\.0\.trace: expected `trace` \(a canonical trace, or raw files with `from`\) or `synth`/);
  // "  - {trace: t.jsonl, " is 21 characters.
  assert.is(at("{trace: t.jsonl, table: x}"), 'e.yaml:4:22: workload.0.table: `table` goes with `from` (raw source files) (got "x")');
});

test("a raw source's referenceMachine is checked when the experiment loads, as the converter reads it (cpus, mem, disk, gpus > 0)", () => {
  const at = (rm: string) => failure(write("e.yaml", `format: mesosim-experiment/1\nname: f\nworkload:\n  - {trace: x.csv, from: swf, referenceMachine: "${rm}"}\n`)).replace(/^.*e\.yaml/, "e.yaml");
  // "  - {trace: x.csv, from: swf, " is 30 characters.
  assert.match(at("cpus:64;ports:[1-2]"), /^e\.yaml:4:31: workload\.0\.referenceMachine: bad item "ports:\[1-2\]"; expected NAME:VALUE with NAME one of cpus, mem, disk, gpus/);
  assert.match(at("cpus:0"), /^e\.yaml:4:31: workload\.0\.referenceMachine: bad item "cpus:0"/);
});

test("a raw source's table must be one of its format's tables, named at load by its key path", () => {
  const path = write("e.yaml", "format: mesosim-experiment/1\nname: f\nworkload:\n  - {trace: x.csv, from: google-2011, table: tasks}\n");
  // "  - {trace: x.csv, from: google-2011, " is 38 characters.
  assert.match(failure(path), new RegExp(`^${path}:4:39: workload\\.0\\.table: google-2011 has the tables .*task_events.* \\(got "tasks"\\)$`));
});

test("a framework's task selector and abandonAfter name the key at fault", () => {
  const fw = (body: string) =>
    failure(write("e.yaml", `format: mesosim-experiment/1\nname: f\nworkload:\n  - trace: t.jsonl\nframeworks:\n  - {name: f, roles: [r], ${body}}\n`)).replace(/^.*e\.yaml/, "e.yaml");
  // "  - {name: f, roles: [r], " is 26 characters: the body starts at column 27.
  assert.is(fw("tasks: {role: 1}"), "e.yaml:6:35: frameworks.0.tasks.role: expected string (got 1)");
  assert.is(fw("tasks: {role: a, job: b}"), 'e.yaml:6:44: frameworks.0.tasks.job: give one of role, roles, job, priority, source, not two (role is given too) (got "b")');
  assert.is(fw('tasks: "all"'), 'e.yaml:6:27: frameworks.0.tasks: expected "*" or an object (got "all")');
  assert.is(fw("tasks: {source: 1}"), "e.yaml:6:35: frameworks.0.tasks.source: there is no workload source 1 (the workload has 1, from 0)");
  assert.is(fw("abandonAfter: {}"), "e.yaml:6:27: frameworks.0.abandonAfter: expected one of the keys attempts, wait (got an object)");
});

test("master.agentRemovalRateLimit is AGENTS/DURATION with both above 0, checked when the file loads (not exit 3 mid-run)", () => {
  const at = (rate: string) =>
    failure(write("e.yaml", `format: mesosim-experiment/1\nname: f\nmaster:\n  agentRemovalRateLimit: "${rate}"\nworkload:\n  - trace: t.jsonl\n`)).replace(/^.*e\.yaml/, "e.yaml");
  // Mesos's master builds a RateLimiter(permits, duration) from the flag: no permits, or no time between them, is no rate.
  assert.is(at("0/10m"), 'e.yaml:4:3: master.agentRemovalRateLimit: expected AGENTS/DURATION with both above 0, e.g. "1/10m" (got "0/10m")');
  assert.is(at("1/0s"), 'e.yaml:4:3: master.agentRemovalRateLimit: expected AGENTS/DURATION with both above 0, e.g. "1/10m" (got "1/0s")');
  // Not the schema's regular expression.
  assert.is(at("10m"), 'e.yaml:4:3: master.agentRemovalRateLimit: expected AGENTS/DURATION with both above 0, e.g. "1/10m" (got "10m")');
  const ok = write("e.yaml", `format: mesosim-experiment/1\nname: f\nmaster:\n  agentRemovalRateLimit: "2/1.5mins"\nworkload:\n  - trace: t.jsonl\n`);
  assert.is(loadExperiment(ok).master.agentRemovalRateLimit, "2/1.5mins");
});

test("a role's quota guarantees must be within its limits, as Mesos's quota validation requires", () => {
  const at = (quota: string) =>
    failure(write("e.yaml", `format: mesosim-experiment/1\nname: f\nroles:\n  prod: {quota: ${quota}}\nworkload:\n  - trace: t.jsonl\n`)).replace(/^.*e\.yaml/, "e.yaml");
  // "  prod: {" is 9 characters: the `quota` key is at column 10.
  assert.is(
    at('{guarantees: "cpus:100;mem:1024", limits: "cpus:50"}'),
    "e.yaml:4:10: roles.prod.quota: guarantees cpus:100;mem:1024 are not within limits cpus:50 (cpus: guarantee 100 above limit 50)",
  );
  assert.is(at('{guarantees: "cpus:1", limits: "cpus:0"}'), "e.yaml:4:10: roles.prod.quota: guarantees cpus:1 are not within limits cpus:0 (cpus: guarantee 1 above limit 0)");
  // A name absent from the limits is unlimited; equal is within.
  const ok = write("e.yaml", `format: mesosim-experiment/1\nname: f\nroles:\n  prod: {quota: {guarantees: "cpus:8;mem:1024", limits: "cpus:8"}}\nworkload:\n  - trace: t.jsonl\n`);
  assert.is(loadExperiment(ok).roles.get("prod")?.limits, "cpus:8");
});

test('the experiment\'s name may not be "." or "..": it names the default run directory mesosim-runs/<name>/, which would be mesosim-runs/ itself or the current folder', () => {
  const at = (name: string) => failure(write("e.yaml", `format: mesosim-experiment/1\nname: "${name}"\nworkload:\n  - trace: t.jsonl\n`)).replace(/^.*e\.yaml/, "e.yaml");
  assert.is(at(".."), `e.yaml:2:1: name: expected a name of letters, digits, '.', '_' and '-', other than "." and ".." (got "..")`);
  assert.is(at("."), `e.yaml:2:1: name: expected a name of letters, digits, '.', '_' and '-', other than "." and ".." (got ".")`);
  // Dots are fine inside a name.
  assert.is(loadExperiment(write("e.yaml", "format: mesosim-experiment/1\nname: v1.2..3\nworkload:\n  - trace: t.jsonl\n")).name, "v1.2..3");
});

test.run();
