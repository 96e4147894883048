// The canonical order is a function of content only: whatever order records are
// pushed in, and whether or not the sort spills to disk, the output is the same.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { ExternalSorter, lineTime } from "../../traces/sort/external-sort.ts";
import { convertAndRead, FIXTURES, REAL, scratchDir } from "./helpers.ts";

test("lineTime reads the leading time of a canonical line", () => {
  assert.is(lineTime('{"time":0,"type":"job"}'), 0);
  assert.is(lineTime('{"time":2678251683489,"type":"machine"}'), 2678251683489);
});

test("property: spilled and in-memory sorts agree, and equal times order by line text", () => {
  fc.assert(
    fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 50 }), fc.string({ maxLength: 6 })), { maxLength: 300 }), (items) => {
      const lines = items.map(([t, s]) => `{"time":${t},${JSON.stringify(s)}}`);
      const dir = scratchDir();
      const small = new ExternalSorter(dir, 512); // spills every few lines
      const big = new ExternalSorter(dir);
      for (const l of lines) small.push(lineTime(l), l);
      for (const l of [...lines].reverse()) big.push(lineTime(l), l);
      const a = Array.from(small.drain(), (b) => b.toString());
      const b = Array.from(big.drain(), (x) => x.toString());
      small.cleanup();
      big.cleanup();
      assert.equal(a, b);
      for (let i = 1; i < a.length; i++) {
        const p = a[i - 1] as string;
        const q = a[i] as string;
        assert.ok(lineTime(p) < lineTime(q) || (lineTime(p) === lineTime(q) && p <= q));
      }
    }),
    { numRuns: 60 },
  );
});

test("nearly ordered input streams through one ordered run; a late line falls back to merging, same result", () => {
  const dir = scratchDir();
  const mk = (i: number, t: number) => `{"time":${t},"n":${String(i).padStart(5, "0")}}`;
  // Out of order only within a few lines: the ordered prefix takes everything.
  const near: string[] = [];
  for (let i = 0; i < 3000; i++) near.push(mk(i, i + (i % 3 === 0 ? 4 : 0)));
  // The same, plus lines far back in time after the prefix has been written.
  const late = [...near, mk(9000, 5), mk(9001, 0), mk(9002, 2995)];
  for (const lines of [near, late]) {
    const s = new ExternalSorter(dir, 4096);
    for (const l of lines) s.push(lineTime(l), l);
    const got = Array.from(s.drain(), (b) => b.toString());
    if (lines === near) assert.is(s.spilledRuns, 1);
    else assert.ok(s.spilledRuns > 1, `spilled ${s.spilledRuns}`);
    s.cleanup();
    const expected = [...lines].sort((a, b) => lineTime(a) - lineTime(b) || (a < b ? -1 : a > b ? 1 : 0));
    assert.equal(got, expected);
  }
});

test("drainTo a sink with block writes gives the bytes of line by line, ordered prefix or not", () => {
  const dir = scratchDir();
  const lines: string[] = [];
  for (let i = 0; i < 5000; i++) lines.push(`{"time":${Math.floor(i / 2) + (i % 5 === 0 ? 3 : 0)},"n":${i % 17}}`);
  // Equal times and equal lines at the cut must stay in canonical order.
  for (let i = 0; i < 200; i++) lines.push(`{"time":2490,"n":${i % 3}}`);
  for (const arena of [1024, 8192, 1 << 20]) {
    const collect = (withBlocks: boolean): string => {
      const s = new ExternalSorter(dir, arena);
      for (const l of lines) s.push(lineTime(l), l);
      const parts: string[] = [];
      const sink = {
        line: (b: Buffer, st: number, en: number) => void parts.push(b.toString("utf8", st, en) + "\n"),
        ...(withBlocks ? { lines: (b: Buffer, st: number, en: number) => void parts.push(b.toString("utf8", st, en)) } : {}),
      };
      s.drainTo(sink);
      s.cleanup();
      return parts.join("");
    };
    const expected = [...lines].sort((a, b) => lineTime(a) - lineTime(b) || (a < b ? -1 : a > b ? 1 : 0));
    assert.is(collect(true), expected.join("\n") + "\n");
    assert.is(collect(false), expected.join("\n") + "\n");
  }
});

