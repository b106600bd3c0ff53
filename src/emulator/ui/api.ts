/**
 * The page's only door to the emulator: the inspection API with the key in
 * the `x-api-key` header (never in a URL), and the live stream read from a
 * streamed `fetch` (an `EventSource` cannot send the header).
 */
import type { EmulatorStats } from '../inspection-types.js';
import type { ContactPage, Faults, LiveEvent, SignalFilters, SignalPage } from './wire.js';

/** An answer other than 2xx; `status` 401 means the key was refused. */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

function errorMessage(body: unknown, status: number): string {
  const b = body as { error?: { message?: string }; errors?: Array<{ message?: string }> } | null;
  return b?.error?.message ?? b?.errors?.[0]?.message ?? `HTTP ${status}`;
}

/** A client of the inspection API, bound to one key. */
export function createApi(key: string) {
  async function call<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
    const headers: Record<string, string> = { 'x-api-key': key };
    if (body !== undefined) headers['content-type'] = 'application/json';
    const res = await fetch(`/_emulator/${path}`, { method, headers, cache: 'no-store', ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
    const json: unknown = await res.json().catch(() => null);
    if (!res.ok) throw new ApiError(res.status, errorMessage(json, res.status));
    return json as T;
  }

  return {
    signals(filters: SignalFilters, offset: number, limit: number): Promise<SignalPage> {
      const params = new URLSearchParams({ order: 'newest', offset: String(offset), limit: String(limit) });
      for (const name of ['status', 'type', 'contact', 'text'] as const) if (filters[name] !== '') params.set(name, filters[name]);
      return call('GET', `signals?${params}`);
    },
    contacts: (offset: number, limit: number): Promise<ContactPage> => call('GET', `contacts?offset=${offset}&limit=${limit}`),
    faults: async (): Promise<Faults> => (await call<{ faults: Faults }>('GET', 'faults')).faults,
    setFaults: async (faults: Faults): Promise<Faults> => (await call<{ faults: Faults }>('POST', 'faults', faults)).faults,
    stats: async (): Promise<EmulatorStats> => (await call<{ stats: EmulatorStats }>('GET', 'stats')).stats,
    reset: (): Promise<unknown> => call('POST', 'reset', {}),

    /**
     * Reads the live stream until `signal` aborts, calling `onEvent` for each
     * event and `onStatus` when the connection is made or lost; reconnects after
     * a second when it ends. A refused key ends it with `onStatus('refused')`.
     */
    async live(onEvent: (e: LiveEvent) => void, onStatus: (s: 'live' | 'reconnecting' | 'refused') => void, signal: AbortSignal): Promise<void> {
      while (!signal.aborted) {
        try {
          const res = await fetch('/_emulator/live', { headers: { 'x-api-key': key }, cache: 'no-store', signal });
          if (res.status === 401) return onStatus('refused');
          if (!res.ok || res.body === null) throw new ApiError(res.status, `HTTP ${res.status}`);
          onStatus('live');
          const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
          let buffered = '';
          for (;;) {
            const { done, value } = await reader.read();
            if (done) break;
            buffered += value;
            let nl: number;
            while ((nl = buffered.indexOf('\n')) !== -1) {
              const line = buffered.slice(0, nl).trim();
              buffered = buffered.slice(nl + 1);
              if (line !== '') onEvent(JSON.parse(line) as LiveEvent);
            }
          }
        } catch {
          if (signal.aborted) return;
        }
        onStatus('reconnecting');
        await new Promise((resolve) => setTimeout(resolve, 1000));
      }
    },
  };
}

/** The inspection API client's type. */
export type Api = ReturnType<typeof createApi>;
