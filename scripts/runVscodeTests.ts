// `npm run test:vscode`: runs test/vscode/** inside a real VS Code extension host.
// Offline (default): VS Code 1.100.3 server from code-server@4.100.3 + its web workbench in headless Chromium.
// LOKI_VSCODE_LAUNCHER=electron: @vscode/test-electron (downloads VS Code; for machines that can).
// One run per profile (trusted, restricted): each gets fresh temp workspaces and a fresh user-data-dir.
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as esbuild from 'esbuild';
import { chromium } from 'playwright-core';
import type { Browser } from 'playwright-core';
import { onInterrupt, stopAll } from './lib/processes';
import { repoRoot, startServer, tail } from './lib/vscodeServer';
import type { RunningServer } from './lib/vscodeServer';

interface Profile {
  name: string;
  trusted: boolean;
  /** Test files, repo-relative directories searched for *.test.ts. */
  dirs: string[];
}

const PROFILES: Profile[] = [
  { name: 'trusted', trusted: true, dirs: ['test/vscode/trusted'] },
  { name: 'restricted', trusted: false, dirs: ['test/vscode/restricted'] },
];

const PROFILE_TIMEOUT_MS = Number(process.env.LOKI_VSCODE_TIMEOUT_MS ?? 15 * 60_000);
export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

interface HostResult { done: boolean; activated: boolean; activationError: string | null; vscodeVersion: string; passes: number; failures: number; pending: number; lines: string[] }

function testFiles(dirs: string[]): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    if (!existsSync(dir)) return;
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.test.ts')) out.push(p);
    }
  };
  for (const d of dirs) walk(path.join(repoRoot, d));
  return out.sort();
}

/** Workspace: A has a real runner's finished `.loki`, B has none (tests may start the simulator there). */
function prepareWorkspace(root: string): string {
  const a = path.join(root, 'projA');
  const b = path.join(root, 'projB');
  mkdirSync(a, { recursive: true });
  mkdirSync(b, { recursive: true });
  cpSync(path.join(repoRoot, 'test/fixtures/loki-runs/claude-todo/final/.loki'), path.join(a, '.loki'), { recursive: true });
  writeFileSync(path.join(a, 'prd.md'), readFileSync(path.join(repoRoot, 'test/fixtures/prd/todo-app.md')));
  writeFileSync(path.join(b, 'README.md'), '# Project B\n');
  const file = path.join(root, 'loki-tests.code-workspace');
  writeFileSync(file, JSON.stringify({ folders: [{ path: 'projA' }, { path: 'projB' }] }, null, 2));
  return file;
}

async function bundle(profile: Profile, outDir: string, resultFile: string): Promise<{ index: string; tests: string }> {
  const files = testFiles(profile.dirs);
  const entry = path.join(outDir, 'entry.ts');
  writeFileSync(entry, files.map(f => `import ${JSON.stringify(f)};`).join('\n') + '\n');
  const tests = path.join(outDir, 'tests.js');
  const index = path.join(outDir, 'index.js');
  const common = { bundle: true, platform: 'node' as const, format: 'cjs' as const, target: 'node20', external: ['vscode'], logLevel: 'error' as const, sourcemap: 'inline' as const };
  await esbuild.build({ ...common, entryPoints: [entry], outfile: tests });
  await esbuild.build({
    ...common, entryPoints: [path.join(repoRoot, 'test/vscode/index.ts')], outfile: index,
    define: { __LOKI_TEST_RESULT__: JSON.stringify(resultFile), __LOKI_TEST_BUNDLE__: JSON.stringify(tests) },
  });
  return { index, tests: String(files.length) };
}

