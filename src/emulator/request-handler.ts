/**
 * The emulator's HTTP request path. GraphQL requests (at `/` like Connect's
 * endpoints, and at `/graphql`): body read with a size cap → key check →
 * injected faults → the answer (graphql-answer.ts). Inspection requests go to inspection.ts.
 * Whatever arrives, the answer is an HTTP response (or a deliberate drop), never a crash.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { setTimeout as delay } from 'node:timers/promises';
import { createGraphqlAnswer } from './graphql-answer.js';
import { ABORTED, TOO_LARGE, checkApiKey, graphqlErrors, readBody, sendJson, sendUnauthorized } from './http-util.js';
import { handleInspection } from './inspection.js';
import { foreignOrigin, refuseForeignOrigin } from './origin.js';
import { isUiRoute, serveUi } from './ui-routes.js';
import type { EmulatorState } from './state.js';

const INSPECTION_PREFIX = '/_emulator/';

/** The media types graphql-yoga can answer in. */
const SERVABLE = ['application/json', 'application/graphql-response+json', 'text/event-stream', 'multipart/mixed'];

/**
 * Whether the Accept header allows one of {@link SERVABLE}. Checked before the
 * request is processed: yoga executes the mutation (storing its signals) and
 * only then answers 406 with an empty body.
 */
function acceptable(accept: string | undefined): boolean {
  if (accept === undefined || accept.trim() === '') return true;
  return accept.split(',').some((range) => {
    const type = range.split(';')[0]!.trim().toLowerCase();
    const slash = type.indexOf('/');
    if (type === '*/*' || slash === -1) return type === '*/*';
    const wildcard = type.slice(slash + 1) === '*' ? type.slice(0, slash + 1) : undefined;
    return SERVABLE.some((s) => s === type || (wildcard !== undefined && s.startsWith(wildcard)));
  });
}

/** A node:http request listener serving the emulator. */
export function createRequestHandler(state: EmulatorState): (req: IncomingMessage, res: ServerResponse) => void {
  const answerGraphql = createGraphqlAnswer(state);
  const apiKey = Buffer.from(state.options.apiKey);
  const limit = state.options.maxBodyBytes;

  /** Counts the request as in flight until it is answered (see {@link EmulatorState.inFlight}). */
  async function graphql(req: IncomingMessage, res: ServerResponse, search: string): Promise<void> {
    state.inFlight++;
    try {
      await graphqlRequest(req, res, search);
    } finally {
      state.inFlight--;
    }
  }

  async function graphqlRequest(req: IncomingMessage, res: ServerResponse, search: string): Promise<void> {
    const stats = state.stats;
    stats.requests++;
    const body = await readBody(req, limit);
    if (body === ABORTED) return;
    if (body === TOO_LARGE) {
      stats.tooLarge++;
      return sendJson(res, 413, graphqlErrors(`The request body is larger than ${limit} bytes. Nothing was stored: send smaller batches.`, 'PAYLOAD_TOO_LARGE'), { connection: 'close' });
    }
    const auth = checkApiKey(req, apiKey);
    if (auth !== 'ok') {
      stats.unauthorized++;
      state.changed();
      return sendUnauthorized(res, auth);
    }
    if (!acceptable(req.headers.accept)) {
      return sendJson(res, 406, graphqlErrors(
        `Not acceptable: the Accept header (${req.headers.accept}) allows neither application/json nor application/graphql-response+json. Nothing was stored.`, 'NOT_ACCEPTABLE'));
    }
    const latency = state.faults.latencyMs();
    if (latency > 0) {
      // Latency comes before processing: a client that gives up during it leaves nothing stored.
      const gone = new AbortController();
      res.once('close', () => gone.abort());
      try {
        await delay(latency, undefined, { signal: gone.signal });
      } catch {
        return;
      }
    }
    const fault = state.faults.decide();
    if (fault.kind !== 'none') state.changed(); // a fault counter moves below: an open inspector shows it
    switch (fault.kind) {
      case 'rate_limited':
        stats.faults.rateLimited++;
        return sendJson(res, 429, graphqlErrors(`Too many requests (injected fault): retry after ${fault.retryAfterSeconds} s. Nothing was stored.`, 'RATE_LIMITED'), {
          'retry-after': String(fault.retryAfterSeconds),
        });
      case 'unavailable':
        stats.faults.unavailable++;
        return sendJson(res, 503, graphqlErrors('Service unavailable (injected fault). Nothing was stored.', 'SERVICE_UNAVAILABLE'));
      case 'drop':
        stats.faults.dropped++;
        req.socket.destroy();
        return;
      case 'graphql_error':
        stats.faults.graphqlErrors++;
        return sendJson(res, 200, graphqlErrors('Internal server error (injected fault). Nothing was stored.', 'INTERNAL_SERVER_ERROR', null));
      case 'none':
        break;
    }
    const answer = await answerGraphql(
      { method: req.method ?? 'GET', search, contentType: req.headers['content-type'], accept: req.headers.accept, body },
      fault.fewerIds,
    );
    if (fault.dropAfter) {
      stats.faults.dropped++;
      req.socket.destroy();
      return;
    }
    res.writeHead(answer.status, { 'content-type': answer.type, 'content-length': Buffer.byteLength(answer.text) });
    res.end(answer.text);
  }

  async function inspection(req: IncomingMessage, res: ServerResponse, route: string, search: string): Promise<void> {
    if (foreignOrigin(req) !== undefined) {
      req.resume();
      return refuseForeignOrigin(res);
    }
    if (isUiRoute(route)) {
      req.resume();
      return serveUi(req.method ?? 'GET', route, res);
    }
    const body = await readBody(req, limit);
    if (body === ABORTED) return;
    if (body === TOO_LARGE) return sendJson(res, 413, { error: { code: 'PAYLOAD_TOO_LARGE', message: `The request body is larger than ${limit} bytes.` } }, { connection: 'close' });
    const auth = checkApiKey(req, apiKey);
    if (auth !== 'ok') return sendUnauthorized(res, auth);
    handleInspection(state, req.method ?? 'GET', route, new URLSearchParams(search), body, res);
  }

  return (req, res) => {
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    const path = q === -1 ? url : url.slice(0, q);
    const search = q === -1 ? '' : url.slice(q);
    let work: Promise<void>;
    if (path === '/' || path === '/graphql') work = graphql(req, res, search);
    else if (path.startsWith(INSPECTION_PREFIX)) work = inspection(req, res, path.slice(INSPECTION_PREFIX.length), search);
    else {
      req.resume();
      work = Promise.resolve(sendJson(res, 404, graphqlErrors(`Nothing at ${path}: the GraphQL endpoint is / (or /graphql), the inspection API is under /_emulator/.`, 'NOT_FOUND')));
    }
    work.catch((error: unknown) => {
      // Last resort: answer 500 rather than crash the process.
      if (!res.headersSent) sendJson(res, 500, graphqlErrors(`Emulator error: ${(error as Error).message}`, 'INTERNAL_SERVER_ERROR'));
      else res.destroy();
    });
  };
}
