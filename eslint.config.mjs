// Layer rules are law here: core stays host-agnostic, the webview stays a pure browser bundle.
import tseslint from 'typescript-eslint';

const nodeBuiltins = ['assert', 'buffer', 'child_process', 'cluster', 'crypto', 'dgram', 'dns', 'events', 'fs', 'fs/promises', 'http', 'https', 'net', 'os', 'path', 'process', 'readline', 'stream', 'tls', 'url', 'util', 'worker_threads', 'zlib'];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', '.vscode-test/**', 'test/fixtures/**', 'out/**', 'demo-workspace/**', 'test-results/**'] },
  {
    files: ['**/*.ts', '**/*.tsx'],
    extends: [tseslint.configs.recommendedTypeChecked],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: false }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-debugger': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true }],
      '@typescript-eslint/switch-exhaustiveness-check': ['error', { considerDefaultExhaustiveForUnions: true }],
      eqeqeq: ['error', 'smart'],
    },
  },
  {
    // Test fakes implement async interfaces with synchronous bodies; that is their point.
    files: ['test/**/*.ts'],
    rules: { '@typescript-eslint/require-await': 'off' },
  },
  {
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [
        { name: 'vscode', message: 'src/core must not import vscode: pass plain values and interfaces in.' },
        { name: 'preact', message: 'src/core must not import preact.' },
      ], patterns: [{ group: ['preact/*', '**/extension/**', '**/webview/**', '**/server/**', '**/cli/**', '**/simulator/**'], message: 'src/core reads and models .loki; delivery (extension, server, cli) and production (simulator) depend on it, never the reverse.' }] }],
    },
  },
  {
    // Delivery and tools beside the extension: they may use core, never the host, the webview or each other's internals.
    files: ['src/server/**/*.ts', 'src/cli/**/*.ts', 'src/simulator/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { paths: [
        { name: 'vscode', message: 'Only src/extension touches vscode.' },
        { name: 'preact', message: 'Only src/webview uses preact.' },
      ], patterns: [{ group: ['preact/*', '**/extension/**', '**/webview/**'], message: 'server, cli and simulator depend on core only.' }] }],
    },
  },
  {
    files: ['src/simulator/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: [{ name: 'vscode', message: 'Only src/extension touches vscode.' }], patterns: [{ group: ['preact', 'preact/*', '**/extension/**', '**/webview/**', '**/server/**', '**/cli/**'], message: 'The simulator writes .loki; it depends on core only.' }] }] },
  },
  {
    files: ['src/server/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: [{ name: 'vscode', message: 'Only src/extension touches vscode.' }], patterns: [{ group: ['preact', 'preact/*', '**/extension/**', '**/webview/**', '**/cli/**', '**/simulator/**'], message: 'The server depends on core only.' }] }] },
  },
  {
    files: ['src/core/domain.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [{ regex: '^(?!\\./domainAttention$)', message: 'domain.ts stays import-free (it re-exports ./domainAttention only): the webview bundles it.' }] }] },
  },
  {
    files: ['src/core/domainAttention.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [{ group: ['*', '**'], message: 'domainAttention.ts stays import-free: the webview bundles it.' }] }] },
  },
  {
    files: ['src/core/protocol.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [{ regex: '^(?!\\./domain$)', message: 'protocol.ts imports only ./domain: the webview bundles it.' }] }] },
  },
  {
    files: ['src/webview/**/*.ts', 'src/webview/**/*.tsx'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: [{ name: 'vscode', message: 'The webview talks to the host only through postMessage.' }, ...nodeBuiltins.map(name => ({ name, message: 'The webview is a browser bundle: no Node built-ins.' }))],
        patterns: [
          { group: ['node:*'], message: 'The webview is a browser bundle: no Node built-ins.' },
          { group: ['**/core/*', '!**/core/protocol', '!**/core/domain'], message: 'The webview may take only protocol.ts and domain.ts from core.' },
          { group: ['**/server/**', '**/cli/**', '**/simulator/**'], message: 'The webview is a browser bundle: it takes only the protocol.' },
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
