/**
 * What a fresh Node process loads: runs an ES-module snippet in a new `node`
 * (cwd: the package root, so `import('connect-signals/...')` resolves through
 * the package's own `exports`) with test/helpers/record-modules.mjs, and
 * returns every module it loaded and the npm packages they belong to.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const root = fileURLToPath(new URL('../..', import.meta.url));
const recorder = fileURLToPath(new URL('./record-modules.mjs', import.meta.url));
const run = promisify(execFile);

/** The modules a process loaded. */
export interface LoadedModules {
  /** Every module's URL, once each, in load order. */
  readonly urls: readonly string[];
  /** The npm packages among them (`ioredis`, `@urql/core`, ...), sorted. */
  readonly packages: readonly string[];
  /** What the snippet printed. */
  readonly stdout: string;
}

/** The package a module URL belongs to: the name after its last `node_modules/`, or undefined for the project's own files. */
export function packageOf(url: string): string | undefined {
  return /.*\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url)?.[1];
}

/** Runs `code` (an ES module; top-level await allowed) in a new node process; `dir` holds the record. */
export async function loadedModules(code: string, dir: string): Promise<LoadedModules> {
  const file = join(dir, 'modules.txt');
  const { stdout } = await run(process.execPath, ['--import', recorder, '--input-type=module', '-e', code], {
    cwd: root,
    env: { PATH: process.env.PATH, RECORD_MODULES_FILE: file },
  });
  const urls = [...new Set(readFileSync(file, 'utf8').split('\n').filter((line) => line !== ''))];
  const packages = [...new Set(urls.map(packageOf).filter((name) => name !== undefined))].sort();
  return { urls, packages, stdout };
}
