/**
 * What happened to each signal, and the counts a send resolves to.
 *
 * Every signal ends in exactly one outcome: accepted, invalid or failed, so
 * `accepted + invalid + failed === total` (except in a dry run, where nothing
 * is sent and valid signals are only counted as `valid`). The report keeps
 * counts; per-signal outcomes are streamed as `outcome` events and only the
 * first `keepOutcomes` are kept in the report.
 */
import type { ValidationIssue } from '../validate/types.js';
import type { DeliveryError } from './errors.js';

interface OutcomeBase {
  /** 0-based position of the signal in what was given to `send()` (or in enqueue order). */
  readonly index: number;
  /** The signal type, or `unknown`. */
  readonly signalType: string;
  /** The signal as it was given (before appKey was filled in or invalid optional fields removed). */
  readonly input: unknown;
}

/** Connect imported the signal. */
export interface AcceptedOutcome extends OutcomeBase {
  readonly status: 'accepted';
  /** The id Connect returned for it. */
  readonly id: string;
  /** Attempts its request took. */
  readonly attempts: number;
  /** Optional fields removed before sending, and fields that look misspelled. */
  readonly warnings: readonly ValidationIssue[];
}

/** Not sent: Connect would discard it. */
export interface InvalidOutcome extends OutcomeBase {
  readonly status: 'invalid';
  /** Every reason, each naming the field. */
  readonly errors: readonly ValidationIssue[];
}

/** Valid, but not delivered. */
export interface FailedOutcome extends OutcomeBase {
  readonly status: 'failed';
  readonly reason: DeliveryError;
  /** Requests that carried it. */
  readonly attempts: number;
  /** Connect may have imported it anyway (a request of it may have been processed): a replay can duplicate it. */
  readonly ambiguous: boolean;
  /**
   * Its JSON text as it was sent, when the request body was joined from the texts `jsonOf` gave
   * (a caller may let go of its own copy once it has handed the text over). Undefined otherwise.
   */
  readonly json?: string;
}

/** The fate of one signal. */
export type SignalOutcome = AcceptedOutcome | InvalidOutcome | FailedOutcome;

/** Counts for one signal type. */
export interface TypeCounts {
  total: number;
  valid: number;
  invalid: number;
  accepted: number;
  failed: number;
}

/** A request answered with a number of ids different from the number of signals it carried. */
export interface IdMismatch {
  readonly batch: number;
  readonly sent: number;
  readonly received: number;
}

/** What a `send()`, `flush()` or `close()` resolves to. */
export interface SendReport {
  /** Signals read. */
  readonly total: number;
  /** Signals that passed validation. */
  readonly valid: number;
  readonly invalid: number;
  readonly accepted: number;
  readonly failed: number;
  /** Of the failed, those Connect may have imported anyway. */
  readonly ambiguousFailures: number;
  /** Batches made from the input (1,234 signals with batchSize 500 make 3). */
  readonly batches: number;
  /** HTTP requests made: batches, plus retries, plus halves of split batches. */
  readonly requests: number;
  /** Retried requests. */
  readonly retries: number;
  /** Retries after an attempt that may have been processed (time-out, reset, 502/504): each may have duplicated its signals. */
  readonly ambiguousRetries: number;
  /** Batches split in two because Connect rejected their content. */
  readonly splits: number;
  /** Requests answered with the wrong number of ids (their signals are failed, reason ERR_MISSING_IDS). First 100. */
  readonly idMismatches: readonly IdMismatch[];
  /** Counts per signal type. */
  readonly byType: Readonly<Record<string, Readonly<TypeCounts>>>;
  /** The first `keepOutcomes` outcomes, in completion order. */
  readonly outcomes: readonly SignalOutcome[];
  /** Outcomes counted but not kept in `outcomes`. */
  readonly outcomesDropped: number;
  /** True when sending was aborted (signal or `close()` deadline) before everything was delivered. */
  readonly aborted: boolean;
  /** True for a dry run: nothing was sent. */
  readonly dryRun: boolean;
}

const MAX_MISMATCHES = 100;

/** Accumulates a report. */
export class ReportBuilder {
  total = 0;
  valid = 0;
  invalid = 0;
  accepted = 0;
  failed = 0;
  ambiguousFailures = 0;
  batches = 0;
  requests = 0;
  retries = 0;
  ambiguousRetries = 0;
  splits = 0;
  aborted = false;
  readonly #mismatches: IdMismatch[] = [];
  readonly #byType = new Map<string, TypeCounts>();
  readonly #outcomes: SignalOutcome[] = [];
  #dropped = 0;

  constructor(
    private readonly keep: number,
    private readonly dryRun: boolean,
  ) {}

  #type(signalType: string): TypeCounts {
    let counts = this.#byType.get(signalType);
    if (counts === undefined) this.#byType.set(signalType, (counts = { total: 0, valid: 0, invalid: 0, accepted: 0, failed: 0 }));
    return counts;
  }

  /** A signal was read and validated. */
  read(signalType: string, valid: boolean): void {
    this.total++;
    const counts = this.#type(signalType);
    counts.total++;
    if (valid) {
      this.valid++;
      counts.valid++;
    }
  }

  /** A signal settled. */
  settle(outcome: SignalOutcome): void {
    const counts = this.#type(outcome.signalType);
    if (outcome.status === 'accepted') {
      this.accepted++;
      counts.accepted++;
    } else if (outcome.status === 'invalid') {
      this.invalid++;
      counts.invalid++;
    } else {
      this.failed++;
      counts.failed++;
      if (outcome.ambiguous) this.ambiguousFailures++;
    }
    if (this.#outcomes.length < this.keep) this.#outcomes.push(outcome);
    else this.#dropped++;
  }

  mismatch(entry: IdMismatch): void {
    if (this.#mismatches.length < MAX_MISMATCHES) this.#mismatches.push(entry);
  }

  /** A snapshot of the counts so far. */
  snapshot(): SendReport {
    return {
      total: this.total,
      valid: this.valid,
      invalid: this.invalid,
      accepted: this.accepted,
      failed: this.failed,
      ambiguousFailures: this.ambiguousFailures,
      batches: this.batches,
      requests: this.requests,
      retries: this.retries,
      ambiguousRetries: this.ambiguousRetries,
      splits: this.splits,
      idMismatches: [...this.#mismatches],
      byType: Object.fromEntries([...this.#byType].map(([type, counts]) => [type, { ...counts }])),
      outcomes: [...this.#outcomes],
      outcomesDropped: this.#dropped,
      aborted: this.aborted,
      dryRun: this.dryRun,
    };
  }
}
