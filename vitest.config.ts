import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';

const require = createRequire(import.meta.url);

export default defineConfig({
  resolve: {
    // Two copies of graphql make graphql-yoga mask resolver errors (STACK.md): pin the one Node loads,
    // its CommonJS main (the schema check require()s it: src/schema-check/graphql-js.ts).
    alias: [{ find: /^graphql$/, replacement: require.resolve('graphql') }],
  },
  test: {
    include: ['test/**/*.test.ts'],
    // Bundles the inspector page first: its browser tests must never drive a stale dist/inspector/.
    globalSetup: ['test/helpers/build-ui.global.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
    typecheck: { enabled: false },
  },
});
