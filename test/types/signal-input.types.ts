/**
 * Type-level tests, checked by `npm run typecheck` (tsc) in CI: a broken
 * expectation here is a compile error, and an `@ts-expect-error` that no longer
 * errors is one too.
 */
import type {
  AddToCartSignal,
  ErrorSignal,
  OrderSignal,
  SignalContent,
  SignalInput,
  CreateSignalsMutationVariables,
} from '../../src/index.js';
import { CreateSignalsDocument } from '../../src/index.js';
import type { ResultOf, VariablesOf } from '@graphql-typed-document-node/core';
import { referenceExamples, addToCartExample, errorExample } from '../fixtures/reference-examples.js';

// Each of the reference's 11 examples is a SignalInput (the fixture uses `satisfies SignalInput`).
export const all: SignalInput[] = Object.values(referenceExamples);

/** `switch (s.signalType)` narrows to each interface. */
export function describe(s: SignalContent): string {
  switch (s.signalType) {
    case 'addToCart':
      return `${s.productId} x${s.itemQuantity}`;
    case 'browseAbandonment':
      return s.abandonedItems?.map((i) => i.productId).join() ?? s.currency;
    case 'cartAbandonment':
      return String(s.abandonedCartValue);
    case 'error':
      return `${s.errorType}: ${s.errorText}`;
    case 'identification':
      return `${s.identifierName}=${s.identifierValue}`;
    case 'onSiteSearch':
      return `${s.searchTerm} (${s.numberOfResults})`;
    case 'order':
      return `${s.orderId} ${s.orderedItems?.length ?? 0}`;
    case 'pageView':
      return s.url;
    case 'productConfiguration':
      return s.configurationType ?? s.productId;
    case 'productView':
      return s.dateAdded ?? s.productName;
    case 'richMediaInteraction':
      return s.interactionType ?? s.mediaId;
    default: {
      const exhaustive: never = s;
      return exhaustive;
    }
  }
}

// The TypedDocumentNode carries SignalContent in its variables, not any/unknown.
type Vars = VariablesOf<typeof CreateSignalsDocument>;
type SentContent = Extract<Vars['signals'], readonly unknown[]>[number]['signalContent'];
export const sentIsSignalContent: SentContent extends SignalContent ? (SignalContent extends SentContent ? true : false) : false = true;
export const varsMatch: Vars extends CreateSignalsMutationVariables ? true : false = true;
export const ids: ResultOf<typeof CreateSignalsDocument>['createSignals'] = { signalIds: ['id'] };
// @ts-expect-error signalContent is not `any`: a number is rejected.
export const notAny: SentContent = 42;

// @ts-expect-error a missing required field (productId) does not compile.
export const missingRequired: AddToCartSignal = { signalType: 'addToCart', currency: 'USD', productName: 'p', itemQuantity: 1, unitPrice: 1 };

export const unknownType: SignalInput = {
  appKey: 'k',
  identifiableAttributes: { email: 'a@example.com' },
  // @ts-expect-error an unknown signalType does not compile.
  signalContent: { signalType: 'purchase', orderId: '1', currency: 'USD' },
};

// @ts-expect-error a wrong enum value does not compile.
export const badEffect: AddToCartSignal = { ...addToCartExample.signalContent, effect: 'neutral' };

// @ts-expect-error errorType outside application/user (either case) does not compile.
export const badErrorType: ErrorSignal = { ...errorExample.signalContent, errorType: 'system' };

// @ts-expect-error two identifiable attributes do not compile (@oneOf).
export const twoAttributes: SignalInput['identifiableAttributes'] = { email: 'a@example.com', sms: '+14035549090' };

export const order: OrderSignal = { signalType: 'order', currency: 'EUR', orderId: 'o-1', orderedItems: [{ productId: 'p', productName: 'n', unitPrice: 1 }] };
