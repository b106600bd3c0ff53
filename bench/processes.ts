/**
 * Running whole processes for benchmarks: wall time, peak RSS (through
 * bench/max-rss.mjs) and output; and the ids server they send to. The
 * processes run on this Node, or on Node 24 with `--node 24` (or `BENCH_NODE=24`).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { benchNode, nodeVersion } from './node-binary.js';

export const root = fileURLToPath(new URL('..', import.meta.url));
const maxRss = fileURLToPath(new URL('./max-rss.mjs', import.meta.url));
const node = benchNode();
/** The Node that {@link runNode} runs, e.g. "v24.22.3". */
export const benchedNodeVersion = nodeVersion(node);
/** For row names: "" on this process's Node, " on Node 24" when another was asked for. */
export const onNode = node === process.execPath ? '' : ` on Node ${benchedNodeVersion.slice(1).split('.')[0]}`;

/** What one process run took. */
export interface ProcessRun {
  ms: number;
  maxRssMb: number;
  stdout: string;
  stderr: string;
  code: number | null;
}

/** Runs `node --import max-rss.mjs ...args` to its end (on the benchmarked Node). */
export async function runNode(args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<ProcessRun> {
  const start = process.hrtime.bigint();
  const child = spawn(node, ['--import', maxRss, ...args], { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  const [code] = (await once(child, 'close')) as [number | null];
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  const kb = Number(/MAXRSS (\d+)/.exec(stderr)?.[1] ?? NaN);
  if (code !== 0) throw new Error(`node ${args.join(' ')} exited ${code}: ${stderr.slice(-2000)}`);
  return { ms, maxRssMb: kb / 1024, stdout, stderr, code };
}

/** Starts bench/ids-server.mjs; resolves to its URL and a stop function. */
export async function startIdsServer(): Promise<{ url: string; stop: () => Promise<void>; child: ChildProcess }> {
  const child = spawn(process.execPath, [fileURLToPath(new URL('./ids-server.mjs', import.meta.url))], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
  const [chunk] = (await once(child.stdout!, 'data')) as [Buffer];
  const url = `http://127.0.0.1:${chunk.toString().trim()}/`;
  return {
    url,
    child,
    stop: async () => {
      child.kill('SIGTERM');
      await once(child, 'close');
    },
  };
}

/** The median of numbers. */
export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}
