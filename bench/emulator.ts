/**
 * Emulator throughput: signals accepted per second, the emulator in its own
 * process (the CLI, built) and a lean client (bench/lean-client.mjs: bodies
 * made up front, 8 in flight) in another, so the client is not what limits the
 * figure. Baseline in the same run: the same client against
 * bench/ids-server.mjs, which only parses requests and answers ids. Target:
 * at least 0.6× of that server's throughput (issue 13), judged on the median
 * of paired rounds (the emulator and the ids server alternating, after one
 * round each to warm up), since single runs on this shared machine spread
 * from 0.45× to 0.8× for the same code.
 *
 *   npm run build && npx tsx bench/emulator.ts
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { signalsFile } from './data.js';
import { emit, int, type BenchRow } from './lib.js';
import { median, root, runNode, startIdsServer } from './processes.js';

const N = Number(process.env.BENCH_EMULATOR_N ?? 50_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const KEY = 'bench-emulator-key';

async function startEmulatorProcess(): Promise<{ url: string; stop: () => Promise<void> }> {
  const child = spawn(process.execPath, ['bin/connect-signals.js', 'emulator', '--port', '0', '--api-key', KEY], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString();
      const m = /http:\/\/127\.0\.0\.1:\d+/.exec(out);
      if (m) resolve(`${m[0]}/graphql`);
    });
    child.once('exit', (code) => reject(new Error(`emulator exited ${code}: ${out}`)));
  });
  return { url, stop: async () => { child.kill('SIGTERM'); await once(child, 'close'); } };
}

async function rate(file: string, url: string): Promise<number> {
  const run = await runNode(['bench/lean-client.mjs', file, url], { LEAN_CONCURRENCY: '8', LEAN_API_KEY: KEY });
  const { accepted, ms } = JSON.parse(run.stdout.trim()) as { accepted: number; ms: number };
  if (accepted !== N) throw new Error(`bench/emulator: ${accepted} accepted of ${N}`);
  return accepted / (ms / 1000);
}

/** Rounds of one run against each server, alternating; the first round warms both up and is not counted. */
async function pairedRounds(file: string, emulatorUrl: string, idsUrl: string) {
  const emulator: number[] = [];
  const ids: number[] = [];
  const ratios: number[] = [];
  for (let r = 0; r <= ROUNDS; r++) {
    const e = await rate(file, emulatorUrl);
    const i = await rate(file, idsUrl);
    if (r === 0) continue;
    emulator.push(e);
    ids.push(i);
    ratios.push(e / i);
  }
  return { emulator: median(emulator), ids: median(ids), ratio: median(ratios), ratios };
}

const file = await signalsFile(N);
const emulator = await startEmulatorProcess();
const ids = await startIdsServer();
try {
  const { emulator: emulatorRate, ids: idsRate, ratio, ratios } = await pairedRounds(file, emulator.url, ids.url);
  const rows: BenchRow[] = [
    // The emulator does the processing rules, contact mapping and storage that the ids-only server skips:
    // the target is a share of that server's throughput in the same run, not an absolute rate.
    {
      name: `emulator, ${int(N)} signals in 500s, 8 in flight, median of ${ROUNDS} paired rounds (round ratios ${ratios.map((x) => x.toFixed(2)).join(' / ')})`,
      value: `${int(emulatorRate)}/s`,
      baseline: `${int(idsRate)}/s ids-only server`,
      ratio,
      target: '≥ 0.6× throughput',
      met: ratio >= 0.6,
    },
  ];
  emit('Emulator throughput (separate processes, loopback)', rows);
} finally {
  await emulator.stop();
  await ids.stop();
}
