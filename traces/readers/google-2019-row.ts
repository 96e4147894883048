// One row of a Google 2019 (v3) table, from either export form:
// - JSON lines as BigQuery exports them: int64 values are strings, nested messages
//   are objects, and fields holding their default (0, empty) or null are omitted,
//   so an absent field means its proto default (0);
// - CSV with a header row naming the columns. BigQuery cannot export nested data to
//   CSV, so nested fields arrive flattened under whatever name the export gave
//   them: `resource_request.cpus`, `resource_request_cpus`, or plain `cpus` (what
//   BigQuery names `SELECT resource_request.cpus`). The header is mapped once per
//   file through the table's column declaration (traces/input/table-columns.ts):
//   a column the reader needs and cannot find is an error naming it, never a
//   column of zeros. In CSV nothing is omitted, so an empty cell or an absent
//   optional column is unknown (null), not 0.
import { BadField, fieldCountError } from "../input/bad-field.ts";
import { splitFields } from "../input/split-fields.ts";
import { ABSENT, defineColumns, mapColumns, type ColumnIndex, type TableColumns } from "../input/table-columns.ts";

export type Google2019Table = "machine_events" | "collection_events" | "instance_events";

/** The names a flattened nested field `outer.inner` goes by in CSV exports. */
function flattened(outer: string, inner: string): { aliases: readonly string[] } {
  return { aliases: [`${outer}_${inner}`, inner] };
}

// Columns from clusterdata_trace_format_v3.proto (docs/trace-sources.md §2).
const COLUMNS: { readonly [T in Google2019Table]: TableColumns<string> } = {
  machine_events: defineColumns(
    "google-2019 machine_events",
    {
      time: { required: true },
      machine_id: { required: true },
      type: { required: true },
      "capacity.cpus": { required: true, ...flattened("capacity", "cpus") },
      "capacity.memory": { required: true, ...flattened("capacity", "memory") },
      platform_id: {},
      switch_id: {},
    },
    ["missing_data_reason"],
  ),
  collection_events: defineColumns(
    "google-2019 collection_events",
    {
      time: { required: true },
      type: { required: true },
      collection_id: { required: true },
      collection_type: {},
      priority: {},
      user: {},
      collection_name: {},
      max_per_machine: {},
    },
    [
      "scheduling_class",
      "missing_type",
      "alloc_collection_id",
      "collection_logical_name",
      "parent_collection_id",
      "start_after_collection_ids",
      "max_per_switch",
      "vertical_scaling",
      "scheduler",
    ],
  ),
  instance_events: defineColumns(
    "google-2019 instance_events",
    {
      time: { required: true },
      type: { required: true },
      collection_id: { required: true },
      instance_index: { required: true },
      collection_type: {},
      priority: {},
      machine_id: {},
      "resource_request.cpus": { required: true, ...flattened("resource_request", "cpus") },
      "resource_request.memory": { required: true, ...flattened("resource_request", "memory") },
    },
    // A repeated message has no CSV form; a `constraint` column is accepted and not read.
    ["scheduling_class", "missing_type", "alloc_collection_id", "alloc_instance_index", "constraint"],
  ),
};

export class Google2019Row {
  private values: Record<string, unknown> = {};
  private fields: string[] = [];
  private columns: ColumnIndex<string> | null = null;

  constructor(private readonly table: Google2019Table) {}

  /**
   * Called with each file's first non-empty line; returns true if that line was a
   * CSV header (then mapped, or a TraceInputError naming the column at fault).
   */
  begin(firstLine: string, file: string, lineNo: number): boolean {
    const csv = !firstLine.trimStart().startsWith("{");
    this.columns = csv ? mapColumns(COLUMNS[this.table], splitFields(firstLine), file, lineNo) : null;
    return csv;
  }

  load(line: string): void {
    const columns = this.columns;
    if (columns === null) {
      let v: unknown;
      try {
        v = JSON.parse(line);
      } catch {
        throw new BadField(null, "line", "not valid JSON");
      }
      if (v === null || typeof v !== "object" || Array.isArray(v)) throw new BadField(null, "line", "not a JSON object");
      this.values = v as Record<string, unknown>;
      return;
    }
    const x = splitFields(line);
    if (x.length !== columns.count) throw fieldCountError(columns.count, x.length, `${COLUMNS[this.table].table} (as in the header)`);
    this.fields = x;
  }

  /** The CSV column of a declared field, or ABSENT. */
  private index(name: string): number {
    const i = (this.columns as ColumnIndex<string>)[name];
    if (i === undefined) throw new Error(`google-2019 ${this.table}: no column "${name}" is declared`);
    return i;
  }

  /** The field's value; undefined when JSON omits it or a CSV cell is empty or its column absent. */
  private raw(name: string): unknown {
    if (this.columns !== null) {
      const i = this.index(name);
      const s = i === ABSENT ? "" : (this.fields[i] as string);
      return s === "" ? undefined : s;
    }
    const dot = name.indexOf(".");
    if (dot < 0) return this.values[name];
    const outer = this.values[name.slice(0, dot)];
    if (outer === undefined || outer === null) return undefined;
    if (typeof outer !== "object") throw new BadField(null, name.slice(0, dot), "not an object");
    return (outer as Record<string, unknown>)[name.slice(dot + 1)];
  }

  /** A number, or null if absent. */
  number(name: string): number | null {
    const v = this.raw(name);
    if (v === undefined || v === null || v === "") return null;
    const n = typeof v === "number" ? v : typeof v === "string" ? Number(v) : Number.NaN;
    if (!Number.isFinite(n)) throw new BadField(this.column(name), name, `not a number: ${JSON.stringify(v)}`);
    return n;
  }

  /** A required integer: JSON omits it when 0; a CSV cell must hold it. */
  integer(name: string): number {
    const n = this.optionalInteger(name);
    if (n === null) throw new BadField(this.column(name), name, "missing value");
    return n;
  }

  /** An integer that may be unknown: JSON omits it when 0 (so 0); in CSV, empty or absent is null. */
  optionalInteger(name: string): number | null {
    const n = this.number(name) ?? (this.columns === null ? 0 : null);
    if (n !== null && !Number.isInteger(n)) throw new BadField(this.column(name), name, `not an integer: ${n}`);
    return n;
  }

  amount(name: string): number | null {
    const n = this.number(name);
    if (n !== null && n < 0) throw new BadField(this.column(name), name, `negative request: ${n}`);
    return n;
  }

  string(name: string): string | null {
    const v = this.raw(name);
    if (v === undefined || v === null || v === "") return null;
    if (typeof v === "string") return v;
    if (typeof v === "number") return String(v);
    throw new BadField(this.column(name), name, `not a string: ${JSON.stringify(v)}`);
  }

  /** The raw value of a repeated field; CSV cannot hold one, so it is empty there. */
  array(name: string): unknown[] {
    if (this.columns !== null) return [];
    const v = this.values[name];
    if (v === undefined || v === null) return [];
    if (!Array.isArray(v)) throw new BadField(null, name, "not an array");
    return v;
  }

  /** 1-based CSV column of a field, or null for JSON (where the name is the locator). */
  private column(name: string): number | null {
    if (this.columns === null) return null;
    const i = this.index(name);
    return i === ABSENT ? null : i + 1;
  }
}
