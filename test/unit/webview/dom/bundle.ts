// Bundles a webview entry with esbuild as esbuild.mjs does (automatic JSX from Preact) and loads it, Preact external
// so the test and the components share one Preact (its `options` hooks included).
import { mkdirSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { buildSync } from 'esbuild';

const root = path.resolve(__dirname, '..', '..', '..', '..');

/** Builds `entry` into dist/test/ and requires it. */
export function loadWebviewModule<T>(entry: string): T {
  const out = path.join(root, 'dist', 'test', `${path.basename(entry, path.extname(entry))}.cjs`);
  mkdirSync(path.dirname(out), { recursive: true });
  const r = buildSync({
    entryPoints: [entry], bundle: true, write: false, format: 'cjs', platform: 'browser', target: 'es2022',
    jsx: 'automatic', jsxImportSource: 'preact', external: ['preact', 'preact/*'], logLevel: 'silent',
  });
  writeFileSync(out, r.outputFiles[0]!.text);
  return createRequire(path.join(root, 'package.json'))(out) as T;
}
