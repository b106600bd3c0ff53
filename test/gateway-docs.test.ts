/**
 * docs/gateway.md stays true to the code: the defaults in its options table
 * are GATEWAY_DEFAULTS, the secrets it names are the ones read, and its
 * relative links resolve.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { GATEWAY_DEFAULTS } from '../src/gateway/options.js';
import { SECRET_ENV, sourceSecretEnv } from '../src/gateway/secrets.js';
import { QUEUE_DEFAULTS } from '../src/queue/keys.js';

const path = 'docs/gateway.md';
const text = readFileSync(path, 'utf8');

/** The default column of the options table's row for `flag`. */
function defaultOf(flag: string): string | undefined {
  const row = text.split('\n').find((line) => line.startsWith(`| \`${flag}`));
  return row?.split('|')[2]?.trim();
}

describe('docs/gateway.md', () => {
  it('gives the code\'s defaults', () => {
    expect(defaultOf('--port')).toBe(String(GATEWAY_DEFAULTS.port));
    expect(defaultOf('--host')).toBe(GATEWAY_DEFAULTS.host);
    expect(defaultOf('--queue')).toBe(QUEUE_DEFAULTS.queue);
    expect(defaultOf('--max-body-bytes')).toBe(String(GATEWAY_DEFAULTS.maxBodyBytes));
    expect(defaultOf('--enqueue-timeout')).toBe(String(GATEWAY_DEFAULTS.enqueueTimeoutMs));
    expect(defaultOf('--dedupe-ttl')).toBe(`${GATEWAY_DEFAULTS.dedupeTtlMs / 86_400_000}d`);
  });

  it('names the variables the secrets are read from', () => {
    for (const variable of [...Object.values(SECRET_ENV), sourceSecretEnv('NAME').replace('NAME', '<NAME>')]) expect(text).toContain(`\`${variable}\``);
  });

  it('has relative links that resolve', () => {
    const links = [...text.matchAll(/\]\((?!https?:|#)([^)#]+)/g)].map((m) => m[1]!);
    expect(links.length).toBeGreaterThan(0);
    for (const link of links) expect(existsSync(resolve(dirname(path), link)), link).toBe(true);
  });
});
