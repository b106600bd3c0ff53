/**
 * The request path's shortcut for the one operation clients send in bulk:
 * `mutation ($signals: [SignalInput!]!) { createSignals(signals: $signals) { signalIds } }`.
 *
 * Why: graphql-js coerces each of 500 input objects field by field and
 * graphql-yoga wraps the request in WHATWG objects; measured, that is ~3/4 of
 * the emulator's CPU per batch. The shortcut only applies when the answer is
 * certain to be the same as yoga's: the document is recognised by graphql-js
 * (parsed and validated against the same schema, verdict cached per query
 * text), and every signal passes the compiled SignalInput check, which is
 * stricter than GraphQL's input coercion (additionalProperties: false, exact
 * types). Anything else, an invalid signal or more than 500 included, goes
 * through yoga, which then gives the GraphQL answer. Which check each signal
 * passed is handed on, so that processing does not check it again, and so is
 * the body, in which the signals are stored (received-body.ts).
 */
import { Kind, parse, print, validate, type DocumentNode, type GraphQLSchema } from 'graphql';
import { fastCheck, knownCheck } from '../validate/compiled.js';
import { MAX_SIGNALS_PER_MUTATION } from './options.js';
import { ReceivedBody } from './received-body.js';

const CACHE_LIMIT = 256;

/** The variable that carries the signals, or `null` when the document is not the bulk mutation. */
function signalsVariable(schema: GraphQLSchema, document: DocumentNode): { variable: string; operationName: string | undefined } | null {
  if (document.definitions.length !== 1 || validate(schema, document).length > 0) return null;
  const op = document.definitions[0]!;
  if (op.kind !== Kind.OPERATION_DEFINITION || op.operation !== 'mutation' || op.directives?.length) return null;
  const [field, ...more] = op.selectionSet.selections;
  if (more.length > 0 || field?.kind !== Kind.FIELD || field.name.value !== 'createSignals' || field.alias || field.directives?.length) return null;
  const [arg, ...moreArgs] = field.arguments ?? [];
  if (moreArgs.length > 0 || arg?.name.value !== 'signals' || arg.value.kind !== Kind.VARIABLE) return null;
  const [ids, ...moreIds] = field.selectionSet?.selections ?? [];
  if (moreIds.length > 0 || ids?.kind !== Kind.FIELD || ids.name.value !== 'signalIds' || ids.alias || ids.directives?.length) return null;
  const [def, ...moreDefs] = op.variableDefinitions ?? [];
  if (moreDefs.length > 0 || def === undefined || def.defaultValue !== undefined || def.variable.name.value !== arg.value.name.value) return null;
  if (print(def.type) !== '[SignalInput!]!') return null;
  return { variable: def.variable.name.value, operationName: op.name?.value };
}

/** What the fast path learnt of a bulk request's signals, for processing them. */
export interface PassedChecks {
  /** `known[i]`: signal `i` passed knownCheck (no field the schema does not name); otherwise it passed fastCheck. */
  readonly known: readonly boolean[];
  /** The request's bytes, in which the signals are kept. */
  readonly body: ReceivedBody;
}

/** The signals of a bulk request, every one of which passed the compiled check. */
export interface CheckedSignals extends PassedChecks {
  readonly signals: readonly unknown[];
}

/** Recognises bulk createSignals requests whose answer needs no GraphQL execution. */
export class FastPath {
  private readonly verdicts = new Map<string, { variable: string; operationName: string | undefined } | null>();

  constructor(private readonly schema: GraphQLSchema) {}

  /** The signals of `body` when the shortcut applies, else `null` (let yoga answer). */
  signals(body: Buffer, contentType: string | undefined): CheckedSignals | null {
    if (contentType === undefined || !contentType.startsWith('application/json')) return null;
    let request: { query?: unknown; variables?: unknown; operationName?: unknown; extensions?: unknown };
    try {
      request = JSON.parse(body.toString('utf8')) as typeof request;
    } catch {
      return null;
    }
    if (request === null || typeof request !== 'object' || typeof request.query !== 'string' || request.extensions !== undefined) return null;
    const verdict = this.verdict(request.query);
    if (verdict === null) return null;
    if (request.operationName != null && request.operationName !== verdict.operationName) return null;
    const variables = request.variables as Record<string, unknown> | null | undefined;
    const signals = variables?.[verdict.variable];
    if (!Array.isArray(signals) || signals.length > MAX_SIGNALS_PER_MUTATION || Object.keys(variables!).length !== 1) return null;
    const known = new Array<boolean>(signals.length);
    for (let i = 0; i < signals.length; i++) {
      const signal: unknown = signals[i];
      known[i] = knownCheck(signal);
      if (!known[i] && !fastCheck(signal)) return null;
    }
    return { signals, known, body: new ReceivedBody(body, verdict.variable) };
  }

  private verdict(query: string) {
    let verdict = this.verdicts.get(query);
    if (verdict === undefined) {
      try {
        verdict = signalsVariable(this.schema, parse(query));
      } catch {
        verdict = null;
      }
      if (this.verdicts.size >= CACHE_LIMIT) this.verdicts.clear();
      this.verdicts.set(query, verdict);
    }
    return verdict;
  }
}
