// Standard Workload Format v2.2 (Parallel Workloads Archive): one job per line,
// 18 whitespace-separated numeric fields, −1 for "missing", `;` header comments.
// Schema: https://www.cs.huji.ac.il/labs/parallel/workload/swf.html (via
// docs/trace-sources.md §8).
//
// A job is one task (a gang of N processors, one core each). Its role is its
// group (field 13), its user field 12. SWF's time 0 is the log's first arrival,
// not a snapshot, so no job in SWF is initial state.
//
// The machine: the header comments `; MaxProcs: N` (and `; MaxNodes: M`) state the
// machine the log ran on (swf.html, header section). It becomes one machine record
// present from time 0 with N cores, so a converted log replays on its own cluster:
// jobs are gangs placed whole, and a parallel machine of the PWA is space-shared
// as one, so its processors are one agent's (MaxNodes is kept as an attribute).
// Without MaxProcs, MaxNodes processors are assumed. The header gives no memory,
// so the capacity's mem is 0 ("not stated"), as are a job's −1 memory fields.
import { basename } from "node:path";
import { BadField, fieldCountError } from "../input/bad-field.ts";
import type { MachineRecord, TaskStatus } from "../canonical/trace-record.ts";
import { publishedName } from "./published-name.ts";
import { forEachLine, type TraceReader } from "./trace-reader.ts";

const FIELDS = [
  "job number",
  "submit time",
  "wait time",
  "run time",
  "allocated processors",
  "average CPU time used",
  "used memory",
  "requested processors",
  "requested time",
  "requested memory",
  "status",
  "user ID",
  "group ID",
  "executable number",
  "queue number",
  "partition number",
  "preceding job number",
  "think time",
] as const;

/** Fields that are resource amounts: negative values other than −1 are bad requests. */
const AMOUNTS = new Set([4, 6, 7, 9]);

/** Status 1 completed, 0 failed, 5 cancelled, −1 not recorded. 2–4 are partial-execution records. */
const STATUS = new Map<number, TaskStatus>([
  [1, "finished"],
  [0, "failed"],
  [5, "cancelled"],
  [-1, "unknown"],
]);

const EXTENSIONS = [".swf", ".swf.gz"];

export const swfReader: TraceReader = {
  format: "swf",
  tables: ["jobs"],
  sourceTimeOriginUs: 0,
  extensions: EXTENSIONS,
  content: "swf",
  // One table per log; the archive names logs `<machine>-<year>-<version>.swf.gz`.
  recognise: (path) => (publishedName(path, EXTENSIONS) === null ? null : "jobs"),

  async read(inputs, ctx) {
    const v = new Array<number>(18);
    for (const input of inputs) {
      const machine = new SwfMachine();
      await forEachLine(input.path, ctx, (line) => {
        const text = line.trim();
        if (text === "") return;
        if (text.startsWith(";")) {
          machine.header(text);
          return;
        }
        const x = text.split(/\s+/);
        if (x.length !== 18) throw fieldCountError(18, x.length, "an SWF job");
        for (let i = 0; i < 18; i++) {
          const n = Number(x[i]);
          if (!Number.isFinite(n)) throw new BadField(i + 1, FIELDS[i] as string, `not a number: "${x[i]}"`);
          if (n < 0 && n !== -1) {
            throw new BadField(i + 1, FIELDS[i] as string, AMOUNTS.has(i) ? `negative request: ${n}` : `negative value: ${n}`);
          }
          v[i] = n;
        }
        const code = v[10] as number;
        // Partial-execution records (checkpoint/swap) repeat a job already counted
        // by its summary line: counting them would double the work.
        if (code >= 2 && code <= 4) return;
        const status = STATUS.get(code);
        if (status === undefined) throw new BadField(11, "status", `unknown status code ${code}`);
        const submitS = v[1] as number;
        if (submitS < 0) throw new BadField(2, "submit time", "missing submit time");
        const time = Math.round(submitS * 1e6);
        const wait = v[2] as number;
        const run = v[3] as number;
        const procs = (v[7] as number) >= 1 ? (v[7] as number) : Math.max(0, v[4] as number);
        const memKb = (v[9] as number) >= 0 ? (v[9] as number) : Math.max(0, v[6] as number);
        const start = wait >= 0 ? time + Math.round(wait * 1e6) : null;
        const duration = run >= 0 ? Math.round(run * 1e6) : null;
        const id = x[0] as string;
        const group = v[12] as number;
        const user = v[11] as number;
        ctx.emit({
          type: "task",
          time,
          id,
          job: id,
          initial: false,
          role: group >= 0 ? `group-${group}` : "unknown",
          user: user >= 0 ? `user-${user}` : null,
          instances: 1,
          start,
          end: start !== null && duration !== null ? start + duration : null,
          duration,
          status,
          // Field 10 is KB per processor.
          request: { cpus: procs, mem: (memKb * procs) / 1024, disk: 0, gpus: 0 },
          priority: null,
          constraints: [],
          machine: null,
        });
      });
      const record = machine.record(basename(input.path).replace(/\.swf(\.gz)?$/, ""));
      if (record !== null) ctx.emit(record);
    }
  },
};

/** What a log's header comments say about its machine. */
class SwfMachine {
  private procs: number | null = null;
  private nodes: number | null = null;
  private readonly attributes: Record<string, string> = {};

  /** Reads one `; Key: value` header comment; other comments are ignored. */
  header(text: string): void {
    const m = /^;\s*(MaxProcs|MaxNodes|Computer|Installation)\s*:\s*(.*?)\s*$/.exec(text);
    if (m === null) return;
    const [, key, value] = m as unknown as [string, string, string];
    if (key === "Computer" || key === "Installation") {
      if (value !== "") this.attributes[key.toLowerCase()] = value;
      return;
    }
    const n = Number(value);
    if (value === "" || !Number.isInteger(n) || n <= 0) throw new BadField(null, key, `not a positive whole number: "${value}"`);
    if (key === "MaxProcs") this.procs = n;
    else this.nodes = n;
  }

  /** The machine record, or null if the header states neither MaxProcs nor MaxNodes. */
  record(id: string): MachineRecord | null {
    const cpus = this.procs ?? this.nodes;
    if (cpus === null) return null;
    const attributes: Record<string, string> = { ...this.attributes };
    if (this.nodes !== null) attributes["nodes"] = String(this.nodes);
    return { type: "machine", time: 0, id, initial: true, event: "add", capacity: { cpus, mem: 0, disk: 0, gpus: 0 }, attributes };
  }
}
