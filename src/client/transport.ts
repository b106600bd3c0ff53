/**
 * The transport: one `createSignals` request per call, on @urql/core.
 *
 * urql's own fetchExchange serializes the variables with a sorted-key
 * stringify and walks them looking for files; its `createRequest` hashes
 * them for the operation key. For 500 signals that is most of the client's
 * CPU (STACK.md). So the operation is made here by the urql Client with a
 * counter as its key, and sent through urql's own fetch source
 * (`makeFetchSource`, what its fetchExchange runs) with the body the batch
 * serialized once; urql parses the answer into a result with a CombinedError
 * as usual. The signals still travel as GraphQL variables, never in the query
 * text.
 *
 * Why not `client.executeRequestOperation`: for a mutation, the Client's
 * result pipeline kept each operation (and so its 500 signals) reachable well
 * after its answer. Measured on 200,000 signals: every signal was promoted to
 * the old generation (~330 MB promoted, 8 full GCs, peak RSS ~160 MB) against
 * ~9 MB promoted and ~115 MB with the fetch source called directly.
 *
 * A `fetch` wrapper adds the time-out (urql overwrites `fetchOptions.signal`)
 * and records the Response, so the status and `Retry-After` can be read.
 * The answer is turned into ids or one DeliveryError; nothing is thrown.
 */
import { Client, type GraphQLRequest, type OperationResult } from '@urql/core';
import { makeFetchSource } from '@urql/core/internal';
import { pipe, toPromise } from 'wonka';
import { CreateSignalsDocument, type CreateSignalsMutation } from '../../generated/graphql.js';
import {
  AbortedError,
  GraphQLResponseError,
  HttpError,
  InvalidResponseError,
  MissingIdsError,
  NetworkError,
  TimeoutError,
  type DeliveryError,
} from './errors.js';
import { parseRetryAfter } from './retry.js';

/** The answer to one request. */
export type AttemptResult = { readonly ok: true; readonly ids: readonly string[] } | { readonly ok: false; readonly error: DeliveryError };

/** Sends one batch. The one-method interface tests and the dry run can replace. */
export interface Transport {
  /** `body` is the JSON request body for `count` signals (text or UTF-8 bytes), serialized once by the batch. */
  post(count: number, body: string | Uint8Array<ArrayBuffer>, signal: AbortSignal): Promise<AttemptResult>;
}

/** What the transport needs. */
export interface TransportOptions {
  readonly endpoint: URL;
  readonly apiKey: string;
  readonly timeoutMs: number;
  readonly fetch: typeof fetch;
}

/**
 * A byte body as a one-chunk stream, for the runtime's own fetch: undici
 * copies a byte body when the request is made, and those ~400 KB copies wait
 * for the garbage collector (measured: peak RSS 156 MB → 128 MB for 200,000
 * signals, and flat with the file's size). A custom `fetch` gets the bytes.
 */
function streamed(init: RequestInit | undefined, enabled: boolean): RequestInit {
  const body = init?.body;
  if (!enabled || !(body instanceof Uint8Array)) return {};
  const headers = new Headers(init?.headers);
  headers.set('content-length', String(body.byteLength));
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(body);
      controller.close();
    },
  });
  return { body: stream, headers, duplex: 'half' } as RequestInit;
}

/** The query text and operation name every request carries (the body prefix of a batch). */
export const OPERATION_NAME = 'CreateSignals';

/** Error codes meaning the connection was never made: the request cannot have been processed. */
const NOT_SENT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'EADDRNOTAVAIL', 'UND_ERR_CONNECT_TIMEOUT']);

/** GraphQL error codes (extensions.code) that reject the variables, i.e. the batch's content. */
const CONTENT_CODES = new Set(['BAD_USER_INPUT', 'GRAPHQL_VALIDATION_FAILED', 'BAD_REQUEST']);

/** An error answer's body when it is plain text (a JSON body without GraphQL errors says nothing more than the status). */
function plainText(text: string): string {
  const t = text.trim();
  return t.startsWith('{') || t.startsWith('[') || t.startsWith('<') ? '' : t;
}

function errnoOf(error: unknown): string | undefined {
  for (let e: unknown = error, depth = 0; e !== null && typeof e === 'object' && depth < 4; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') return code;
  }
  return undefined;
}

