// Alibaba cluster-trace-gpu-v2023 ("openb"): node list and pod list, CSV with a
// header row. Columns are found by header name (traces/input/table-columns.ts), so
// a reordered export still reads. Schema: docs/trace-sources.md §5 (related
// traces) and the published CSVs.
//
// Units are absolute: milli-cores, MiB, whole GPUs plus a per-GPU share in
// milli-GPUs (num_gpu=1, gpu_milli=460 is 0.46 of one GPU). Times are seconds.
// A pod is one task and its own job; its role is its QoS class (LS, BE, …).
//
// Not every published pod list has every column: the multigpu20 … multigpu50
// lists have only name, cpu_milli, memory_mib, num_gpu and gpu_milli. Their pods
// are submitted at time 0 with unknown run time, status and QoS, which is how the
// publisher's FGD simulator treats a pod list without times: every pod is an
// arrival to place, so none is marked initial.
import { BadField, fieldCountError, optionalAmount, optionalNumber, requiredString } from "../input/bad-field.ts";
import { splitFields } from "../input/split-fields.ts";
import { ABSENT, defineColumns, mapColumns, type ColumnIndex, type TableColumns } from "../input/table-columns.ts";
import { alibabaEnd, alibabaStatus } from "./alibaba-status.ts";
import { publishedName } from "./published-name.ts";
import { forEachLine, type ReadContext, type TableInput, type TraceReader } from "./trace-reader.ts";

const NODE_COLUMNS = defineColumns("openb node_list", {
  sn: { required: true },
  cpu_milli: { required: true },
  memory_mib: { required: true },
  gpu: { required: true },
  model: {},
});

const POD_COLUMNS = defineColumns("openb pod_list", {
  name: { required: true },
  cpu_milli: { required: true },
  memory_mib: { required: true },
  num_gpu: { required: true },
  gpu_milli: { required: true },
  gpu_spec: {},
  qos: {},
  pod_phase: {},
  creation_time: {},
  deletion_time: {},
  scheduled_time: {},
});

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

/** Calls `onRow` with each data row's fields and the column map its file's header gave. */
async function forEachRow<N extends string>(
  input: TableInput,
  ctx: ReadContext,
  spec: TableColumns<N>,
  onRow: (x: string[], c: ColumnIndex<N>) => void,
): Promise<void> {
  let c: ColumnIndex<N> | null = null;
  await forEachLine(input.path, ctx, (line, lineNo) => {
    if (c === null) {
      c = mapColumns(spec, splitFields(line), input.path, lineNo);
      return;
    }
    const x = splitFields(line);
    if (x.length !== c.count) throw fieldCountError(c.count, x.length, `${spec.table} (as in the header)`);
    onRow(x, c);
  });
}

async function readNodes(input: TableInput, ctx: ReadContext): Promise<void> {
  await forEachRow(input, ctx, NODE_COLUMNS, (x, c) => {
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
  await forEachRow(input, ctx, POD_COLUMNS, (x, c) => {
    const id = requiredString(x, c.name, "name");
    const cpu = optionalAmount(x, c.cpu_milli, "cpu_milli");
    const mem = optionalAmount(x, c.memory_mib, "memory_mib");
    const numGpu = optionalAmount(x, c.num_gpu, "num_gpu");
    const gpuMilli = optionalAmount(x, c.gpu_milli, "gpu_milli");
    const spec = x[c.gpu_spec] ?? "";
    const qos = c.qos === ABSENT ? null : requiredString(x, c.qos, "qos");
    const status = c.pod_phase === ABSENT ? "unknown" : alibabaStatus(x, c.pod_phase, "pod_phase");
    const created = optionalNumber(x, c.creation_time, "creation_time");
    const deleted = optionalNumber(x, c.deletion_time, "deletion_time");
    const scheduled = optionalNumber(x, c.scheduled_time, "scheduled_time");
    // An empty cell in a list that has the column is a bad row; a list without
    // the column has no times at all, and its pods arrive at 0 (see the top).
    if (created === null && c.creation_time !== ABSENT) throw new BadField(c.creation_time + 1, "creation_time", "missing value");
    if (created !== null && created < 0) throw new BadField(c.creation_time + 1, "creation_time", `negative time ${created}`);
    const time = created === null ? 0 : Math.round(created * 1e6);
    const start = scheduled === null ? null : Math.round(scheduled * 1e6);
    const end = alibabaEnd(start ?? time, deleted);
    ctx.emit({
      type: "task",
      time,
      id,
      job: id,
      initial: created === 0,
      role: qos ?? "unknown",
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
