// The convert hot path encodes records with writeRecord, straight into bytes;
// formatRecord is the format's readable definition. They must agree byte for byte
// on every record, including strings that need JSON escapes or are not ASCII,
// numbers that are not safe integers, and the amount rounding.
import fc from "fast-check";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { formatRecord } from "../../traces/canonical/format-record.ts";
import { CONSTRAINT_OPS, MACHINE_EVENTS, TASK_STATUSES, type TraceRecord } from "../../traces/canonical/trace-record.ts";
import { recordByteBound, writeRecord } from "../../traces/canonical/write-record.ts";

// Strings mixing plain ASCII with quotes, backslashes, control characters,
// non-ASCII letters, astral characters and lone surrogates.
const text = fc.oneof(
  fc.string(),
  fc.string({ unit: "binary" }),
  fc.constantFrom("", "a\"b", "back\\slash", "tab\there", "nl\n", "\u0000\u001f\u007f", "é", "日本", "😀", "\ud800", "x\udc00y"),
);
const optText = fc.option(text, { nil: null });
const number = fc.oneof(
  fc.integer({ min: -1e9, max: 1e15 }),
  fc.constantFrom(0, -0, 2 ** 53 - 1, 2 ** 53, 2 ** 63, 1e21, 9007199254740993, 0.1 * 3, 1e-7, -1.5, 123456789.123456789),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
);
const optNumber = fc.option(number, { nil: null });
const request = fc.record({ cpus: number, mem: number, disk: number, gpus: number });
const status = fc.constantFrom(...TASK_STATUSES);

const task = fc.record({
  type: fc.constant("task" as const),
  time: fc.nat(),
  id: text,
  job: text,
  initial: fc.boolean(),
  role: text,
  user: optText,
  instances: fc.nat(),
  start: optNumber,
  end: optNumber,
  duration: optNumber,
  status,
  request,
  priority: optNumber,
  constraints: fc.array(fc.record({ name: text, op: fc.constantFrom(...CONSTRAINT_OPS), value: optText }), { maxLength: 3 }),
  machine: optText,
});
const job = fc.record({
  type: fc.constant("job" as const),
  time: fc.nat(),
  id: text,
  initial: fc.boolean(),
  role: text,
  user: optText,
  name: optText,
  start: optNumber,
  end: optNumber,
  status,
  priority: optNumber,
});
const machine = fc.record({
  type: fc.constant("machine" as const),
  time: fc.nat(),
  id: text,
  initial: fc.boolean(),
  event: fc.constantFrom(...MACHINE_EVENTS),
  capacity: fc.option(request, { nil: null }),
  attributes: fc.dictionary(text, text, { maxKeys: 4 }),
});
const usage = fc.record({
  type: fc.constant("usage" as const),
  time: fc.nat(),
  task: text,
  instance: optText,
  end: optNumber,
  machine: optText,
  status: fc.option(status, { nil: null }),
  cpus: optNumber,
  mem: optNumber,
});

test("property: writeRecord writes exactly formatRecord's UTF-8 bytes, within recordByteBound", () => {
  const buf = Buffer.alloc(1 << 16);
  fc.assert(
    fc.property(fc.oneof(task, job, machine, usage), (r: TraceRecord) => {
      const bound = recordByteBound(r);
      // Write at an offset, to check the writer honours it.
      const end = writeRecord(r, buf, 7);
      assert.ok(end - 7 <= bound, `wrote ${end - 7} bytes, bound ${bound}`);
      assert.is(buf.toString("utf8", 7, end), formatRecord(r));
      assert.ok(buf.subarray(7, end).equals(Buffer.from(formatRecord(r), "utf8")));
    }),
    { numRuns: 5000 },
  );
});

test.run();
