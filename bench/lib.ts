/**
 * Shared bits of the benchmarks: timing a loop, and printing rows of
 * "figure, baseline measured in the same run, ratio, target".
 */
import os from 'node:os';
import v8 from 'node:v8';
import { runInNewContext } from 'node:vm';

/**
 * A full garbage collection, run between two timed loops so that each loop pays for its own
 * garbage only: without it, the garbage one function leaves (zod's, say) is collected while the
 * next one is timed. `--expose-gc` set at run time, so it works however the script is started.
 */
const collectGarbage: () => void = (() => {
  v8.setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
})();

/** One line of a benchmark's result table. */
export interface BenchRow {
  /** What was measured. */
  name: string;
  /** The measured figure, already formatted with its unit. */
  value: string;
  /** The baseline measured in the same run, formatted, and what it is. */
  baseline: string;
  /** value/baseline in the direction the target uses (e.g. time ratio). */
  ratio: number | undefined;
  /** The target, e.g. `≤ 1.25×` or `≥ 1,000,000/s`. */
  target: string;
  /** Whether the target is met. */
  met: boolean;
}

/** Operations per CPU second (user + system time of this process, i.e. on one core) of `n` calls of `fn`. */
function cpuRate(fn: (i: number) => unknown, n: number): number {
  const start = process.cpuUsage();
  for (let i = 0; i < n; i++) fn(i);
  const used = process.cpuUsage(start);
  return n / ((used.user + used.system) / 1e6);
}

/**
 * Operations per CPU second of each of `fns`, measured in interleaved rounds
 * (A, B, C, A, B, C, ...) after a warm-up, so that a change in the machine's
 * load hits all of them alike, with a full GC before each timed loop (so no
 * function is timed collecting another's garbage): the median rate of each, and `ratio(a, b)`, the
 * median over rounds of rate(b) / rate(a) (how many times slower `a` is).
 * CPU time rather than wall time: on a shared machine, time the process spends
 * waiting for a core is not the code's.
 */
export function compareOps<K extends string>(
  fns: Readonly<Record<K, { fn: (i: number) => unknown; n: number }>>,
  rounds = 7,
): { rate: Record<K, number>; ratio: (slow: K, fast: K) => number } {
  const keys = Object.keys(fns) as K[];
  const rates = Object.fromEntries(keys.map((k) => [k, [] as number[]])) as Record<K, number[]>;
  for (const k of keys) for (let i = 0; i < Math.min(fns[k].n, 50_000); i++) fns[k].fn(i);
  for (let r = 0; r < rounds; r++) {
    for (const k of keys) {
      collectGarbage();
      rates[k].push(cpuRate(fns[k].fn, fns[k].n));
    }
  }
  const med = (xs: readonly number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  return {
    rate: Object.fromEntries(keys.map((k) => [k, med(rates[k])])) as Record<K, number>,
    ratio: (slow, fast) => med(rates[slow].map((x, r) => rates[fast][r]! / x)),
  };
}

/** `1234567.8` → `1,234,568`. */
export function int(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

/** A short description of this machine for the result table. */
export function machine(): string {
  const cpu = os.cpus()[0]?.model.trim() ?? 'unknown CPU';
  return `${os.cpus().length} cores (${cpu}), ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${os.platform()} ${os.arch()}`;
}

/** Prints rows as a Markdown table. */
export function printTable(title: string, rows: readonly BenchRow[]): void {
  console.log(`\n### ${title}\n`);
  console.log('| measure | figure | baseline (same run) | ratio | target | met |');
  console.log('|---|---|---|---|---|---|');
  for (const r of rows) {
    console.log(`| ${r.name} | ${r.value} | ${r.baseline} | ${r.ratio === undefined ? '–' : `${r.ratio.toFixed(2)}×`} | ${r.target} | ${r.met ? 'yes' : '**no**'} |`);
  }
}

/** When run as a script with `--json`, the rows are printed as JSON for bench/run-all.ts. */
export function emit(title: string, rows: readonly BenchRow[]): void {
  if (process.argv.includes('--json')) console.log(JSON.stringify({ title, rows }));
  else printTable(title, rows);
}

/** The two peak-RSS rows of a process run at several sizes: the largest peak against `limitMb`, and how flat the peaks are (≤ 1.20×). */
export function peakRssRows(who: string, sizes: readonly number[], rssMb: readonly number[], limitMb: number): BenchRow[] {
  const worst = Math.max(...rssMb);
  const least = Math.min(...rssMb);
  return [
    { name: `${who} peak RSS, largest size`, value: `${worst.toFixed(0)} MB`, baseline: `${limitMb} MB (absolute target)`, ratio: undefined, target: `≤ ${limitMb} MB`, met: worst <= limitMb },
    {
      name: `${who} peak RSS flat over ${sizes.map(int).join(' / ')}`,
      value: rssMb.map((m) => `${m.toFixed(0)} MB`).join(' / '),
      baseline: `smallest ${least.toFixed(0)} MB`,
      ratio: worst / least,
      target: '≤ 1.20×',
      met: worst / least <= 1.2,
    },
  ];
}
