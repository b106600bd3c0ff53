/**
 * Types of `connect-signals/jest`: the matchers on jest's `expect`, for both
 * `import { expect } from '@jest/globals'` (module `expect`'s Matchers) and
 * the global `expect` of `@types/jest` (namespace `jest`'s Matchers).
 * Hand-written: the package builds without jest. Checked by test/testing-pack.test.ts.
 */
import type { ConnectSignalMatchers } from 'connect-signals/testing';

export { connectMatchers } from 'connect-signals/testing';

declare module 'expect' {
  interface Matchers<R extends void | Promise<void>, T = unknown> extends ConnectSignalMatchers {}
}

declare global {
  namespace jest {
    interface Matchers<R, T = {}> extends ConnectSignalMatchers {}
  }
}
