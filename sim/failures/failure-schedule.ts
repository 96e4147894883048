// When the experiment's failures happen (docs/experiment-format.md, `failures`): an
// entry with `at` once at that time; an entry with `every: {mtbf, mttr?, start?,
// end?}` as a random process, failures an exponential time of mean `mtbf` apart, each
// followed by its repair (the entry's fixed one, else exponential of mean `mttr`,
// else none). An agent kind runs one such process on each agent its selector takes
// (every agent, present and future, that matches); the other kinds run one.
//
// Every draw comes from the entry's stream `sim/failures/<index>`. Each failure has
// an id, `<index>` for a one-off and `<index>.<n>` for the n-th of a process, which
// the records carry as the `cause` of what it does.
import type { RandomStream } from "../../allocators/random-stream.ts";
import type { RandomSource } from "../../common/random-source.ts";
import type { AgentSelector, FailureSpec } from "../experiment/failure-spec.ts";
import { EventPriority } from "../kernel/event-priority.ts";
import type { EventKind } from "../kernel/event-kind.ts";
import { agentMatches, selectAgents } from "../maintenance/agent-selector.ts";
import type { SimAgent, SimFramework } from "../master/master-records.ts";
import type { FailureContext } from "./failure-context.ts";

/** One entry of the list, and the target of its events. */
class Entry {
  readonly type = "failure";
  occurrences = 0;
  constructor(
    readonly index: number,
    readonly spec: FailureSpec,
    readonly stream: RandomStream,
  ) {}
  get id(): string {
    return String(this.index);
  }
}

/** One agent's process of an agent entry with `every`. */
class AgentProcess {
  readonly type = "failure";
  constructor(
    readonly entry: Entry,
    readonly agent: SimAgent,
  ) {}
  get id(): string {
    return `${this.entry.index} ${this.agent.id}`;
  }
}

/** What a failure does, given its id (the schedule decides when and to whom). */
export interface FailureActions {
  agentFailure(agent: SimAgent, spec: FailureSpec & { kind: "agent-crash" | "partition" }, cause: string, repair: number | null): void;
  masterFailover(spec: FailureSpec & { kind: "master-failover" }, cause: string, stream: RandomStream): void;
  /** The framework a framework failover hits, or null if it is not there to fail (not registered, or away already). */
  frameworkOf(spec: FailureSpec & { kind: "framework-failover" }): SimFramework | null;
  frameworkFailover(fw: SimFramework, cause: string, repair: number | null): void;
}

/** An exponential draw of mean `mean` µs, whole µs, at least 1. */
function exponential(stream: RandomStream, mean: number): number {
  return Math.max(1, Math.round(-mean * Math.log(1 - stream())));
}

export class FailureSchedule {
  private readonly entries: Entry[];
  private readonly kOnce: EventKind<Entry>;
  private readonly kProcess: EventKind<Entry>;
  private readonly kAgentProcess: EventKind<AgentProcess>;

  constructor(
    private readonly ctx: FailureContext,
    specs: readonly FailureSpec[],
    random: RandomSource,
    private readonly actions: FailureActions,
  ) {
    this.entries = specs.map((spec, i) => new Entry(i, spec, random.stream(`sim/failures/${i}`)));
    const e = ctx.events;
    this.kOnce = e.kind("failure", EventPriority.MACHINE, (entry) => this.once(entry));
    this.kProcess = e.kind("failure-process", EventPriority.MACHINE, (entry) => this.processFires(entry));
    this.kAgentProcess = e.kind("agent-failure-process", EventPriority.MACHINE, (p) => this.agentProcessFires(p));
  }

  /** Schedules the one-off failures and the processes that are not per agent. */
  start(): void {
    for (const entry of this.entries) {
      const s = entry.spec;
      if (s.at !== null) this.ctx.events.schedule(s.at, this.kOnce, entry);
      else if (s.every !== null && s.kind !== "agent-crash" && s.kind !== "partition") this.next(entry, this.kProcess, entry, s.every.start);
    }
  }

  /** An agent joined: the agent processes whose selector takes it start on it. */
  agentAdded(agent: SimAgent): void {
    for (const entry of this.entries) {
      const s = entry.spec;
      if (s.every === null || (s.kind !== "agent-crash" && s.kind !== "partition")) continue;
      if (!this.takesAgent(entry, s.agents, agent)) continue;
      this.next(entry, this.kAgentProcess, new AgentProcess(entry, agent), Math.max(s.every.start, this.ctx.sim.now));
    }
  }

