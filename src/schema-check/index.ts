/**
 * Schema drift check: introspects an endpoint and reports how the types its
 * `createSignals` mutation uses differ from the local SDL (schema/connect.graphql).
 */
import { readLocalSdl } from '../emulator/local-sdl.js';
import { buildLocalSchema, compareCreateSignals, type SchemaChange, type SchemaComparison } from './compare.js';
import { introspect, type IntrospectOptions } from './introspect.js';

/** Options of {@link checkSchema}. */
export interface SchemaCheckOptions extends IntrospectOptions {
  /** The GraphQL endpoint to introspect, e.g. `https://connect-gql-us-1.goacoustic.com` or an emulator's URL. */
  endpoint: string;
  /** The SDL to compare against. @default the text of schema/connect.graphql */
  localSdl?: string;
}

/** The outcome of {@link checkSchema}: a comparison plus the endpoint it was made with. */
export interface SchemaCheckResult extends SchemaComparison {
  readonly endpoint: string;
}

/**
 * Introspects `options.endpoint` and compares its createSignals types with the
 * local SDL. Throws SchemaCheckError only when no comparison can be made.
 * @example
 * const result = await checkSchema({ endpoint: emulator.url, apiKey: emulator.apiKey });
 * if (!result.compatible) console.log(formatSchemaCheck(result));
 */
export async function checkSchema(options: SchemaCheckOptions): Promise<SchemaCheckResult> {
  const local = buildLocalSchema(options.localSdl ?? readLocalSdl());
  const remote = await introspect(options.endpoint, options);
  return { endpoint: options.endpoint, ...compareCreateSignals(local, remote) };
}

function list(title: string, changes: readonly SchemaChange[]): string[] {
  return changes.length === 0 ? [] : [`${title}:`, ...changes.map((c) => `  - [${c.type}] ${c.description}`)];
}

/** The human-readable report the CLI prints. */
export function formatSchemaCheck(result: SchemaCheckResult): string {
  const lines = [
    result.compatible
      ? `compatible: ${result.endpoint} accepts what the local SDL describes for createSignals`
      : `BREAKING: ${result.endpoint} differs from the local SDL in ways that break createSignals requests`,
    ...list('Breaking changes', result.breaking),
    ...list('Safe changes', result.safe),
  ];
  if (result.renamed.length > 0) {
    lines.push('Type names that differ (matched by structure):', ...result.renamed.map((r) => `  - local ${r.local} = remote ${r.remote}`));
  }
  if (result.breaking.length + result.safe.length + result.renamed.length === 0) lines.push('No differences.');
  return `${lines.join('\n')}\n`;
}

export { SchemaCheckError, isSchemaCheckError, type SchemaCheckErrorCode } from './errors.js';
export { compareCreateSignals, buildLocalSchema, type SchemaChange, type SchemaComparison } from './compare.js';
export { introspect, type IntrospectOptions } from './introspect.js';
