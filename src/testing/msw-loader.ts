/**
 * How createConnectMock finds msw (an optional peer dependency), without
 * making `connect-signals/testing` fail to load when msw is not installed:
 * - imported as an ES module (vitest, jest's native ESM mode), the entry
 *   (index.ts, through preload-msw.ts) imports msw's ES build before any test
 *   code runs and hands it here. It must: jest's own `require` (all that a
 *   module gets from `node:module` under jest) cannot load msw's CommonJS
 *   build before Node 24.9, as that build requires an ES-only dependency.
 * - required (jest's CommonJS mode, Node ≥ 24.9), the entry is require.ts,
 *   which cannot wait for an import: msw is required here when first needed.
 */
import { createRequire } from 'node:module';
import { TestkitError } from './errors.js';

type Msw = typeof import('msw');

let preloaded: Msw | undefined;

/** Hands over msw's ES build (preload-msw.ts). */
export function provideMsw(msw: Msw): void {
  preloaded = msw;
}

/** msw, or a TestkitError (`ERR_MOCK_OPTIONS`) saying how to install it. */
export function loadMsw(): Msw {
  if (preloaded !== undefined) return preloaded;
  try {
    return createRequire(import.meta.url)('msw') as Msw;
  } catch (cause) {
    throw new TestkitError('ERR_MOCK_OPTIONS', 'createConnectMock needs msw 2: npm install --save-dev msw@2', { cause });
  }
}
