/**
 * Compares the types `createSignals` uses in the local SDL with those of a
 * remote schema, with graphql-js's own findBreakingChanges and
 * findDangerousChanges (what graphql-js calls dangerous cannot break a client
 * that sends the local shape: it is reported as safe).
 */
import type { GraphQLSchema } from 'graphql';
import { SchemaCheckError } from './errors.js';
import { graphqlJs } from './graphql-js.js';
import { createSignalsField, pairTypeNames, reduceToCreateSignals } from './reduce.js';

/** One difference between the local SDL and the remote schema. */
export interface SchemaChange {
  /** graphql-js's change type, e.g. `FIELD_REMOVED`, `OPTIONAL_INPUT_FIELD_ADDED`; `MUTATION_MISSING` when there is no createSignals. */
  readonly type: string;
  /** graphql-js's sentence, in local type names, e.g. `SignalInput.test changed type from Boolean to Boolean!.` */
  readonly description: string;
}

/** The outcome of a comparison. */
export interface SchemaComparison {
  /** No breaking change: a client built on the local SDL keeps working. */
  readonly compatible: boolean;
  /** Changes that break a client sending the local shape. */
  readonly breaking: readonly SchemaChange[];
  /** Changes that do not (a new optional field, a new enum value, …). */
  readonly safe: readonly SchemaChange[];
  /**
   * Types the remote schema names differently, paired by structure. Informational, except the
   * type of the `signals` argument: operations declare `$signals: [SignalInput!]!` by name, so its
   * renaming is also listed as a breaking `ARGUMENT_TYPE_RENAMED` change.
   */
  readonly renamed: readonly { readonly local: string; readonly remote: string }[];
}

/** Builds the local schema from SDL text; throws {@link SchemaCheckError} when it does not build. */
export function buildLocalSchema(sdl: string): GraphQLSchema {
  try {
    return graphqlJs().buildSchema(sdl);
  } catch (error) {
    throw new SchemaCheckError('ERR_SCHEMA_CHECK_LOCAL', `the local SDL does not build: ${(error as Error).message}`, { cause: error });
  }
}

/** Compares the createSignals part of `local` (the reference) with `remote`. */
export function compareCreateSignals(local: GraphQLSchema, remote: GraphQLSchema): SchemaComparison {
  const { findBreakingChanges, findDangerousChanges, getNamedType } = graphqlJs();
  const localCut = reduceToCreateSignals(local);
  if (localCut === undefined) throw new SchemaCheckError('ERR_SCHEMA_CHECK_LOCAL', 'the local SDL has no Mutation.createSignals');
  const names = pairTypeNames(local, remote);
  const remoteCut = reduceToCreateSignals(remote, (name) => names.get(name) ?? name);
  if (remoteCut === undefined) {
    const breaking = [{ type: 'MUTATION_MISSING', description: 'The endpoint has no Mutation.createSignals field.' }];
    return { compatible: false, breaking, safe: [], renamed: [] };
  }
  const breaking = findBreakingChanges(localCut, remoteCut).map(({ type, description }) => ({ type: String(type), description }));
  const safe = findDangerousChanges(localCut, remoteCut).map(({ type, description }) => ({ type: String(type), description }));
  const renamed = [...names].filter(([remoteName, localName]) => remoteName !== localName).map(([remoteName, localName]) => ({ local: localName, remote: remoteName }));
  const localArg = createSignalsField(local)?.args.find((a) => a.name === 'signals');
  const remoteArg = createSignalsField(remote)?.args.find((a) => a.name === 'signals');
  if (localArg !== undefined && remoteArg !== undefined) {
    const l = getNamedType(localArg.type).name;
    const r = getNamedType(remoteArg.type).name;
    if (l !== r && names.get(r) === l) {
      breaking.push({
        type: 'ARGUMENT_TYPE_RENAMED',
        description: `createSignals(signals:) takes [${r}!]! at the endpoint: an operation declaring $signals: [${l}!]! is rejected there. Rename ${l} to ${r} in schema/connect.graphql.`,
      });
    }
  }
  return { compatible: breaking.length === 0, breaking, safe, renamed };
}
