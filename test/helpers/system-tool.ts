/**
 * Tests that need a program from Debian (redis-server, chromium): found on the
 * machine, they run; missing, they are skipped with one line saying how to
 * install it, except under `CI=true`, where a missing program fails the suite.
 */
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { describe } from 'vitest';

/** The absolute path of `program` on PATH (or as given, if absolute), or undefined. */
export function findProgram(program: string): string | undefined {
  const candidates = program.includes('/') ? [program] : (process.env.PATH ?? '').split(delimiter).filter(Boolean).map((d) => join(d, program));
  for (const path of candidates) {
    try {
      accessSync(path, constants.X_OK);
      return path;
    } catch {
      // not here
    }
  }
  return undefined;
}

/**
 * `describe` when `program` is installed; otherwise `describe.skip` after one
 * line on stderr naming the Debian package to install. Under `CI=true` a
 * missing program throws instead: CI must never pass by skipping.
 */
export function describeWith(program: string, debianPackage: string): typeof describe | typeof describe.skip {
  if (findProgram(program) !== undefined) return describe;
  const how = `apt-get update && apt-get install -y ${debianPackage}`;
  if (process.env.CI === 'true') throw new Error(`${program} is not installed, and CI=true does not skip its tests: ${how}`);
  process.stderr.write(`skipping the ${program} tests: ${program} is not installed (${how})\n`);
  return describe.skip;
}
