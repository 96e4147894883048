// Which files are tables (issue 9 §2): in a folder walk, only files with a published
// table name and extension are read; dotfiles and everything else are skipped and
// listed. A file named on the command line with --table stays the user's choice.
import { spawnSync } from "node:child_process";
import { copyFileSync, cpSync, mkdirSync, writeFileSync } from "node:fs";
import { basename, join, resolve } from "node:path";
import { gzipSync } from "node:zlib";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { convertTrace } from "../../traces/convert-trace.ts";
import { DEFAULT_REFERENCE_MACHINE } from "../../traces/canonical/reference-machine.ts";
import { traceInfo } from "../../traces/trace-info.ts";
import type { TraceFormat } from "../../traces/readers/trace-reader.ts";
import { convertAndRead, expectBadInput, FIXTURES, REAL, scratchDir } from "./helpers.ts";

const BIN = resolve(import.meta.dirname, "../../bin/mesosim.js");
/** What macOS Finder leaves in every folder it opens: binary, starts "\0\0\0\1Bud1". */
const DS_STORE = Buffer.concat([Buffer.from([0, 0, 0, 1]), Buffer.from("Bud1"), Buffer.alloc(64, 0)]);

// alibaba/clusterdata's own folders contain .DS_Store files; one inside task_events/
// made `trace info` exit 2 (issue 9 §2).
test("a .DS_Store inside task_events/ is skipped and listed, and the shards read as without it", async () => {
  const dir = scratchDir();
  cpSync(join(FIXTURES, "google-2011/task_events"), join(dir, "task_events"), { recursive: true });
  const clean = await traceInfo({ paths: [join(dir, "task_events")], from: "google-2011" });
  writeFileSync(join(dir, "task_events/.DS_Store"), DS_STORE);
  const r = await traceInfo({ paths: [join(dir, "task_events")], from: "google-2011" });
  assert.equal(r.info, clean.info);
  assert.equal(r.skippedFiles, [join(dir, "task_events/.DS_Store")]);
  // From the command line: exit 0, and the warning on stderr names the file.
  const cli = spawnSync(process.execPath, [BIN, "trace", "info", "--from", "google-2011", join(dir, "task_events")], { encoding: "utf8" });
  assert.is(cli.status, 0, cli.stderr);
  assert.match(cli.stderr, /skipped 1 file that is not a google-2011 table by name and extension: .*task_events\/\.DS_Store/);
  assert.match(cli.stdout, /tasks:/);
});

// The publisher's cluster-trace-gpu-v2023 has csv/openb_node_list_*.csv and
// node_yaml/openb_node_list_gpu_node.yaml (a Kubernetes manifest of the same nodes).
test("openb: node_yaml/openb_node_list_gpu_node.yaml is not taken for a CSV node list", async () => {
  const dir = scratchDir();
  mkdirSync(join(dir, "csv"));
  mkdirSync(join(dir, "node_yaml"));
  copyFileSync(join(REAL, "alibaba-gpu-2023/openb_node_list_all_node.csv"), join(dir, "csv/openb_node_list_all_node.csv"));
  const yaml = join(dir, "node_yaml/openb_node_list_gpu_node.yaml");
  writeFileSync(yaml, "apiVersion: v1\nkind: Node\nmetadata:\n  name: openb-node-0227\n");
  const c = await convertAndRead("openb", [dir]);
  assert.is(c.records.filter((r) => r.type === "machine").length, 1523);
  assert.equal(c.result.skippedFiles, [yaml]);
  // Named on the command line, the YAML is refused: its content is not CSV.
  await expectBadInput(
    () => convertTrace({ format: "openb", inputs: [yaml], out: join(dir, "o.jsonl"), reference: DEFAULT_REFERENCE_MACHINE }),
    /openb_node_list_gpu_node\.yaml:1: the first line has no comma/,
  );
});

