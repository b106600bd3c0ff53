/**
 * Small HTTP helpers of the emulator's request path: a size-capped body
 * reader, JSON answers, and the constant-time key check.
 */
import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

/** Why no body came back from {@link readBody}. */
export const TOO_LARGE = Symbol('too large');
export const ABORTED = Symbol('aborted');

/**
 * Reads the whole body, up to `limit` bytes. Above it, resolves {@link TOO_LARGE}
 * at once and discards the rest as it arrives (so the client still reads the 413).
 */
export function readBody(req: IncomingMessage, limit: number): Promise<Buffer | typeof TOO_LARGE | typeof ABORTED> {
  const declared = Number(req.headers['content-length']);
  if (declared > limit) {
    req.resume();
    return Promise.resolve(TOO_LARGE);
  }
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.off('data', onData);
        req.resume();
        resolve(TOO_LARGE);
        return;
      }
      chunks.push(chunk);
    };
    req.on('data', onData);
    req.once('end', () => resolve(size > limit ? TOO_LARGE : chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size)));
    req.once('close', () => resolve(ABORTED));
    req.once('error', () => resolve(ABORTED));
  });
}

/** Answers `body` as JSON. */
export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

/** A GraphQL-style error body: `{ "errors": [{ "message", "extensions": { "code" } }] }`. */
export function graphqlErrors(message: string, code: string, data?: unknown): Record<string, unknown> {
  return { ...(data === undefined ? {} : { data }), errors: [{ message, extensions: { code } }] };
}

/** Whether the request carries `apiKey` in `x-api-key`: `missing`, `wrong` or `ok`. */
export function checkApiKey(req: IncomingMessage, apiKey: Buffer): 'missing' | 'wrong' | 'ok' {
  const given = req.headers['x-api-key'];
  if (given === undefined || given === '') return 'missing';
  const buf = Buffer.from(Array.isArray(given) ? given.join(',') : given);
  return buf.length === apiKey.length && timingSafeEqual(buf, apiKey) ? 'ok' : 'wrong';
}

/** The body of the 401 every unauthenticated request gets. */
export function unauthorizedBody(why: 'missing' | 'wrong'): Record<string, unknown> {
  const message = why === 'missing'
    ? 'Authentication required: send your API key in the x-api-key header. Nothing was stored.'
    : 'Authentication failed: the x-api-key header does not hold a valid API key. Nothing was stored.';
  return graphqlErrors(message, 'UNAUTHENTICATED');
}

/** Sends the 401 every unauthenticated request gets. */
export function sendUnauthorized(res: ServerResponse, why: 'missing' | 'wrong'): void {
  sendJson(res, 401, unauthorizedBody(why));
}
