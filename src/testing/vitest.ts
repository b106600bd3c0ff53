/**
 * `connect-signals/vitest`: import it once (e.g. from `setupFiles`) to add the
 * matchers to vitest's `expect`, with their types.
 *
 * Types: vitest 4 declares `Matchers<T>` and vitest 5 `Matchers<R, T>`, and an
 * augmentation must repeat the type parameters exactly (TS2428), so no one
 * `declare module 'vitest'` serves both. Both majors build `Assertion` from
 * the global `Chai.Assertion` (VitestAssertion maps each of its methods onto
 * the assertion), so the matchers are declared there: one declaration, checked
 * against vitest 4 and 5 (test/testing-pack.test.ts).
 */
import { expect } from 'vitest';
import { connectMatchers } from './matchers.js';
import type { ConnectSignalMatchers } from './matcher-types.js';

expect.extend(connectMatchers);

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Chai {
    // eslint-disable-next-line @typescript-eslint/no-empty-object-type
    interface Assertion extends ConnectSignalMatchers {}
  }
}

export { connectMatchers };
export type { ConnectSignalMatchers };
