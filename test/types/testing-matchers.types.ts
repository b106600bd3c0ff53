/**
 * Type-level tests of the matchers' types (connect-signals/vitest), checked by
 * `npm run typecheck`: `content` is typed by the signal type, from the
 * generated union. Each `@ts-expect-error` must stay an error.
 */
import '../../src/testing/vitest.js';
import { expect } from 'vitest';
import { createConnectMock, type ContentMatch } from '../../src/testing/index.js';

const mock = createConnectMock();

export async function typed(): Promise<void> {
  await expect(mock).toHaveReceivedSignal('order', { orderId: 'A-1', orderValue: 98.44 });
  await expect(mock).toHaveReceivedSignal('order', { orderValue: expect.any(Number), orderedItems: [{ productId: 'P-1' }] });
  await expect(mock).toHaveReceivedSignal('pageView', { url: expect.stringContaining('/checkout') }, { contact: { email: 'jane.doe@example.com' }, timeout: 2000 });
  await expect(mock).not.toHaveReceivedSignal('addToCart');
  await expect(mock).toHaveDiscardedSignal('order', { orderId: 'A-1' }, { reason: 'unknown_contact_key' });
  await expect(mock).toHaveReceivedSignals(2, { type: 'pageView' });

  // @ts-expect-error orderValue is a number
  await expect(mock).toHaveReceivedSignal('order', { orderValue: 'x' });
  // @ts-expect-error an order has no such field
  await expect(mock).toHaveReceivedSignal('order', { nosuchField: 1 });
  // @ts-expect-error url belongs to pageView, not order
  await expect(mock).toHaveReceivedSignal('order', { url: 'https://example.com' });
  // @ts-expect-error not a signal type
  await expect(mock).toHaveReceivedSignal('purchase');
  // @ts-expect-error not a discard code
  await expect(mock).toHaveDiscardedSignal('order', {}, { reason: 'tier' });
  // @ts-expect-error a nested item's field keeps its type
  await expect(mock).toHaveReceivedSignal('order', { orderedItems: [{ unitPrice: '9.99' }] });
  // @ts-expect-error the contact is a partial of identifiableAttributes
  await expect(mock).toHaveReceivedSignal('order', {}, { contact: { phone: '+1' } });
  // @ts-expect-error the count option's type is a signal type
  await expect(mock).toHaveReceivedSignals(1, { type: 'nope' });
}

// ContentMatch narrows by type.
export const orderContent: ContentMatch<'order'> = { orderId: 'A-1' };
// @ts-expect-error productId is not an order field
export const wrongContent: ContentMatch<'order'> = { productId: 'P-1' };
