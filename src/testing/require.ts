/**
 * `connect-signals/testing` as `require` gets it (jest's CommonJS mode on
 * Node ≥ 24.9, where jest can require an ES module): the same exports as
 * index.ts, without its top-level await (a required module cannot have one).
 * createConnectMock then requires msw when called (msw-loader.ts).
 */
export * from './api.js';
