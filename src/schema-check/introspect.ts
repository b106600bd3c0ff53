/**
 * Fetches a GraphQL endpoint's schema by introspection (graphql-js's own
 * query and client-schema builder).
 */
import type { GraphQLSchema, IntrospectionQuery } from 'graphql';
import { SchemaCheckError } from './errors.js';
import { graphqlJs } from './graphql-js.js';

/** How to reach the endpoint. */
export interface IntrospectOptions {
  /** Sent as `x-api-key`. @default undefined (no header) */
  apiKey?: string | undefined;
  /** Time allowed for the whole request. @default 30000 */
  timeoutMs?: number;
  /** The fetch to use (tests, proxies). @default globalThis.fetch */
  fetch?: typeof fetch;
}

/** Introspects `endpoint`; throws {@link SchemaCheckError} when no schema can be obtained. */
export async function introspect(endpoint: string, options: IntrospectOptions = {}): Promise<GraphQLSchema> {
  const { buildClientSchema, getIntrospectionQuery } = graphqlJs();
  const doFetch = options.fetch ?? fetch;
  const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json' };
  if (options.apiKey !== undefined) headers['x-api-key'] = options.apiKey;
  let response: Response;
  try {
    response = await doFetch(endpoint, {
      method: 'POST',
      headers,
      body: JSON.stringify({ query: getIntrospectionQuery({ descriptions: false }) }),
      // Not followed: the key would go wherever a 3xx points (it answers as an HTTP error below).
      redirect: 'manual',
      signal: AbortSignal.timeout(options.timeoutMs ?? 30_000),
    });
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).message;
    throw new SchemaCheckError('ERR_SCHEMA_CHECK_NETWORK', `cannot reach ${endpoint} (${cause})`, { endpoint, cause: error });
  }
  const text = await response.text();
  let body: { data?: IntrospectionQuery | null; errors?: { message?: string }[] } | undefined;
  try {
    body = JSON.parse(text) as typeof body;
  } catch {
    body = undefined;
  }
  if (!response.ok) {
    const detail = body?.errors?.map((e) => e.message).join('; ') ?? text.slice(0, 200);
    const hint = response.status === 401 || response.status === 403 ? ' (check --api-key)' : '';
    throw new SchemaCheckError('ERR_SCHEMA_CHECK_HTTP', `${endpoint} answered HTTP ${response.status}${hint}: ${detail}`, { endpoint, status: response.status });
  }
  if (body?.data?.__schema === undefined) {
    const detail = body?.errors?.map((e) => e.message).join('; ') ?? 'the answer is not a GraphQL introspection result';
    throw new SchemaCheckError('ERR_SCHEMA_CHECK_INTROSPECTION', `${endpoint} did not answer introspection: ${detail}`, { endpoint });
  }
  try {
    return buildClientSchema(body.data);
  } catch (error) {
    throw new SchemaCheckError('ERR_SCHEMA_CHECK_INTROSPECTION', `${endpoint} answered an unusable schema: ${(error as Error).message}`, { endpoint, cause: error });
  }
}
