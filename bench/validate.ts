/**
 * Validation throughput on one core, reference examples mix:
 * validateSignal vs bare ajv, vs zod 4 on an equivalent schema, vs ajv
 * allErrors + @apideck/better-ajv-errors; valid and invalid inputs apart.
 *
 * Two bare-ajv baselines for valid input, both from the same JSON Schemas:
 * the standalone code that validateSignal itself runs (`fastCheck`,
 * generated/validators.js), and ajv compiled here at run time with
 * `discriminator: true` and the same formats (the stronger of the two when
 * the standalone code was loaded through tsx's transform: see
 * docs/performance.md).
 *
 * Targets (issue 20): on valid input, within 1.5× of each bare ajv, for the
 * hot mix and for distinct objects. On invalid input, at least as fast (≥ 1×)
 * as ajv `allErrors` followed by @apideck/better-ajv-errors while doing more
 * (judging each problem, repairing the signal, quoting the value), and ≥ 3×
 * zod 4 (`safeParse`, its issues read). Bare ajv `allErrors` only finds
 * errors (no judgement, no words): its ratio is context.
 *
 *   npx tsx bench/validate.ts
 */
import { readFileSync } from 'node:fs';
import { betterAjvErrors } from '@apideck/better-ajv-errors';
import { Ajv } from 'ajv';
import { formats } from '../src/validate/formats.js';
import { fastCheck, fullCheck } from '../src/validate/compiled.js';
import { validateSignal } from '../src/validate/index.js';
import { referenceExamples } from '../test/fixtures/reference-examples.js';
import { compareOps, emit, int, type BenchRow } from './lib.js';
import { zodSignalInput } from './zod-equivalent.js';

const N = Number(process.env.BENCH_VALIDATE_N ?? 200_000);
/** Fewer calls for the slow peers (zod, the invalid path): the rate is a median of rounds either way. */
const SLOW_N = Math.max(1000, Math.round(N / 4));
const valid = Object.values(referenceExamples).map((s) => JSON.parse(JSON.stringify(s)) as Record<string, unknown>);
// Invalid: each example with one required field broken and one optional field wrong.
const invalid = valid.map((s) => {
  const c = { ...(s.signalContent as Record<string, unknown>) };
  c.signalTimestamp = 'not a date';
  delete c[Object.keys(c).find((k) => k !== 'signalType' && !['category', 'name', 'effect', 'signalTimestamp'].includes(k))!];
  // Through JSON text, as signals arrive: an object that had a key deleted is slower to read for every validator.
  return JSON.parse(JSON.stringify({ ...s, signalContent: c, identifiableAttributes: { email: 'not-an-address' } })) as Record<string, unknown>;
});
const zod = zodSignalInput();
const schemaFile = (name: string) => JSON.parse(readFileSync(new URL(`../schema/${name}`, import.meta.url), 'utf8')) as { $id: string };
const inputSchema = schemaFile('signal-input.schema.json');

