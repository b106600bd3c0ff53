// jest (native ES modules), with MSW.
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { createConnectMock } from 'connect-signals/testing';
import { checkout } from '../src/checkout.js';
import { janesOrder } from './order.js';

const connect = createConnectMock({ apiKey: 'test-key' });
const server = setupServer(...connect.handlers);
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterAll(() => server.close());
beforeEach(() => connect.reset());

describe('checkout (jest, MSW)', () => {
  it('sends the order signal to Connect', async () => {
    await checkout(janesOrder, { region: 'us-1', apiKey: 'test-key', appKey: 'shop' });
    await expect(connect).toHaveReceivedSignal('order', { orderId: 'A-1001', orderValue: 64.97 });
  });
});