test("drainToPausing gives drainTo's bytes, and a long merge pauses (for signal handlers) every 65,536 lines", async () => {
  // Issue 10 §3: a merge is synchronous; without pauses a Ctrl-C waits for its end.
  const dir = scratchDir();
  const lines: string[] = [];
  // Descending times: the ordered prefix ends at once, so the runs are merged.
  for (let i = 200_000; i > 0; i--) lines.push(`{"time":${i >> 1},"n":${i % 7}}`);
  const drained = (pausing: boolean): Promise<{ text: string; pauses: number; spilled: number }> =>
    (async () => {
      const s = new ExternalSorter(dir, 1 << 20);
      for (const l of lines) s.push(lineTime(l), l);
      const parts: string[] = [];
      const sink = { line: (b: Buffer, st: number, en: number) => void parts.push(b.toString("utf8", st, en) + "\n") };
      let pauses = 0;
      if (pausing) await s.drainToPausing(sink, async () => void pauses++);
      else s.drainTo(sink);
      const spilled = s.spilledRuns;
      s.cleanup();
      return { text: parts.join(""), pauses, spilled };
    })();
  const plain = await drained(false);
  const paused = await drained(true);
  assert.ok(paused.spilled > 1, `spilled ${paused.spilled}`);
  assert.is(paused.text, plain.text);
  // ⌊200,000 / 65,536⌋ = 3 pauses.
  assert.is(paused.pauses, 3);
});

test("more runs than the merge fan-in are pre-merged, and the result is still exact", () => {
  const dir = scratchDir();
  const s = new ExternalSorter(dir, 256);
  const expected: string[] = [];
  for (let i = 0; i < 3000; i++) {
    const t = (i * 7919) % 1000;
    expected.push(`{"time":${t},"n":${String(i).padStart(5, "0")}}`);
  }
  for (const l of expected) s.push(lineTime(l), l);
  const got = Array.from(s.drain(), (b) => b.toString());
  assert.ok(s.spilledRuns > 64, `spilled ${s.spilledRuns}`);
  s.cleanup();
  expected.sort((a, b) => lineTime(a) - lineTime(b) || (a < b ? -1 : 1));
  assert.equal(got, expected);
});

test("the ordered prefix with room for a header becomes the output itself; a wrong guess or a late line falls back, same bytes", () => {
  const dir = scratchDir();
  const lines: string[] = [];
  for (let i = 0; i < 4000; i++) lines.push(`{"time":${i + (i % 4 === 0 ? 3 : 0)},"n":${i % 11}}`);
  const sorted = (ls: string[]) => [...ls].sort((a, b) => lineTime(a) - lineTime(b) || (a < b ? -1 : a > b ? 1 : 0));
  const header = Buffer.from('{"header":"x"}\n');
  // Right guess: the prefix file is renamed to the destination, header first.
  const s = new ExternalSorter(dir, 4096, () => header.length);
  for (const l of lines) s.push(lineTime(l), l);
  const dest = join(dir, "in-place.jsonl");
  assert.ok(s.commitInPlace(header, dest));
  s.cleanup();
  assert.is(readFileSync(dest, "utf8"), header.toString() + sorted(lines).join("\n") + "\n");
  // Wrong guess: nothing is committed, and draining skips the reserved room.
  const late = [...lines, `{"time":7,"n":99}`];
  for (const input of [lines, late]) {
    const w = new ExternalSorter(dir, 4096, () => header.length + 3);
    for (const l of input) w.push(lineTime(l), l);
    assert.not.ok(w.commitInPlace(header, join(dir, "never.jsonl")));
    const got = Array.from(w.drain(), (b) => b.toString());
    w.cleanup();
    assert.equal(got, sorted(input));
  }
  assert.throws(() => readFileSync(join(dir, "never.jsonl")));
});

test("a conversion that spills gives the same bytes as one that does not", async () => {
  const input = [join(REAL, "google-2019/cell_a/machine_events-000000000000.json.gz")];
  const dir = scratchDir();
  const { convertTrace } = await import("../../traces/convert-trace.ts");
  const { DEFAULT_REFERENCE_MACHINE } = await import("../../traces/canonical/reference-machine.ts");
  const a = await convertTrace({ format: "google-2019", inputs: input, out: join(dir, "a.jsonl"), reference: DEFAULT_REFERENCE_MACHINE });
  const b = await convertTrace({ format: "google-2019", inputs: input, out: join(dir, "b.jsonl"), reference: DEFAULT_REFERENCE_MACHINE, sortBufferBytes: 1 << 20 });
  assert.is(a.spilledRuns, 0);
  assert.ok(b.spilledRuns > 5);
  assert.ok(readFileSync(join(dir, "a.jsonl")).equals(readFileSync(join(dir, "b.jsonl"))));
});

