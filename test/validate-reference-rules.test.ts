/**
 * validateSignal against Connect's processing rules, table-driven from the
 * reference: the tables of required fields come from generated/signal-meta.ts
 * (so they follow the schema), and a few literal rows from the reference text
 * catch a schema that drifted from it.
 */
import { describe, expect, it } from 'vitest';

import { SIGNAL_META, SIGNAL_TYPES, validateSignal, type ValidationResult } from '../src/index.js';
import type { SignalType } from '../generated/signal-meta.js';
import { referenceExamples } from './fixtures/reference-examples.js';

type Json = Record<string, unknown>;

/** A deep copy of the reference example of `type`, changed by `edit`. */
function example(type: SignalType, edit: (signal: Json, content: Json) => void = () => {}): Json {
  const signal = structuredClone(referenceExamples[type]) as unknown as Json;
  edit(signal, signal.signalContent as Json);
  return signal;
}

function expectInvalid(result: ValidationResult, path: string, code?: string) {
  expect(result.valid, JSON.stringify(result)).toBe(false);
  if (result.valid) return;
  const match = result.errors.find((e) => e.path === path);
  expect(match, `an error at ${path} in ${JSON.stringify(result.errors)}`).toBeDefined();
  if (code !== undefined) expect(match!.code).toBe(code);
  expect(match!.message).toContain(path);
}

function expectValidWithWarning(result: ValidationResult, path: string, code: string) {
  expect(result.valid, JSON.stringify(result)).toBe(true);
  const match = result.warnings.find((w) => w.path === path);
  expect(match, `a warning at ${path} in ${JSON.stringify(result.warnings)}`).toBeDefined();
  expect(match!.code).toBe(code);
  expect(match!.message).toContain(path);
}

const sent = (result: ValidationResult): Json => {
  if (!result.valid) throw new Error(`expected a valid result: ${JSON.stringify(result)}`);
  return result.signal as unknown as Json;
};

describe('the reference examples', () => {
  it.each(SIGNAL_TYPES)('%s is valid, sent unchanged, without warnings', (type) => {
    const result = validateSignal(referenceExamples[type]);
    expect(result).toEqual({ valid: true, signal: referenceExamples[type], signalType: type, warnings: [] });
  });
});

describe('required signalContent fields (from the schema)', () => {
  const rows = SIGNAL_TYPES.flatMap((type) => SIGNAL_META[type].required.map((field) => [type, field] as const));

  it.each(rows)('%s without %s is invalid, naming the field', (type, field) => {
    const result = validateSignal(example(type, (_s, c) => delete c[field]));
    expectInvalid(result, `signalContent.${field}`, 'required');
  });

  it.each(rows.filter(([, field]) => field !== 'signalType'))('%s with %s = null is invalid', (type, field) => {
    expectInvalid(validateSignal(example(type, (_s, c) => (c[field] = null))), `signalContent.${field}`);
  });
});

describe('required fields, as the reference lists them (literal)', () => {
  const literal: Record<SignalType, string[]> = {
    addToCart: ['currency', 'itemQuantity', 'productId', 'productName', 'signalType', 'unitPrice'],
    browseAbandonment: ['currency', 'signalType'],
    cartAbandonment: ['abandonedCartValue', 'currency', 'signalType'],
    error: ['errorText', 'errorType', 'signalType'],
    identification: ['identifierName', 'identifierValue', 'signalType'],
    onSiteSearch: ['numberOfResults', 'searchTerm', 'signalType'],
    order: ['currency', 'orderId', 'signalType'],
    pageView: ['signalType', 'url'],
    productConfiguration: ['currency', 'productId', 'productName', 'signalType'],
    productView: ['productId', 'productName', 'signalType'],
    richMediaInteraction: ['mediaId', 'signalType'],
  };
  it.each(SIGNAL_TYPES)('%s', (type) => {
    expect([...SIGNAL_META[type].required].sort()).toEqual(literal[type]);
  });

  it('items of orderedItems and abandonedItems require productId, productName, unitPrice', () => {
    for (const [type, array] of [['order', 'orderedItems'], ['browseAbandonment', 'abandonedItems'], ['cartAbandonment', 'abandonedItems']] as const) {
      expect([...SIGNAL_META[type].itemArrays[array]!.required].sort()).toEqual(['productId', 'productName', 'unitPrice']);
    }
  });
});

