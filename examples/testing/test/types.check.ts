// Type-only checks (npm run typecheck): the matchers' content is typed by signal type, in vitest and in jest (@jest/globals).
// The matchers' types come from tsconfig.json's compilerOptions.types (connect-signals/vitest, connect-signals/jest).
import { expect as vitestExpect } from 'vitest';
import { expect as jestExpect } from '@jest/globals';
import { createConnectMock } from 'connect-signals/testing';

const connect = createConnectMock();

export async function typed(): Promise<void> {
  await vitestExpect(connect).toHaveReceivedSignal('order', { orderValue: vitestExpect.any(Number) });
  await jestExpect(connect).toHaveReceivedSignal('order', { orderValue: jestExpect.any(Number) });
  await jestExpect(connect).not.toHaveDiscardedSignal('pageView', { url: 'https://shop.example/' }, { reason: 'invalid' });
  // @ts-expect-error orderValue is a number
  await vitestExpect(connect).toHaveReceivedSignal('order', { orderValue: 'x' });
  // @ts-expect-error an order has no such field
  await jestExpect(connect).toHaveReceivedSignal('order', { nosuchField: 1 });
}
