/**
 * One webhook route, as named steps: verify the signature on the raw body,
 * map the payload to signals, drop those without a contact, validate the
 * rest, and store signals, dead letters and the dedupe mark in one atomic
 * write. Each step that ends the request gives its answer (see the answers
 * table in docs/gateway.md).
 */
import type { QueueKeys } from '../queue/keys.js';
import type { RedisClient } from '../queue/redis.js';
import { gatewayDeadLetter, judge, type Answer, type GatewayDeadLetter } from './answer.js';
import type { MappedSignal, Mapping, MappingContext, MappingResult } from './define-mapping.js';
import { enqueueWithin } from './enqueue.js';
import type { GatewayMetrics } from './metrics.js';
import type { ResolvedGatewayOptions } from './options.js';
import { seenKey } from './store.js';
import { BodyError, SignatureError, type VerifiedEvent, type Verifier } from './verify.js';

/** What a webhook route needs. */
export interface HookRoute {
  readonly source: string;
  readonly verify: Verifier;
  readonly mapping: Mapping;
  /** The event type named in `{"ignored":"<type>"}`. */
  readonly typeOf: (payload: unknown, headers: Readonly<Record<string, string | undefined>>) => string;
}

/** What every route shares. */
export interface RouteDeps {
  readonly options: ResolvedGatewayOptions;
  readonly keys: QueueKeys;
  readonly redis: RedisClient;
  readonly metrics: GatewayMetrics;
}

type Headers = Readonly<Record<string, string | undefined>>;

function verified(route: HookRoute, deps: RouteDeps, raw: Buffer, headers: Headers): VerifiedEvent | Answer {
  try {
    return route.verify(raw, headers);
  } catch (error) {
    if (error instanceof SignatureError) {
      deps.metrics.signatureFailure(route.source);
      return { status: 401, body: { error: 'the signature is missing or does not match' } };
    }
    if (error instanceof BodyError) return { status: 400, body: { error: error.message } };
    throw error;
  }
}

async function mapped(route: HookRoute, deps: RouteDeps, event: VerifiedEvent, headers: Headers): Promise<MappingResult | Answer> {
  const context: MappingContext = { id: event.id, timestamp: event.timestamp, headers, source: route.source };
  try {
    return await route.mapping(event.payload, context);
  } catch (error) {
    // The error's name and message only: a stack or the payload could carry the customer's data.
    const why = error instanceof Error ? `${error.name}: ${error.message}` : typeof error;
    deps.options.log(`source ${route.source}: the mapping threw on event ${event.id} (answered 500, nothing stored): ${why}`);
    return { status: 500, body: { error: 'the mapping failed: nothing was stored' } };
  }
}

/** Whether a mapped signal names a contact (an identifiable attribute with a value). */
function hasContact(signal: MappedSignal): boolean {
  const attributes = signal.identifiableAttributes as Record<string, unknown> | undefined;
  if (typeof attributes !== 'object' || attributes === null) return false;
  return Object.values(attributes).some((v) => v !== undefined && v !== null && v !== '');
}

function isAnswer(value: unknown): value is Answer {
  return typeof value === 'object' && value !== null && 'status' in value && 'body' in value && typeof (value as Answer).status === 'number';
}

function typeName(signal: unknown): string {
  const content = (signal as { signalContent?: { signalType?: unknown } } | null)?.signalContent;
  return typeof content?.signalType === 'string' ? content.signalType : 'unknown';
}

/** Handles one request of `route`: resolves to its answer. */
export async function handleHook(route: HookRoute, deps: RouteDeps, raw: Buffer, headers: Headers): Promise<Answer> {
  const event = verified(route, deps, raw, headers);
  if (isAnswer(event)) return event;
  const result = await mapped(route, deps, event, headers);
  if (isAnswer(result)) return result;
  const all: readonly MappedSignal[] = result === null ? [] : Array.isArray(result) ? result : [result as MappedSignal];
  if (all.length === 0) return { status: 200, body: { ignored: route.typeOf(event.payload, headers) } };

  const withContact = all.filter(hasContact);
  const skipped = all.length - withContact.length;
  for (const s of all) if (!hasContact(s)) deps.metrics.signal(typeName(s), 'skipped_no_contact');
  if (withContact.length === 0) return { status: 200, body: { skipped: 'no_contact' } };

  const texts: string[] = [];
  const types: string[] = [];
  const letters: GatewayDeadLetter[] = [];
  for (const signal of withContact) {
    const judged = judge(deps.options, signal);
    if (judged.valid) {
      texts.push(judged.text);
      types.push(judged.signalType);
    } else {
      // With its appKey, so that `queue replay` of the fixed letter re-adds a complete signal.
      letters.push(gatewayDeadLetter(route.source, event.id, { ...signal, appKey: signal.appKey ?? deps.options.appKey }, judged.errors));
    }
  }
  const outcome = await enqueueWithin(deps.redis, deps.keys, { signals: texts, deadLetters: letters, seen: seenKey(deps.keys, route.source, event.id), ttlMs: deps.options.dedupeTtlMs }, deps.options.enqueueTimeoutMs, deps.metrics, deps.options.log);
  if (isAnswer(outcome)) return outcome;
  if (outcome === 'duplicate') {
    deps.metrics.duplicate(route.source);
    return { status: 200, body: { duplicate: true } };
  }
  for (const type of types) deps.metrics.signal(type, 'enqueued');
  for (const letter of letters) deps.metrics.signal(typeName(letter.signal), 'dead');
  const body: Record<string, unknown> = texts.length > 0 ? { enqueued: texts.length } : {};
  if (letters.length > 0) body.dead = letters.length;
  if (skipped > 0) body.skipped = 'no_contact';
  return { status: 200, body };
}
