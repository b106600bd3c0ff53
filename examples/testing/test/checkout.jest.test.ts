// jest (native ES modules), with the emulator in-process. `connect-signals/jest` is loaded by jest.config.js (setupFilesAfterEnv).
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { startEmulator, type EmulatorHandle } from 'connect-signals/testing';
import { checkout } from '../src/checkout.js';
import { janesOrder } from './order.js';

let emulator: EmulatorHandle;
beforeAll(async () => {
  emulator = await startEmulator();
});
afterAll(() => emulator.stop());
beforeEach(() => emulator.reset());

describe('checkout (jest, emulator)', () => {
  it('sends an order signal for the customer, with the totals and the items', async () => {
    const { total } = await checkout(janesOrder, { endpoint: emulator.url, apiKey: emulator.apiKey, appKey: 'shop' });
    expect(total).toBe(64.97);
    await expect(emulator).toHaveReceivedSignal('order', {
      orderId: 'A-1001',
      orderValue: expect.any(Number),
      orderedItems: [expect.objectContaining({ productId: 'MUG-1' }), expect.anything()],
    }, { contact: { email: 'jane.doe@example.com' } });
    await expect(emulator).toHaveReceivedSignals(1, { type: 'order' });
  });

  it('sends nothing for an empty cart', async () => {
    await checkout({ ...janesOrder, items: [] }, { endpoint: emulator.url, apiKey: emulator.apiKey, appKey: 'shop' });
    await expect(emulator).not.toHaveReceivedSignal('order');
  });
});
