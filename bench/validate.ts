/**
 * Validation throughput on one core, reference examples mix:
 * validateSignal vs bare compiled ajv (the same JSON Schema, the same compiled
 * code) vs zod 4 on an equivalent schema; valid and invalid inputs apart.
 *
 *   npx tsx bench/validate.ts
 */
import { fastCheck } from '../src/validate/compiled.js';
import { validateSignal } from '../src/validate/index.js';
import { referenceExamples } from '../test/fixtures/reference-examples.js';
import { emit, int, opsPerSecond, type BenchRow } from './lib.js';
import { zodSignalInput } from './zod-equivalent.js';

const N = Number(process.env.BENCH_VALIDATE_N ?? 300_000);
const valid = Object.values(referenceExamples).map((s) => JSON.parse(JSON.stringify(s)) as Record<string, unknown>);
// Invalid: each example with one required field broken and one optional field wrong.
const invalid = valid.map((s) => {
  const c = { ...(s.signalContent as Record<string, unknown>) };
  c.signalTimestamp = 'not a date';
  delete c[Object.keys(c).find((k) => k !== 'signalType' && !['category', 'name', 'effect', 'signalTimestamp'].includes(k))!];
  return { ...s, signalContent: c, identifiableAttributes: { email: 'not-an-address' } };
});
const zod = zodSignalInput();

for (const s of valid) if (!validateSignal(s).valid || !fastCheck(s) || !zod.safeParse(s).success) throw new Error('bench/validate: a valid example failed');
for (const s of invalid) if (validateSignal(s).valid || fastCheck(s) || zod.safeParse(s).success) throw new Error('bench/validate: an invalid example passed');

function measure(set: readonly unknown[]) {
  const k = set.length;
  return {
    ours: opsPerSecond((i) => validateSignal(set[i % k]), N),
    ajv: opsPerSecond((i) => fastCheck(set[i % k]), N),
    zod: opsPerSecond((i) => zod.safeParse(set[i % k]), N),
  };
}

const v = measure(valid);
const x = measure(invalid);
const rows: BenchRow[] = [
  { name: 'validateSignal, valid mix', value: `${int(v.ours)}/s`, baseline: '1,000,000/s (absolute target)', ratio: undefined, target: '≥ 1,000,000/s', met: v.ours >= 1_000_000 },
  { name: 'validateSignal vs bare ajv, valid', value: `${int(v.ours)}/s`, baseline: `${int(v.ajv)}/s ajv`, ratio: v.ajv / v.ours, target: '≤ 1.5× time', met: v.ajv / v.ours <= 1.5 },
  { name: 'validateSignal vs bare ajv, invalid (full triage)', value: `${int(x.ours)}/s`, baseline: `${int(x.ajv)}/s ajv`, ratio: x.ajv / x.ours, target: '≤ 1.5× time', met: x.ajv / x.ours <= 1.5 },
  { name: 'zod 4 vs validateSignal, valid', value: `${int(v.zod)}/s zod`, baseline: `${int(v.ours)}/s ours`, ratio: v.ours / v.zod, target: 'comparison', met: true },
  { name: 'zod 4 vs validateSignal, invalid', value: `${int(x.zod)}/s zod`, baseline: `${int(x.ours)}/s ours`, ratio: x.ours / x.zod, target: 'comparison', met: true },
];
emit('Validation (one core, reference examples mix)', rows);
