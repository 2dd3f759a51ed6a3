// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const nodeBuiltins = ['node:*', 'fs', 'path', 'os', 'crypto', 'child_process', 'http', 'https', 'net', 'url', 'util', 'stream', 'events', 'zlib', 'worker_threads'];

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'test-results/**', 'playwright-report/**'] },
  js.configs.recommended,
  {
    files: ['**/*.mjs', '**/*.js'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
  },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-definitions': ['error', 'type'],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-syntax': ['error', { selector: 'TSEnumDeclaration', message: 'Use an `as const` union instead of enum.' }],
    },
  },
  // Borders: only electron/main and electron/preload may import electron.
  {
    files: ['**/*.ts', '**/*.tsx'],
    ignores: ['electron/main/**', 'electron/preload/**'],
    rules: {
      'no-restricted-imports': ['error', { paths: [{ name: 'electron', message: 'Only electron/main and electron/preload import electron.' }] }],
    },
  },
  // In the desk's core only the Stripe gateway talks to Stripe; everything else gets plain data.
  {
    files: ['electron/**/*.ts'],
    ignores: ['electron/main/**', 'electron/preload/**', 'electron/stripe/**'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [
          { name: 'electron', message: 'Only electron/main and electron/preload import electron.' },
          { name: 'stripe', message: 'Only electron/stripe (the gateway) imports the Stripe SDK.' },
        ],
      }],
    },
  },
  // The renderer is a browser page: no Node built-ins, nothing from the main process.
  {
    files: ['renderer/**/*.ts', 'renderer/**/*.tsx'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [{ name: 'electron', message: 'The renderer talks to the core only through window.bursar.' }],
        patterns: [
          { group: nodeBuiltins, message: 'The renderer never imports Node built-ins.' },
          { group: ['**/electron/**', 'electron/**'], message: 'The renderer never imports main-process code.' },
        ],
      }],
    },
  },
  // shared/ is runtime-neutral: no Node, no electron, no DOM-only or main-process code.
  {
    files: ['shared/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [{ name: 'electron', message: 'shared/ is runtime-neutral.' }],
        patterns: [
          { group: nodeBuiltins, message: 'shared/ is runtime-neutral: no Node built-ins.' },
          { group: ['**/electron/**', '**/renderer/**', '**/relay/**'], message: 'shared/ imports nothing from the processes.' },
        ],
      }],
    },
  },
);
