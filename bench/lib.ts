/**
 * Shared bits of the benchmarks: timing a loop, and printing rows of
 * "figure, baseline measured in the same run, ratio, target".
 */
import os from 'node:os';

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

/** Operations per second of `fn` over `n` calls after a warm-up; the median of `rounds` rounds. */
export function opsPerSecond(fn: (i: number) => unknown, n: number, rounds = 5): number {
  for (let i = 0; i < Math.min(n, 50_000); i++) fn(i);
  const rates: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const start = process.hrtime.bigint();
    for (let i = 0; i < n; i++) fn(i);
    rates.push(n / (Number(process.hrtime.bigint() - start) / 1e9));
  }
  rates.sort((a, b) => a - b);
  return rates[Math.floor(rates.length / 2)]!;
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
