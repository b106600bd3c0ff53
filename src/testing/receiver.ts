/**
 * What the matchers read: any object with `signals(query)` and `inFlight()`,
 * answered at once (an emulator handle, a Connect mock) or asynchronously
 * (`connectTo`). Waiting is done here, by polling, with real timers: a suite's
 * fake timers must not stop a matcher from waiting.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { StoredSignal } from '../emulator/inspection-types.js';

/** The filter the matchers ask a receiver for. */
export interface ReceiverQuery {
  status?: 'accepted' | 'discarded';
  type?: string;
}

/** Something the matchers can read signals from. */
export interface SignalReceiver {
  /** The signals received, oldest first, filtered by `query`. */
  signals(query?: ReceiverQuery): readonly StoredSignal[] | Promise<readonly StoredSignal[]>;
  /** Requests received and not yet answered. */
  inFlight(): number | Promise<number>;
}

/** Whether `value` can be read by the matchers. */
export function isSignalReceiver(value: unknown): value is SignalReceiver {
  const v = value as Partial<Record<keyof SignalReceiver, unknown>> | null;
  return typeof v === 'object' && v !== null && typeof v.signals === 'function' && typeof v.inFlight === 'function';
}

// Captured at load: fake timers (vitest, jest) replace process.hrtime and Date later.
const hrtime = process.hrtime.bigint;
const clock = (): number => Number(hrtime() / 1_000_000n);

/**
 * Waits until the receiver has answered every request it had received, or
 * until `timeout` ms have passed.
 */
export async function settle(receiver: SignalReceiver, timeout: number, interval: number): Promise<void> {
  const deadline = clock() + timeout;
  while ((await receiver.inFlight()) > 0 && clock() < deadline) await sleep(interval);
}

/**
 * Looks (`look`) until a look says `done` or `timeout` ms have passed, and
 * returns the last look's `result`. The first look is immediate.
 */
export async function poll<T>(
  timeout: number,
  interval: number,
  look: () => Promise<{ done: boolean; result: T }>,
): Promise<T> {
  const deadline = clock() + timeout;
  for (;;) {
    const { done, result } = await look();
    if (done || clock() >= deadline) return result;
    await sleep(Math.min(interval, Math.max(1, deadline - clock())));
  }
}
