/**
 * The emulator's executable schema: the local SDL with resolvers. The
 * `SignalContent` scalar takes a JSON object both from variables and from the
 * inline object literals the reference writes; whether it is a valid signal
 * is the validator's decision, so any value passes the scalar.
 */
import { GraphQLScalarType, valueFromASTUntyped } from 'graphql';
// createGraphQLError builds the error with yoga's own copy of graphql, so yoga never masks it
// even where two copies load (STACK.md: vitest).
import { createGraphQLError, createSchema } from 'graphql-yoga';
import { MAX_SIGNALS_PER_MUTATION } from './options.js';
import { readLocalSdl } from './local-sdl.js';
import type { PassedChecks } from './fast-path.js';
import { processSignals } from './process-signals.js';
import type { EmulatorState } from './state.js';

/** What the HTTP layer tells the resolver about one request. */
export interface RequestFaults {
  /** Answer with one id fewer than were accepted. */
  readonly fewerIds: boolean;
}

/** The per-request context the resolvers see. */
export interface EmulatorContext {
  readonly faults?: RequestFaults;
}

const SignalContent = new GraphQLScalarType({
  name: 'SignalContent',
  description: 'Signal content: a JSON object whose shape depends on its signalType.',
  serialize: (value) => value,
  parseValue: (value) => value,
  parseLiteral: (ast, variables) => valueFromASTUntyped(ast, variables),
});

/** Processes a mutation's signals and returns the ids to answer (one fewer under the fewer-ids fault); `checked` as for {@link processSignals}. */
export function answerSignals(state: EmulatorState, signals: readonly unknown[], fewerIds: boolean, checked?: PassedChecks): string[] {
  const signalIds = processSignals(state, signals, checked);
  if (fewerIds && signalIds.length > 0) {
    state.stats.faults.fewerIds++;
    signalIds.pop();
  }
  return signalIds;
}

/** Builds the schema, bound to the emulator's state. */
export function createEmulatorSchema(state: EmulatorState) {
  return createSchema<EmulatorContext>({
    typeDefs: readLocalSdl(),
    resolvers: {
      SignalContent,
      Query: { _service: () => 'connect-signals emulator' },
      Mutation: {
        createSignals: (_root: unknown, args: { signals: readonly unknown[] }, context: EmulatorContext) => {
          const count = args.signals.length;
          if (count > MAX_SIGNALS_PER_MUTATION) {
            state.stats.overLimit++;
            throw createGraphQLError(
              `createSignals accepts at most ${MAX_SIGNALS_PER_MUTATION} signals per mutation; this one has ${count}. Nothing was stored: split the batch.`,
              { extensions: { code: 'BAD_USER_INPUT', limit: MAX_SIGNALS_PER_MUTATION, received: count } },
            );
          }
          return { signalIds: answerSignals(state, args.signals, context.faults?.fewerIds === true) };
        },
      },
    },
  });
}
