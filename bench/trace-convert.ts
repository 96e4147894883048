// Conversion speed of `mesosim trace convert`, per source format, on large
// synthetic inputs generated on the fly in a temp dir (the genuine samples are too
// small to time). Each conversion runs in its own child process so that its peak
// RSS is its own. The target: Google 2011 task_events at ≥ 500,000 input
// records/s on one core, with RSS under 512 MB.
//
//   node --import tsx bench/trace-convert.ts [--quick] [--filter REGEX]
//
// `npm run bench` (bench/main.ts) calls benchTraceConvert({full, filter}): without
// --full it runs the quick sizes (all but Google 2011, which is always full size);
// the filter picks inputs by row name.
import { spawnSync } from "node:child_process";
import { closeSync, mkdirSync, mkdtempSync, openSync, rmSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { convertTrace } from "../traces/convert-trace.ts";
import { DEFAULT_REFERENCE_MACHINE } from "../traces/canonical/reference-machine.ts";
import type { TraceFormat } from "../traces/readers/trace-reader.ts";

export interface BenchRow {
  name: string;
  recordsPerSecond: number;
  records: number;
  peakRssMb: number;
}

interface Input {
  name: string;
  format: TraceFormat;
  /** The file name as published, so the table is recognised. */
  file: string;
  header?: string;
  /** Line i of the input; callers pass i in increasing order. */
  line: (i: number) => string;
  gzip: boolean;
}

const USER = "70s3v5qRyCO/1PCdI6fVXnrW8FU/w+5CKRSa72xgcIo=";

// Google 2011 task_events in trace order: each task is SUBMIT, SCHEDULE and
// FINISH, tasks overlapping so that ~2,000 are live at once, as in a real shard.
function googleTaskEvent(i: number): string {
  const task = Math.floor(i / 3);
  const phase = i % 3;
  const job = 6_000_000_000 + Math.floor(task / 10);
  const index = task % 10;
  const t = 600_000_000 + task * 1000 + phase * 1_000_000;
  const code = phase === 0 ? 0 : phase === 1 ? 1 : 4;
  const machine = phase === 0 ? "" : String(300_000_000 + (task % 12_000));
  return `${t},,${job},${index},${machine},${code},${USER},2,${task % 12},0.0625,0.0318,0.0001,0`;
}

const INPUTS: Input[] = [
  { name: "google-2011 task_events", format: "google-2011", file: "task_events/part-00000-of-00001.csv.gz", line: googleTaskEvent, gzip: true },
  {
    name: "google-2019 instance_events (JSON)",
    format: "google-2019",
    file: "instance_events-000000000000.json.gz",
    gzip: true,
    line: (i) => {
      const task = Math.floor(i / 3);
      const type = [0, 3, 6][i % 3] as number;
      return `{"time":"${600_000_000 + task * 1000 + (i % 3) * 1_000_000}","type":"${type}","collection_id":"${400_000_000_000 + Math.floor(task / 10)}","priority":"200","instance_index":"${task % 10}","machine_id":"${i % 3 === 0 ? 0 : 38_000_000_000 + (task % 10000)}","resource_request":{"cpus":0.0208,"memory":0.0059}}`;
    },
  },
  {
    name: "alibaba-2017 batch_task",
    format: "alibaba-2017",
    file: "batch_task.csv",
    gzip: false,
    line: (i) => `${i},${i + 300},${Math.floor(i / 5)},${i % 5},${1 + (i % 40)},Terminated,50,0.0127`,
  },
  {
    name: "alibaba-2018 batch_task",
    format: "alibaba-2018",
    file: "batch_task.csv",
    gzip: false,
    line: (i) => `M${i % 7},${1 + (i % 50)},j_${Math.floor(i / 7)},${1 + (i % 12)},Terminated,${86400 + i},${86400 + i + 30},100,0.39`,
  },
  {
    name: "alibaba-gpu-2020 pai_task",
    format: "alibaba-gpu-2020",
    file: "pai_task_table.csv",
    gzip: false,
    line: (i) => `${(i * 2654435761).toString(16).padStart(24, "0")},worker,${1 + (i % 8)}.0,Terminated,${4550879 + i}.0,${4551072 + i}.0,600.0,29.296875,50.0,V100`,
  },
  {
    name: "openb pod_list",
    format: "openb",
    file: "openb_pod_list_bench.csv",
    header: "name,cpu_milli,memory_mib,num_gpu,gpu_milli,gpu_spec,qos,pod_phase,creation_time,deletion_time,scheduled_time",
    gzip: false,
    line: (i) => `openb-pod-${i},12000,16384,1,460,,LS,Succeeded,${i},${i + 5000},${i + 3}`,
  },
  {
    name: "swf",
    format: "swf",
    file: "bench.swf.gz",
    header: "; Version: 2.2",
    gzip: true,
    line: (i) => `${i + 1} ${i * 10} 5 1451 128 -1 -1 128 3600 -1 1 ${1 + (i % 60)} ${1 + (i % 2)} -1 1 -1 -1 -1`,
  },
  {
    name: "swim",
    format: "swim",
    file: "FB-bench.tsv",
    gzip: false,
    line: (i) => `job${i}\t${i * 2}\t2\t${740773 + i * 1000}\t${(i % 3) * 2339561}\t627471`,
  },
];

function writeInput(dir: string, input: Input, rows: number): string {
  const path = join(dir, input.file);
  mkdirSync(join(path, ".."), { recursive: true });
  const fd = openSync(path, "w");
  try {
    let chunk: string[] = input.header === undefined ? [] : [input.header];
    const flush = () => {
      const text = chunk.join("\n") + "\n";
      // Concatenated gzip members: one valid gzip stream, as real shards read.
      writeSync(fd, input.gzip ? gzipSync(text, { level: 1 }) : Buffer.from(text));
      chunk = [];
    };
    for (let i = 0; i < rows; i++) {
      chunk.push(input.line(i));
      if (chunk.length >= 100_000) flush();
    }
    if (chunk.length > 0) flush();
  } finally {
    closeSync(fd);
  }
  return path;
}

/** Child mode: convert one file, print {records, seconds, peakRssMb}. */
async function child(format: TraceFormat, path: string, out: string): Promise<void> {
  const t0 = process.hrtime.bigint();
  const r = await convertTrace({ format, inputs: [path], out, reference: DEFAULT_REFERENCE_MACHINE });
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  process.stdout.write(JSON.stringify({ records: r.linesRead, seconds, peakRssMb: process.resourceUsage().maxRSS / 1024 }) + "\n");
}

export async function benchTraceConvert(opts: { quick?: boolean; full?: boolean; filter?: RegExp }): Promise<BenchRow[]> {
  const quick = opts.quick ?? (opts.full !== undefined && !opts.full);
  const dir = mkdtempSync(join(tmpdir(), "mesosim-bench-trace-"));
  const self = fileURLToPath(import.meta.url);
  const rows: BenchRow[] = [];
  try {
    for (const input of INPUTS) {
      if (opts.filter !== undefined && !opts.filter.test(`trace convert ${input.name}`)) continue;
      const google = input.format === "google-2011";
      // Google 2011 task_events always at full size: its target (≥ 500,000 records/s)
      // is a throughput at scale, which a small input understates (start-up and
      // JIT weigh more, and the body never leaves the sort buffer).
      const n = google ? 6_000_000 : quick ? 150_000 : 1_500_000;
      const path = writeInput(dir, input, n);
      const out = join(dir, "out.jsonl");
      const r = spawnSync(process.execPath, ["--import", "tsx", self, "--child", input.format, path, out], {
        encoding: "utf8",
        maxBuffer: 1 << 20,
      });
      if (r.status !== 0) throw new Error(`${input.name}: conversion failed: ${r.stderr}`);
      const m = JSON.parse(r.stdout.trim().split("\n").pop() as string) as { records: number; seconds: number; peakRssMb: number };
      rows.push({
        name: `trace convert ${input.name}`,
        recordsPerSecond: Math.round(m.records / m.seconds),
        records: m.records,
        peakRssMb: Math.round(m.peakRssMb),
      });
      rmSync(path, { force: true });
      rmSync(out, { force: true });
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return rows;
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  const args = process.argv.slice(2);
  if (args[0] === "--child") {
    await child(args[1] as TraceFormat, args[2] as string, args[3] as string);
  } else {
    const f = args.indexOf("--filter");
    const filter = f >= 0 && args[f + 1] !== undefined ? new RegExp(args[f + 1] as string) : undefined;
    const rows = await benchTraceConvert({ quick: args.includes("--quick"), ...(filter === undefined ? {} : { filter }) });
    console.log("| input | records | records/s | peak RSS MB |");
    console.log("|---|---:|---:|---:|");
    for (const r of rows) console.log(`| ${r.name} | ${r.records} | ${r.recordsPerSecond} | ${r.peakRssMb} |`);
  }
}
