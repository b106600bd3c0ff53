/**
 * `connect-signals demo` (npm start): examples/signals.ndjson through the real
 * client to an in-process emulator, then the emulator's view.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SIGNAL_TYPES } from '../generated/signal-meta.js';
import { runCli } from './helpers/run-cli.js';

describe('connect-signals demo', () => {
  it('examples/signals.ndjson holds all 11 types, problems, and signals for the seeded and new contacts', () => {
    const lines = readFileSync('examples/signals.ndjson', 'utf8').trim().split('\n');
    const types = new Set<string>();
    for (const line of lines) {
      try {
        const v = JSON.parse(line);
        types.add((v.signal ?? v).signalContent.signalType);
      } catch {
        types.add('(unreadable)');
      }
    }
    for (const t of SIGNAL_TYPES) expect(types).toContain(t);
    expect(types).toContain('(unreadable)');
  });

  it('sends the examples and shows the report and the emulator\'s view, with personal data masked', async () => {
    const run = await runCli(['demo']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/Sent 17 of 21 signals to http:\/\/127\.0\.0\.1:\d+\/graphql in 1 batch \(1 request\)/);
    expect(run.stdout).toMatch(/accepted\s+17/);
    expect(run.stdout).toMatch(/invalid\s+4 \(1 unreadable line\)/);
    expect(run.stdout).toContain('Contacts (5):');
    expect(run.stdout).toContain('unknown_contact_key');
    expect(run.stdout).toContain('Activity feeds');
    expect(run.stdout).toContain('j***@example.com');
    expect(run.stdout + run.stderr).not.toContain('jane.doe@example.com');
    expect(run.stderr).toContain('line 18: invalid: signalContent.currency is required');
  });
});
