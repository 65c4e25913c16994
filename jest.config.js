/** Jest in native ESM mode (Nest 12 packages are ESM-only); run through `npm test`. */
export default {
  testEnvironment: 'node',
  rootDir: '.',
  testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/test/**/*.spec.ts'],
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: {
    '^.+\\.ts$': [
      '@swc/jest',
      {
        jsc: {
          parser: { syntax: 'typescript', decorators: true },
          transform: {
            legacyDecorator: true,
            decoratorMetadata: true,
            useDefineForClassFields: false,
          },
          // Keeps `with { type: 'json' }` on JSON imports (the word lists of common/privacy), as
          // Node and Jest's ESM loader require it.
          experimental: { keepImportAssertions: true },
          target: 'es2022',
          keepClassNames: true,
        },
        module: { type: 'es6' },
        sourceMaps: 'inline',
      },
    ],
  },
  globalSetup: '<rootDir>/test/support/global-setup.js',
  // The default output, then the table of security scenarios (quality bar 1-10) the run covered.
  reporters: ['default', '<rootDir>/test/support/security-reporter.js'],
  testTimeout: 30_000,
  maxWorkers: 2,
};
