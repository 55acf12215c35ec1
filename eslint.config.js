// @ts-check
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const nodeBuiltins = ['node:*', 'fs', 'path', 'os', 'child_process', 'net', 'crypto', 'stream'];

/**
 * Import directions between the process folders. The core runs in the CLI, `serve` and the
 * Electron main process, so it must not reach Electron or the UI; the renderer and the shared
 * contract run in a browser and must not reach Node or the main process.
 */
const boundaries = [
  {
    files: ['src/main/core/**/*.ts'],
    patterns: [
      { group: ['electron', 'electron/*'], message: 'The core must not depend on Electron.' },
      {
        group: ['react', 'react-dom', 'react/*', '@tanstack/*', '@xterm/xterm', '@xterm/addon-*'],
        message: 'The core must not depend on UI libraries.',
      },
      {
        group: ['**/renderer/**', '**/preload/**', '**/cli/**', '**/server/**'],
        message: 'The core must not import the renderer, preload, CLI or server.',
      },
    ],
  },
  {
    files: ['src/main/cli/**/*.ts', 'src/main/server/**/*.ts'],
    patterns: [
      {
        group: ['electron', 'electron/*'],
        message: 'The CLI and serve mode run without Electron.',
      },
      {
        group: ['**/renderer/**', '**/preload/**'],
        message: 'Import the shared contract, not the renderer or preload.',
      },
    ],
  },
  {
    files: ['src/shared/**/*.ts'],
    patterns: [
      {
        group: [...nodeBuiltins, 'electron', 'react', 'react-dom'],
        message: 'src/shared runs in main and in the browser: no Node, Electron or React.',
      },
      {
        group: ['**/main/**', '**/renderer/**', '**/preload/**'],
        message: 'src/shared must not import a process folder.',
      },
    ],
  },
  {
    files: ['src/renderer/**/*.{ts,tsx}'],
    patterns: [
      {
        group: [...nodeBuiltins, 'electron', 'ssh2', 'node-pty'],
        message: 'The renderer is browser code: reach main through the contract.',
      },
      {
        group: ['**/main/**', '**/preload/**'],
        message: 'The renderer imports only src/shared and its own files.',
      },
    ],
  },
  {
    files: ['src/preload/**/*.ts'],
    patterns: [
      {
        group: ['**/main/**', '**/renderer/**'],
        message: 'The preload imports only src/shared and Electron.',
      },
    ],
  },
];

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', '.lab/**', 'test/fixtures/**', 'docs/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': 'off',
    },
  },
  {
    files: ['src/renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
  },
  ...boundaries.map(({ files, patterns }) => ({
    files,
    rules: { 'no-restricted-imports': ['error', { patterns }] },
  })),
  prettier,
);