describe('required fields of items in optional arrays', () => {
  const rows = SIGNAL_TYPES.flatMap((type) =>
    Object.entries(SIGNAL_META[type].itemArrays)
      .filter(([array]) => Array.isArray((referenceExamples[type].signalContent as unknown as Json)[array]))
      .flatMap(([array, item]) => item.required.map((field) => [type, array, field] as const)),
  );

  it('cover every item array the examples carry', () => {
    expect(rows.map(([type, array]) => `${type}.${array}`)).toEqual(expect.arrayContaining(['order.orderedItems', 'browseAbandonment.abandonedItems', 'cartAbandonment.abandonedItems']));
  });

  it.each(rows)('%s: an item of %s without %s discards the signal', (type, array, field) => {
    const result = validateSignal(example(type, (_s, c) => delete (c[array] as Json[])[1]![field]));
    expectInvalid(result, `signalContent.${array}[1].${field}`, 'required');
  });

  it('an empty productName in an item is invalid (empty strings in required fields are invalid)', () => {
    expectInvalid(validateSignal(example('order', (_s, c) => ((c.orderedItems as Json[])[0]!.productName = ''))), 'signalContent.orderedItems[0].productName', 'min_length');
  });

  it('an item that is not an object discards the signal', () => {
    expectInvalid(validateSignal(example('order', (_s, c) => ((c.orderedItems as unknown[])[0] = 'AC-PNT-WHT-SM'))), 'signalContent.orderedItems[0]', 'type');
  });

  it('an invalid optional field of an item is removed from that item only', () => {
    const result = validateSignal(example('order', (_s, c) => ((c.orderedItems as Json[])[1]!.discount = 'none')));
    expectValidWithWarning(result, 'signalContent.orderedItems[1].discount', 'type');
    const items = (sent(result).signalContent as Json).orderedItems as Json[];
    expect(items[1]).not.toHaveProperty('discount');
    expect(items[0]!.discount).toBe(7);
  });

  it("an item's currency (sent by the reference's order example) must be ISO 4217, else it is removed", () => {
    expect(validateSignal(example('order')).warnings).toEqual([]);
    expectValidWithWarning(validateSignal(example('order', (_s, c) => ((c.orderedItems as Json[])[0]!.currency = 'DOLLARS'))), 'signalContent.orderedItems[0].currency', 'format');
  });
});

