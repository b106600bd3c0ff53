/**
 * Bundles the emulator's inspector page (src/emulator/ui/, Preact + htm) with
 * esbuild into dist/inspector/app.js and app.css, where the emulator serves
 * them from (src/emulator/ui-routes.ts).
 *
 * Run by `npm run build` (so by `npm install` / `npm ci` through `prepare`), and
 * by the test run's global setup (test/helpers/build-ui.global.ts), so that
 * tests never drive a stale bundle. Each file is written to a temporary name
 * and renamed: a page loading during a rebuild never reads half a file.
 *
 *   npx tsx scripts/build-ui.ts
 */
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));

/** Where the bundle goes (the emulator looks there). */
export const INSPECTOR_OUT_DIR = join(root, 'dist', 'inspector');

/** Builds the bundle; returns each file written with its size in bytes. */
export async function buildInspector(outDir = INSPECTOR_OUT_DIR): Promise<Array<{ file: string; bytes: number }>> {
  const result = await build({
    entryPoints: { app: join(root, 'src/emulator/ui/main.ts') },
    bundle: true,
    format: 'esm',
    target: 'es2022',
    platform: 'browser',
    minify: true,
    legalComments: 'none',
    outdir: outDir,
    write: false,
    logLevel: 'silent',
    tsconfig: join(root, 'src/emulator/ui/tsconfig.json'),
  });
  mkdirSync(outDir, { recursive: true });
  return result.outputFiles.map((out) => {
    const temporary = `${out.path}.${process.pid}.tmp`;
    writeFileSync(temporary, out.contents);
    renameSync(temporary, out.path);
    return { file: basename(out.path), bytes: out.contents.length };
  });
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  const files = await buildInspector();
  process.stdout.write(`inspector bundle: ${files.map((f) => `dist/inspector/${f.file} ${(f.bytes / 1024).toFixed(1)} KiB`).join(', ')}\n`);
}