// Each format's published layout (docs/trace-sources.md), with the other files found
// beside the tables: schema files, READMEs, checksums, .header files, unread tables,
// archives and dotfiles. Only the tables are read.
const LAYOUTS: Array<{ format: TraceFormat; tables: Record<string, string>; others: string[] }> = [
  {
    format: "google-2011",
    tables: { "task_events/part-00000-of-00500.csv.gz": "0,,100,0,,0,alice,2,9,0.125,0.0625,0.001,0\n" },
    others: ["schema.csv", "SHA256SUM", "README", "task_constraints/part-00000-of-00500.csv.gz", "task_events/.part-00000-of-00500.csv.gz.crc"],
  },
  {
    format: "google-2019",
    tables: { "instance_events-000000000000.json.gz": '{"collection_id":"42","priority":"200"}\n' },
    others: ["instance_usage-000000000000.json.gz", "instance_events-000000000001.parquet.gz", "clusterdata_trace_format_v3.proto"],
  },
  {
    format: "alibaba-2017",
    tables: { "batch_task.csv": "100,400,7,1,3,Terminated,50,0.01\n" },
    others: ["batch_instance.csv", "schema.csv", "trace_201708.tgz", "batch_task.csv.md5"],
  },
  {
    format: "alibaba-2018",
    tables: { "batch_task.csv": "M1,10,j_1,1,Terminated,157213,157240,100,0.39\n" },
    others: ["batch_task.tar.gz", "machine_usage.csv", "schema.txt"],
  },
  {
    format: "alibaba-gpu-2020",
    tables: { "pai_machine_spec.csv": "m1,P100,64,512,2\n" },
    others: ["pai_sensor_table.header", "pai_sensor_table.csv", "pai_machine_spec.tar.gz", "README.md"],
  },
  {
    format: "openb",
    tables: { "openb_node_list_all_node.csv": "sn,cpu_milli,memory_mib,gpu,model\nopenb-node-0000,32000,262144,0,\n" },
    others: ["openb_node_list_gpu_node.yaml", "README.md"],
  },
  {
    format: "swf",
    tables: { "NASA-iPSC-1993-3.1-cln.swf": "    1        0     -1   1451  128     -1    -1   -1     -1    -1 -1   1   1  -1 -1 -1 -1 -1\n" },
    others: ["NASA-iPSC-1993-3.1-cln.swf.html", "index.html"],
  },
  {
    format: "swim",
    tables: { "FB-2009_samples_24_times_1hr_0.tsv": "job0\t49\t49\t740773\t2339561\t627471\n" },
    others: ["README", "GenerateReplayScript.java"],
  },
];

for (const l of LAYOUTS) {
  test(`${l.format}: a folder walk reads the published tables only, and lists the rest as skipped`, async () => {
    const dir = scratchDir();
    const root = join(dir, "trace");
    const write = (rel: string, content: string | Buffer) => {
      mkdirSync(join(root, rel, ".."), { recursive: true });
      writeFileSync(join(root, rel), rel.endsWith(".gz") && typeof content === "string" ? gzipSync(content) : content);
    };
    for (const [rel, content] of Object.entries(l.tables)) write(rel, content);
    // The others hold bytes no reader accepts, so reading one would fail the test.
    for (const rel of [...l.others, ".DS_Store"]) write(rel, rel === ".DS_Store" ? DS_STORE : "not a table\u0000\n");
    const c = await convertAndRead(l.format, [root]);
    assert.ok(c.records.length > 0);
    assert.equal(c.result.skippedFiles.sort(), [...l.others, ".DS_Store"].map((rel) => join(root, rel)).sort());
    // --table over a folder: any file with the format's extension is that table
    // (a renamed shard), but dotfiles and other extensions are still skipped.
    const [rel, content] = Object.entries(l.tables)[0] as [string, string];
    const ext = basename(rel).slice(basename(rel).indexOf("."));
    const renamed = join(dir, "renamed");
    mkdirSync(renamed);
    writeFileSync(join(renamed, `shard-7${ext}`), ext.endsWith(".gz") ? gzipSync(content) : content);
    writeFileSync(join(renamed, ".DS_Store"), DS_STORE);
    writeFileSync(join(renamed, "notes.txt"), "not a table\u0000\n");
    const t = await convertAndRead(l.format, [renamed], { table: c.header.tables[0] as string });
    assert.is(t.records.length, c.records.length);
    assert.equal(t.result.skippedFiles, [join(renamed, ".DS_Store"), join(renamed, "notes.txt")]);
  });
}

test("a file named on the command line with --table is read whatever its name", async () => {
  const dir = scratchDir();
  const input = join(dir, "jobs.log");
  writeFileSync(input, "    1        0     -1   1451  128     -1    -1   -1     -1    -1 -1   1   1  -1 -1 -1 -1 -1\n");
  await expectBadInput(
    () => convertTrace({ format: "swf", inputs: [input], out: join(dir, "o.jsonl"), reference: DEFAULT_REFERENCE_MACHINE }),
    /jobs\.log: cannot tell which swf table .*extensions: \.swf, \.swf\.gz/,
  );
  const c = await convertAndRead("swf", [input], { table: "jobs" });
  assert.is(c.records.filter((r) => r.type === "task").length, 1);
});

test("a folder with no table in it is an error that says what was skipped", async () => {
  const dir = scratchDir();
  writeFileSync(join(dir, ".DS_Store"), DS_STORE);
  writeFileSync(join(dir, "pai_task_table.header"), "job_name,task_name\n");
  await expectBadInput(
    () => traceInfo({ paths: [dir], from: "alibaba-gpu-2020" }),
    /no alibaba-gpu-2020 input files found in .*skipped 2 that are not tables by name and extension: .*\.DS_Store, .*pai_task_table\.header/,
  );
});

test.run();
