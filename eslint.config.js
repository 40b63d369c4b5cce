import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';
import globals from 'globals';

export default tseslint.config(
  {
    ignores: [
      'node_modules/',
      '.toolchain/',
      'data/',
      'dist/',
      'out/',
      'test-results/',
      'renderer/desktop/dist/',
      'renderer/console/dist/',
      'playwright-report/',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.strict,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
    },
  },
  // A folder decides its runtime (STYLE.md): the wire contract imports nothing,
  // the backend never reaches into the desktop app, the core never into electron.
  {
    files: ['common/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: ['node:*', 'fastify', 'electron', 'react', '../backend/*', '../main/*'] },
      ],
    },
  },
  {
    files: ['backend/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: ['**/main/**', '**/renderer/**', 'electron', 'react'] }],
    },
  },
  // The renderer runs in a sandboxed page: browser APIs and the wire contract only.
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: ['node:*', 'electron', 'fastify', '**/backend/**', '**/main/**'] },
      ],
    },
  },
  // renderer/ holds two products, each a page of its own: the admin console (served
  // by the service at /console) and the desktop dialogs (Electron and webshell). Each
  // imports the wire contract and its own folder only, never the other product.
  {
    files: ['renderer/console/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: ['node:*', 'electron', 'fastify', '**/backend/**', '**/main/**', '**/desktop/**'],
        },
      ],
    },
  },
  {
    files: ['renderer/desktop/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: ['node:*', 'electron', 'fastify', '**/backend/**', '**/main/**', '**/console/**'] },
      ],
    },
  },
  {
    files: ['main/core/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: ['electron', 'react', 'fastify', '**/backend/**'] }],
    },
  },
  prettier,
);
