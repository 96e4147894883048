// The registry of source-format readers: one line per format.
import { alibaba2017Reader } from "./alibaba-2017-reader.ts";
import { alibaba2018Reader } from "./alibaba-2018-reader.ts";
import { alibabaGpu2020Reader } from "./alibaba-gpu-2020-reader.ts";
import { google2011Reader } from "./google-2011-reader.ts";
import { google2019Reader } from "./google-2019-reader.ts";
import { openbReader } from "./openb-reader.ts";
import { swfReader } from "./swf-reader.ts";
import { swimReader } from "./swim-reader.ts";
import type { TraceFormat, TraceReader } from "./trace-reader.ts";

const READERS: ReadonlyMap<TraceFormat, TraceReader> = new Map<TraceFormat, TraceReader>([
  ["google-2011", google2011Reader],
  ["google-2019", google2019Reader],
  ["alibaba-2017", alibaba2017Reader],
  ["alibaba-2018", alibaba2018Reader],
  ["alibaba-gpu-2020", alibabaGpu2020Reader],
  ["openb", openbReader],
  ["swf", swfReader],
  ["swim", swimReader],
]);

export function readerFor(format: TraceFormat): TraceReader {
  const r = READERS.get(format);
  if (r === undefined) throw new Error(`no reader for ${format}`);
  return r;
}
