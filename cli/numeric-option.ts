// Numeric command-line options checked by the one validation layer
// (common/validation.ts): yargs keeps the raw text, and a middleware (run before
// yargs' own checks) turns it into a number the option's schema accepts, or
// throws `--name: expected … (got …)` (exit 2). yargs' `type: "number"` would turn
// `abc` into NaN and let it through, and an error thrown by `coerce` loses its
// exit code on the way out of yargs.
import type { Argv } from "yargs";
import type { z } from "zod";
import { parseOption } from "../common/validation.ts";

export interface NumericOption {
  schema: z.ZodType<number>;
  describe: string;
  /** The valid range in words, shown in --help. */
  range: string;
  default?: number;
  demandOption?: boolean;
}

/** Adds the options to `y`, each checked against its schema. */
export function withNumericOptions<T>(y: Argv<T>, options: Readonly<Record<string, NumericOption>>): Argv<T> {
  const entries = Object.entries(options);
  let out = y;
  for (const [name, o] of entries) {
    out = out.option(name, {
      type: "string",
      requiresArg: true,
      describe: `${o.describe} (${o.range})`,
      ...(o.default === undefined ? {} : { default: o.default }),
      ...(o.demandOption === true ? { demandOption: true } : {}),
    }) as unknown as Argv<T>;
  }
  return out.middleware((argv) => {
    const a = argv as Record<string, unknown>;
    for (const [name, o] of entries) {
      if (a[name] === undefined) continue; // absent: yargs' demandOption speaks for required ones
      const v = parseOption(name, a[name], o.schema);
      a[name] = v;
      // yargs also keeps the camel-case alias of a dashed name.
      const camel = name.replace(/-(\w)/g, (_, c: string) => c.toUpperCase());
      if (camel !== name && camel in a) a[camel] = v;
    }
  }, true);
}
