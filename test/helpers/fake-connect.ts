/**
 * A scriptable stand-in for Connect on 127.0.0.1 (port 0), for the client's
 * retry table: each request is answered by `script(request)`, which can
 * return an answer, `'reset'` (destroy the socket after reading the request),
 * or `'hang'` (never answer). By default every signal gets an id.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';

export interface FakeRequest {
  /** 1-based number of the request. */
  readonly n: number;
  readonly headers: IncomingMessage['headers'];
  /** The body's exact text. */
  readonly text: string;
  /** The body's exact bytes. */
  readonly bytes: Buffer;
  /** The body parsed ({} when it is not JSON: the script decides the answer). */
  readonly body: { query?: string; operationName?: string; variables?: { signals?: Array<Record<string, unknown>> } };
  readonly signals: Array<Record<string, unknown>>;
}

export interface FakeAnswer {
  status?: number;
  headers?: Record<string, string>;
  /** JSON body; a string is sent as it is. */
  body?: unknown;
}

export type Script = (request: FakeRequest) => FakeAnswer | 'reset' | 'hang' | undefined;

export interface FakeConnect {
  readonly url: string;
  readonly requests: FakeRequest[];
  /** Every signal the server answered with an id for (what Connect "imported"). */
  readonly imported: Array<Record<string, unknown>>;
  script: Script;
  close(): Promise<void>;
}

/** The default answer: an id for each signal. */
export function idsFor(request: FakeRequest, count = request.signals.length): FakeAnswer {
  return { body: { data: { createSignals: { signalIds: Array.from({ length: count }, () => randomUUID()) } } } };
}

export async function startFakeConnect(script: Script = () => undefined): Promise<FakeConnect> {
  const requests: FakeRequest[] = [];
  const imported: Array<Record<string, unknown>> = [];
  const hanging: ServerResponse[] = [];
  const fake: FakeConnect = { url: '', requests, imported, script, close: async () => {} };
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const bytes = Buffer.concat(chunks);
    const text = bytes.toString('utf8');
    let body: FakeRequest['body'] = {};
    try {
      body = JSON.parse(text) as FakeRequest['body'];
    } catch {
      // Left to the script (the default answer gives no ids).
    }
    const request: FakeRequest = { n: requests.length + 1, headers: req.headers, text, bytes, body, signals: body.variables?.signals ?? [] };
    requests.push(request);
    const answer = fake.script(request) ?? idsFor(request);
    if (answer === 'reset') {
      req.socket.destroy();
      return;
    }
    if (answer === 'hang') {
      hanging.push(res);
      return;
    }
    const status = answer.status ?? 200;
    const json = typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body ?? {});
    const ids = (answer.body as { data?: { createSignals?: { signalIds?: unknown[] } } } | undefined)?.data?.createSignals?.signalIds;
    if (status === 200 && Array.isArray(ids)) imported.push(...request.signals.slice(0, ids.length));
    res.writeHead(status, { 'content-type': typeof answer.body === 'string' ? 'text/plain' : 'application/json', ...answer.headers });
    res.end(json);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  Object.assign(fake, {
    url: `http://127.0.0.1:${port}/graphql`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const res of hanging) res.destroy();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  });
  return fake;
}
