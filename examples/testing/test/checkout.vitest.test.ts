// vitest, with the emulator in-process. `connect-signals/vitest` is loaded by vitest.config.ts (setupFiles).
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startEmulator, type EmulatorHandle } from 'connect-signals/testing';
import { checkout } from '../src/checkout.js';
import { janesOrder } from './order.js';

let emulator: EmulatorHandle;
beforeAll(async () => {
  emulator = await startEmulator();
});
afterAll(() => emulator.stop());
beforeEach(() => emulator.reset());

describe('checkout (vitest, emulator)', () => {
  it('sends an order signal for the customer, with the totals and the items', async () => {
    const { total } = await checkout(janesOrder, { endpoint: emulator.url, apiKey: emulator.apiKey, appKey: 'shop' });
    expect(total).toBe(64.97);
    await expect(emulator).toHaveReceivedSignal('order', {
      orderId: 'A-1001',
      orderValue: 64.97,
      orderSubtotal: expect.any(Number),
      orderedItems: [expect.objectContaining({ productId: 'MUG-1', itemQuantity: 2 }), expect.anything()],
    }, { contact: { email: 'jane.doe@example.com' } });
    await expect(emulator).toHaveReceivedSignals(1);
  });

  it('sends nothing for an empty cart', async () => {
    await checkout({ ...janesOrder, items: [] }, { endpoint: emulator.url, apiKey: emulator.apiKey, appKey: 'shop' });
    await expect(emulator).not.toHaveReceivedSignal('order');
  });
});
