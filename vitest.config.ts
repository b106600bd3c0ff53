import { createRequire } from 'node:module';
import path from 'node:path';
import { defineConfig } from 'vitest/config';

const require = createRequire(import.meta.url);

export default defineConfig({
  resolve: {
    // Two copies of graphql make graphql-yoga mask resolver errors (STACK.md): pin one.
    alias: { graphql: path.dirname(require.resolve('graphql/package.json')) },
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
