/**
 * Temp folders for tests that write files (inputs, dead letters, checkpoints),
 * removed when the test that made them ends, passed or failed: a run of the
 * suite leaves nothing under the OS temp folder.
 */
import { mkdtempSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { onTestFinished } from 'vitest';

/**
 * A new folder under the OS temp folder, named `prefix` and a random suffix.
 * Call it in a test or a `beforeEach`; the folder is removed when that test ends.
 */
export function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  onTestFinished(() => rm(dir, { recursive: true, force: true }));
  return dir;
}
