/**
 * Compiles src/ to dist/ (`tsc -p tsconfig.build.json`, the `npm run build`
 * step that tests of the built package need), so that they never run a dist/
 * older than the sources.
 */
import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const root = fileURLToPath(new URL('../..', import.meta.url));
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');

/** Runs tsc on tsconfig.build.json; rejects with its output when it fails. */
export async function buildDist(): Promise<void> {
  await promisify(execFile)(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { cwd: root });
}
