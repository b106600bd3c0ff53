/**
 * GraphQL Code Generator configuration: the local SDL (schema/connect.graphql)
 * plus the operations in operations/ become TypedDocumentNodes in
 * generated/graphql.ts. The `SignalContent` scalar is mapped to the
 * discriminated union that json-schema-to-typescript writes from
 * schema/signal-content.schema.json, so `signalContent` is never `any`.
 *
 * Run through `npm run codegen` (scripts/codegen.ts), which also writes the
 * JSON Schema types, the compiled validators and the schema metadata.
 */
import type { CodegenConfig } from '@graphql-codegen/cli';

const config: CodegenConfig = {
  schema: 'schema/connect.graphql',
  documents: ['operations/**/*.graphql'],
  silent: true,
  generates: {
    'generated/graphql.ts': {
      plugins: [
        'typescript-operations',
        'typed-document-node',
      ],
      config: {
        useTypeImports: true,
        enumsAsTypes: true,
        inputMaybeValue: 'T | null | undefined',
        scalars: {
          SignalContent: {
            input: './signal-content.js#SignalContent',
            output: './signal-content.js#SignalContent',
          },
        },
      },
    },
  },
};

export default config;
