/**
 * Every code block fenced ```ts in README.md and docs/*.md is a complete module
 * that type-checks against the package: its `connect-signals` and
 * `connect-signals/<entry>` imports resolve to the sources of the package's
 * `exports`. Blocks fenced ```ts snippet are deliberately partial and skipped.
 * All blocks are compiled by one `tsc` run, each as a module of its own.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { codeBlocksOf, markdownPages, readPage, ROOT, type CodeBlock } from './helpers/markdown.js';

const run = promisify(execFile);

/** A block to compile, and where it is written in the docs. */
interface Located extends CodeBlock {
  readonly page: string;
  readonly file: string;
}

/** The ```ts blocks of every page (not ```ts snippet). */
function typescriptBlocks(): Located[] {
  return markdownPages().flatMap((page) =>
    codeBlocksOf(readPage(page))
      .filter((b) => b.info === 'ts' || b.info === 'typescript')
      .map((b, i) => ({ ...b, page, file: `${page.replace(/[/.]/g, '_')}_${i + 1}.ts` })),
  );
}

/** The `types` of an `exports` target: the first one found, conditions (`import`, `require`, …) searched in order. */
function typesOf(target: unknown): string | undefined {
  if (typeof target === 'string') return target.endsWith('.d.ts') ? target : undefined;
  if (target === null || typeof target !== 'object') return undefined;
  const conditions = target as Record<string, unknown>;
  if (typeof conditions['types'] === 'string') return conditions['types'];
  for (const value of Object.values(conditions)) {
    const found = typesOf(value);
    if (found !== undefined) return found;
  }
  return undefined;
}

/**
 * `paths` for the package's own name: each entry of package.json `exports`
 * (`.`, `./client`, …) to the source its `types` are built from
 * (`./dist/src/x/index.d.ts` → `src/x/index.ts`), so blocks are checked against
 * the sources as they are, not a stale build.
 */
function packagePaths(): Record<string, string[]> {
  const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
    name: string;
    exports: Record<string, unknown>;
  };
  const paths: Record<string, string[]> = {};
  for (const [entry, target] of Object.entries(pkg.exports)) {
    const types = typesOf(target);
    if (types === undefined || !types.startsWith('./dist/')) continue;
    const source = types.replace(/^\.\/dist\//, '').replace(/\.d\.ts$/, '.ts');
    // An entry whose types are not built from a source of the same name (a hand-written .d.ts) is checked as built.
    const file = existsSync(path.join(ROOT, source)) ? source : types;
    paths[entry === '.' ? pkg.name : `${pkg.name}/${entry.replace(/^\.\//, '')}`] = [path.join(ROOT, file)];
  }
  return paths;
}

/** Compiles the blocks in one `tsc` run; returns the compiler's messages, each with its page and line. */
async function compile(blocks: readonly Located[], dir: string): Promise<string[]> {
  mkdirSync(dir, { recursive: true });
  // "type": "module": the blocks are ES modules (top-level await), as the package is.
  writeFileSync(path.join(dir, 'package.json'), '{ "type": "module" }\n');
  for (const b of blocks) writeFileSync(path.join(dir, b.file), `${b.code}\nexport {};\n`);
  // What docs/testing.md asks of a user's tsconfig ("types": ["connect-signals/vitest"]): the matchers' types, for every block.
  writeFileSync(path.join(dir, 'matcher-types.ts'), "import 'connect-signals/vitest';\n");
  const tsconfig = {
    extends: path.join(ROOT, 'tsconfig.json'),
    compilerOptions: { noEmit: true, rootDir: ROOT, paths: packagePaths(), typeRoots: [path.join(ROOT, 'node_modules/@types')] },
    include: ['matcher-types.ts', ...blocks.map((b) => b.file)],
  };
  writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify(tsconfig, null, 2));
  const tsc = path.join(ROOT, 'node_modules/typescript/bin/tsc');
  const output = await run(process.execPath, [tsc, '-p', path.join(dir, 'tsconfig.json'), '--pretty', 'false']).then(
    (r) => r.stdout,
    (e: { stdout?: string; message: string }) => e.stdout || e.message,
  );
  const byFile = new Map(blocks.map((b) => [b.file, b]));
  return output
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => {
      const m = /^(?:.*[/\\])?([^/\\(]+\.ts)\((\d+),(\d+)\): (.*)$/.exec(line);
      const block = m ? byFile.get(m[1]!) : undefined;
      // The code starts on the line after the opening fence.
      return block ? `${block.page}:${block.line + Number(m![2])}: ${m![4]}` : line;
    });
}

/** A block that must not compile, checked in the same run: proof that errors are found and located. */
const BROKEN: Located = {
  page: 'docs/example.md',
  info: 'ts',
  line: 10,
  file: 'broken.ts',
  code: "import { validateSignal } from 'connect-signals';\n\nconst n: number = validateSignal({}).valid;\n",
};

const dir = path.join(ROOT, '.tmp', `docs-code-blocks-${process.pid}`);
let messages: Promise<string[]> | undefined;
/** The compiler's messages for every block plus BROKEN: one tsc run, shared by the tests below. */
const compiled = (): Promise<string[]> => (messages ??= compile([...typescriptBlocks(), BROKEN], dir));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('ts code blocks in README.md and docs/', () => {
  it('finds blocks to check, in the README and in the guides', () => {
    const blocks = typescriptBlocks();
    expect(blocks.some((b) => b.page === 'README.md')).toBe(true);
    expect(blocks.some((b) => b.page.startsWith('docs/'))).toBe(true);
    expect(Object.keys(packagePaths())).toContain('connect-signals');
  });

  it('every ```ts block type-checks against the package (```ts snippet blocks are skipped)', async () => {
    expect((await compiled()).filter((m) => !m.startsWith(`${BROKEN.page}:`))).toEqual([]);
  }, 120_000);

  it('a block that does not type-check is reported at its page and line', async () => {
    expect((await compiled()).filter((m) => m.startsWith(`${BROKEN.page}:`))).toEqual([
      expect.stringMatching(/^docs\/example\.md:13: error TS2322: Type 'boolean' is not assignable to type 'number'/),
    ]);
  }, 120_000);
});