/** Creates the transport. Every message is passed through `redact` (the API key never leaves it). */
export function createTransport(options: TransportOptions): Transport {
  const { apiKey, timeoutMs } = options;
  const streamBodies = options.fetch === globalThis.fetch;
  const redact = (text: string): string => (apiKey === '' ? text : text.split(apiKey).join('[redacted]')).slice(0, 1000);
  const client = new Client({
    url: options.endpoint.href,
    // Operations are made by the Client and sent through urql's fetch source directly (see above).
    exchanges: [],
    requestPolicy: 'network-only',
    preferGetMethod: false,
    fetchOptions: {
      headers: {
        'content-type': 'application/json',
        accept: 'application/graphql-response+json, application/json',
        'x-api-key': apiKey,
      },
      // Never follow a redirect: fetch would carry x-api-key (not an Authorization header) to
      // wherever it points. A 3xx is a failed delivery (ERR_HTTP with its status) instead.
      redirect: 'manual',
    },
  });
  let nextKey = 1;

  return {
    async post(count, body, external) {
      if (external.aborted) return { ok: false, error: new AbortedError(false) };
      // One controller per request, released when the answer is read. (AbortSignal.any and
      // AbortSignal.timeout keep every request's memory until a major GC on Node 20: measured
      // +200 MB peak RSS over 400 requests.) urql's own signal is left out: it aborts only on
      // teardown, which for a mutation comes after the answer.
      const controller = new AbortController();
      let timedOut = false;
      const timer = setTimeout(() => {
        timedOut = true;
        controller.abort();
      }, timeoutMs);
      const onAbort = () => controller.abort();
      external.addEventListener('abort', onAbort, { once: true });
      let response: Response | undefined;
      let errorText: Promise<string> | undefined;
      let thrown: unknown;
      let started = false;
      const recordingFetch: typeof fetch = async (input, init) => {
        started = true;
        try {
          response = await options.fetch(input, { ...init, ...streamed(init, streamBodies), signal: controller.signal });
        } catch (error) {
          thrown = error;
          throw error;
        }
        if (!response.ok) errorText = response.clone().text().catch(() => '');
        return response;
      };
      // A counter for a key: urql's createRequest would hash the whole batch. The signals are in
      // `body` (urql's fetch source sends it as given); the operation does not hold them again.
      const request: GraphQLRequest = { key: nextKey++, query: CreateSignalsDocument, variables: {} };
      const operation = client.createRequestOperation('mutation', request, { fetch: recordingFetch });
      const init: RequestInit = { ...(operation.context.fetchOptions as RequestInit), method: 'POST', body };
      let result: OperationResult<CreateSignalsMutation>;
      let text: string;
      try {
        result = (await pipe(makeFetchSource(operation, operation.context.url, init), toPromise)) as OperationResult<CreateSignalsMutation>;
        text = (await errorText) ?? '';
      } finally {
        clearTimeout(timer);
        external.removeEventListener('abort', onAbort);
      }
      return classify(result, count, text);

      function classify(res: OperationResult<CreateSignalsMutation>, size: number, text: string): AttemptResult {
        if (external.aborted) return { ok: false, error: new AbortedError(started) };
        if (response === undefined) {
          if (timedOut) return { ok: false, error: new TimeoutError(timeoutMs) };
          const cause = thrown ?? res.error?.networkError;
          const errno = errnoOf(cause);
          const detail = errno ?? (cause instanceof Error ? cause.message : 'unknown network error');
          return { ok: false, error: new NetworkError(redact(`network error: ${detail}`), errno, errno === undefined || !NOT_SENT.has(errno), errno === undefined ? undefined : { code: errno }) };
        }
        const messages = (res.error?.graphQLErrors ?? []).map((e) => redact(e.message));
        if (!response.ok) {
          return { ok: false, error: new HttpError(response.status, redact(messages.join('; ') || plainText(text) || response.statusText), parseRetryAfter(response.headers.get('retry-after'), Date.now())) };
        }
        const ids = res.data?.createSignals?.signalIds;
        if (Array.isArray(ids)) {
          return ids.length === size ? { ok: true, ids } : { ok: false, error: new MissingIdsError(size, ids.length) };
        }
        if (messages.length > 0) {
          const rejects = (res.error?.graphQLErrors ?? []).some(
            (e) => CONTENT_CODES.has(String(e.extensions?.code ?? '')) || /Variable "\$signals"|got invalid value/.test(e.message),
          );
          return { ok: false, error: new GraphQLResponseError(messages, rejects) };
        }
        if (timedOut) return { ok: false, error: new TimeoutError(timeoutMs) };
        const reason = res.error?.networkError?.message ?? 'no data.createSignals.signalIds';
        return { ok: false, error: new InvalidResponseError(redact(reason)) };
      }
    },
  };
}
