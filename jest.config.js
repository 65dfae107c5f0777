const { availableParallelism } = require('node:os');

/** @type {import('jest').Config} */
module.exports = {
  // A worker per core: Jest's default leaves one idle for itself, which on two cores is half the
  // machine, and the coordinating process does little while the tests run.
  maxWorkers: availableParallelism(),
  testEnvironment: 'node',
  roots: ['<rootDir>/apps', '<rootDir>/libs', '<rootDir>/test'],
  testRegex: '\\.(spec|e2e-spec)\\.ts$',
  transform: {
    // Transpile only: the type check is `npm run typecheck`, and this keeps the suite fast.
    '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.spec.json', diagnostics: false }],
    // content-disposition (under @fastify/static) ships only ES modules, which Jest 29 cannot load untransformed.
    '/node_modules/content-disposition/.+\\.js$': ['ts-jest', { tsconfig: { allowJs: true }, diagnostics: false }],
  },
  transformIgnorePatterns: ['/node_modules/(?!content-disposition/)'],
  moduleNameMapper: {
    '^@tracker/(.*)$': '<rootDir>/libs/$1/src',
  },
  testTimeout: 30000,
  reporters: ['default', '<rootDir>/test/support/summary-reporter.js'],
};
