// One row of a Google 2019 (v3) table, from either export form:
// - JSON lines as BigQuery exports them: int64 values are strings, nested messages
//   are objects, and fields holding their default (0, empty) or null are omitted,
//   so an absent field means 0;
// - CSV with a header row naming the columns, nested fields flattened with `.` or
//   `_` (`resource_request.cpus`); BigQuery cannot export nested data to CSV, so
//   such files are always user-flattened and the header is the only reliable key.
import { BadField } from "../input/bad-field.ts";

export class Google2019Row {
  private values: Record<string, unknown> = {};
  private header: string[] | null = null;
  private csv = false;

  /** Called with each file's first non-empty line; returns true if that line was a CSV header. */
  begin(firstLine: string): boolean {
    this.csv = !firstLine.trimStart().startsWith("{");
    this.header = this.csv ? firstLine.split(",").map((h) => h.trim().replace(/\./g, "_")) : null;
    return this.csv;
  }

  load(line: string): void {
    if (!this.csv) {
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
    const header = this.header as string[];
    const x = line.split(",");
    if (x.length !== header.length) {
      throw new BadField(x.length, "field count", `expected ${header.length} fields (as in the header), found ${x.length}`);
    }
    const values: Record<string, unknown> = {};
    for (let i = 0; i < header.length; i++) if (x[i] !== "") values[header[i] as string] = x[i];
    this.values = values;
  }

  private raw(name: string): unknown {
    const dot = name.indexOf(".");
    if (dot < 0 || this.csv) return this.values[this.csv ? name.replace(".", "_") : name];
    const outer = this.values[name.slice(0, dot)];
    if (outer === undefined || outer === null) return undefined;
    if (typeof outer !== "object") throw new BadField(null, name.slice(0, dot), "not an object");
    return (outer as Record<string, unknown>)[name.slice(dot + 1)];
  }

  /** A number; absent or null gives `absent`. */
  number(name: string, absent: number): number;
  number(name: string, absent: null): number | null;
  number(name: string, absent: number | null): number | null {
    const v = this.raw(name);
    if (v === undefined || v === null || v === "") return absent;
    const n = typeof v === "number" ? v : typeof v === "string" ? Number(v) : Number.NaN;
    if (!Number.isFinite(n)) throw new BadField(this.column(name), name, `not a number: ${JSON.stringify(v)}`);
    return n;
  }

  integer(name: string): number {
    const n = this.number(name, 0);
    if (!Number.isInteger(n)) throw new BadField(this.column(name), name, `not an integer: ${n}`);
    return n;
  }

  amount(name: string): number | null {
    const n = this.number(name, null);
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

  /** The raw value of a repeated or nested field (JSON only). */
  array(name: string): unknown[] {
    const v = this.values[name];
    if (v === undefined || v === null) return [];
    if (!Array.isArray(v)) throw new BadField(this.column(name), name, "not an array");
    return v;
  }

  /** 1-based CSV column of a field, or null for JSON (where the name is the locator). */
  private column(name: string): number | null {
    if (!this.csv || this.header === null) return null;
    const i = this.header.indexOf(name.replace(".", "_"));
    return i < 0 ? null : i + 1;
  }
}
