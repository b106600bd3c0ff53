// jest in native ES module mode: run it with `node --experimental-vm-modules` (see package.json).
/** @type {import('jest').Config} */
export default {
  testEnvironment: 'node',
  testMatch: ['**/test/**/*.jest.test.ts'],
  setupFilesAfterEnv: ['connect-signals/jest'],
  extensionsToTreatAsEsm: ['.ts'],
  transform: { '^.+\\.ts$': 'babel-jest' },
  // The sources import './x.js' (TypeScript's NodeNext style); the files are x.ts.
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
};
