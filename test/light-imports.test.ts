/**
 * Light imports: importing the package (or `connect-signals/client`) and
 * creating a client loads none of the heavy parts (the emulator's GraphQL
 * server, Redis, Prometheus, ...): a webhook handler on a serverless platform
 * pays its imports on every cold start. Each is loaded when its part is used.
 * Measured on the built package (dist/, built first as `npm run build` does: tsc,
 * then the entries bundled by scripts/build-entries.ts), in fresh processes that
 * import it by name, through package.json `exports`. The time and memory this
 * saves are a bench row (bench/cold-import.ts).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { buildDist } from './helpers/build-dist.js';
import { loadedModules } from './helpers/loaded-modules.js';
import { tempDir } from './helpers/temp-dir.js';

/** Packages that must not load until their part is used (graphql-js too: only the emulator and the schema check need it). */
const HEAVY = ['graphql-yoga', 'graphql', 'ioredis', 'prom-client', 'rate-limiter-flexible', 'pg', 'fastify', 'stripe', 'standardwebhooks', 'msw', 'cli-progress'];
/** Scopes of their dependencies (graphql-yoga's server and tools). */
const HEAVY_SCOPES = ['@graphql-tools/', '@graphql-yoga/', '@whatwg-node/', '@envelop/', '@fastify/'];

const heavyIn = (packages: readonly string[]) => packages.filter((p) => HEAVY.includes(p) || HEAVY_SCOPES.some((s) => p.startsWith(s)));

const CREATE_CLIENT = `createSignalsClient({ endpoint: 'http://127.0.0.1:1/', apiKey: 'k' });`;

beforeAll(buildDist, 120_000);

describe('importing the package and creating a client', () => {
  it.each(['connect-signals', 'connect-signals/client'])('%s: loads urql and no heavy package', async (entry) => {
    const { packages } = await loadedModules(`const { createSignalsClient } = await import('${entry}');\n${CREATE_CLIENT}`, tempDir('light-imports-'));
    expect(packages).toContain('@urql/core');
    expect(heavyIn(packages)).toEqual([]);
  });

  // The recorder sees what loads later, ES module or CommonJS: the same check would catch any of them at import.
  it.each([
    ['the emulator', `const { startEmulator } = await import('connect-signals');\nconst emulator = await startEmulator();\nawait emulator.stop();`, ['graphql', 'graphql-yoga', '@whatwg-node/server']],
    ['the queue', `const { createSignalsQueue } = await import('connect-signals');\nawait createSignalsQueue({ redis: 'redis://127.0.0.1:1' }).close();`, ['ioredis']],
    ['the schema check', `const { buildLocalSchema, readLocalSdl } = await import('connect-signals');\nbuildLocalSchema(await readLocalSdl());`, ['graphql']],
  ])('%s loads its heavy packages when it is used', async (_, code, expected) => {
    const { packages } = await loadedModules(code, tempDir('light-imports-'));
    expect(heavyIn(packages)).toEqual(expect.arrayContaining(expected));
  });
});

describe('package entries', () => {
  const entries = { client: 'createSignalsClient', validate: 'validateSignal', emulator: 'startEmulator', queue: 'createSignalsQueue' };

  it('connect-signals/client, /validate, /emulator, /queue resolve through exports; the root exports each of their names, as the same value', async () => {
    const { stdout } = await loadedModules(
      `const root = await import('connect-signals');
       const out = {};
       for (const name of ${JSON.stringify(Object.keys(entries))}) {
         const entry = await import('connect-signals/' + name);
         out[name] = { names: Object.keys(entry), notInRoot: Object.keys(entry).filter((k) => root[k] !== entry[k]) };
       }
       console.log(JSON.stringify(out));`,
      tempDir('light-imports-'),
    );
    const out = JSON.parse(stdout) as Record<string, { names: string[]; notInRoot: string[] }>;
    for (const [name, main] of Object.entries(entries)) {
      expect(out[name]?.names, name).toContain(main);
      expect(out[name]?.notInRoot, name).toEqual([]);
    }
  });
});
