/**
 * The exports of `connect-signals/testing`, shared by its ES entry (index.ts)
 * and the one `require` gets (require.ts).
 */
export { startEmulator, type EmulatorHandle, type EmulatorOptions, type ContactSeed, type StoredSignal, type DiscardReason } from '../emulator/index.js';
export { connectTo, type ConnectToOptions, type RemoteEmulator } from './connect-to.js';
export { createConnectMock, DEFAULT_MOCK_ENDPOINTS, type ConnectMock, type ConnectMockOptions, type MockEndpoint } from './mock.js';
export { connectMatchers, MATCHER_DEFAULTS, type MatcherContext, type MatcherResult } from './matchers.js';
export type { PrintUtils } from './messages.js';
export { isSignalReceiver, type SignalReceiver, type ReceiverQuery } from './receiver.js';
export { TestkitError, isTestkitError, type TestkitErrorCode } from './errors.js';
export type {
  AsymmetricMatcherLike,
  ConnectSignalMatchers,
  ContactMatch,
  ContentMatch,
  ContentOf,
  CountMatchOptions,
  DiscardMatchOptions,
  PartialMatch,
  SignalMatchOptions,
  WaitOptions,
} from './matcher-types.js';
