/**
 * Imports msw's ES build, if installed, before any test code runs (top-level
 * await), for createConnectMock: see msw-loader.ts. Only the ES entry
 * (index.ts) imports this file.
 */
import { provideMsw } from './msw-loader.js';

try {
  provideMsw(await import('msw'));
} catch {
  // msw is not installed: createConnectMock says how to install it, when called.
}
