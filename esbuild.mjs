// One build script, three bundles: the extension host, the headless CLI and the webview.
import * as esbuild from 'esbuild';
import { copyFileSync, mkdirSync, chmodSync, existsSync, readdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');
const require = createRequire(import.meta.url);

// In watch mode, "[watch] build started/finished" around each rebuild of the three bundles: the markers the
// background problem matcher of .vscode/tasks.json waits for before F5 launches the extension host.
let building = 0;
const watchLog = {
  name: 'watch-log',
  setup(build) {
    build.onStart(() => { if (building++ === 0) console.log('[watch] build started'); });
    build.onEnd(() => { if (--building === 0) console.log('[watch] build finished'); });
  },
};
const watchPlugins = watch ? [watchLog] : [];

const common = { bundle: true, minify: production, sourcemap: !production, logLevel: 'warning', plugins: watchPlugins };
const node = { ...common, platform: 'node', format: 'cjs', target: 'node20', external: ['vscode', 'bufferutil', 'utf-8-validate', 'pg-native'] };

const copyAssets = {
  name: 'copy-assets',
  setup(build) {
    build.onEnd(() => {
      mkdirSync('dist', { recursive: true });
      copyFileSync(require.resolve('sql.js/dist/sql-wasm.wasm'), 'dist/sql-wasm.wasm');
      const codicons = path.dirname(require.resolve('@vscode/codicons/dist/codicon.css'));
      copyFileSync(path.join(codicons, 'codicon.css'), 'dist/codicon.css');
      copyFileSync(path.join(codicons, 'codicon.ttf'), 'dist/codicon.ttf');
      if (existsSync('dist/cli.js')) chmodSync('dist/cli.js', 0o755);
    });
  },
};

// The webview is split (format esm): tabs the board does not need load as chunks on demand. Chunk names carry a hash,
// so each build first removes the previous build's chunks (the .vsix takes every dist/*.js).
const WEBVIEW_CHUNK = /^webview-[\w-]+-[A-Z0-9]{8}\.js(\.map)?$/;
const cleanChunks = {
  name: 'clean-webview-chunks',
  setup(build) {
    build.onStart(() => {
      if (!existsSync('dist')) return;
      for (const f of readdirSync('dist')) if (WEBVIEW_CHUNK.test(f)) rmSync(path.join('dist', f));
    });
  },
};

const contexts = await Promise.all([
  esbuild.context({ ...node, entryPoints: ['src/extension/extension.ts'], outfile: 'dist/extension.js' }),
  esbuild.context({ ...node, entryPoints: ['src/cli/main.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' }, plugins: [...watchPlugins, copyAssets] }),
  esbuild.context({
    ...common, entryPoints: { webview: 'src/webview/main.tsx' }, outdir: 'dist', platform: 'browser', format: 'esm', splitting: true,
    chunkNames: 'webview-[name]-[hash]', target: 'es2022', jsx: 'automatic', jsxImportSource: 'preact', loader: { '.css': 'css' },
    plugins: [...watchPlugins, cleanChunks],
  }),
]);

if (watch) {
  await Promise.all(contexts.map(c => c.watch()));
} else {
  await Promise.all(contexts.map(c => c.rebuild()));
  await Promise.all(contexts.map(c => c.dispose()));
}
