// A deliberately failing test, to see the failure message: SHOW_FAILURE=1 npx vitest run test/failing.vitest.test.ts
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type EmulatorHandle } from 'connect-signals/testing';
import { checkout } from '../src/checkout.js';
import { janesOrder } from './order.js';

let emulator: EmulatorHandle;
beforeAll(async () => {
  emulator = await startEmulator();
});
afterAll(() => emulator.stop());

describe.skipIf(!process.env.SHOW_FAILURE)('a failure message (vitest)', () => {
  it('expects the wrong order value', async () => {
    await checkout(janesOrder, { endpoint: emulator.url, apiKey: emulator.apiKey, appKey: 'shop' });
    await expect(emulator).toHaveReceivedSignal('order', { orderId: 'A-1001', orderValue: 70 });
  });
});
