// `mesosim --help`, walked through every command and subcommand it lists: every
// option and positional says what it is for, and none shows a default it does not
// have (issue 10 §7: `trace info`'s positional and `synth`'s --seed and --out had no
// description, and required positionals showed `[required] [default: []]`, since
// yargs gives every variadic positional a default of []).
import { test } from "uvu";
import * as assert from "uvu/assert";
import { spawnSync } from "node:child_process";
import { resolve } from "node:path";

const root = resolve(import.meta.dirname, "../..");

function mesosim(...args: string[]) {
  const r = spawnSync(process.execPath, ["bin/mesosim.js", ...args], { cwd: root, encoding: "utf8" });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** The sections of a yargs help text (`Commands:`, `Positionals:`, `Options:`) and their entries, continuation lines joined. */
function sections(help: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  let entries: string[] | undefined;
  for (const line of help.split("\n")) {
    const heading = /^(\w[\w ]*):$/.exec(line);
    if (heading !== null) out.set(heading[1] as string, (entries = []));
    else if (line.trim() === "") entries = undefined;
    else if (entries !== undefined && /^ {2}\S/.test(line)) entries.push(line.trim());
    else if (entries !== undefined && entries.length > 0) entries[entries.length - 1] += ` ${line.trim()}`;
  }
  return out;
}

// yargs's hints after a description; a [choices: ...] list may wrap over lines.
const HINT = /\s*\[(?:string|number|boolean|array|count|required|deprecated|default: (?:\[[^\]]*\]|[^\]])*|choices: [^\]]*)\]\s*$/;

/** An entry's description: what is left after its name and the hints yargs appends. */
function description(entry: string): string {
  let rest = entry.replace(/^\S+(?:, \S+)?/, "");
  for (let m = HINT.exec(rest); m !== null; m = HINT.exec(rest)) rest = rest.slice(0, m.index);
  return rest.trim();
}

/** Every command path below `path`, found from the `Commands:` sections of the help texts. */
function walk(path: string[], out: Map<string, string>): void {
  const r = mesosim(...path, "--help");
  assert.is(r.code, 0, `mesosim ${path.join(" ")} --help: ${r.stderr}`);
  out.set(path.join(" "), r.stdout);
  for (const entry of sections(r.stdout).get("Commands") ?? []) {
    // `mesosim trace convert <inputs..>  convert a trace...`: the words after the path.
    const words = entry.split(/\s+/).slice(1 + path.length);
    const name = words[0];
    if (name !== undefined && /^[a-z]/.test(name)) walk([...path, name], out);
  }
}

const helps = new Map<string, string>();
walk([], helps);

test("the walk reaches every command and subcommand", () => {
  assert.equal([...helps.keys()].sort(), ["", "compare", "report", "resources", "run", "scenario", "schema", "trace", "trace convert", "trace fit", "trace info", "trace synth"]);
});

test("every option and positional of every command has a description", () => {
  const missing: string[] = [];
  for (const [command, help] of helps) {
    for (const [section, entries] of sections(help)) {
      if (section !== "Options" && section !== "Positionals") continue;
      for (const entry of entries) if (description(entry) === "") missing.push(`mesosim ${command}: ${entry}`);
    }
  }
  assert.equal(missing, []);
});

test("no entry is both required and defaulted, and no default is an empty list", () => {
  const misleading: string[] = [];
  for (const [command, help] of helps) {
    for (const entries of sections(help).values()) {
      for (const entry of entries) {
        if ((entry.includes("[required]") && entry.includes("[default:")) || entry.includes("[default: []]")) misleading.push(`mesosim ${command}: ${entry}`);
      }
    }
  }
  assert.equal(misleading, []);
});

test("the description check sees a missing description (the synth --seed line before the fix)", () => {
  assert.is(description("--seed                                       [number] [required]"), "");
  assert.is(description("--from  the input's format [required] [choices: \"google-2011\", \"swf\"]"), "the input's format");
  assert.is(description("inputs  input files or directories of shards   [array] [required] [default: []]"), "input files or directories of shards");
});

test("mesosim with no command says so once, with one pointer to --help, and exits 2", () => {
  const r = mesosim();
  assert.is(r.code, 2);
  assert.is(r.stdout, "");
  assert.is(r.stderr, "mesosim: name a command\n(see mesosim --help)\n");
});

test("--version prints the package's version", () => {
  const r = mesosim("--version");
  assert.is(r.code, 0, r.stderr);
  assert.match(r.stdout, /^\d+\.\d+\.\d+\n$/);
});

test.run();
