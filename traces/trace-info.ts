// `mesosim trace info`: summarises a canonical trace, or any supported source
// format read on the fly (no sorting is needed to summarise).
import { tmpdir } from "node:os";
import { checkInputs } from "../common/output-files.ts";
import { readCanonicalTrace } from "./canonical/canonical-reader.ts";
import { readTrace } from "./readers/read-trace.ts";
import { DEFAULT_REFERENCE_MACHINE, type ReferenceMachine } from "./canonical/reference-machine.ts";
import { TraceInputError } from "./input/trace-input-error.ts";
import { TRACE_FORMAT } from "./canonical/trace-header.ts";
import type { TraceFormat } from "./readers/trace-reader.ts";
import { TraceSummary, type TraceInfo } from "./canonical/trace-summary.ts";

export interface InfoOptions {
  paths: readonly string[];
  /** A source format; omitted means the input is a canonical trace. */
  from?: TraceFormat | undefined;
  table?: string | undefined;
  reference?: ReferenceMachine | undefined;
  skipBad?: boolean | undefined;
}

export interface InfoResult {
  info: TraceInfo;
  firstBadLines: string[];
  /** Files in the directories walked that are not tables of the format, so not read. */
  skippedFiles: string[];
}

export async function traceInfo(opts: InfoOptions): Promise<InfoResult> {
  const summary = new TraceSummary();
  if (opts.from === undefined) {
    const [path, ...more] = opts.paths;
    if (path === undefined || more.length > 0) {
      throw new TraceInputError(`info reads one ${TRACE_FORMAT} file; for source formats pass --from FORMAT`);
    }
    checkInputs([path], { expected: `a ${TRACE_FORMAT} file (for a source format's shards, pass --from FORMAT)` });
    const header = await readCanonicalTrace(path, () => {}, (r) => summary.add(r));
    return {
      info: summary.result(TRACE_FORMAT, header.source, header.badLines, header.referenceMachine),
      firstBadLines: [],
      skippedFiles: [],
    };
  }
  checkInputs(opts.paths, { directories: true });
  const reference = opts.reference ?? DEFAULT_REFERENCE_MACHINE;
  const read = await readTrace(
    {
      format: opts.from,
      paths: opts.paths,
      table: opts.table,
      reference,
      skipBad: opts.skipBad ?? false,
      tmpDir: tmpdir(),
    },
    (r) => summary.add(r),
  );
  return {
    info: summary.result(opts.from, opts.from, read.bad.count, reference),
    firstBadLines: read.bad.first,
    skippedFiles: read.skippedFiles,
  };
}
