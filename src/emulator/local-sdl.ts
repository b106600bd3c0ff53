/**
 * The local SDL (schema/connect.graphql), read at run time from the package.
 * From src/emulator/ (tsx, vitest) and from the package's bundled entries in
 * dist/entries/ (scripts/build-entries.ts) the package root is two levels up; from
 * the built dist/src/emulator/ (the CLI) it is three: both are probed.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const CANDIDATES = ['../../schema/connect.graphql', '../../../schema/connect.graphql'];

let cached: string | undefined;

/** Absolute path of schema/connect.graphql in this package. */
export function localSdlPath(): string {
  for (const relative of CANDIDATES) {
    const path = fileURLToPath(new URL(relative, import.meta.url));
    if (existsSync(path)) return path;
  }
  throw new Error(`schema/connect.graphql not found next to ${fileURLToPath(import.meta.url)}: the package is incomplete`);
}

/** The text of the local SDL. */
export function readLocalSdl(): string {
  cached ??= readFileSync(localSdlPath(), 'utf8');
  return cached;
}
