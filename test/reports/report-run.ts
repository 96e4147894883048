// A tiny run directory for the report.html and `mesosim report` tests, with names
// that hold HTML in a role, in task ids and in the experiment's description.
import type { MetricsRecorder } from "../../reports/metrics-recorder.ts";
import { amounts, FINISH, recorder, s, scratchDir, start } from "./record-stream.ts";

export const ROLE = "<img src=x onerror=alert(1)>";
export const TASK = "</script><script>alert(1)</script>";
export const DESCRIPTION = "<!-- </pre><b>bold</b> & ' \"";

/**
 * A tiny run: one agent of 4 cpus and 4096 MB, sampled every 10 s up to 100 s.
 *   t1 (ROLE, 1 cpu)  submitted 0, launched 1 (wait 1), ends 41
 *   t2 (ROLE, 2 cpus) submitted 2, launched 5 (wait 3), ends 45
 *   t3 (web, 1 cpu)   submitted 50, launched 60 (wait 10), ends 90
 */
function play(r: MetricsRecorder): void {
  start(r, [{ role: ROLE, weight: 1 }, { role: "web", weight: 1 }]);
  r.agentAdded(0, "a", amounts(4, 4096), "");
  r.frameworkRegistered(0, "f", "batch", [ROLE, "web"]);
  const task = (id: string, role: string, cpus: number, submit: number, launch: number, end: number) => {
    r.taskSubmitted(s(submit), id, id, "f", role, amounts(cpus, 100));
    r.taskLaunched(s(launch), id, "a", 0);
    r.taskRunning(s(launch), id);
    return () => r.taskEnded(s(end), id, "TASK_FINISHED", false);
  };
  const t1 = task(`${TASK}1`, ROLE, 1, 0, 1, 41);
  const t2 = task(`${TASK}2`, ROLE, 2, 2, 5, 45);
  t1();
  t2();
  task("t3", "web", 1, 50, 60, 90)();
  r.runEnded(s(100));
}

/** The run directory of `play`, written by MetricsRecorder (report.html with `html`, tasks.csv with `tasks`). */
export function tinyRun(html = true, tasks = true): string {
  const dir = scratchDir();
  const r = recorder({ dir, sampleInterval: s(10), html, tasks });
  play(r);
  r.finish({ ...FINISH, experiment: { format: "mesosim-experiment/1", name: "tiny", description: DESCRIPTION } });
  return dir;
}
