// report.html in a real browser (issue 12, "report.html": "Test the page in a real
// headless browser (Debian's chromium package): it renders, each chart has data
// points, there are no console errors"). A small run of `mesosim run` with html in
// its formats, with names holding HTML in a role and in task ids, opened from
// file:// in headless Chromium driven by puppeteer-core.
//
// Chromium is found as $CHROMIUM, else `chromium` (or `chromium-browser`) on PATH.
// Without it the test says "skipped: chromium not found" and passes: CI installs
// Debian's chromium (.ci/run), so there it always runs.
import { spawnSync } from "node:child_process";
import { accessSync, constants, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import puppeteer from "puppeteer-core";
import { test } from "uvu";
import * as assert from "uvu/assert";
import type { TraceRecord } from "../../traces/canonical/trace-record.ts";
import { machine, S, task, writeTrace } from "../sim/helpers.ts";

const ROOT = resolve(import.meta.dirname, "../..");
// Mesos role names may not hold spaces; a '/' separates role components.
const ROLE = "<img/src=x/onerror=alert(1)>";
const TASK = "</script><script>alert(1)</script>";

/** The Chromium to drive: $CHROMIUM, or the first `chromium` / `chromium-browser` on PATH; null when there is none. */
function findChromium(): string | null {
  const fromEnv = process.env["CHROMIUM"];
  if (fromEnv !== undefined && fromEnv !== "") return fromEnv;
  for (const dir of (process.env["PATH"] ?? "").split(delimiter)) {
    for (const name of ["chromium", "chromium-browser"]) {
      try {
        accessSync(join(dir, name), constants.X_OK);
        return join(dir, name);
      } catch {
        // Not here.
      }
    }
  }
  return null;
}

/** A small run with report.html: two agents, 30 tasks of two roles (one named like a tag), waits from contention. */
function smallRun(): string {
  const dir = mkdtempSync(join(tmpdir(), "mesosim-browser-test-"));
  const records: TraceRecord[] = [machine(0, "a1", 4, 4096), machine(0, "a2", 4, 4096)];
  for (let i = 0; i < 30; i++) records.push(task(i * 10 * S, `${i % 3 === 0 ? TASK : "t"}${i}`, i % 2 === 1 ? ROLE : "web", 1 + (i % 3), 512, (40 + i) * S));
  const experiment = join(dir, "e.json");
  writeFileSync(
    experiment,
    JSON.stringify({
      format: "mesosim-experiment/1",
      name: "browser",
      description: `${TASK} ${ROLE}`,
      workload: [{ trace: writeTrace(records) }],
      frameworks: [{ name: "f", roles: [ROLE, "web"] }],
      report: { sampleInterval: "5s", formats: ["json", "csv", "html"] },
    }),
  );
  const out = join(dir, "run");
  const r = spawnSync(process.execPath, [join(ROOT, "bin/mesosim.js"), "run", experiment, "--out", out], { encoding: "utf8", env: { ...process.env, MESOSIM_FROM_SOURCES: "1" } });
  assert.is(r.status, 0, r.stderr);
  return join(out, "report.html");
}

interface Drawn {
  readonly id: string;
  /** Points with a value, per series. */
  readonly points: number[];
  readonly canvas: { width: number; height: number } | null;
}

test("report.html opens from disk in headless Chromium: every chart drawn with data points, no console or page error, no request, names as text", async () => {
  const chromium = findChromium();
  if (chromium === null) {
    console.log("  skipped: chromium not found (set CHROMIUM or install Debian's chromium to run the browser test)");
    return;
  }
  const page = smallRun();
  const browser = await puppeteer.launch({ executablePath: chromium, headless: true, args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"], timeout: 60_000 });
  try {
    const tab = await browser.newPage();
    await tab.setViewport({ width: 1400, height: 1000 });
    const errors: string[] = [];
    const requests: string[] = [];
    const dialogs: string[] = [];
    tab.on("console", (m) => {
      if (m.type() === "error" || m.type() === "warn") errors.push(`console.${m.type()}: ${m.text()}`);
    });
    tab.on("pageerror", (e) => errors.push(`page error: ${e instanceof Error ? e.message : String(e)}`));
    tab.on("requestfailed", (r) => errors.push(`request failed: ${r.url()}`));
    tab.on("request", (r) => {
      if (r.url() !== pathToFileURL(page).href) requests.push(r.url());
    });
    tab.on("dialog", (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    await tab.goto(pathToFileURL(page).href, { waitUntil: "load", timeout: 60_000 });
    // Run in the page (as text: the tests are typed without the DOM's types).
    const drawn = (await tab.evaluate(`[...document.querySelectorAll(".chart")].map((el) => {
      const id = el.id.replace(/^chart-/, "");
      const u = (window.mesosimCharts || {})[id];
      const canvas = el.querySelector("canvas");
      return {
        id,
        points: u === undefined ? [] : u.data.slice(1).map((s) => s.filter((v) => v !== null && v !== undefined).length),
        canvas: canvas === null ? null : { width: canvas.width, height: canvas.height },
      };
    })`)) as Drawn[];
    assert.equal(errors, []);
    assert.equal(requests, [], "the page loads nothing");
    assert.equal(dialogs, [], "no injected script ran");
    const ids = drawn.map((d) => d.id);
    for (const id of ["utilization-cpus", "utilization-mem", "role-shares", "tasks-pending", "tasks-running", "waits-all", "waits-role-0", "waits-role-1"]) assert.ok(ids.includes(id), `${id} in ${ids.join(", ")}`);
    for (const d of drawn) {
      assert.ok(d.canvas !== null && d.canvas.width > 0 && d.canvas.height > 0, `${d.id}: a canvas of some size`);
      assert.ok(d.points.length > 0 && d.points.every((n) => n > 0), `${d.id}: every series has points (${d.points.join(", ")})`);
    }
    // The tag-like names are text: shown in the roles table and the description, never elements.
    const text = (await tab.evaluate(`({
      roles: document.querySelector("#roles table").textContent,
      header: document.querySelector("header").textContent,
      slowest: document.querySelector("#slowest table").textContent,
      images: document.querySelectorAll("img").length,
      scripts: document.querySelectorAll("script").length,
    })`)) as { roles: string; header: string; slowest: string; images: number; scripts: number };
    assert.ok(text.roles.includes(ROLE), text.roles);
    assert.ok(text.header.includes(`${TASK} ${ROLE}`), text.header);
    assert.ok(text.slowest.includes(TASK), text.slowest);
    assert.is(text.images, 0);
    assert.is(text.scripts, 3);
  } finally {
    await browser.close();
  }
});

test.run();