describe('invalid optional fields: removed, reported as warnings', () => {
  const cases: [string, SignalType, string, unknown, string][] = [
    ['effect "neutral"', 'addToCart', 'effect', 'neutral', 'enum'],
    ['name over 256 characters', 'order', 'name', 'x'.repeat(257), 'max_length'],
    ['signalTimestamp not ISO 8601', 'pageView', 'signalTimestamp', '11/01/2025 08:29', 'format'],
    ['signalTimestamp with an impossible date', 'pageView', 'signalTimestamp', '2025-02-30T08:29:30.001Z', 'format'],
    ['signalTimestamp as a number', 'error', 'signalTimestamp', 1751479037630, 'type'],
    ['category not Behavior', 'onSiteSearch', 'category', 'behaviour', 'enum'],
    ['discount as a string', 'addToCart', 'discount', '7', 'type'],
    ['productUrls as a string', 'addToCart', 'productUrls', 'https://www.example.com/x', 'type'],
    ['abandonmentReason not listed', 'cartAbandonment', 'abandonmentReason', 'BORED', 'enum'],
    ['interactionType not listed', 'richMediaInteraction', 'interactionType', 'PLAY', 'enum'],
    ['inventoryQuantity not an integer ("use integers")', 'productView', 'inventoryQuantity', 1.5, 'integer'],
    ['dateAdded in ISO 8601 instead of yyyy-MM-dd HH:mm:ss.SSS', 'productView', 'dateAdded', '2025-11-01T08:29:30.001Z', 'format'],
    ['productView currency not ISO 4217', 'productView', 'currency', 'usd', 'format'],
    ['identificationFromLogin as a string', 'identification', 'identificationFromLogin', 'true', 'type'],
    ['orderedItems not an array', 'order', 'orderedItems', {}, 'type'],
  ];

  it.each(cases)('%s', (_label, type, field, value, code) => {
    const result = validateSignal(example(type, (_s, c) => (c[field] = value)));
    expectValidWithWarning(result, `signalContent.${field}`, code);
    expect(sent(result).signalContent).not.toHaveProperty(field);
  });

  it('a name of exactly 256 characters and a dateAdded in the documented form are kept', () => {
    const result = validateSignal(example('productView', (_s, c) => {
      c.name = 'x'.repeat(256);
      c.dateAdded = '2025-11-01 08:29:30.001';
    }));
    expect(result).toMatchObject({ valid: true, warnings: [] });
  });

  it('never changes the caller\'s signal', () => {
    const signal = example('addToCart', (_s, c) => (c.effect = 'neutral'));
    const before = structuredClone(signal);
    validateSignal(signal);
    expect(signal).toEqual(before);
  });

  it('keeps the other errors when an optional and a required field are both bad', () => {
    const result = validateSignal(example('addToCart', (_s, c) => {
      c.effect = 'neutral';
      c.unitPrice = 'free';
    }));
    expectInvalid(result, 'signalContent.unitPrice', 'type');
    expect(result.warnings.map((w) => w.path)).toContain('signalContent.effect');
  });
});

describe('values of required fields', () => {
  it('reports a non-integer itemQuantity in the words of the issue', () => {
    const result = validateSignal(example('addToCart', (_s, c) => (c.itemQuantity = 2.5)));
    expect(result).toMatchObject({ valid: false, errors: [{ path: 'signalContent.itemQuantity', code: 'integer', message: 'signalContent.itemQuantity must be an integer (got 2.5)' }] });
  });

  it.each([
    ['numberOfResults 9.5', 'onSiteSearch', 'numberOfResults', 9.5, 'integer'],
    ['currency not ISO 4217', 'addToCart', 'currency', 'XYZ', 'format'],
    ['currency in lower case', 'order', 'currency', 'usd', 'format'],
    ['errorType not listed', 'error', 'errorType', 'system', 'enum'],
    ['errorType in mixed case', 'error', 'errorType', 'User', 'enum'],
    ['identifierName not listed', 'identification', 'identifierName', 'phone', 'enum'],
    ['an empty productId', 'productView', 'productId', '', 'min_length'],
    ['an empty url', 'pageView', 'url', '', 'min_length'],
    ['unitPrice as a string', 'addToCart', 'unitPrice', '39.99', 'type'],
    ['abandonedCartValue as a string', 'cartAbandonment', 'abandonedCartValue', '159.97', 'type'],
  ] as const)('%s is invalid', (_label, type, field, value, code) => {
    expectInvalid(validateSignal(example(type, (_s, c) => (c[field] = value))), `signalContent.${field}`, code);
  });

  it.each(['user', 'USER', 'application', 'APPLICATION'])('errorType %s is accepted', (value) => {
    expect(validateSignal(example('error', (_s, c) => (c.errorType = value)))).toMatchObject({ valid: true, warnings: [] });
  });

  it.each(['USD', 'EUR', 'GBP', 'JPY', 'CHF'])('currency %s is accepted', (currency) => {
    expect(validateSignal(example('addToCart', (_s, c) => (c.currency = currency))).valid).toBe(true);
  });

  it('does not check arithmetic: the reference order totals do not add up and are accepted', () => {
    expect(validateSignal(example('order')).valid).toBe(true);
  });

  it('an unknown signalType is invalid and suggests the closest type', () => {
    const result = validateSignal(example('addToCart', (_s, c) => (c.signalType = 'AddToCart')));
    expectInvalid(result, 'signalContent.signalType', 'unknown_signal_type');
    expect(result.valid || result.errors[0]!.message).toContain('did you mean addToCart?');
  });
});

