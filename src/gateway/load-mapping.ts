/**
 * Loading a user's mapping module (`--source NAME=MODULE`): `.mjs`/`.js` by
 * Node's own `import()`, `.ts`/`.mts` without a build step. For TypeScript,
 * Node's type stripping is used where this Node has it on
 * (`process.features.typescript`, Node ≥ 22.18 / 23.6); elsewhere (Node 20,
 * the oldest Node this package supports) tsx's `tsImport`, which compiles the
 * module and what it imports in memory without registering a hook for the
 * rest of the process. tsx is a dependency for that reason, loaded only when
 * a `.ts` mapping is given.
 */
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Mapping } from './define-mapping.js';

/** A mapping module cannot be loaded, or its default export is not a function. */
export class MappingLoadError extends Error {
  override readonly name = 'MappingLoadError';
  readonly code = 'ERR_MAPPING_LOAD';
  constructor(
    readonly module: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

const TYPESCRIPT = /\.(c|m)?tsx?$/i;

function nativeTypeStripping(): boolean {
  return Boolean((process.features as { typescript?: unknown }).typescript);
}

/** Imports `module` (a path, relative to `cwd`) and returns its default export, a mapping function. */
export async function loadMapping(module: string, cwd: string = process.cwd()): Promise<Mapping> {
  const url = pathToFileURL(resolve(cwd, module)).href;
  let loaded: { default?: unknown };
  try {
    if (TYPESCRIPT.test(module) && !nativeTypeStripping()) {
      const { tsImport } = await import('tsx/esm/api');
      loaded = (await tsImport(url, import.meta.url)) as { default?: unknown };
    } else loaded = (await import(url)) as { default?: unknown };
  } catch (error) {
    const why = (error as NodeJS.ErrnoException).code === 'ERR_MODULE_NOT_FOUND' ? 'not found' : error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new MappingLoadError(module, `cannot load the mapping ${module}: ${why}`, { cause: error });
  }
  // tsImport of a CommonJS-looking module can nest the default one level deeper.
  let mapping = loaded.default;
  if (typeof mapping === 'object' && mapping !== null && 'default' in mapping) mapping = (mapping as { default: unknown }).default;
  if (typeof mapping !== 'function') throw new MappingLoadError(module, `the mapping ${module} must export a function as its default export (export default defineMapping(...))`);
  return mapping as Mapping;
}
