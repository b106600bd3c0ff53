// vitest, with MSW: Connect's endpoint is mocked in-process with the emulator's rules.
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createConnectMock } from 'connect-signals/testing';
import { checkout } from '../src/checkout.js';
import { janesOrder } from './order.js';

const connect = createConnectMock({ apiKey: 'test-key' });
const server = setupServer(...connect.handlers);
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterAll(() => server.close());
beforeEach(() => connect.reset());

describe('checkout (vitest, MSW)', () => {
  it('sends the order signal to Connect', async () => {
    const { report } = await checkout(janesOrder, { region: 'eu-1', apiKey: 'test-key', appKey: 'shop' });
    expect(report?.accepted).toBe(1);
    await expect(connect).toHaveReceivedSignal('order', { orderId: 'A-1001', orderValue: 64.97 }, { contact: { email: 'jane.doe@example.com' } });
  });

  it('with a wrong API key, Connect refuses it and nothing is received', async () => {
    const { report } = await checkout(janesOrder, { region: 'eu-1', apiKey: 'wrong-key', appKey: 'shop' });
    expect(report?.failed).toBe(1);
    await expect(connect).not.toHaveReceivedSignal('order');
  });
});
