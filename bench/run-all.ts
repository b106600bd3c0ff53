/**
 * `npm run bench`: builds the CLI, runs every benchmark in its own process
 * (so one's garbage does not slow the next), and prints one table.
 */
import { execFileSync } from 'node:child_process';
import { emit, machine, type BenchRow } from './lib.js';
import { root } from './processes.js';

const scripts = [
  'validate.ts', 'urql-overhead.ts', 'emulator.ts', 'send-throughput.ts', 'queue-enqueue.ts', 'queue-worker.ts', 'cold-import.ts', 'gateway.ts', 'outbox.ts',
  // Peak RSS on Node 24 too (installed into .tmp/node24/ from the npm registry on first use).
  'send-throughput.ts --node 24 --memory-only', 'queue-worker.ts --node 24 --memory-only',
];
const only = process.argv.slice(2).filter((a) => !a.startsWith('--'));

console.log(`connect-signals benchmarks — ${new Date().toISOString()}\nmachine: ${machine()}`);
execFileSync('npm', ['run', '-s', 'build'], { cwd: root, stdio: 'inherit' });
const all: BenchRow[] = [];
for (const script of scripts.filter((s) => only.length === 0 || only.some((o) => s.startsWith(o)))) {
  const started = Date.now();
  const [file, ...args] = script.split(' ');
  const out = execFileSync(process.execPath, ['--import', 'tsx', `bench/${file}`, ...args, '--json'], { cwd: root, encoding: 'utf8', maxBuffer: 1 << 26 });
  const line = out.trim().split('\n').pop()!;
  const { title, rows } = JSON.parse(line) as { title: string; rows: BenchRow[] };
  console.log(`- ${script}: ${title} (${((Date.now() - started) / 1000).toFixed(0)} s)`);
  all.push(...rows);
}
emit('All benchmarks', all);
if (all.some((r) => !r.met)) process.exitCode = 1;
