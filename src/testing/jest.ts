/**
 * `connect-signals/jest`: import it once (from `setupFilesAfterEnv`) to add the
 * matchers to jest's `expect`. Its types are hand-written in types/jest.d.ts
 * (augmenting both `@jest/globals`' and `@types/jest`'s Matchers), so that
 * building this package needs no jest.
 *
 * jest runs this file as an ES module: natively (`--experimental-vm-modules`)
 * on Node 20+, or from jest's default CommonJS mode on Node ≥ 24.9 (require of
 * an ES module). See docs/testing.md.
 */
import { TestkitError } from './errors.js';
import { connectMatchers } from './matchers.js';

interface JestExpect {
  extend(matchers: Record<string, unknown>): void;
}

const jestExpect = (globalThis as { expect?: JestExpect }).expect;
if (jestExpect === undefined || typeof jestExpect.extend !== 'function') {
  throw new TestkitError('ERR_MATCHER_ARGS', 'connect-signals/jest: no global expect: list it in setupFilesAfterEnv (not setupFiles), with jest\'s injectGlobals on, or call expect.extend(connectMatchers) from connect-signals/testing yourself');
}
jestExpect.extend(connectMatchers);

export { connectMatchers };
