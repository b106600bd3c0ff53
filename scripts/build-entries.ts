/**
 * Bundles the package's entries (package.json `exports`) with esbuild into
 * dist/entries/: one file per entry plus the chunks they share, the npm
 * packages left as imports. Run by `npm run build` after tsc, whose dist/src/
 * it bundles (the types stay tsc's .d.ts files).
 *
 * Why: Node's ES-module loader costs about half a millisecond per file, so
 * importing the root through tsc's ~90 files took ~1.5× the CPU time of
 * importing urql and ajv's runtime; bundled, ~1.1× (bench/cold-import.ts).
 * Code splitting keeps one copy of each module across entries: the client
 * imported from `connect-signals/client` is the root's, and `instanceof` holds
 * between them. A dynamic import() stays a separate chunk, loaded when used
 * (the emulator's GraphQL server).
 *
 * An export whose `import` (else `default`) is `./dist/entries/<name>.js` is
 * bundled from the module beside its `types` (`./dist/src/<path>.d.ts`, tsc's).
 * Any other export is left alone; but an ES-module entry outside the bundle
 * loads second copies of the modules it shares with the bundled ones. That is
 * so for `connect-signals/jest` (hand-written types, no bundle): it only adds
 * the matchers, which compare receivers by their methods, never `instanceof`.
 *
 *   npx tsx scripts/build-entries.ts
 */
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));

/** Where the bundles go (package.json `exports` point there). */
export const ENTRIES_OUT_DIR = join(root, 'dist', 'entries');

type ExportTarget = string | { readonly types?: unknown; readonly default?: unknown; readonly [condition: string]: unknown };

/** esbuild's entry points from package.json `exports`: bundle name → tsc's module. */
export function entryPoints(exports: Readonly<Record<string, ExportTarget>>): Array<{ in: string; out: string }> {
  const points: Array<{ in: string; out: string }> = [];
  for (const [name, target] of Object.entries(exports)) {
    if (typeof target !== 'object') continue;
    // The ES-module file: `import` where an entry has one for ES callers beside a `default` for require().
    const esm = typeof target.import === 'string' ? target.import : target.default;
    if (typeof esm !== 'string') continue;
    const out = /^\.\/dist\/entries\/(.+)\.js$/.exec(esm)?.[1];
    if (out === undefined) continue;
    const source = typeof target.types === 'string' ? /^\.\/(dist\/src\/.+)\.d\.ts$/.exec(target.types)?.[1] : undefined;
    if (source === undefined) throw new Error(`package.json exports["${name}"]: a bundled entry's types must be ./dist/src/<path>.d.ts`);
    points.push({ in: join(root, `${source}.js`), out });
  }
  return points;
}

/** Bundles every entry; dist/src/ must be built (tsc) first. */
export async function buildEntries(outDir = ENTRIES_OUT_DIR): Promise<void> {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { exports: Record<string, ExportTarget> };
  rmSync(outDir, { recursive: true, force: true });
  await build({
    entryPoints: entryPoints(pkg.exports),
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    packages: 'external',
    outdir: outDir,
    // Chunks beside the entries: modules that find files relative to themselves (schema/, dist/inspector/) look two folders up.
    chunkNames: '[name]-[hash]',
    logLevel: 'warning',
  });
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  await buildEntries();
}
