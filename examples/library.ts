/**
 * Using connect-signals from code: validate, send, and read the report.
 * Runs against a local emulator, so it needs no credentials:
 *
 *   npx tsx examples/library.ts
 *
 * Against Connect, drop the emulator and pass `region: 'eu-1'` (or `us-1`,
 * `ap-3`) and your `apiKey` to createSignalsClient instead of `endpoint`.
 */
import { createSignalsClient, startEmulator, validateSignal, type SignalInput } from '../src/index.js';

const order: SignalInput = {
  appKey: 'my-app',
  identifiableAttributes: { email: 'jane.doe@example.com' },
  sessionId: 'SESS-1',
  signalContent: {
    signalType: 'order',
    currency: 'EUR',
    orderId: 'O-1001',
    orderValue: 59.9,
    orderedItems: [{ productId: 'P-1', productName: 'Brush', unitPrice: 9.99, itemQuantity: 6 }],
  },
};

// Before sending: what Connect would do with it.
const verdict = validateSignal(order);
console.log(verdict.valid ? 'valid' : verdict.errors.map((e) => e.message));

const emulator = await startEmulator();
const client = createSignalsClient({ endpoint: emulator.graphqlUrl, apiKey: emulator.apiKey });
client.on('failure', (event) => console.error(`batch ${event.batch} failed: ${event.reason.code}`));
const report = await client.send([order, { ...order, signalContent: { ...order.signalContent, currency: 'euro' } }]);
console.log(`accepted ${report.accepted}, invalid ${report.invalid}, failed ${report.failed}`);
for (const outcome of report.outcomes) {
  console.log(outcome.status, outcome.status === 'accepted' ? outcome.id : outcome.status === 'invalid' ? outcome.errors[0]?.message : outcome.reason.message);
}
await client.close();
await emulator.stop();
