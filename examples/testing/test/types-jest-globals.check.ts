// Type-only check for @types/jest users (the global expect): npm run typecheck (tsconfig.jest-types.json).
import { createConnectMock } from 'connect-signals/testing';

const connect = createConnectMock();

export async function typed(): Promise<void> {
  await expect(connect).toHaveReceivedSignal('order', { orderId: 'A-1001', orderValue: expect.any(Number) });
  await expect(connect).toHaveReceivedSignals(1, { type: 'order' });
  // @ts-expect-error an order has no such field
  await expect(connect).toHaveReceivedSignal('order', { nosuchField: 1 });
}
