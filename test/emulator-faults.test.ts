/**
 * Fault injection over real HTTP, each fault set through the inspection API
 * (POST /_emulator/faults) or the handle: 503 shares, 429 with Retry-After,
 * dropped connections (before and after processing), GraphQL errors with
 * HTTP 200, fewer ids than accepted signals, and added latency.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { print } from 'graphql';
import { CreateSignalsDocument } from '../generated/graphql.js';
import { isEmulatorError, startEmulator, type EmulatorHandle, type FaultOptions } from '../src/index.js';
import { orderExample } from './fixtures/reference-examples.js';

const QUERY = print(CreateSignalsDocument);
const signal = { ...orderExample, identifiableAttributes: { email: 'jane.doe@example.com' } };
let clock = 1_000_000;
let emulator: EmulatorHandle;

async function mutate(count = 1, init: { signal?: AbortSignal } = {}) {
  const response = await fetch(emulator.graphqlUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-api-key': emulator.apiKey },
    body: JSON.stringify({ query: QUERY, variables: { signals: Array.from({ length: count }, () => signal) } }),
    ...init,
  });
  return { status: response.status, headers: response.headers, json: (await response.json()) as any };
}

async function setFaults(faults: FaultOptions) {
  const response = await fetch(`${emulator.url}/_emulator/faults`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-api-key': emulator.apiKey },
    body: JSON.stringify(faults),
  });
  return { status: response.status, json: (await response.json()) as any };
}

beforeAll(async () => {
  emulator = await startEmulator({ apiKey: 'k', now: () => clock });
});
afterAll(() => emulator.stop());
beforeEach(() => emulator.reset());

describe('HTTP 503', () => {
  it('unavailableShare 1 answers every request 503 and stores nothing', async () => {
    expect((await setFaults({ unavailableShare: 1 })).status).toBe(200);
    const r = await mutate();
    expect(r.status).toBe(503);
    expect(r.json.errors[0].extensions.code).toBe('SERVICE_UNAVAILABLE');
    expect(emulator.signals()).toEqual([]);
  });

  it('a share is deterministic: 0.5 hits exactly every 2nd request, 0.25 every 4th', async () => {
    await setFaults({ unavailableShare: 0.5 });
    const halves = [];
    for (let i = 0; i < 6; i++) halves.push((await mutate()).status);
    expect(halves).toEqual([200, 503, 200, 503, 200, 503]);
    await setFaults({ unavailableShare: 0.25 });
    const quarters = [];
    for (let i = 0; i < 8; i++) quarters.push((await mutate()).status);
    expect(quarters).toEqual([200, 200, 200, 503, 200, 200, 200, 503]);
    expect(emulator.signals()).toHaveLength(9);
  });
});

describe('rate limit', () => {
  it('requests above the limit get 429 with Retry-After in seconds, nothing stored; the next window is served', async () => {
    await setFaults({ rateLimit: { requests: 2, windowMs: 60_000 } });
    expect((await mutate()).status).toBe(200);
    clock += 15_000;
    expect((await mutate()).status).toBe(200);
    const limited = await mutate();
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('45');
    expect(limited.json.errors[0].extensions.code).toBe('RATE_LIMITED');
    expect(emulator.signals()).toHaveLength(2);
    clock += 45_000;
    expect((await mutate()).status).toBe(200);
    expect(emulator.stats().faults.rateLimited).toBe(1);
  });
});

describe('dropped connections', () => {
  it('dropShare 1 closes the connection after reading the request: no answer, nothing stored', async () => {
    await setFaults({ dropShare: 1 });
    await expect(mutate()).rejects.toThrow(/fetch failed/);
    expect(emulator.signals()).toEqual([]);
    expect(emulator.stats().faults.dropped).toBe(1);
  });

  it('with dropAfterProcessing the signals are stored and given ids, but the answer is lost', async () => {
    await setFaults({ dropShare: 1, dropAfterProcessing: true });
    await expect(mutate(3)).rejects.toThrow(/fetch failed/);
    const stored = emulator.signals();
    expect(stored).toHaveLength(3);
    expect(stored.every((s) => s.status === 'accepted' && s.signalId !== null)).toBe(true);
  });
});

describe('GraphQL errors with HTTP 200', () => {
  it('graphqlErrorShare 1 answers 200 with errors and no data; nothing stored', async () => {
    await setFaults({ graphqlErrorShare: 1 });
    const r = await mutate(2);
    expect(r.status).toBe(200);
    expect(r.json.data).toBeNull();
    expect(r.json.errors[0].extensions.code).toBe('INTERNAL_SERVER_ERROR');
    expect(emulator.signals()).toEqual([]);
  });
});

describe('fewer ids than accepted signals', () => {
  it('fewerIdsShare 1 answers one id fewer; every accepted signal is still stored', async () => {
    await setFaults({ fewerIdsShare: 1 });
    const r = await mutate(3);
    expect(r.status).toBe(200);
    expect(r.json.data.createSignals.signalIds).toHaveLength(2);
    const stored = emulator.signals();
    expect(stored).toHaveLength(3);
    expect(stored.slice(0, 2).map((s) => s.signalId)).toEqual(r.json.data.createSignals.signalIds);
  });
});

describe('latency', () => {
  it('an answer delayed by latencyMs does not arrive before a shorter client timeout; nothing is stored', async () => {
    await setFaults({ latencyMs: 60_000 });
    await expect(mutate(1, { signal: AbortSignal.timeout(100) })).rejects.toThrow(/aborted|timeout/i);
    emulator.setFaults({});
    expect((await mutate()).status).toBe(200);
    expect(emulator.signals()).toHaveLength(1);
  });
});

describe('setting faults', () => {
  it('GET /_emulator/faults shows the faults in force; POST replaces them all', async () => {
    await setFaults({ unavailableShare: 0.5, latencyMs: 0 });
    await setFaults({ fewerIdsShare: 0.1 });
    const r = await fetch(`${emulator.url}/_emulator/faults`, { headers: { 'x-api-key': 'k' } });
    expect(await r.json()).toEqual({ faults: { fewerIdsShare: 0.1 } });
  });

  it('a bad fault is refused with 400 naming the field, and the faults in force stay', async () => {
    await setFaults({ dropShare: 0.5 });
    const r = await setFaults({ dropShare: 2 } as FaultOptions);
    expect(r.status).toBe(400);
    expect(r.json.error.message).toBe('faults.dropShare must be a number from 0 to 1 (got 2)');
    expect((await setFaults({ nope: 1 } as FaultOptions)).json.error.message).toMatch(/faults\.nope is not a fault/);
    expect(emulator.faults()).toEqual({ dropShare: 0.5 });
  });

  it('startEmulator throws EmulatorError for bad options', async () => {
    const error = await startEmulator({ faults: { latencyMs: -1 } }).catch((e: unknown) => e);
    expect(isEmulatorError(error) && error.code).toBe('ERR_EMULATOR_OPTIONS');
    await expect(startEmulator({ port: 70000 })).rejects.toThrow(/port must be/);
  });

  it('faults never touch the inspection API', async () => {
    await setFaults({ unavailableShare: 1, dropShare: 1 });
    const r = await fetch(`${emulator.url}/_emulator/stats`, { headers: { 'x-api-key': 'k' } });
    expect(r.status).toBe(200);
  });
});