/** Bare ajv compiled at run time from the same schemas, with the discriminator and the same formats as codegen gives it. */
function runtimeAjv() {
  const ajv = new Ajv({ discriminator: true, strict: true, strictRequired: false });
  for (const [name, fn] of Object.entries(formats)) ajv.addFormat(name, fn);
  ajv.addFormat('email', /^[a-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*@(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/i);
  ajv.addSchema(schemaFile('signal-content.schema.json')).addSchema(inputSchema);
  return ajv.getSchema(inputSchema.$id)!;
}
const runtimeCheck = runtimeAjv();

/** Peer: zod 4, with its issues (path and message) read, as a caller reporting them would. */
function zodWorded(s: unknown): number {
  const r = zod.safeParse(s);
  return r.success ? 0 : r.error.issues.length;
}
/** Peer: ajv with every error, then @apideck/better-ajv-errors, which words and locates each one. */
function ajvWorded(s: unknown): number {
  return fullCheck(s) ? 0 : betterAjvErrors({ schema: inputSchema, data: s, errors: fullCheck.errors }).length;
}

for (const s of valid) if (!validateSignal(s).valid || !fastCheck(s) || !runtimeCheck(s) || !zod.safeParse(s).success) throw new Error('bench/validate: a valid example failed');
for (const s of invalid) if (validateSignal(s).valid || fastCheck(s) || runtimeCheck(s) || zod.safeParse(s).success) throw new Error('bench/validate: an invalid example passed');
for (const s of invalid) if (zodWorded(s) === 0 || ajvWorded(s) === 0) throw new Error('bench/validate: a worded peer found no error in an invalid example');

function measure(set: readonly unknown[], n: number) {
  const k = set.length;
  return compareOps({
    ours: { fn: (i) => validateSignal(set[i % k]), n },
    ajv: { fn: (i) => fastCheck(set[i % k]), n: N },
    ajvRuntime: { fn: (i) => runtimeCheck(set[i % k]), n: N },
    // ajv with allErrors: the baseline for invalid input (a validator that reports every problem needs all errors).
    ajvAll: { fn: (i) => fullCheck(set[i % k]), n },
    // The least a fast-path validator pays for an invalid signal: the fail-fast check that rejects it, then all its errors.
    floor: { fn: (i) => fastCheck(set[i % k]) || fullCheck(set[i % k]), n },
    zod: { fn: (i) => zodWorded(set[i % k]), n: SLOW_N },
    // The slowest peer: fewer calls again (on valid input it is only the allErrors check).
    ajvWorded: { fn: (i) => ajvWorded(set[i % k]), n: Math.max(1000, Math.round(SLOW_N / 4)) },
  });
}

const { rate: v, ratio: vr } = measure(valid, N);
const { rate: x, ratio: xr } = measure(invalid, SLOW_N);

/**
 * Context: the same mixes as a file gives them, 22,000 distinct objects parsed from JSON text rather than
 * the same 11 again and again (which stay in the CPU's caches). Every validator is slower on them; bare ajv
 * included. Only ours and bare ajv: the ratios are what this adds.
 */
const DISTINCT = 22_000;
const distinct = (set: readonly unknown[]) => Array.from({ length: DISTINCT }, (_, i) => JSON.parse(JSON.stringify(set[i % set.length])) as unknown);
function measureDistinct(set: readonly unknown[], n: number, baseline: (s: unknown) => unknown) {
  const many = distinct(set);
  return compareOps({
    ours: { fn: (i) => validateSignal(many[i % DISTINCT]), n },
    ajv: { fn: (i) => baseline(many[i % DISTINCT]), n },
    ajvRuntime: { fn: (i) => runtimeCheck(many[i % DISTINCT]), n },
  });
}
const { rate: dv, ratio: dvr } = measureDistinct(valid, N, fastCheck);
const { rate: dx, ratio: dxr } = measureDistinct(invalid, SLOW_N, fullCheck);
const ZOD_TARGET = 3;
const WORDED_TARGET = 1;
const VALID_TARGET = 1.5;
/** A valid-input row: validateSignal's time against one bare ajv's. */
const validRow = (name: string, ours: number, base: number, baseName: string, ratio: number): BenchRow => ({
  name,
  value: `${int(ours)}/s`,
  baseline: `${int(base)}/s ${baseName}`,
  ratio,
  target: `≤ ${VALID_TARGET}× time`,
  met: ratio <= VALID_TARGET,
});
const rows: BenchRow[] = [
  validRow('validateSignal vs bare ajv (standalone, fastCheck), valid', v.ours, v.ajv, 'ajv standalone', vr('ours', 'ajv')),
  validRow('validateSignal vs bare ajv compiled at run time, valid', v.ours, v.ajvRuntime, 'ajv run time', vr('ours', 'ajvRuntime')),
  validRow(`validateSignal vs bare ajv (standalone), valid, ${int(DISTINCT)} distinct objects`, dv.ours, dv.ajv, 'ajv standalone', dvr('ours', 'ajv')),
  validRow(`validateSignal vs bare ajv compiled at run time, valid, ${int(DISTINCT)} distinct objects`, dv.ours, dv.ajvRuntime, 'ajv run time', dvr('ours', 'ajvRuntime')),
  // Invalid input: the peers that, like validateSignal, say where each problem is and what it is, in words.
  {
    name: 'zod 4 (safeParse, issues read) vs validateSignal, invalid',
    value: `${int(x.zod)}/s zod`,
    baseline: `${int(x.ours)}/s ours`,
    ratio: xr('zod', 'ours'),
    target: `≥ ${ZOD_TARGET}× (peer time / ours)`,
    met: xr('zod', 'ours') >= ZOD_TARGET,
  },
  {
    name: 'ajv allErrors + @apideck/better-ajv-errors vs validateSignal, invalid',
    value: `${int(x.ajvWorded)}/s ajv+formatter`,
    baseline: `${int(x.ours)}/s ours`,
    ratio: xr('ajvWorded', 'ours'),
    target: `≥ ${WORDED_TARGET}× (peer time / ours)`,
    met: xr('ajvWorded', 'ours') >= WORDED_TARGET,
  },
  // Context, no target: bare ajv allErrors finds the errors and neither judges (discard or drop) nor words them.
  { name: 'validateSignal vs bare ajv allErrors, invalid (full triage)', value: `${int(x.ours)}/s`, baseline: `${int(x.ajvAll)}/s ajv allErrors`, ratio: xr('ours', 'ajvAll'), target: 'context', met: true },
  // Context: the two checks the fast path runs on an invalid signal before any message is made.
  { name: 'fail-fast then allErrors check vs ajv allErrors, invalid', value: `${int(x.floor)}/s`, baseline: `${int(x.ajvAll)}/s ajv allErrors`, ratio: xr('floor', 'ajvAll'), target: 'context', met: true },
  // Reported for honesty, not a target: fail-fast ajv stops at the first error and says nothing about the rest.
  { name: 'validateSignal vs bare ajv fail-fast, invalid', value: `${int(x.ours)}/s`, baseline: `${int(x.ajv)}/s ajv fail-fast`, ratio: xr('ours', 'ajv'), target: 'context', met: true },
  { name: `validateSignal vs bare ajv allErrors, invalid, ${int(DISTINCT)} distinct objects`, value: `${int(dx.ours)}/s`, baseline: `${int(dx.ajv)}/s ajv allErrors`, ratio: dxr('ours', 'ajv'), target: 'context', met: true },
  { name: 'zod 4 vs validateSignal, valid', value: `${int(v.zod)}/s zod`, baseline: `${int(v.ours)}/s ours`, ratio: vr('zod', 'ours'), target: 'comparison', met: true },
];
emit('Validation (one core, reference examples mix)', rows);
