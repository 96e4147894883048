// docs/scenarios.md's op reference against the scenario parser: every op the
// parser knows is documented, with exactly the fields it accepts and which of them
// are required, and the page documents nothing the parser does not know (issue 10
// §7: the guide had no op reference). The ops and their fields are the step schemas
// the parser checks every step against (sim/scenario/scenario-schema.ts).
import { test } from "uvu";
import * as assert from "uvu/assert";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parseScenario } from "../../sim/scenario/parse-scenario.ts";
import { OP_FIELDS, type StepOpName } from "../../sim/scenario/scenario-schema.ts";

const root = join(import.meta.dirname, "..", "..");
const guide = readFileSync(join(root, "docs", "scenarios.md"), "utf8");

interface OpFields {
  readonly required: string[];
  readonly optional: string[];
}

/** The parser's error for a file with these steps ("" when it parses). */
function parseError(steps: unknown[]): string {
  try {
    parseScenario({ name: "probe", steps }, "probe.json");
    return "";
  } catch (err) {
    return (err as Error).message;
  }
}

function knownOps(): string[] {
  // The parser checks each step against its op's schema (sim/scenario/scenario-schema.ts).
  const ops = Object.keys(OP_FIELDS);
  assert.ok(parseError([{ op: "__probe__" }]) !== "", "the parser refuses an unknown op");
  return ops;
}

function parserFields(op: string): OpFields {
  // The step schema the parser validates with: a field is required when the schema
  // refuses the step without it.
  const shape = OP_FIELDS[op as StepOpName] as Record<string, { safeParse(v: unknown): { success: boolean } }>;
  const required: string[] = [];
  const optional: string[] = [];
  for (const [f, schema] of Object.entries(shape)) (schema.safeParse(undefined).success ? optional : required).push(f);
  return { required: required.sort(), optional: optional.sort() };
}

/** The op reference: `#### \`op\`` headings, each with `- \`field\` (required): ...` bullets. */
function documentedOps(markdown: string): Map<string, OpFields> {
  const section = markdown.split(/^## Op reference$/m)[1];
  assert.ok(section !== undefined, "docs/scenarios.md has an '## Op reference' section");
  const out = new Map<string, OpFields>();
  let current: string[] = [];
  for (const line of section.split(/^## /m)[0]!.split("\n")) {
    if (line.startsWith("#### ")) {
      current = [...line.matchAll(/`(\w+)`/g)].map((m) => m[1] as string);
      for (const op of current) {
        assert.not.ok(out.has(op), `${op} is documented twice`);
        out.set(op, { required: [], optional: [] });
      }
    } else if (line.startsWith("### ")) {
      current = [];
    } else if (line.startsWith("- `") && current.length > 0) {
      // The names before the first ": ", each `name` or `name` (required).
      const head = line.slice(2).split(": ")[0] as string;
      for (const m of head.matchAll(/`(\w+)`( \(required\))?/g)) {
        for (const op of current) {
          const f = out.get(op) as OpFields;
          (m[2] === undefined ? f.optional : f.required).push(m[1] as string);
        }
      }
    }
  }
  for (const f of out.values()) {
    f.required.sort();
    f.optional.sort();
  }
  return out;
}

const documented = documentedOps(guide);

test("the parser knows the 26 ops of format v1 (docs/scenario-format.md, Steps)", () => {
  assert.is(knownOps().length, 26);
});

test("every op the parser knows is in docs/scenarios.md's op reference, and nothing else is", () => {
  assert.equal([...documented.keys()].sort(), knownOps().sort());
});

for (const op of knownOps()) {
  test(`docs/scenarios.md documents ${op}'s fields as the parser accepts them`, () => {
    assert.equal(documented.get(op), parserFields(op));
  });
}

test("the field probe sees required and optional fields (decline: framework, agent, resources; role, refuseSeconds)", () => {
  assert.equal(parserFields("decline"), { required: ["agent", "framework", "resources"], optional: ["refuseSeconds", "role"] });
  assert.equal(parserFields("settle"), { required: [], optional: [] });
});

test("the guide says that expectShares compares the weighted share", () => {
  assert.match(guide, /`expectShares` compares the weighted share/);
});

test.run();
