/**
 * Shared parts of the reliability tests: an input file whose every line is
 * recognisable at the emulator (signal i has sessionId `S<i>`), plus a few
 * invalid and unreadable lines, and the checks every scenario makes: every
 * line accounted for, nothing unaccounted, duplicates within what the report
 * counts.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { EmulatorHandle } from '../../src/emulator/index.js';
import { markedSignals } from './accounting.js';

/** An input file: `valid` marked signals, then one invalid signal and one unreadable line. */
export interface MarkedInput {
  readonly path: string;
  /** Lines in the file (= records). */
  readonly lines: number;
  /** The marker (sessionId) of each valid line, by line number. */
  readonly markers: ReadonlyMap<number, string>;
}

/** Writes `valid` marked signals (line i+1 has sessionId `S<i>`) and, unless `clean`, an invalid line and an unreadable one. */
export function writeMarkedInput(dir: string, valid: number, options: { name?: string; clean?: boolean; from?: number } = {}): MarkedInput {
  const lines = markedSignals(valid, options.from ?? 0).map((s) => JSON.stringify(s));
  if (options.clean !== true) {
    const [bad] = markedSignals(1, 10_000_000);
    lines.splice(Math.floor(lines.length / 2), 0, JSON.stringify({ ...bad, signalContent: { signalType: 'addToCart' } }));
    lines.push('{"this line": is not json');
  }
  const path = join(dir, options.name ?? 'input.ndjson');
  writeFileSync(path, `${lines.join('\n')}\n`);
  const markers = new Map<number, string>();
  lines.forEach((text, i) => {
    const m = /"sessionId":"(S\d+)"/.exec(text);
    if (m !== null && !text.includes('"signalContent":{"signalType":"addToCart"}')) markers.set(i + 1, m[1]!);
  });
  return { path, lines: lines.length, markers };
}

/** How many times the emulator received each marker (the timestamp Connect appends to sessionId removed). */
export function receivedMarkers(emulator: EmulatorHandle): Map<string, number> {
  const seen = new Map<string, number>();
  for (const s of emulator.signals()) {
    const marker = s.sessionId?.replace(/\.\d+$/, '');
    if (marker !== undefined) seen.set(marker, (seen.get(marker) ?? 0) + 1);
  }
  return seen;
}

/** Signals received more than once. */
export function duplicatesOf(seen: ReadonlyMap<string, number>): number {
  let duplicates = 0;
  for (const n of seen.values()) duplicates += n - 1;
  return duplicates;
}

/** The dead-letter file's entries. */
export function readDeadLetters(path: string): Array<{ line: number; status: string; code: string; ambiguous?: boolean; signal?: unknown; raw?: string }> {
  const text = readFileSync(path, 'utf8');
  return text === '' ? [] : text.trimEnd().split('\n').map((l) => JSON.parse(l));
}

/** The --json summary of `send`, with the fields the checks read. */
export interface JsonSummary {
  total: number;
  accepted: number;
  invalid: number;
  failed: number;
  ambiguousFailures: number;
  retries: number;
  ambiguousRetries: number;
  deadLetters: number;
  aborted: boolean;
  stoppedAtLine: number | null;
  idMismatches: unknown[];
  checkpoint?: { file: string; resumed: boolean; skipped: number; pending: number; complete: boolean; counts: { accepted: number; invalid: number; failed: number } };
}

/**
 * The promise of a run of `send` with --dead-letter: accepted + invalid + failed = lines; every line is
 * in the dead-letter file or (accepted) at the emulator; no line is in both... unless its outcome was
 * unknowable (ambiguous); duplicates at the emulator ≤ ambiguous retries × batch size.
 */
export function expectEveryLineAccounted(input: MarkedInput, summary: JsonSummary, deadLetterFile: string, emulator: EmulatorHandle, batchSize: number): void {
  expect(summary.total).toBe(input.lines);
  expect(summary.accepted + summary.invalid + summary.failed).toBe(input.lines);
  const letters = readDeadLetters(deadLetterFile);
  expect(letters).toHaveLength(summary.invalid + summary.failed);
  const dead = new Set(letters.map((l) => l.line));
  expect(dead.size).toBe(letters.length);
  const seen = receivedMarkers(emulator);
  let unaccounted = 0;
  for (let line = 1; line <= input.lines; line++) {
    const marker = input.markers.get(line);
    if (dead.has(line)) continue;
    if (marker === undefined || !seen.has(marker)) unaccounted++;
  }
  expect(unaccounted).toBe(0);
  expect(duplicatesOf(seen)).toBeLessThanOrEqual(summary.ambiguousRetries * batchSize);
  for (const letter of letters) if (letter.status === 'failed' && letter.ambiguous !== true) expect(seen.has(input.markers.get(letter.line)!)).toBe(false);
}
