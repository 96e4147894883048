// `mesosim schema synth|scenario`: prints the JSON Schema of an input file format,
// generated from the zod schema that validates it (z.toJSONSchema), so editors can
// check and complete files. Copies are checked in as docs/schemas/NAME.schema.json;
// test/cli/schema-command.test.ts keeps them identical to this output. A new
// format (the simulator's `experiment` file) is one more line in SCHEMAS.
import type { CommandModule } from "yargs";
import { z } from "zod";
import { SynthSpecSchema } from "../../traces/synth/synth-spec.ts";
import { ScenarioSchema } from "../../sim/scenario/scenario-schema.ts";

export const SCHEMAS = {
  synth: { schema: SynthSpecSchema, title: "mesosim-synth/1 workload spec (mesosim trace synth, trace fit)" },
  scenario: { schema: ScenarioSchema, title: "mesosim scenario file, format v1 (mesosim scenario)" },
} as const satisfies Record<string, { schema: z.ZodType; title: string }>;

export type SchemaName = keyof typeof SCHEMAS;

/** The JSON Schema text of `name`, as printed and checked in. */
export function schemaText(name: SchemaName): string {
  const { schema, title } = SCHEMAS[name];
  // The input side: fields with defaults are optional in a file.
  const json = z.toJSONSchema(schema, { io: "input", target: "draft-2020-12" });
  return `${JSON.stringify({ $schema: json.$schema, title, ...json }, null, 2)}\n`;
}

interface Args {
  name: SchemaName;
}

export const schemaCommand: CommandModule<object, Args> = {
  command: "schema <name>",
  describe: "print the JSON Schema of an input file format (for editors)",
  builder: (y) =>
    y
      .positional("name", { choices: Object.keys(SCHEMAS) as SchemaName[], demandOption: true, describe: "the format" })
      .example("$0 schema synth > synth.schema.json", "the schema of mesosim-synth/1 specs"),
  handler: (args) => {
    process.stdout.write(schemaText(args.name));
  },
};
