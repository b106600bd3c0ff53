// jest in CommonJS mode: the test files are compiled to CommonJS (as ts-jest or
// babel-jest usually do) and require connect-signals, an ES module package. jest 30
// can require an ES module only on Node >= 24.9, and only when started with
// --experimental-vm-modules (see package.json's test:jest-cjs). On Node 20 use
// jest.config.js (native ES modules) instead.
module.exports = {
  testEnvironment: 'node',
  testMatch: ['**/test/**/*.jest.test.ts'],
  setupFilesAfterEnv: ['connect-signals/jest'],
  transform: {
    '^.+\\.ts$': ['babel-jest', { presets: ['@babel/preset-typescript'], plugins: ['@babel/plugin-transform-modules-commonjs'] }],
  },
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
};
