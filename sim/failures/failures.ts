// The failure model of a run with a `failures` list (docs/simulator.md, "Failures"):
// the schedule of the experiment's failures and the Mesos behaviour each sets off,
// wired to the master. It is the master's `MasterHooks`. A run without failures makes
// none of this, so its events and records are those of a run before failures existed.
import type { RandomSource } from "../../common/random-source.ts";
import type { MasterSettings } from "../experiment/experiment.ts";
import type { FailureSpec } from "../experiment/failure-spec.ts";
import type { Simulation } from "../kernel/simulation.ts";
import type { MasterHooks } from "../master/master-hooks.ts";
import type { SimAgent, SimFramework, SimTask } from "../master/master-records.ts";
import type { Master } from "../master/master.ts";
import type { Resources } from "../../allocators/resources/resources.ts";
import type { RunRecorder } from "../records/run-records.ts";
import { AgentFailures } from "./agent-failures.ts";
import { FailureEvents, type FailureContext } from "./failure-context.ts";
import { FailureSchedule } from "./failure-schedule.ts";
import { FrameworkFailures } from "./framework-failures.ts";
import { MasterFailover, type Registry } from "./master-failover.ts";
import { permitInterval, RemovalLimiter } from "./removal-limiter.ts";

export interface FailuresOptions {
  readonly sim: Simulation;
  readonly master: Master;
  readonly random: RandomSource;
  readonly recorder: RunRecorder;
  readonly settings: MasterSettings;
  readonly failures: readonly FailureSpec[];
  /** What survives a master failover: the roles' weights and quotas. */
  readonly registry: Registry;
}

export class Failures implements MasterHooks {
  private readonly ctx: FailureContext;
  private readonly agents: AgentFailures;
  private readonly frameworks: FrameworkFailures;
  private readonly schedule: FailureSchedule;

  constructor(o: FailuresOptions) {
    const kPermit = RemovalLimiter.defineKind(o.sim);
    const interval = o.settings.agentRemovalRateLimit === null ? null : permitInterval(o.settings.agentRemovalRateLimit);
    const newLimiter = () => new RemovalLimiter(o.sim, interval, kPermit);
    this.ctx = { sim: o.sim, master: o.master, mi: o.master.internals(), recorder: o.recorder, settings: o.settings, events: new FailureEvents(o.sim), limiter: newLimiter() };
    const frameworks = new FrameworkFailures(this.ctx, (agent) => agents.settle(agents.state(agent)));
    const agents = new AgentFailures(this.ctx, {
      frameworksOnAgent: (s) => frameworks.frameworksOnAgent(s),
      incarnation: (fw) => frameworks.incarnation(fw),
    });
    const failover = new MasterFailover(this.ctx, agents, frameworks, o.registry, newLimiter);
    this.agents = agents;
    this.frameworks = frameworks;
    this.schedule = new FailureSchedule(this.ctx, o.failures, o.random, {
      agentFailure: (agent, spec, cause, repair) => {
        if (spec.kind === "agent-crash") agents.crash(agent, cause, repair, spec.recoveryTimeout);
        else agents.partition(agent, cause, repair);
      },
      masterFailover: (spec, cause, stream) => failover.failover(cause, spec, stream),
      frameworkOf: (spec) => {
        const fw = o.master.frameworks.get(spec.framework);
        return fw === undefined || frameworks.state(fw).away ? null : fw;
      },
      frameworkFailover: (fw, cause, repair) => frameworks.failover(fw, cause, repair),
    });
    o.master.hooks = this;
    o.master.observers.push({ agentAdded: (agent) => this.agentAdded(agent) });
  }

  /** Schedules the failures (after the agents and frameworks listed up front are there). */
  start(): void {
    this.schedule.start();
  }

  /** An agent was added to the master (a `MasterObserver` call). */
  private agentAdded(agent: SimAgent): void {
    this.agents.added(agent);
    this.schedule.agentAdded(agent);
  }

  /** Whether a failure event is still to come (the run is not over while one is). */
  busy(): boolean {
    return this.ctx.events.pending > 0 || this.ctx.limiter.busy;
  }

  // ---- MasterHooks ----

  taskEndHeld(task: SimTask): void {
    this.agents.taskEndHeld(task);
  }

  launchLost(task: SimTask): void {
    this.agents.launchLost(task);
  }

  absentAgentRemoved(agent: SimAgent): void {
    this.agents.absentAgentRemoved(agent);
  }

  absentAgentUpdated(agent: SimAgent, total: Resources | null, attributes: string | null): void {
    this.agents.absentAgentUpdated(agent, total, attributes);
  }

  /**
   * Explicit reconciliation (`Master::reconcile`): a task on an agent the master has
   * marked unreachable without knowing the task (after a failover) is TASK_UNREACHABLE
   * (TASK_LOST when not partition-aware); a task on an agent the new master still
   * waits for gets no answer until the master knows, which the framework then learns
   * at once. Every other task's state is what the master has.
   */
  reconcile(fw: SimFramework): void {
    this.frameworks.reconcile(fw);
    for (const t of [...fw.tasks]) {
      const agent = t.agent;
      if (agent === null || agent.status !== "unreachable") continue;
      const st = this.agents.state(agent);
      this.agents.loseTask(st, t, fw.partitionAware ? "TASK_UNREACHABLE" : "TASK_LOST", st.lostTo, "REASON_RECONCILIATION");
      this.agents.settle(st);
    }
  }
}
