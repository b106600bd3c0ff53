/**
 * The inspection API under `/_emulator/` (JSON over HTTP, `x-api-key` required):
 *   GET  /_emulator/signals[?status=accepted|discarded&type=T&contact=ID&text=S&order=oldest|newest&offset=N&limit=N]
 *   GET  /_emulator/contacts[?offset=N&limit=N]   POST /_emulator/contacts (JSON or NDJSON contacts)
 *   GET  /_emulator/faults              POST /_emulator/faults (replaces every fault)
 *   GET  /_emulator/stats               POST /_emulator/reset
 *   GET  /_emulator/live                NDJSON stream of state notices (live-stream.ts)
 * The page at /_emulator/ui is served by ui-routes.ts.
 */
import type { ServerResponse } from 'node:http';
import { parseContactSeeds } from './contact-seeds.js';
import { isEmulatorError } from './errors.js';
import { sendJson } from './http-util.js';
import { streamLive } from './live-stream.js';
import type { FaultOptions } from './options.js';
import type { EmulatorState, SignalQuery } from './state.js';
import { querySignals } from './signal-query.js';

function problem(res: ServerResponse, status: number, code: string, message: string): void {
  sendJson(res, status, { error: { code, message } });
}

function wholeNumber(params: URLSearchParams, name: string): number | undefined | null {
  const raw = params.get(name);
  if (raw === null) return undefined;
  const n = Number(raw);
  return Number.isInteger(n) && n >= 0 ? n : null;
}

function signalQuery(params: URLSearchParams): SignalQuery | string {
  const status = params.get('status') ?? undefined;
  if (status !== undefined && status !== 'accepted' && status !== 'discarded') return 'status must be accepted or discarded';
  const order = params.get('order') ?? undefined;
  if (order !== undefined && order !== 'oldest' && order !== 'newest') return 'order must be oldest or newest';
  const offset = wholeNumber(params, 'offset');
  const limit = wholeNumber(params, 'limit');
  if (offset === null || limit === null) return 'offset and limit must be whole numbers ≥ 0';
  const text = (name: string) => params.get(name) || undefined; // an empty filter is no filter
  return { status, type: text('type'), contact: text('contact'), text: text('text'), order, offset, limit };
}

function parseJson(body: Buffer): { ok: true; value: unknown } | { ok: false; message: string } {
  try {
    return { ok: true, value: JSON.parse(body.toString('utf8')) };
  } catch (error) {
    return { ok: false, message: `the body is not valid JSON (${(error as Error).message})` };
  }
}

/** Answers one inspection request; `body` is the request body (empty for GET). */
export function handleInspection(state: EmulatorState, method: string, route: string, params: URLSearchParams, body: Buffer, res: ServerResponse): void {
  const key = `${method} ${route}`;
  try {
    switch (key) {
      case 'GET signals': {
        const query = signalQuery(params);
        if (typeof query === 'string') return problem(res, 400, 'BAD_QUERY', query);
        const { matched, signals } = querySignals(state.records, query);
        return sendJson(res, 200, { total: state.records.length, matched, count: signals.length, signals });
      }
      case 'GET contacts': {
        const offset = wholeNumber(params, 'offset');
        const limit = wholeNumber(params, 'limit');
        if (offset === null || limit === null) return problem(res, 400, 'BAD_QUERY', 'offset and limit must be whole numbers ≥ 0');
        return sendJson(res, 200, { total: state.contacts.list().length, contacts: state.contactViews(offset, limit) });
      }
      case 'GET live':
        return streamLive(state, res);
      case 'POST contacts': {
        const seeds = parseContactSeeds(body.toString('utf8'), 'body');
        state.seed(seeds, 'body');
        const views = state.contactViews();
        return sendJson(res, 201, { added: seeds.length, contacts: seeds.length === 0 ? [] : views.slice(-seeds.length) });
      }
      case 'GET faults':
        return sendJson(res, 200, { faults: state.faults.get() });
      case 'POST faults': {
        const parsed = parseJson(body.length === 0 ? Buffer.from('{}') : body);
        if (!parsed.ok) return problem(res, 400, 'BAD_JSON', parsed.message);
        state.setFaults(parsed.value as FaultOptions);
        return sendJson(res, 200, { faults: state.faults.get() });
      }
      case 'GET stats':
        return sendJson(res, 200, { stats: state.stats, inFlight: state.inFlight });
      case 'POST reset':
        state.reset();
        return sendJson(res, 200, { reset: true });
      default: {
        const known = ['signals', 'contacts', 'faults', 'stats', 'reset', 'live'].includes(route);
        return known
          ? problem(res, 405, 'METHOD_NOT_ALLOWED', `${method} is not allowed on /_emulator/${route}`)
          : problem(res, 404, 'NOT_FOUND', `no inspection route /_emulator/${route} (known: signals, contacts, faults, stats, reset, live, ui)`);
      }
    }
  } catch (error) {
    if (isEmulatorError(error)) return problem(res, 400, error.code, error.message);
    throw error;
  }
}