  /** Schedules the process's next failure an exponential gap after `from`, unless past its end. */
  private next<T>(entry: Entry, kind: EventKind<T>, target: T, from: number): void {
    const every = entry.spec.every;
    if (every === null) return;
    const at = from + exponential(entry.stream, every.mtbf);
    if (every.end !== null && at >= every.end) return;
    this.ctx.events.schedule(at, kind, target);
  }

  /** The repair time of one failure of the entry, µs (null: never). */
  private repair(entry: Entry): number | null {
    const s = entry.spec;
    const fixed = s.kind === "agent-crash" ? s.restartAfter : s.kind === "partition" ? s.healAfter : s.kind === "framework-failover" ? s.reconnectAfter : null;
    if (fixed !== null) return fixed;
    return s.every?.mttr == null ? null : exponential(entry.stream, s.every.mttr);
  }

  private once(entry: Entry): void {
    this.happen(entry, String(entry.index));
  }

  private processFires(entry: Entry): void {
    const repair = this.happen(entry, `${entry.index}.${entry.occurrences + 1}`);
    // Never repaired: there is nothing left to fail again.
    if (repair === null) return;
    this.next(entry, this.kProcess, entry, this.ctx.sim.now + (repair ?? 0));
  }

  private agentProcessFires(p: AgentProcess): void {
    const { agent, entry } = p;
    const s = entry.spec as FailureSpec & { kind: "agent-crash" | "partition" };
    // Gone from the cluster: its process ends with it.
    if (this.ctx.master.agents.get(agent.id) !== agent) return;
    let repair: number | null = 0;
    if (!agent.cutOff) {
      const id = `${entry.index}.${++entry.occurrences}`;
      repair = this.repair(entry);
      this.ctx.recorder.failureBegan(this.ctx.sim.now, id, s.kind, agent.id);
      this.actions.agentFailure(agent, s, id, repair);
    }
    if (repair !== null) this.next(entry, this.kAgentProcess, p, this.ctx.sim.now + repair);
  }

  /** One failure of the entry now, with id `id`. Returns its repair time (undefined: it did not happen). */
  private happen(entry: Entry, id: string): number | null | undefined {
    const s = entry.spec;
    const now = this.ctx.sim.now;
    switch (s.kind) {
      case "agent-crash":
      case "partition": {
        const agents = this.pick(entry, s.agents);
        if (agents.length === 0) return undefined;
        entry.occurrences++;
        this.ctx.recorder.failureBegan(now, id, s.kind, agents.length === 1 ? (agents[0] as SimAgent).id : `${agents.length} agents`);
        // One repair time for the whole group: they fail and come back together.
        const repair = this.repair(entry);
        for (const agent of agents) this.actions.agentFailure(agent, s, id, repair);
        return repair;
      }
      case "master-failover":
        entry.occurrences++;
        this.ctx.recorder.failureBegan(now, id, s.kind, "");
        this.actions.masterFailover(s, id, entry.stream);
        return 0;
      case "framework-failover": {
        const fw = this.actions.frameworkOf(s);
        if (fw === null) return undefined;
        entry.occurrences++;
        const repair = this.repair(entry);
        this.ctx.recorder.failureBegan(now, id, s.kind, fw.name);
        this.actions.frameworkFailover(fw, id, repair);
        return repair;
      }
    }
  }

  /** Whether an agent process of `entry` runs on `agent` (a `fraction` takes each agent with that probability). */
  private takesAgent(entry: Entry, sel: AgentSelector, agent: SimAgent): boolean {
    if (sel.kind !== "pick") return agentMatches(sel, agent);
    if (!agentMatches({ ...sel, count: null, fraction: null }, agent)) return false;
    return sel.fraction === null || entry.stream() < sel.fraction;
  }

  /** The agents a one-off failure hits now: those not already cut off that the selector takes, in registration order. */
  private pick(entry: Entry, sel: AgentSelector): SimAgent[] {
    const eligible: SimAgent[] = [];
    for (const agent of this.ctx.master.agents.values()) if (!agent.cutOff) eligible.push(agent);
    return selectAgents(sel, eligible, entry.stream);
  }
}
