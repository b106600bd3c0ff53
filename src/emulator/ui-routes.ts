/**
 * The inspector page at `/_emulator/ui` and its two assets, bundled at build
 * time from src/emulator/ui/ (scripts/build-ui.ts) into the package's
 * `dist/inspector/`. They hold no data and no key, so they are served without
 * `x-api-key`; the page asks the inspection API (with the key) for everything.
 *
 * The page's Content-Security-Policy allows scripts and styles from the
 * emulator only (no inline script, no `eval`), no frames around it, and
 * requests to the emulator only.
 */
import { existsSync, readFileSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { fileURLToPath } from 'node:url';
import { sendJson } from './http-util.js';

/** The folder of the bundle, relative to this module: from src/emulator/ (tsx, vitest), and from the built dist/src/emulator/ and dist/entries/. */
const BUNDLE_CANDIDATES = ['../../dist/inspector/', '../../inspector/'];

/** The bundle's files, as scripts/build-ui.ts writes them. */
export const INSPECTOR_ASSETS = { script: 'app.js', style: 'app.css' } as const;

export const INSPECTOR_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "connect-src 'self'",
  "img-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const SECURITY_HEADERS = {
  'content-security-policy': INSPECTOR_CSP,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  'cache-control': 'no-store',
} as const;

const PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Connect emulator · inspector</title>
<link rel="stylesheet" href="/_emulator/ui/${INSPECTOR_ASSETS.style}">
</head>
<body>
<div id="app"><p class="boot">Loading the inspector…</p></div>
<script type="module" src="/_emulator/ui/${INSPECTOR_ASSETS.script}"></script>
</body>
</html>
`;

/** Absolute path of the bundle's folder, or `undefined` when it was never built. */
export function inspectorBundleDir(): string | undefined {
  for (const relative of BUNDLE_CANDIDATES) {
    const dir = fileURLToPath(new URL(relative, import.meta.url));
    if (existsSync(`${dir}${INSPECTOR_ASSETS.script}`)) return dir;
  }
  return undefined;
}

function send(res: ServerResponse, type: string, body: string | Buffer, head: boolean): void {
  res.writeHead(200, { 'content-type': type, 'content-length': Buffer.byteLength(body), ...SECURITY_HEADERS });
  res.end(head ? undefined : body);
}

/** Whether `route` (the path after `/_emulator/`) is the page or one of its assets. */
export function isUiRoute(route: string): boolean {
  return route === 'ui' || route.startsWith('ui/');
}

/** Serves the page (`ui`, `ui/`) or an asset (`ui/app.js`, `ui/app.css`). */
export function serveUi(method: string, route: string, res: ServerResponse): void {
  if (method !== 'GET' && method !== 'HEAD') {
    return sendJson(res, 405, { error: { code: 'METHOD_NOT_ALLOWED', message: `${method} is not allowed on /_emulator/${route}` } });
  }
  const head = method === 'HEAD';
  const file = route.slice(3);
  if (file === '') return send(res, 'text/html; charset=utf-8', PAGE, head);
  const type = file === INSPECTOR_ASSETS.script ? 'text/javascript; charset=utf-8' : file === INSPECTOR_ASSETS.style ? 'text/css; charset=utf-8' : undefined;
  if (type === undefined) return sendJson(res, 404, { error: { code: 'NOT_FOUND', message: `no inspector file /_emulator/${route}` } });
  const dir = inspectorBundleDir();
  if (dir === undefined) {
    return sendJson(res, 503, { error: { code: 'INSPECTOR_NOT_BUILT', message: 'The inspector page is not built: run `npm run build` in the connect-signals package.' } });
  }
  // Read at each request (a few tens of KB, only while a page loads) so a rebuilt bundle is served at once.
  send(res, type, readFileSync(`${dir}${file}`), head);
}