test("a conversion whose body is written in place gives the bytes of one that copies it", async () => {
  const { convertTrace } = await import("../../traces/convert-trace.ts");
  const { DEFAULT_REFERENCE_MACHINE } = await import("../../traces/canonical/reference-machine.ts");
  const dir = scratchDir();
  // 150,000 task_events rows in trace order (50,000 tasks, 9.5 MB): against a
  // 1 MiB sort buffer, the count extrapolated when the body file is started
  // (about 7,500 records in, with at most a few MB of input read ahead) lands
  // between 20,000 and 60,000: five digits, as the real count.
  const rows: string[] = [];
  for (let i = 0; i < 150_000; i++) {
    const task = Math.floor(i / 3);
    const phase = i % 3;
    const machine = phase === 0 ? "" : String(300_000_000 + (task % 120));
    rows.push(`${600_000_000 + task * 1000 + phase * 1_000_000},,${6_000_000_000 + Math.floor(task / 10)},${task % 10},${machine},${[0, 1, 4][phase]},u${task % 7},2,${task % 12},0.0625,0.0318,0.0001,0`);
  }
  mkdirSync(join(dir, "task_events"));
  const input = join(dir, "task_events", "part-00000-of-00001.csv");
  writeFileSync(input, rows.join("\n") + "\n");
  const opts = { format: "google-2011" as const, inputs: [input], reference: DEFAULT_REFERENCE_MACHINE, sortBufferBytes: 1 << 20 };
  // Watch which path each conversion takes.
  const taken: boolean[] = [];
  const original = ExternalSorter.prototype.commitInPlace;
  ExternalSorter.prototype.commitInPlace = function (this: ExternalSorter, header: Buffer, dest: string): boolean {
    const done = original.call(this, header, dest);
    taken.push(done);
    return done;
  };
  try {
    await convertTrace({ ...opts, out: join(dir, "in-place.jsonl") });
    // Sort scratch in another directory: never in place.
    await convertTrace({ ...opts, out: join(dir, "copied.jsonl"), tmpDir: scratchDir() });
    // A buffer too small for a good guess: tried, missed, copied.
    await convertTrace({ ...opts, out: join(dir, "missed.jsonl"), sortBufferBytes: 1 << 16 });
  } finally {
    ExternalSorter.prototype.commitInPlace = original;
  }
  assert.equal(taken, [true, false]);
  const expected = readFileSync(join(dir, "copied.jsonl"));
  assert.ok(readFileSync(join(dir, "in-place.jsonl")).equals(expected));
  assert.ok(readFileSync(join(dir, "missed.jsonl")).equals(expected));
  // An output name that is no file name is the same error on either path.
  for (const out of [join(dir, "sub") + "/", ""]) {
    const err = await convertTrace({ ...opts, out }).then(
      () => undefined,
      (e: unknown) => e,
    );
    assert.match(String(err), /is not a file name/);
  }
});

test("convert output is deterministic and gzip output holds the same text", async () => {
  const a = await convertAndRead("google-2011", [join(FIXTURES, "google-2011")]);
  const b = await convertAndRead("google-2011", [join(FIXTURES, "google-2011")]);
  assert.equal(a.records, b.records);
  assert.is(a.records.length, 4 + 4 + 1);
  const dir = scratchDir();
  const { convertTrace } = await import("../../traces/convert-trace.ts");
  const { DEFAULT_REFERENCE_MACHINE } = await import("../../traces/canonical/reference-machine.ts");
  const { gunzipSync } = await import("node:zlib");
  const opts = { format: "swf" as const, inputs: [join(REAL, "swf/NASA-iPSC-1993-3.1-cln.swf.gz")], reference: DEFAULT_REFERENCE_MACHINE };
  await convertTrace({ ...opts, out: join(dir, "x.jsonl") });
  await convertTrace({ ...opts, out: join(dir, "x.jsonl.gz") });
  await convertTrace({ ...opts, out: join(dir, "y.jsonl.gz") });
  assert.ok(gunzipSync(readFileSync(join(dir, "x.jsonl.gz"))).equals(readFileSync(join(dir, "x.jsonl"))));
  assert.ok(readFileSync(join(dir, "x.jsonl.gz")).equals(readFileSync(join(dir, "y.jsonl.gz"))));
});

test.run();