describe('the signal input', () => {
  it.each(['appKey', 'identifiableAttributes', 'signalContent'])('without %s is invalid', (field) => {
    expectInvalid(validateSignal(example('pageView', (s) => delete s[field])), field, 'required');
  });

  it('an empty appKey is invalid; options.appKey fills a missing one', () => {
    expectInvalid(validateSignal(example('pageView', (s) => (s.appKey = ''))), 'appKey', 'min_length');
    const result = validateSignal(example('pageView', (s) => delete s.appKey), { appKey: 'APP-1' });
    expect(result.valid && result.signal.appKey).toBe('APP-1');
  });

  it.each([
    ['none', {}],
    ['two', { email: 'jane.doe@example.com', sms: '+14035549090' }],
    ['an unknown one', { phone: '+14035549090' }],
  ])('identifiableAttributes with %s is invalid', (_label, attributes) => {
    expectInvalid(validateSignal(example('pageView', (s) => (s.identifiableAttributes = attributes))), 'identifiableAttributes', 'identifiable_attributes');
  });

  it.each([
    ['email', 'jane.doe'],
    ['email', ''],
    ['sms', '403-554-9090'],
    ['sms', '+1 403 554 9090'],
    ['whatsapp', '14035549090'],
    ['contactKey', ''],
  ])('identifiableAttributes.%s = %j is invalid', (key, value) => {
    expectInvalid(validateSignal(example('pageView', (s) => (s.identifiableAttributes = { [key]: value }))), `identifiableAttributes.${key}`);
  });

  it.each([
    ['email', 'jane.doe@example.com'],
    ['sms', '+37455190000'],
    ['whatsapp', '+14035549090'],
    ['contactKey', 'AAUN-132417508'],
  ])('identifiableAttributes.%s = %j is valid', (key, value) => {
    expect(validateSignal(example('pageView', (s) => (s.identifiableAttributes = { [key]: value }))).valid).toBe(true);
  });

  it('a sessionId of the wrong type is removed with a warning', () => {
    expectValidWithWarning(validateSignal(example('pageView', (s) => (s.sessionId = 42))), 'sessionId', 'type');
  });

  it('a test flag that is not a boolean makes the signal invalid: it must not be imported as a real signal', () => {
    expectInvalid(validateSignal(example('pageView', (s) => (s.test = 'yes'))), 'test', 'type');
    expectInvalid(validateSignal(example('pageView', (s) => (s.test = 'true'))), 'test', 'type');
    expect(validateSignal(example('pageView', (s) => (s.test = null))).valid).toBe(true);
  });

  it('an unknown key of the signal input is removed (GraphQL would reject the whole batch)', () => {
    const result = validateSignal(example('pageView', (s) => (s.priority = 'high')));
    expectValidWithWarning(result, 'priority', 'unknown_field');
    expect(sent(result)).not.toHaveProperty('priority');
  });

  it.each([null, 42, 'a signal', [], true])('%j is not a signal', (value) => {
    expectInvalid(validateSignal(value), '', 'not_an_object');
  });
});

