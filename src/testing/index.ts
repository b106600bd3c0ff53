/**
 * `connect-signals/testing`: what a user's test suite needs to check the
 * signals its code sends. Three receivers (an in-process emulator, an emulator
 * in another process, an MSW mock) and the matchers that read any of them.
 *
 * Importing this entry loads no test runner. It imports msw when installed
 * (for createConnectMock: see msw-loader.ts); the package root never does.
 */
import './preload-msw.js';

export * from './api.js';
