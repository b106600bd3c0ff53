/**
 * Type-level tests of `defineMapping` (checked by `npm run typecheck`): a
 * mapping's return value is typed with the generated signal union, so a
 * wrong field or value is a compile error.
 */
import { defineMapping } from '../../src/index.js';

interface Purchase {
  readonly email: string;
  readonly total: number;
}

// A valid mapping: one signal, several, or null; appKey left to the gateway.
export const ok = defineMapping<Purchase>((p, context) => [
  { identifiableAttributes: { email: p.email }, signalContent: { signalType: 'order', orderId: context.id, currency: 'EUR', orderValue: p.total } },
]);
export const ignores = defineMapping(() => null);
export const noContact = defineMapping<Purchase>((p) => ({ signalContent: { signalType: 'order', orderId: 'x', currency: 'EUR', orderValue: p.total } }));

// @ts-expect-error an order needs orderId
export const missingField = defineMapping<Purchase>((p) => ({ identifiableAttributes: { email: p.email }, signalContent: { signalType: 'order', currency: 'EUR' } }));
// @ts-expect-error orderValue is a number
export const wrongValue = defineMapping<Purchase>((p) => ({ identifiableAttributes: { email: p.email }, signalContent: { signalType: 'order', orderId: 'x', currency: 'EUR', orderValue: '12' } }));
// @ts-expect-error exactly one identifiable attribute
export const twoContacts = defineMapping<Purchase>((p) => ({ identifiableAttributes: { email: p.email, sms: '+1' }, signalContent: { signalType: 'order', orderId: 'x', currency: 'EUR' } }));
// @ts-expect-error the payload is typed: Purchase has no `amount`
export const wrongPayload = defineMapping<Purchase>((p) => ({ identifiableAttributes: { email: p.email }, signalContent: { signalType: 'order', orderId: 'x', currency: 'EUR', orderValue: p.amount } }));
