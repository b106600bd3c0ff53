// A deliberately failing test, to see the failure message: SHOW_FAILURE=1 npm run test:jest -- test/failing.jest.test.ts
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startEmulator, type EmulatorHandle } from 'connect-signals/testing';
import { checkout } from '../src/checkout.js';
import { janesOrder } from './order.js';

let emulator: EmulatorHandle;
beforeAll(async () => {
  emulator = await startEmulator();
});
afterAll(() => emulator.stop());

(process.env.SHOW_FAILURE ? describe : describe.skip)('a failure message (jest)', () => {
  it('expects the wrong order value', async () => {
    await checkout(janesOrder, { endpoint: emulator.url, apiKey: emulator.apiKey, appKey: 'shop' });
    await expect(emulator).toHaveReceivedSignal('order', { orderId: 'A-1001', orderValue: 70 });
  });
});
