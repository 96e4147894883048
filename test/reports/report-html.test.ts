// report.html without a browser (docs/report-format.md, "report.html and mesosim
// report"; issue 12, "report.html"): names from a trace or an experiment show as
// text, in the markup and in the data embedded for the charts; the page is the
// same bytes from the same files, whether `mesosim run` or `mesosim report`
// renders it; summary.json is still written last; the charts' figures, hand-worked
// on a tiny run; long runs and many roles stay bounded.
import { readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "uvu";
import * as assert from "uvu/assert";
import type { Chart, PageData } from "../../reports/html/chart-data.ts";
import { renderReportHtml } from "../../reports/html/report-html.ts";
import { SampleGrid } from "../../reports/html/sample-grid.ts";
import { amounts, FINISH, recorder, s, scratchDir, start } from "./record-stream.ts";
import { ROLE, TASK, tinyRun } from "./report-run.ts";

/** The data embedded for the charts, parsed as the page's script parses it. */
function pageData(html: string): PageData {
  const m = /<script type="application\/json" id="report-data">([^<]*)<\/script>/.exec(html);
  assert.ok(m !== null, "no embedded data");
  return JSON.parse(m[1] as string) as PageData;
}

function chart(data: PageData, id: string): Chart {
  const c = data.charts.find((x) => x.id === id);
  assert.ok(c !== undefined, `no chart ${id}: ${data.charts.map((x) => x.id).join(", ")}`);
  return c;
}

const values = (c: Chart, label: string) => c.series.find((x) => x.label === label)?.values;

test("names holding HTML show as text: escaped in the markup, \\u-escaped in the embedded JSON, and nothing else runs", () => {
  const html = readFileSync(join(tinyRun(), "report.html"), "utf8");
  for (const raw of [ROLE, TASK, "<b>bold</b>", "<!--"]) assert.not.ok(html.includes(raw), `${raw} appears unescaped`);
  assert.ok(html.includes("&lt;img src=x onerror=alert(1)&gt;"), "the role as text");
  assert.ok(html.includes("&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;1"), "the task as text (slowest tasks)");
  assert.ok(html.includes("&lt;!-- &lt;/pre&gt;&lt;b&gt;bold&lt;/b&gt; &amp; &#39; &quot;"), "the description as text");
  // The page's only elements that run: the data (not script), uPlot and the page script.
  assert.is(html.match(/<script/g)?.length, 3);
  assert.is(html.match(/<\/script>/g)?.length, 3);
  // The embedded JSON gives the names back exactly.
  const data = pageData(html);
  assert.ok(data.charts.some((c) => c.series.some((x) => x.label === `${ROLE} share`)), "the role's series label");
  assert.ok(data.charts.some((c) => c.title === `Wait percentiles, role ${ROLE}`));
  // And no script may run but the page's own two (by hash): not even an injected one.
  assert.match(html, /<meta http-equiv="Content-Security-Policy" content="default-src &#39;none&#39;; script-src &#39;sha256-[A-Za-z0-9+/=]+&#39; &#39;sha256-[A-Za-z0-9+/=]+&#39;;/);
});

test("the same files give the same bytes: mesosim run's report.html is what mesosim report renders from the run directory", () => {
  const a = tinyRun();
  const b = tinyRun();
  const page = readFileSync(join(a, "report.html"), "utf8");
  assert.is(readFileSync(join(b, "report.html"), "utf8"), page);
  assert.is(renderReportHtml(a), page);
});

test("report.html only when report.formats has html; summary.json is still written last", () => {
  const without = tinyRun(false);
  assert.throws(() => statSync(join(without, "report.html")), /ENOENT/);
  const dir = tinyRun();
  const mtime = (f: string) => statSync(join(dir, f)).mtimeMs;
  for (const f of ["timeseries.csv", "tasks.csv", "frameworks.csv", "experiment.json"]) assert.ok(mtime(f) <= mtime("report.html"), f);
  assert.ok(mtime("report.html") <= mtime("summary.json"));
});

test("utilization chart: allocated, offered and idle fractions at each sample, hand-worked", () => {
  const c = chart(pageData(renderReportHtml(tinyRun())), "utilization-cpus");
  assert.is(c.stacked, true);
  // Samples at 0, 10, …, 100 s (11 ≤ 1000: no downsampling), each the state after the
  // last event at or before it: t1 + t2 = 3 of 4 cpus over [5, 41); none over
  // [45, 60); t3 1 of 4 over [60, 90).
  assert.equal(values(c, "allocated"), [0, 0.75, 0.75, 0.75, 0.75, 0, 0.25, 0.25, 0.25, 0, 0]);
  assert.equal(values(c, "offered (in outstanding offers)"), [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
  assert.equal(values(c, "idle"), [1, 0.25, 0.25, 0.25, 0.25, 1, 0.75, 0.75, 0.75, 1, 1]);
  assert.not.ok(c.series.some((x) => x.label.startsWith("stranded")), "no stranded column: no stranded band");
  assert.equal(pageData(renderReportHtml(tinyRun())).x.samples, [0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100]);
});

test("wait percentiles by launch time, hand-worked from tasks.csv", () => {
  const data = pageData(renderReportHtml(tinyRun()));
  // 3 launches → 10 buckets (at least 10) of 100 s / 10 = 10 s each.
  assert.equal(data.x.waits, [0, 10, 20, 30, 40, 50, 60, 70, 80, 90]);
  const all = chart(data, "waits-all");
  // Bucket [0, 10): waits 1 and 3. R-7: p at rank (n − 1)·p = p: 1 + p·(3 − 1).
  //   p50 = 2, p90 = 2.8, p99 = 2.98. Bucket [60, 70): the wait 10. Others: no launch.
  const gap = null;
  assert.equal(values(all, "p50"), [2, gap, gap, gap, gap, gap, 10, gap, gap, gap]);
  assert.equal(values(all, "p90"), [2.8, gap, gap, gap, gap, gap, 10, gap, gap, gap]);
  assert.equal(values(all, "p99"), [2.98, gap, gap, gap, gap, gap, 10, gap, gap, gap]);
  const web = data.charts.find((c) => c.title === "Wait percentiles, role web") as Chart;
  assert.equal(values(web, "p99"), [gap, gap, gap, gap, gap, gap, 10, gap, gap, gap]);
});

test("the slowest tasks, longest wait first; the headline figures each carry their definition", () => {
  const html = renderReportHtml(tinyRun());
  const slowest = /<table id="slowest-table">[\s\S]*?<\/table>/.exec(html)?.[0] ?? "";
  const ids = [...slowest.matchAll(/<th scope="row">([^<]*)<\/th>/g)].map((m) => m[1]);
  assert.equal(ids, ["t3", "&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;2", "&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;1"]);
  const headline = /<section id="headline">[\s\S]*?<\/section>/.exec(html)?.[0] ?? "";
  const cells = [...headline.matchAll(/<td( title="[^"]+")?[^>]*>/g)];
  assert.ok(cells.length > 30, `${cells.length} figures`);
  assert.equal(cells.filter((m) => m[1] === undefined).map((m) => m[0]), [], "figures without a definition");
  // cpus mean: (1·40 + 2·40 + 1·30) cpu·s / (4 cpus · 100 s) = 150/400 = 0.375.
  assert.match(headline, /<td title="Time average of allocated \/ total[^"]*" class="num">0\.375<\/td>/);
});

test("stranded and entitlement columns, when timeseries.csv has them, are drawn: a stranded band and a dashed entitlement per role", () => {
  const dir = tinyRun();
  const path = join(dir, "timeseries.csv");
  const lines = readFileSync(path, "utf8").split("\r\n");
  // Adds cpus_stranded (0.5 cpus on the cluster rows) and fills entitlement (0.4) on role rows.
  const header = (lines[0] as string).split(",");
  const e = header.indexOf("entitlement");
  const out = lines.map((line, i) => {
    if (line === "") return line;
    if (i === 0) return `${line},cpus_stranded`;
    const f = line.split(",");
    if (f[1] === "role") f[e] = "0.4";
    return `${f.join(",")},${f[1] === "cluster" ? "0.5" : ""}`;
  });
  writeFileSync(path, out.join("\r\n"));
  const data = pageData(renderReportHtml(dir));
  const u = chart(data, "utilization-cpus");
  assert.equal(u.series.map((x) => x.label), ["allocated", "offered (in outstanding offers)", "stranded (idle, unusable)", "idle"]);
  // Stranded 0.5 of 4 cpus = 0.125; idle the rest: 1 − 0.75 − 0.125 = 0.125 at 10 s.
  assert.is(values(u, "stranded (idle, unusable)")?.[1], 0.125);
  assert.is(values(u, "idle")?.[1], 0.125);
  const shares = chart(data, "role-shares");
  const ent = shares.series.find((x) => x.label === "web entitlement");
  assert.is(ent?.dash, "dashed");
  assert.is(ent?.values[3], 0.4);
});

test("long runs and many roles stay bounded: at most 1000 points per series, the top 8 roles and 'other'", () => {
  const dir = scratchDir();
  const r = recorder({ dir, sampleInterval: s(1), html: true });
  const roles = Array.from({ length: 12 }, (_, i) => ({ role: `r${String(i).padStart(2, "0")}`, weight: 1 }));
  start(r, roles);
  r.agentAdded(0, "a", amounts(100, 100_000), "");
  r.frameworkRegistered(0, "f", "batch", roles.map((x) => x.role));
  // Role rNN holds NN + 1 cpus from 0 to the end: r11 has the largest share.
  roles.forEach((x, i) => {
    r.taskSubmitted(0, x.role, x.role, "f", x.role, amounts(i + 1, 10));
    r.taskLaunched(0, x.role, "a", 0);
  });
  r.runEnded(s(5000));
  r.finish(FINISH);
  const data = pageData(readFileSync(join(dir, "report.html"), "utf8"));
  // 5001 samples: buckets double from 1 to 8 samples as they fill, ending with ⌈5001/8⌉ = 626.
  assert.is(data.x.samples.length, 626);
  assert.is(data.x.samples[1], 8);
  for (const c of data.charts) for (const x of c.series) assert.ok(x.values.length <= 1000, `${c.id} ${x.label}`);
  const running = chart(data, "tasks-running");
  assert.equal(running.series.map((x) => x.label), ["r11", "r10", "r09", "r08", "r07", "r06", "r05", "r04", "other (4 roles)"]);
  // other: r00..r03 run one task each.
  assert.is(values(running, "other (4 roles)")?.[100], 4);
});

test("SampleGrid: buckets merge pairwise when full; each point is the mean of its samples, drawn at the first", () => {
  const g = new SampleGrid(4);
  const v = g.line("v");
  for (let i = 0; i < 10; i++) {
    g.next(i * 10);
    g.add(v, i);
    if (i === 3) g.add(v, 100); // two values in one sample are summed: 3 + 100
  }
  // Width 1 → 2 at sample 4 → 4 at sample 8: [0..3], [4..7], [8, 9].
  // Means: (0 + 1 + 2 + 103)/4 = 26.5, (4 + 5 + 6 + 7)/4 = 5.5, (8 + 9)/2 = 8.5.
  assert.equal(g.starts, [0, 40, 80]);
  assert.equal(g.values("v"), [26.5, 5.5, 8.5]);
  assert.equal(g.values("none"), [null, null, null]);
  assert.is(g.has("v"), true);
  assert.is(g.has("none"), false);
});

test.run();