describe('unknown signalContent fields', () => {
  it('are kept and sent without a warning', () => {
    const result = validateSignal(example('pageView', (_s, c) => (c.referrer = 'https://www.example.com/')));
    expect(result.warnings).toEqual([]);
    expect((sent(result).signalContent as Json).referrer).toBe('https://www.example.com/');
  });

  it('that look like a misspelled field (productID) are kept and warned about', () => {
    const result = validateSignal(example('addToCart', (_s, c) => (c.productID = 'AC-PNT-WHT-SM')));
    expectValidWithWarning(result, 'signalContent.productID', 'unknown_field');
    expect(result.warnings[0]!.message).toContain('productId');
    expect((sent(result).signalContent as Json).productID).toBe('AC-PNT-WHT-SM');
  });

  it('a misspelled required field makes the signal invalid and the message points at the misspelling', () => {
    const result = validateSignal(example('addToCart', (_s, c) => {
      c.productID = c.productId;
      delete c.productId;
    }));
    expectInvalid(result, 'signalContent.productId', 'required');
    expect(result.valid || result.errors[0]!.message).toContain('productID');
  });

  it('a misspelled field inside an item is warned about', () => {
    const result = validateSignal(example('order', (_s, c) => ((c.orderedItems as Json[])[0]!.virtualCategry = 'Sale')));
    expectValidWithWarning(result, 'signalContent.orderedItems[0].virtualCategry', 'unknown_field');
  });
});

describe('subscription tiers', () => {
  const pro = new Set(['addToCart', 'identification', 'order']);

  it.each(SIGNAL_TYPES)('%s: pro imports it only if the reference says so; premium and ultimate import it', (type) => {
    const onPro = validateSignal(referenceExamples[type], { tier: 'pro' });
    if (pro.has(type)) expect(onPro.valid).toBe(true);
    else expectInvalid(onPro, 'signalContent.signalType', 'tier_not_allowed');
    expect(validateSignal(referenceExamples[type], { tier: 'premium' }).valid).toBe(true);
    expect(validateSignal(referenceExamples[type], { tier: 'ultimate' }).valid).toBe(true);
    expect(validateSignal(referenceExamples[type]).valid).toBe(true);
  });

  it('names the tier and what it imports', () => {
    const result = validateSignal(referenceExamples.pageView, { tier: 'pro' });
    expect(result.valid || result.errors[0]!.message).toMatch(/pro tier.*addToCart, identification, order/);
  });
});

describe('signals with very many items (a 1 MiB line can hold tens of thousands)', () => {
  const items = (n: number, make: (i: number) => Json) => Array.from({ length: n }, (_, i) => make(i));
  const good = (i: number): Json => ({ productId: `P${i}`, productName: `Product ${i}`, unitPrice: 1 });

  it('finds a bad item far into a long array, at its real index', () => {
    const result = validateSignal(example('order', (_s, c) => {
      c.orderedItems = items(5000, good);
      delete (c.orderedItems as Json[])[4321]!.unitPrice;
    }));
    expect(result).toMatchObject({ valid: false, errors: [{ path: 'signalContent.orderedItems[4321].unitPrice', code: 'required' }] });
  });

  it('removes a bad optional field far into a long array from that item only', () => {
    const result = validateSignal(example('order', (_s, c) => {
      c.orderedItems = items(3000, good);
      (c.orderedItems as Json[])[2999]!.discount = 'lots';
    }));
    expectValidWithWarning(result, 'signalContent.orderedItems[2999].discount', 'type');
    const sentItems = (sent(result).signalContent as Json).orderedItems as Json[];
    expect(sentItems).toHaveLength(3000);
    expect(sentItems[2999]).toEqual(good(2999));
  });

  it('lists at most 100 errors and counts the rest', () => {
    const result = validateSignal(example('order', (_s, c) => (c.orderedItems = items(20000, () => ({})))));
    expect(result.valid).toBe(false);
    if (result.valid) return;
    expect(result.errors).toHaveLength(101);
    expect(result.errors[100]!.message).toBe('59900 more errors not listed');
  });
});
