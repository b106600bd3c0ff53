/**
 * graphql-js for the schema check, loaded when a schema is first built or
 * compared, not when the package is imported (a light import: see
 * test/light-imports.test.ts). The check's functions are synchronous, and
 * graphql 16 is CommonJS to Node (its `.mjs` copy is for bundlers, through the
 * `module` field Node ignores), so require() loads it synchronously and returns
 * the very module an application's `import 'graphql'` gets: schemas pass
 * between them.
 */
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/** The graphql module. */
export function graphqlJs(): typeof import('graphql') {
  return require('graphql') as typeof import('graphql');
}
