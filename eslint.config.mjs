// Layer rules are law here: core stays host-agnostic, the webview stays a pure browser bundle.
import tseslint from 'typescript-eslint';

const nodeBuiltins = ['assert', 'buffer', 'child_process', 'cluster', 'crypto', 'dgram', 'dns', 'events', 'fs', 'fs/promises', 'http', 'https', 'net', 'os', 'path', 'process', 'readline', 'stream', 'tls', 'url', 'util', 'worker_threads', 'zlib'];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', '.vscode-test/**', 'test/fixtures/**', 'out/**', 'demo-workspace/**', 'test-results/**'] },
  {
    files: ['**/*.ts', '**/*.tsx'],
    extends: [tseslint.configs.base],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: false }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-debugger': 'error',
      eqeqeq: ['error', 'smart'],
    },
  },
  {
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [
        { name: 'vscode', message: 'src/core must not import vscode: pass plain values and interfaces in.' },
        { name: 'preact', message: 'src/core must not import preact.' },
      ], patterns: [{ group: ['preact/*', '**/extension/**', '**/webview/**'], message: 'src/core must not depend on the host or the webview.' }] }],
    },
  },
  {
    files: ['src/core/protocol.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [{ group: ['*', '**'], message: 'protocol.ts stays import-free: the webview bundles it.' }] }] },
  },
  {
    files: ['src/webview/**/*.ts', 'src/webview/**/*.tsx'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [{ name: 'vscode', message: 'The webview talks to the host only through postMessage.' }, ...nodeBuiltins.map(name => ({ name, message: 'The webview is a browser bundle: no Node built-ins.' }))],
        patterns: [
          { group: ['node:*'], message: 'The webview is a browser bundle: no Node built-ins.' },
          { group: ['**/core/*', '!**/core/protocol', '!**/core/protocol.js'], message: 'The webview may take only src/core/protocol.ts from core.' },
          { group: ['**/extension/**'], message: 'The webview must not import host code.' },
        ],
      }],
    },
  },
  {
    files: ['src/extension/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [{ group: ['**/webview/**', 'preact', 'preact/*'], message: 'The host must not import webview code.' }] }] },
  },
);