async function runOffline(profile: Profile, root: string, workspaceFile: string, index: string, resultFile: string): Promise<HostResult | null> {
  const user = path.join(root, 'user-data');
  mkdirSync(path.join(user, 'User'), { recursive: true });
  // Trust off = every folder trusted; trust on in a fresh profile = restricted mode (the prompt is never answered).
  writeFileSync(path.join(user, 'User', 'settings.json'), JSON.stringify({
    'security.workspace.trust.enabled': !profile.trusted,
    'security.workspace.trust.startupPrompt': 'never',
    'workbench.startupEditor': 'none',
    'extensions.autoUpdate': false,
    'extensions.autoCheckUpdates': false,
    'telemetry.telemetryLevel': 'off',
  }, null, 2));
  let server: RunningServer | undefined;
  let browser: Browser | undefined;
  const cleanup = async (): Promise<void> => {
    await browser?.close().catch(() => undefined);
    await server?.stop();
  };
  onInterrupt(cleanup);
  try {
    server = await startServer({
      userDataDir: user,
      serverDataDir: path.join(root, 'server-data'),
      logFile: path.join(root, 'server.log'),
      env: { PATH: `${path.join(repoRoot, 'test/fixtures/bin')}:${process.env.PATH ?? ''}`, LOKI_SIM_SPEED: '10', LOKI_DASHBOARD_HOME: path.join(root, 'home') },
    });
    const remote = (p: string): string => `vscode-remote://127.0.0.1:${server!.port}${p}`;
    const payload = [['extensionDevelopmentPath', remote(repoRoot)], ['extensionTestsPath', remote(index)]];
    browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    // The 1.90 web workbench uses the browser clipboard only (1.100 falls back to its own): let it read and write.
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.origin });
    await page.goto(`${server.origin}/?workspace=${encodeURIComponent(workspaceFile)}&payload=${encodeURIComponent(JSON.stringify(payload))}`);
    const deadline = Date.now() + PROFILE_TIMEOUT_MS;
    let last = -1;
    while (Date.now() < deadline) {
      const r = readResult(resultFile);
      if (r) {
        for (const line of r.lines.slice(Math.max(0, last))) process.stdout.write(line + '\n');
        last = r.lines.length;
        if (r.done) {
          await page.screenshot({ path: path.join(repoRoot, 'test-results', `vscode-${profile.name}.png`) }).catch(() => undefined);
          return r;
        }
      }
      await new Promise(res => setTimeout(res, 500));
    }
    await page.screenshot({ path: path.join(repoRoot, 'test-results', `vscode-${profile.name}-timeout.png`) }).catch(() => undefined);
    process.stderr.write(`Timed out after ${PROFILE_TIMEOUT_MS / 1000}s. Server log tail:\n${tail(path.join(root, 'server.log'), 40)}\n`);
    return readResult(resultFile);
  } finally {
    await cleanup();
  }
}

async function runElectron(profile: Profile, root: string, workspaceFile: string, index: string, resultFile: string): Promise<HostResult | null> {
  const { runTests } = await import('@vscode/test-electron');
  const user = path.join(root, 'user-data');
  mkdirSync(path.join(user, 'User'), { recursive: true });
  writeFileSync(path.join(user, 'User', 'settings.json'), JSON.stringify({ 'security.workspace.trust.enabled': !profile.trusted }));
  await runTests({
    version: '1.100.3',
    extensionDevelopmentPath: repoRoot,
    extensionTestsPath: index,
    launchArgs: [workspaceFile, `--user-data-dir=${user}`, '--disable-extensions'],
    extensionTestsEnv: { PATH: `${path.join(repoRoot, 'test/fixtures/bin')}:${process.env.PATH ?? ''}`, LOKI_SIM_SPEED: '10' },
  });
  return readResult(resultFile);
}

function readResult(file: string): HostResult | null {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as HostResult;
  } catch {
    return null; // not written yet, or caught mid-write
  }
}

async function main(): Promise<number> {
  const launcher = process.env.LOKI_VSCODE_LAUNCHER === 'electron' ? 'electron' : 'offline';
  const only = process.argv.slice(2);
  mkdirSync(path.join(repoRoot, 'test-results'), { recursive: true });
  let passes = 0;
  let failures = 0;
  let problems = 0;
  const started = Date.now();
  for (const profile of PROFILES.filter(p => only.length === 0 || only.includes(p.name))) {
    const root = mkdtempSync(path.join(tmpdir(), `loki-vscode-${profile.name}-`));
    const resultFile = path.join(root, 'result.json');
    const { index, tests } = await bundle(profile, root, resultFile);
    process.stdout.write(`\n▶ ${profile.name} (${tests} test files, ${launcher} launcher)\n`);
    const workspaceFile = prepareWorkspace(path.join(root, 'ws'));
    const t0 = Date.now();
    const r = launcher === 'electron' ? await runElectron(profile, root, workspaceFile, index, resultFile) : await runOffline(profile, root, workspaceFile, index, resultFile);
    if (!r) {
      process.stderr.write(`✗ ${profile.name}: the test module never reported (did the extension host start?)\n`);
      problems++;
    } else if (!r.activated) {
      process.stderr.write(`✗ ${profile.name}: the extension failed to activate in VS Code ${r.vscodeVersion}:\n${r.activationError ?? 'unknown error'}\n`);
      problems++;
    } else {
      if (!r.done) { process.stderr.write(`✗ ${profile.name}: the run did not finish\n`); problems++; }
      if (r.passes + r.failures === 0) { process.stderr.write(`✗ ${profile.name}: zero tests ran\n`); problems++; }
      process.stdout.write(`  ${profile.name}: ${r.passes} passing, ${r.failures} failing in VS Code ${r.vscodeVersion} (${((Date.now() - t0) / 1000).toFixed(0)} s)\n`);
      passes += r.passes;
      failures += r.failures;
    }
    if (!process.env.LOKI_KEEP_TEST_DIRS) rmSync(root, { recursive: true, force: true });
  }
  await stopAll();
  process.stdout.write(`\n${passes} passing\n${failures} failing\n${passes} passed, ${failures + problems} failed\n`);
  process.stdout.write(`(${((Date.now() - started) / 1000).toFixed(0)} s)\n`);
  return failures + problems > 0 || passes === 0 ? 1 : 0;
}

main().then(code => process.exit(code), err => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  void stopAll().finally(() => process.exit(1));
});
