// The latency metrics of one scope (the whole run, a role or a framework): task
// waits, job waits and completion times, slowdowns, offer outcomes and attempts
// (report format, "Latency"). Times come in µs and are reported in seconds.
import { type OfferEnd } from "../sim/records/run-records.ts";
import { type Distribution, SampleBuffer } from "./sample-buffer.ts";

export interface SlowdownSummary {
  readonly mean: number | null;
  readonly p99: number | null;
  readonly count: number;
}

export interface OfferCounts {
  readonly made: number;
  readonly accepted: number;
  readonly declined: number;
  readonly rescinded: number;
  readonly timedOut: number;
  /** Mean time an answered (accepted or declined) offer was held, in s; null when none was. */
  readonly decisionSeconds: number | null;
}

export interface AttemptsSummary {
  /** Mean over launches of the offers the task was skipped on before it; null when none. */
  readonly mean: number | null;
  readonly max: number | null;
}

export interface LatencySummary {
  readonly wait: Distribution;
  readonly jobWait: Distribution;
  readonly jobComplete: Distribution;
  readonly slowdown: SlowdownSummary;
  readonly offers: OfferCounts;
  readonly attempts: AttemptsSummary;
}

const US_PER_S = 1e6;

export class LatencyAccumulator {
  /** Per launch: launch − (submit, or the loss it was requeued at), µs. */
  readonly waits = new SampleBuffer();
  /** Per job: its first launch − its first submit, µs. */
  readonly jobWaits = new SampleBuffer();
  /** Per job whose tasks all ended: its last end − its first submit, µs. */
  readonly jobCompletes = new SampleBuffer();
  /** Per such job: (complete − submit) / max(run time, 1 s). */
  readonly slowdowns = new SampleBuffer();
  private readonly offers = { made: 0, accepted: 0, declined: 0, rescinded: 0, timedOut: 0 };
  private answered = 0;
  private heldUs = 0;
  private launches = 0;
  private attemptSum = 0;
  private attemptMax = 0;

  launched(waitUs: number, attempts: number): void {
    this.waits.push(waitUs);
    this.launches++;
    this.attemptSum += attempts;
    if (attempts > this.attemptMax) this.attemptMax = attempts;
  }

  offerMade(): void {
    this.offers.made++;
  }

  offerEnded(how: OfferEnd, heldUs: number): void {
    // A switch, not `this.offers[how]++`: this runs three times per offer, and a
    // property named by a value of five is a slow (megamorphic) access.
    switch (how) {
      case "accepted":
        this.offers.accepted++;
        break;
      case "declined":
        this.offers.declined++;
        break;
      case "rescinded":
        this.offers.rescinded++;
        return;
      case "timedOut":
        this.offers.timedOut++;
        return;
    }
    this.answered++;
    this.heldUs += heldUs;
  }

  jobCompleted(completeUs: number, runUs: number): void {
    this.jobCompletes.push(completeUs);
    this.slowdowns.push(completeUs / Math.max(runUs, US_PER_S));
  }

  summary(): LatencySummary {
    const slowdown = this.slowdowns.count === 0 ? null : this.slowdowns;
    return {
      wait: this.waits.distribution(US_PER_S),
      jobWait: this.jobWaits.distribution(US_PER_S),
      jobComplete: this.jobCompletes.distribution(US_PER_S),
      slowdown: {
        mean: slowdown === null ? null : slowdown.sum / slowdown.count,
        p99: slowdown === null ? null : slowdown.quantile(0.99),
        count: this.slowdowns.count,
      },
      offers: { ...this.offers, decisionSeconds: this.answered === 0 ? null : this.heldUs / this.answered / US_PER_S },
      attempts: {
        mean: this.launches === 0 ? null : this.attemptSum / this.launches,
        max: this.launches === 0 ? null : this.attemptMax,
      },
    };
  }
}
