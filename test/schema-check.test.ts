/**
 * Schema drift: `connect-signals schema check` introspects an endpoint over
 * real HTTP and compares its createSignals types with the local SDL. Against
 * the emulator it is compatible; against servers serving modified SDLs it
 * tells breaking from safe changes, and matches renamed types by structure.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buildSchema } from 'graphql';
import { createSchema, createYoga } from 'graphql-yoga';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { checkSchema, compareCreateSignals, isSchemaCheckError, readLocalSdl, startEmulator, type EmulatorHandle } from '../src/index.js';
import { runCli } from './helpers/run-cli.js';

const LOCAL = readLocalSdl();

/** The local SDL with `edit` applied; fails loudly if the edit did not apply. */
function modified(edit: (sdl: string) => string): string {
  const sdl = edit(LOCAL);
  if (sdl === LOCAL) throw new Error('the edit changed nothing');
  return sdl;
}

const edits = {
  madeRequired: (s: string) => s.replace('  test: Boolean\n', '  test: Boolean!\n'),
  removed: (s: string) => s.replace(/ {2}"Session ID[^\n]*\n {2}sessionId: String\n/, ''),
  optionalAdded: (s: string) => s.replace('  test: Boolean\n', '  test: Boolean\n  channel: String\n'),
  requiredAdded: (s: string) => s.replace('  test: Boolean\n', '  test: Boolean\n  region: String!\n'),
  // Connect's live names are unpublished: types with other names but the same shape.
  renamedInner: (s: string) => s.replaceAll('IdentifiableAttributesInput', 'ContactAttributes').replaceAll('scalar SignalContent', 'scalar JSON').replaceAll('SignalContent!', 'JSON!'),
  renamedArgType: (s: string) => s.replaceAll('SignalInput', 'CreateSignalInput'),
  noMutation: (s: string) => s.replace(/"""\nThe mutation root\.\n"""\ntype Mutation \{[\s\S]*$/, ''),
};

/** A yoga server on 127.0.0.1 serving `sdl` (introspection only), requiring `key` when given. */
async function serve(sdl: string, key?: string): Promise<{ url: string; close: () => Promise<void> }> {
  const yoga = createYoga({ schema: createSchema({ typeDefs: sdl }), graphiql: false, landingPage: false, logging: false, graphqlEndpoint: '/' });
  const server: Server = createServer((req, res) => {
    if (key !== undefined && req.headers['x-api-key'] !== key) {
      res.writeHead(401, { 'content-type': 'application/json' }).end('{"errors":[{"message":"bad key"}]}');
      return;
    }
    void yoga(req, res);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/`, close: () => new Promise((r) => server.close(() => r())) };
}

let emulator: EmulatorHandle;
let dir: string;
beforeAll(async () => {
  emulator = await startEmulator();
  dir = await mkdtemp(path.join(tmpdir(), 'schema-check-'));
});
afterAll(async () => {
  await emulator.stop();
  await rm(dir, { recursive: true, force: true });
});

describe('schema check against the emulator', () => {
  it('the emulator answers introspection and is compatible: exit 0', async () => {
    const run = await runCli(['schema', 'check', '--endpoint', emulator.url, '--api-key', emulator.apiKey]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^compatible: /);
    expect(run.stdout).toContain('No differences.');
  });

  it('takes the key from CONNECT_API_KEY; without a key it is exit 2 naming HTTP 401', async () => {
    expect((await runCli(['schema', 'check', '--endpoint', emulator.graphqlUrl], { env: { CONNECT_API_KEY: emulator.apiKey } })).code).toBe(0);
    const run = await runCli(['schema', 'check', '--endpoint', emulator.graphqlUrl]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/answered HTTP 401 \(check --api-key\)/);
  });

  it('--sdl compares the emulator with a modified local SDL: a removed local field is breaking (exit 1)', async () => {
    const file = path.join(dir, 'more.graphql');
    await writeFile(file, modified(edits.optionalAdded));
    const run = await runCli(['schema', 'check', '--endpoint', emulator.url, '--api-key', emulator.apiKey, '--sdl', file, '--json']);
    expect(run.code).toBe(1);
    const result = JSON.parse(run.stdout);
    expect(result.compatible).toBe(false);
    expect(result.breaking).toEqual([{ type: 'FIELD_REMOVED', description: 'SignalInput.channel was removed.' }]);
  });
});

describe('schema check against endpoints serving a modified SDL', () => {
  it.each([
    ['a field made required', edits.madeRequired, 'FIELD_CHANGED_KIND', /SignalInput\.test changed type from Boolean to Boolean!/],
    ['a field removed', edits.removed, 'FIELD_REMOVED', /SignalInput\.sessionId was removed/],
    ['a required field added', edits.requiredAdded, 'REQUIRED_INPUT_FIELD_ADDED', /A required field region on input type SignalInput was added/],
    ['the signals argument type renamed', edits.renamedArgType, 'ARGUMENT_TYPE_RENAMED', /takes \[CreateSignalInput!\]! at the endpoint/],
  ])('%s is breaking: exit 1', async (_name, edit, type, description) => {
    const server = await serve(modified(edit), 'key-1');
    try {
      const run = await runCli(['schema', 'check', '--endpoint', server.url, '--api-key', 'key-1']);
      expect(run.code).toBe(1);
      expect(run.stdout).toMatch(/^BREAKING: /);
      expect(run.stdout).toContain(`[${type}]`);
      expect(run.stdout).toMatch(description);
    } finally {
      await server.close();
    }
  });

  it('a new optional field is safe: exit 0, listed as a safe change', async () => {
    const server = await serve(modified(edits.optionalAdded));
    try {
      const result = await checkSchema({ endpoint: server.url });
      expect(result.compatible).toBe(true);
      expect(result.breaking).toEqual([]);
      expect(result.safe).toEqual([{ type: 'OPTIONAL_INPUT_FIELD_ADDED', description: 'An optional field channel on input type SignalInput was added.' }]);
      expect((await runCli(['schema', 'check', '--endpoint', server.url])).code).toBe(0);
    } finally {
      await server.close();
    }
  });

  it('inner types named differently are matched by structure and reported as names, not changes', async () => {
    const server = await serve(modified(edits.renamedInner));
    try {
      const run = await runCli(['schema', 'check', '--endpoint', server.url]);
      expect(run.code).toBe(0);
      expect(run.stdout).toContain('local IdentifiableAttributesInput = remote ContactAttributes');
      expect(run.stdout).toContain('local SignalContent = remote JSON');
    } finally {
      await server.close();
    }
  });
});

describe('compareCreateSignals (no network)', () => {
  const local = buildSchema(LOCAL);
  it('no createSignals at all is breaking', () => {
    const result = compareCreateSignals(local, buildSchema(modified(edits.noMutation)));
    expect(result.breaking).toEqual([{ type: 'MUTATION_MISSING', description: 'The endpoint has no Mutation.createSignals field.' }]);
  });

  it('a changed result type is breaking too', () => {
    const remote = buildSchema(LOCAL.replace('signalIds: [String!]!', 'signalIds: [ID!]!'));
    expect(compareCreateSignals(local, remote).breaking.map((c) => c.type)).toEqual(['FIELD_CHANGED_KIND']);
  });

  it('identical schemas: compatible, nothing listed', () => {
    expect(compareCreateSignals(local, buildSchema(LOCAL))).toEqual({ compatible: true, breaking: [], safe: [], renamed: [] });
  });
});

describe('usage and network errors: exit 2', () => {
  it.each([
    [['schema'], /missing subcommand/],
    [['schema', 'diff'], /unknown subcommand "diff"/],
    [['schema', 'check'], /--endpoint URL is required/],
    [['schema', 'check', '--endpoint', 'not a url'], /--endpoint must be an http\(s\) URL/],
    [['schema', 'check', '--endpoint', 'ftp://127.0.0.1/'], /--endpoint must be an http\(s\) URL/],
  ])('%j', async (args, message) => {
    const run = await runCli(args);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
  });

  it('an endpoint that refuses connections', async () => {
    const server = await serve(LOCAL);
    const url = server.url;
    await server.close();
    const run = await runCli(['schema', 'check', '--endpoint', url]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/cannot reach http:\/\/127\.0\.0\.1:\d+\/ \(ECONNREFUSED\)/);
    const error = await checkSchema({ endpoint: url }).catch((e: unknown) => e);
    expect(isSchemaCheckError(error) && error.code).toBe('ERR_SCHEMA_CHECK_NETWORK');
  });

  it('an endpoint that is not GraphQL', async () => {
    const server = createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<html></html>'));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const run = await runCli(['schema', 'check', '--endpoint', `http://127.0.0.1:${(server.address() as AddressInfo).port}/`]);
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(/did not answer introspection/);
    } finally {
      await new Promise((r) => server.close(r));
    }
  });
});
