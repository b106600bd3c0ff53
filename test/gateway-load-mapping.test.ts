/**
 * Loading `--source NAME=MODULE`: `.mjs` and `.js` by import(), `.ts` without a
 * build step (tsx's tsImport on this Node), and a clear MappingLoadError for a
 * module that is missing or whose default export is not a function.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadMapping, MappingLoadError } from '../src/gateway/load-mapping.js';
import { tempDir } from './helpers/temp-dir.js';

const context = { id: 'm1', timestamp: new Date(0), headers: {}, source: 'x' };

describe('loadMapping', () => {
  it('loads a .mjs module and a .ts module with type annotations, relative to the folder given', async () => {
    const dir = tempDir('cs-mapping-');
    writeFileSync(join(dir, 'plain.mjs'), 'export default (payload, context) => ({ id: context.id, n: payload.n });\n');
    writeFileSync(join(dir, 'typed.ts'), 'interface P { n: number }\nconst twice = (p: P): number => p.n * 2;\nexport default (payload: P, context: { id: string }) => ({ id: context.id, n: twice(payload) });\n');
    const plain = await loadMapping('plain.mjs', dir);
    const typed = await loadMapping(join(dir, 'typed.ts'));
    expect(await plain({ n: 2 }, context)).toEqual({ id: 'm1', n: 2 });
    expect(await typed({ n: 2 }, context)).toEqual({ id: 'm1', n: 4 });
  });

  it('refuses a missing module, and one whose default export is not a function', async () => {
    const dir = tempDir('cs-mapping-');
    writeFileSync(join(dir, 'object.mjs'), 'export default { not: "a function" };\n');
    await expect(loadMapping('missing.mjs', dir)).rejects.toThrow(new MappingLoadError('missing.mjs', 'cannot load the mapping missing.mjs: not found'));
    await expect(loadMapping('object.mjs', dir)).rejects.toThrow(/must export a function as its default export/);
  });
});
