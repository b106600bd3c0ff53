/**
 * Builds what the package's entries load, as `npm run build` does: tsc
 * compiles src/ to dist/src/, then scripts/build-entries.ts bundles the entries
 * into dist/entries/. Tests of the built package run it first, so that they never
 * run a dist/ older than the sources.
 */
import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { buildEntries } from '../../scripts/build-entries.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');

/** Runs tsc on tsconfig.build.json, then bundles the entries; rejects with tsc's output when it fails. */
export async function buildDist(): Promise<void> {
  await promisify(execFile)(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { cwd: root });
  await buildEntries();
}
