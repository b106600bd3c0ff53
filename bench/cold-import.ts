/**
 * A cold start: a fresh process that imports the package and creates a client
 * (what a webhook handler on a serverless platform pays on every cold start),
 * against a process that loads only what such a handler needs at the least.
 *
 *   npm run build && npx tsx bench/cold-import.ts
 *
 * Ours: `import { createSignalsClient } from 'connect-signals'` (the root, through
 * package.json `exports`, from dist/), then `createSignalsClient({ endpoint, apiKey })`.
 * Baseline: `@urql/core` with `new Client({ url, exchanges: [fetchExchange] })`, plus
 * ajv as the client uses it: ajv's runtime (`ajv/dist/runtime/ucs2length`) and the
 * standalone validators ajv compiled from the same schemas (dist/generated/validators.js,
 * which is that runtime's only user). Ajv's compiler (`import 'ajv'`) is not loaded by
 * either: it is a context row (a handler compiling its schemas at start loads it, and
 * more), as is the `connect-signals/client` entry.
 *
 * Paired rounds (ours and the baseline alternating, the order swapped each round,
 * fresh processes), medians of the per-round ratios. Time is the process's CPU time
 * (user + system, Node's own start included) when the client exists: wall time on a
 * shared machine is mostly waiting for a core (it is shown as context).
 * Target (issue 20): ≤ 1.3× the baseline's time and peak RSS.
 */
import { emit, type BenchRow } from './lib.js';
import { median, runNode } from './processes.js';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 21);
const TARGET = 1.3;

/** Printed last by every variant: CPU ms and wall ms since the process started. */
const REPORT = `const u = process.cpuUsage(); console.log(JSON.stringify({ cpuMs: (u.user + u.system) / 1000, wallMs: performance.now() }));`;

const VARIANTS = {
  ours: `const { createSignalsClient } = await import('connect-signals');
createSignalsClient({ endpoint: 'http://127.0.0.1:1/', apiKey: 'k' });`,
  client: `const { createSignalsClient } = await import('connect-signals/client');
createSignalsClient({ endpoint: 'http://127.0.0.1:1/', apiKey: 'k' });`,
  baseline: `const { Client, fetchExchange } = await import('@urql/core');
await import('ajv/dist/runtime/ucs2length.js');
await import('./dist/generated/validators.js');
new Client({ url: 'http://127.0.0.1:1/', exchanges: [fetchExchange] });`,
  ajvCompiler: `const { Client, fetchExchange } = await import('@urql/core');
await import('ajv');
new Client({ url: 'http://127.0.0.1:1/', exchanges: [fetchExchange] });`,
} as const;
type Variant = keyof typeof VARIANTS;

interface Sample {
  cpuMs: number;
  wallMs: number;
  rssMb: number;
}

async function sample(variant: Variant): Promise<Sample> {
  const run = await runNode(['--input-type=module', '-e', `${VARIANTS[variant]}\n${REPORT}`]);
  const { cpuMs, wallMs } = JSON.parse(run.stdout.trim().split('\n').pop()!) as { cpuMs: number; wallMs: number };
  return { cpuMs, wallMs, rssMb: run.maxRssMb };
}

const order: Variant[] = ['ours', 'baseline', 'client', 'ajvCompiler'];
const samples = Object.fromEntries(order.map((v) => [v, [] as Sample[]])) as Record<Variant, Sample[]>;
for (const v of order) await sample(v); // warm the file cache
for (let r = 0; r < ROUNDS; r++) {
  for (const v of r % 2 === 0 ? order : [...order].reverse()) samples[v].push(await sample(v));
}

const med = (v: Variant, k: keyof Sample) => median(samples[v].map((s) => s[k]));
/** The median over rounds of `a`'s figure over the baseline's in the same round. */
const ratio = (a: Variant, k: keyof Sample) => median(samples[a].map((s, r) => s[k] / samples.baseline[r]![k]));
const ms = (x: number) => `${x.toFixed(0)} ms`;
const mb = (x: number) => `${x.toFixed(1)} MB`;

function row(name: string, a: Variant, k: keyof Sample, unit: (x: number) => string, judged: boolean): BenchRow {
  const x = ratio(a, k);
  return {
    name,
    value: unit(med(a, k)),
    baseline: `${unit(med('baseline', k))} urql + ajv runtime and standalone validators`,
    ratio: x,
    target: judged ? `≤ ${TARGET}×` : 'context',
    met: !judged || x <= TARGET,
  };
}

const rows: BenchRow[] = [
  row(`cold start: import 'connect-signals' + createSignalsClient, CPU time (${ROUNDS} paired rounds)`, 'ours', 'cpuMs', ms, true),
  row(`cold start: import 'connect-signals' + createSignalsClient, peak RSS`, 'ours', 'rssMb', mb, true),
  row(`cold start: import 'connect-signals' + createSignalsClient, wall time`, 'ours', 'wallMs', ms, false),
  row(`cold start: import 'connect-signals/client' + createSignalsClient, CPU time`, 'client', 'cpuMs', ms, false),
  row(`cold start: import 'connect-signals/client' + createSignalsClient, peak RSS`, 'client', 'rssMb', mb, false),
  row(`cold start: urql + ajv's compiler (import 'ajv'), CPU time`, 'ajvCompiler', 'cpuMs', ms, false),
  row(`cold start: urql + ajv's compiler (import 'ajv'), peak RSS`, 'ajvCompiler', 'rssMb', mb, false),
];
emit('Cold start (import + client)', rows);
