// Alibaba cluster-trace-gpu-v2023 ("openb"): node list and pod list, CSV with a
// header row. Columns are found by header name, so a reordered export still reads.
// Schema: docs/trace-sources.md §5 (related traces) and the published CSVs.
//
// Units are absolute: milli-cores, MiB, whole GPUs plus a per-GPU share in
// milli-GPUs (num_gpu=1, gpu_milli=460 is 0.46 of one GPU). Times are seconds.
// A pod is one task and its own job; its role is its QoS class (LS, BE, …).
import { BadField, optionalAmount, optionalNumber, requiredString } from "../input/bad-field.ts";
import { alibabaEnd, alibabaStatus } from "./alibaba-status.ts";
import { publishedName } from "./published-name.ts";
import { forEachLine, type ReadContext, type TableInput, type TraceReader } from "./trace-reader.ts";

const NODE_COLUMNS = ["sn", "cpu_milli", "memory_mib", "gpu", "model"] as const;
const POD_COLUMNS = [
  "name",
  "cpu_milli",
  "memory_mib",
  "num_gpu",
  "gpu_milli",
  "gpu_spec",
  "qos",
  "pod_phase",
  "creation_time",
  "deletion_time",
  "scheduled_time",
] as const;

const EXTENSIONS = [".csv", ".csv.gz"];

export const openbReader: TraceReader = {
  format: "openb",
  tables: ["node_list", "pod_list"],
  sourceTimeOriginUs: 0,
  extensions: EXTENSIONS,
  content: "csv",

  recognise(path) {
    // `csv/openb_pod_list_default.csv`, … as published; the publisher's
    // `node_yaml/openb_node_list_gpu_node.yaml` is a Kubernetes manifest, not a table.
    const stem = publishedName(path, EXTENSIONS)?.stem;
    const m = stem === undefined ? null : /^openb_(node_list|pod_list)(?:[-_.].*)?$/.exec(stem);
    return m?.[1] ?? null;
  },

  async read(inputs, ctx) {
    for (const input of inputs) {
      if (input.table === "node_list") await readNodes(input, ctx);
      else await readPods(input, ctx);
    }
  },
};

/** Maps required column names to indexes from the header line, or fails naming the missing one. */
function columnsOf<const C extends readonly string[]>(header: string, wanted: C): { [K in C[number]]: number } & { count: number } {
  const names = header.split(",").map((s) => s.trim());
  const out: Record<string, number> = { count: names.length };
  for (const w of wanted) {
    const i = names.indexOf(w);
    if (i < 0) throw new BadField(null, w, `header has no column "${w}" (header: ${header})`);
    out[w] = i;
  }
  return out as { [K in C[number]]: number } & { count: number };
}

async function readNodes(input: TableInput, ctx: ReadContext): Promise<void> {
  let c: ReturnType<typeof columnsOf<typeof NODE_COLUMNS>> | null = null;
  await forEachLine(input.path, ctx, (line, lineNo) => {
    if (c === null) {
      if (lineNo !== 1) return;
      c = columnsOf(line, NODE_COLUMNS);
      return;
    }
    const x = line.split(",");
    if (x.length !== c.count) throw new BadField(x.length, "field count", `expected ${c.count} fields, found ${x.length}`);
    const id = requiredString(x, c.sn, "sn");
    const cpu = optionalAmount(x, c.cpu_milli, "cpu_milli");
    const mem = optionalAmount(x, c.memory_mib, "memory_mib");
    const gpus = optionalAmount(x, c.gpu, "gpu");
    const model = x[c.model] ?? "";
    ctx.emit({
      type: "machine",
      time: 0,
      id,
      initial: true,
      event: "add",
      capacity: { cpus: (cpu ?? 0) / 1000, mem: mem ?? 0, disk: 0, gpus: gpus ?? 0 },
      attributes: model === "" ? {} : { gpu_model: model },
    });
  });
}

async function readPods(input: TableInput, ctx: ReadContext): Promise<void> {
  let c: ReturnType<typeof columnsOf<typeof POD_COLUMNS>> | null = null;
  await forEachLine(input.path, ctx, (line, lineNo) => {
    if (c === null) {
      if (lineNo !== 1) return;
      c = columnsOf(line, POD_COLUMNS);
      return;
    }
    const x = line.split(",");
    if (x.length !== c.count) throw new BadField(x.length, "field count", `expected ${c.count} fields, found ${x.length}`);
    const id = requiredString(x, c.name, "name");
    const cpu = optionalAmount(x, c.cpu_milli, "cpu_milli");
    const mem = optionalAmount(x, c.memory_mib, "memory_mib");
    const numGpu = optionalAmount(x, c.num_gpu, "num_gpu");
    const gpuMilli = optionalAmount(x, c.gpu_milli, "gpu_milli");
    const spec = x[c.gpu_spec] ?? "";
    const qos = requiredString(x, c.qos, "qos");
    const status = alibabaStatus(x, c.pod_phase, "pod_phase");
    const created = optionalNumber(x, c.creation_time, "creation_time");
    const deleted = optionalNumber(x, c.deletion_time, "deletion_time");
    const scheduled = optionalNumber(x, c.scheduled_time, "scheduled_time");
    if (created === null) throw new BadField(c.creation_time + 1, "creation_time", "missing value");
    if (created < 0) throw new BadField(c.creation_time + 1, "creation_time", `negative time ${created}`);
    const time = Math.round(created * 1e6);
    const start = scheduled === null ? null : Math.round(scheduled * 1e6);
    const end = alibabaEnd(start ?? time, deleted);
    ctx.emit({
      type: "task",
      time,
      id,
      job: id,
      initial: created === 0,
      role: qos,
      user: null,
      instances: 1,
      start,
      end,
      duration: start !== null && end !== null ? end - start : null,
      status,
      request: { cpus: (cpu ?? 0) / 1000, mem: mem ?? 0, disk: 0, gpus: ((numGpu ?? 0) * (gpuMilli ?? 0)) / 1000 },
      priority: null,
      constraints: spec === "" ? [] : [{ name: "gpu_model", op: "in", value: spec }],
      machine: null,
    });
  });
}
