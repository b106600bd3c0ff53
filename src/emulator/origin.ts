/**
 * The same-origin rule of `/_emulator/` (the inspection API and the inspector
 * page): a request whose `Origin` header is present and names another site is
 * refused, so a page elsewhere cannot read signals or reset the emulator
 * through a user's browser. No CORS headers are ever sent.
 *
 * The emulator's own origin is read from the socket the request arrived on
 * (`http://<local address>:<port>`, plus `localhost` on a loopback address),
 * never from the `Host` header: a DNS-rebound name (`http://evil.example:4000`
 * resolving to 127.0.0.1) is not the emulator's origin.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { isIP } from 'node:net';
import { sendJson } from './http-util.js';

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1)$/;

/** The origins a page served on this socket can have. */
export function ownOrigins(localAddress: string, port: number): string[] {
  const address = localAddress.startsWith('::ffff:') ? localAddress.slice(7) : localAddress;
  const host = isIP(address) === 6 ? `[${address}]` : address;
  const origins = [`http://${host}:${port}`];
  if (LOOPBACK.test(address)) origins.push(`http://localhost:${port}`);
  return origins;
}

/** The request's `Origin` when it is present and not the emulator's own, else `undefined`. */
export function foreignOrigin(req: IncomingMessage): string | undefined {
  const origin = req.headers.origin;
  if (origin === undefined) return undefined;
  const { localAddress, localPort } = req.socket;
  if (localAddress !== undefined && localPort !== undefined && ownOrigins(localAddress, localPort).includes(origin.toLowerCase())) return undefined;
  return origin;
}

/** The 403 a request from another origin gets (plain JSON, no CORS headers). */
export function refuseForeignOrigin(res: ServerResponse): void {
  sendJson(res, 403, {
    error: {
      code: 'FOREIGN_ORIGIN',
      message: 'Refused: this request comes from a page of another origin. The inspection API and the inspector page answer only the emulator\'s own page and clients that send no Origin.',
    },
  });
}
