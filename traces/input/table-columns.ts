// The one way a reader finds its columns in a headered table. Each table declares,
// once, the columns it reads: which are required (a header without one is an
// error naming it), which are optional (absent, they read as null: unknown, never
// a default of 0), the other names real exports give them (aliases), and the
// published columns it does not use (accepted, then ignored). Any other column is
// an error: a misspelt or unexpected column would otherwise be silently dropped.
import { badFieldMessage, TraceInputError } from "./trace-input-error.ts";

export interface ColumnSpec {
  readonly required?: boolean;
  /** Other names real exports give this column, tried after its own. */
  readonly aliases?: readonly string[];
}

export interface TableColumns<N extends string> {
  /** The table, as messages name it ("openb pod_list"). */
  readonly table: string;
  readonly columns: { readonly [K in N]: ColumnSpec };
  /** Published columns the reader does not use. */
  readonly ignored?: readonly string[];
}

/** The index of each column in a row, or ABSENT for an optional column the header lacks. */
export type ColumnIndex<N extends string> = { readonly [K in N]: number } & {
  /** How many fields a row has (the header's width). */
  readonly count: number;
};

/** The index of an absent optional column: `fields[ABSENT]` is undefined, which every optional parser reads as null. */
export const ABSENT = -1;

export function defineColumns<N extends string>(
  table: string,
  columns: { readonly [K in N]: ColumnSpec },
  ignored: readonly string[] = [],
): TableColumns<N> {
  return { table, columns, ignored };
}

/** Every name a header may use for `spec`'s columns, with the column it gives (null: ignored). */
function namesOf<N extends string>(spec: TableColumns<N>): Map<string, N | null> {
  const names = new Map<string, N | null>();
  for (const name of spec.ignored ?? []) names.set(name, null);
  for (const column of Object.keys(spec.columns) as N[]) {
    names.set(column, column);
    for (const alias of spec.columns[column].aliases ?? []) names.set(alias, column);
  }
  return names;
}

/** True if `name` is a column name (or alias, or ignored column) of the table: tells a header line from a data row. */
export function isColumnName<N extends string>(spec: TableColumns<N>, name: string): boolean {
  return namesOf(spec).has(name.trim());
}

/**
 * Maps a header's column names onto `spec`. `file` and `line` locate the header
 * (a data file's line 1, or a separate `.header` file) for the error, which is a
 * TraceInputError whatever `--skip-bad` says: a file whose columns are unknown
 * has no row that could be read.
 */
export function mapColumns<N extends string>(spec: TableColumns<N>, header: readonly string[], file: string, line: number): ColumnIndex<N> {
  const names = namesOf(spec);
  const found = new Map<N, number>();
  const fail = (field: number | null, name: string, why: string): never => {
    throw new TraceInputError(badFieldMessage(file, line, field, name, why));
  };
  for (let i = 0; i < header.length; i++) {
    const name = (header[i] as string).trim();
    if (name === "") fail(i + 1, "header", `empty column name in the ${spec.table} header`);
    const column = names.get(name);
    if (column === undefined) {
      fail(i + 1, name, `unknown column "${name}" for ${spec.table}; known columns: ${[...names.keys()].join(", ")}`);
    }
    if (column === null || column === undefined) continue;
    const before = found.get(column);
    if (before !== undefined) {
      fail(i + 1, name, `columns "${(header[before] as string).trim()}" and "${name}" are both ${spec.table} column ${column}`);
    }
    found.set(column, i);
  }
  const out: Record<string, number> = { count: header.length };
  for (const column of Object.keys(spec.columns) as N[]) {
    const c = spec.columns[column];
    const i = found.get(column);
    if (i === undefined && c.required === true) {
      const also = c.aliases === undefined || c.aliases.length === 0 ? "" : ` (or ${c.aliases.map((a) => `"${a}"`).join(", ")})`;
      fail(null, column, `header has no column "${column}"${also}, which ${spec.table} requires (header: ${header.join(",")})`);
    }
    out[column] = i ?? ABSENT;
  }
  return out as ColumnIndex<N>;
}
