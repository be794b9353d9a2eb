// Loaded by VS Code as `extensionTestsPath`: runs inside the real extension host, drives mocha itself and
// streams results to a JSON file, because the launcher cannot see the host's exit code.
import { writeFileSync } from 'node:fs';
import Mocha from 'mocha';
import * as vscode from 'vscode';

// Replaced at bundle time by the launcher (scripts/runVscodeTests.ts): env vars do not reliably reach the host.
declare const __LOKI_TEST_RESULT__: string;
declare const __LOKI_TEST_BUNDLE__: string;

/** What the launcher reads back. */
interface HostTestResult {
  done: boolean;
  activated: boolean;
  activationError: string | null;
  vscodeVersion: string;
  passes: number;
  failures: number;
  pending: number;
  lines: string[];
}

const EXTENSION_ID = 'loki-dashboard.loki-dashboard';

/** Entry point VS Code calls. */
export async function run(): Promise<void> {
  const result: HostTestResult = { done: false, activated: false, activationError: null, vscodeVersion: vscode.version, passes: 0, failures: 0, pending: 0, lines: [] };
  const save = (): void => writeFileSync(__LOKI_TEST_RESULT__, JSON.stringify(result, null, 1));
  save();

  // Activation failure must fail the run on its own, not just make individual tests time out.
  try {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    if (!ext) throw new Error(`${EXTENSION_ID} is not loaded in this host`);
    await ext.activate();
    result.activated = ext.isActive;
  } catch (err) {
    result.activationError = err instanceof Error ? (err.stack ?? err.message) : String(err);
  }
  save();
  if (!result.activated) {
    result.done = true;
    save();
    return;
  }

  const mocha = new Mocha({ ui: 'bdd', timeout: 90_000, color: false });
  mocha.addFile(__LOKI_TEST_BUNDLE__);
  await new Promise<void>(resolve => {
    const runner = mocha.run(() => resolve());
    runner.on('pass', t => { result.passes++; result.lines.push(`  ✔ ${t.fullTitle()} (${t.duration ?? 0} ms)`); save(); });
    runner.on('fail', (t, err: Error) => { result.failures++; result.lines.push(`  ✗ ${t.fullTitle()}\n      ${(err?.stack ?? String(err)).split('\n').slice(0, 8).join('\n      ')}`); save(); });
    runner.on('pending', t => { result.pending++; result.lines.push(`  - ${t.fullTitle()} (pending)`); save(); });
  });
  result.done = true;
  save();
}
