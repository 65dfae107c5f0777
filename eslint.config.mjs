// @ts-check
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'coverage/', 'data/', 'bench-results/', '*.config.js', '*.config.mjs'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'error',
      eqeqeq: ['error', 'always'],
    },
  },
  {
    // The layer rule: the domain and the readiness rules are pure. No framework, no infrastructure, no I/O, no clock.
    files: ['libs/domain/**/*.ts', 'libs/readiness/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['@nestjs/*', '@tracker/event-store', '@tracker/read-models', 'better-sqlite3', '@eventstore/*', 'fastify', 'pino'], message: 'The domain is pure TypeScript: no framework or infrastructure.' },
            { group: ['node:*', 'fs', 'path', 'crypto', 'http'], message: 'The domain does no I/O; pass what it needs in the command.' },
            { group: ['**/apps/**'], message: 'Libraries never import the application.' },
          ],
        },
      ],
      'no-restricted-properties': ['error', { object: 'Date', property: 'now', message: 'Time comes in the command metadata.' }],
      'no-restricted-syntax': ['error', { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: 'Time comes in the command metadata.' }],
    },
  },
  {
    // The event store knows nothing of the domain or the application above it.
    files: ['libs/event-store/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['@nestjs/*', '@tracker/domain', '@tracker/read-models', '**/apps/**'], message: 'The event store is a port and its adapters only.' }] }],
    },
  },
  {
    // Tamper evidence must be reproducible by an auditor offline: nothing but hashing and signatures.
    files: ['libs/audit/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['@nestjs/*', '@tracker/domain', '@tracker/read-models', 'better-sqlite3', '@eventstore/*', '**/apps/**', 'node:fs', 'fs'], message: 'The audit library hashes and signs; it reads and writes nothing.' }] },
      ],
    },
  },
  {
    files: ['libs/read-models/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['@nestjs/*', '**/apps/**'], message: 'Read models are plain TypeScript over SQLite.' }] }],
    },
  },
  {
    files: ['**/*.spec.ts', '**/*.e2e-spec.ts', 'test/**/*.ts'],
    rules: { 'no-console': 'off' },
  },
);
