/**
 * The emulator's answer to one GraphQL request, with no server: the bulk
 * mutation's fast path, else graphql-yoga over the emulator's schema. Used by
 * the HTTP request path (request-handler.ts, after the key check and faults)
 * and by the MSW handlers of `connect-signals/testing`, so both apply the same
 * rules with the same code.
 */
import { STATUS_CODES } from 'node:http';
import { createYoga } from 'graphql-yoga';
import { FastPath } from './fast-path.js';
import { answerSignals, createEmulatorSchema, type EmulatorContext } from './graphql-schema.js';
import { graphqlErrors } from './http-util.js';
import type { EmulatorState } from './state.js';

/** One GraphQL request, as read from HTTP. */
export interface GraphqlRequest {
  readonly method: string;
  /** The URL's query string, `?` included, or `''`. */
  readonly search: string;
  readonly contentType: string | undefined;
  readonly accept: string | undefined;
  readonly body: Buffer;
}

/** The answer to send: status, content type and body text. */
export interface GraphqlAnswer {
  readonly status: number;
  readonly type: string;
  readonly text: string;
}

/** Answers GraphQL requests against `state`; `fewerIds` is the injected fault of the same name. */
export type AnswerGraphql = (request: GraphqlRequest, fewerIds: boolean) => Promise<GraphqlAnswer>;

/** The content type yoga would answer with: the GraphQL-over-HTTP one when the client accepts it. */
function responseType(accept: string | undefined): string {
  return accept?.includes('application/graphql-response+json') === true
    ? 'application/graphql-response+json; charset=utf-8'
    : 'application/json; charset=utf-8';
}

/**
 * The name of a `variables` or `extensions` URL parameter that is not JSON, if any:
 * yoga answers those with HTTP 500 "Unexpected error.", though the mistake is the client's.
 */
function nonJsonParam(search: string): string | undefined {
  if (search.length < 2) return undefined;
  const params = new URLSearchParams(search);
  for (const name of ['variables', 'extensions']) {
    const value = params.get(name);
    if (value === null) continue;
    try {
      JSON.parse(value);
    } catch {
      return name;
    }
  }
  return undefined;
}

/** Builds the answering function bound to `state` (one yoga instance and one fast path). */
export function createGraphqlAnswer(state: EmulatorState): AnswerGraphql {
  const schema = createEmulatorSchema(state);
  const fastPath = new FastPath(schema);
  const yoga = createYoga<EmulatorContext>({
    schema,
    graphqlEndpoint: '/graphql',
    graphiql: false,
    landingPage: false,
    logging: false,
    cors: false,
  });

  async function toYoga(request: GraphqlRequest, context: EmulatorContext): Promise<GraphqlAnswer> {
    const { method, search, body } = request;
    const badParam = method === 'GET' || method === 'HEAD' ? nonJsonParam(search) : undefined;
    if (badParam !== undefined) {
      const text = JSON.stringify(graphqlErrors(`The ${badParam} parameter of the URL is not valid JSON. Nothing was stored.`, 'BAD_REQUEST'));
      return { status: 400, type: 'application/json; charset=utf-8', text };
    }
    const init: RequestInit = {
      method,
      headers: {
        'content-type': request.contentType ?? 'application/json',
        accept: request.accept ?? 'application/json',
      },
    };
    if (method !== 'GET' && method !== 'HEAD') init.body = body as Uint8Array<ArrayBuffer>; // a Buffer is a Uint8Array over a plain ArrayBuffer
    const response = await yoga.fetch(`http://emulator/graphql${search}`, init, context);
    const text = await response.text();
    if (text === '' && method !== 'HEAD' && response.status !== 204 && response.status !== 304) {
      // yoga answers some refusals (406 for an Accept it cannot serve) with an empty body labelled JSON: say why instead.
      const why = response.status === 406
        ? `Not acceptable: the Accept header (${request.accept ?? ''}) allows neither application/json nor application/graphql-response+json. Nothing was stored.`
        : `HTTP ${response.status} ${STATUS_CODES[response.status] ?? ''}. Nothing was stored.`;
      return { status: response.status, type: 'application/json; charset=utf-8', text: JSON.stringify(graphqlErrors(why, response.status === 406 ? 'NOT_ACCEPTABLE' : 'BAD_REQUEST')) };
    }
    return { status: response.status, type: response.headers.get('content-type') ?? 'application/json', text };
  }

  return async (request, fewerIds) => {
    const checked = request.method === 'POST' ? fastPath.signals(request.body, request.contentType) : null;
    if (checked === null) return toYoga(request, { faults: { fewerIds } });
    const text = JSON.stringify({ data: { createSignals: { signalIds: answerSignals(state, checked.signals, fewerIds, checked) } } });
    return { status: 200, type: responseType(request.accept), text };
  };
}
