// The registry of source-format readers: one line per format.
import { google2011Reader } from "./google-2011-reader.ts";
import type { TraceFormat, TraceReader } from "./trace-reader.ts";

const READERS: ReadonlyMap<TraceFormat, TraceReader> = new Map<TraceFormat, TraceReader>([
  ["google-2011", google2011Reader],
]);

export function readerFor(format: TraceFormat): TraceReader {
  const r = READERS.get(format);
  if (r === undefined) throw new Error(`no reader for ${format}`);
  return r;
}
