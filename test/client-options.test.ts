/**
 * Options: defaults in one place, checks that throw for the caller's
 * mistakes, loopback-only http://, regions; the token bucket and Retry-After.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createSignalsClient } from '../src/client/client.js';
import { ClientOptionsError, InsecureEndpointError } from '../src/client/errors.js';
import { DEFAULTS, REGION_ENDPOINTS, isLoopbackHost, resolveOptions } from '../src/client/options.js';
import { TokenBucket } from '../src/client/rate-limit.js';
import { backoffDelay, parseRetryAfter } from '../src/client/retry.js';

describe('client options', () => {
  it('applies the defaults', () => {
    const o = resolveOptions({ endpoint: 'https://example.com/graphql', apiKey: 'k' });
    expect(o).toMatchObject({ batchSize: 500, concurrency: 4, timeoutMs: 30_000, flushIntervalMs: 1000, keepOutcomes: 10_000, dryRun: false, retry: DEFAULTS.retry });
  });

  it('maps regions to Connect endpoints', () => {
    expect(resolveOptions({ region: 'eu-1', apiKey: 'k' }).endpoint.href).toBe(`${REGION_ENDPOINTS['eu-1']}/`);
    expect(() => resolveOptions({ region: 'mars-1' as 'eu-1', apiKey: 'k' })).toThrow(ClientOptionsError);
    expect(() => resolveOptions({ region: 'eu-1', endpoint: 'https://x.example', apiKey: 'k' })).toThrow('not both');
  });

  it.each(['http://127.0.0.1:4000/graphql', 'http://127.1.2.3/', 'http://localhost:1/', 'http://[::1]:4000/'])('allows http:// on loopback: %s', (url) => {
    expect(() => createSignalsClient({ endpoint: url, apiKey: 'k' })).not.toThrow();
  });

  it.each(['http://10.0.0.1/', 'http://example.com/', 'http://127.0.0.1.example.com/', 'http://[::2]/'])('refuses http:// off loopback: %s', (url) => {
    expect(() => createSignalsClient({ endpoint: url, apiKey: 'k' })).toThrow(InsecureEndpointError);
  });

  it('refuses credentials in the URL, a missing key, and out-of-range numbers', () => {
    expect(() => resolveOptions({ endpoint: 'https://u:p@example.com/', apiKey: 'k' })).toThrow('must not carry credentials');
    expect(() => resolveOptions({ endpoint: 'https://example.com/' })).toThrow('apiKey');
    for (const bad of [{ batchSize: 0 }, { batchSize: 501 }, { concurrency: 0 }, { timeoutMs: 1.5 }, { retry: { attempts: 0 } }, { rate: { signalsPerSecond: -1 } }]) {
      expect(() => resolveOptions({ endpoint: 'https://example.com/', apiKey: 'k', ...bad })).toThrow(ClientOptionsError);
    }
  });

  it('isLoopbackHost is false for anything that is not 127/8, ::1 or localhost', () => {
    fc.assert(
      fc.property(fc.domain(), (host) => {
        if (host !== 'localhost') expect(isLoopbackHost(host)).toBe(false);
      }),
    );
  });
});

describe('token bucket', () => {
  it('lets a first batch go, then makes the next wait for the debt to be paid', () => {
    let now = 0;
    const bucket = new TokenBucket(100, () => now);
    expect(bucket.reserve(500)).toBe(0);
    expect(bucket.reserve(500)).toBe(4000);
    now = 4000;
    expect(bucket.reserve(1)).toBe(5000);
  });

  it('over any sequence, never allows more than one second of burst plus the rate', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 1, max: 50 }), fc.integer({ min: 0, max: 500 })), { minLength: 1, maxLength: 50 }), (steps) => {
        let now = 0;
        const rate = 100;
        const bucket = new TokenBucket(rate, () => now);
        let sent = 0;
        let lastStart = 0;
        for (const [n, advance] of steps) {
          now += advance;
          const start = now + bucket.reserve(n);
          lastStart = Math.max(lastStart, start);
          sent += n;
        }
        // Everything reserved up to lastStart fits in the bucket's capacity plus what it refilled.
        expect(sent - steps[steps.length - 1]![0]).toBeLessThanOrEqual(rate + (lastStart / 1000) * rate + 1e-6);
      }),
    );
  });
});

describe('retry timing', () => {
  it('parses Retry-After as seconds or an HTTP date', () => {
    expect(parseRetryAfter('3', 0)).toBe(3000);
    expect(parseRetryAfter(new Date(10_000).toUTCString(), 4000)).toBe(6000);
    expect(parseRetryAfter('soon', 0)).toBeUndefined();
    expect(parseRetryAfter(null, 0)).toBeUndefined();
  });

  it('backoff doubles, has jitter between ×0.5 and ×1, and is capped', () => {
    const retry = { attempts: 9, backoffMs: 100, maxDelayMs: 1000, maxRetryAfterMs: 0 };
    expect(backoffDelay(1, retry, () => 1)).toBe(100);
    expect(backoffDelay(3, retry, () => 0)).toBe(200);
    expect(backoffDelay(8, retry, () => 1)).toBe(1000);
  });
});
