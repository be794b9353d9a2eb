import assert from 'node:assert/strict';
import { buildLaunchPlan, terminalName } from '../../../src/extension/launchPlan';
import { unescapeInput } from '../../../src/extension/escapes';

const base = { cliPath: '/usr/bin/loki', projectName: 'alpha', projectPath: '/w/alpha', provider: 'codex' as const, noDashboard: true, promptInjection: true, extraArgs: [] };

describe('launch plan', () => {
  it('runs loki start with the spec, --yes, the provider and --no-dashboard as separate argv items', () => {
    const p = buildLaunchPlan({ ...base, input: { kind: 'spec', path: '/w/alpha/prd.md' } });
    assert.equal(p.shellPath, '/usr/bin/loki');
    assert.deepEqual(p.shellArgs, ['start', '/w/alpha/prd.md', '--yes', '--provider', 'codex', '--no-dashboard']);
    assert.equal(p.cwd, '/w/alpha');
    assert.equal(p.name, 'Loki: alpha');
  });
  it('sets the env that keeps the run in the foreground and enables input', () => {
    const p = buildLaunchPlan({ ...base, input: { kind: 'none' } });
    assert.deepEqual(p.env, { LOKI_NO_HANDOFF: '1', LOKI_NO_AUTO_OPEN: '1', LOKI_PROMPT_INJECTION: 'true' });
    assert.equal(buildLaunchPlan({ ...base, promptInjection: false, input: { kind: 'none' } }).env.LOKI_PROMPT_INJECTION, undefined);
  });
  it('passes a brief with shell metacharacters as one untouched argument', () => {
    const text = 'build `rm -rf /` $(whoami); echo "hi" && exit';
    const p = buildLaunchPlan({ ...base, input: { kind: 'brief', text } });
    assert.equal(p.shellArgs[1], text);
    assert.equal(p.shellArgs.length, 6);
  });
  it('collapses new lines in a brief and omits an empty one', () => {
    assert.equal(buildLaunchPlan({ ...base, input: { kind: 'brief', text: 'a\nb  c' } }).shellArgs[1], 'a b c');
    assert.deepEqual(buildLaunchPlan({ ...base, input: { kind: 'brief', text: '  ' } }).shellArgs.slice(0, 2), ['start', '--yes']);
  });
  it('appends extra args and leaves out --no-dashboard when the web dashboard is wanted', () => {
    const p = buildLaunchPlan({ ...base, noDashboard: false, extraArgs: ['--budget', '5'], input: { kind: 'none' } });
    assert.deepEqual(p.shellArgs, ['start', '--yes', '--provider', 'codex', '--budget', '5']);
  });
  it('names terminals after the project', () => {
    assert.equal(terminalName('my app'), 'Loki: my app');
  });
  it('turns \\n escapes of input boxes into new lines and keeps escaped backslashes', () => {
    assert.equal(unescapeInput('a\\nb\\tc'), 'a\nb\tc');
    assert.equal(unescapeInput('path C:\\\\new'), 'path C:\\new');
    assert.equal(unescapeInput('no escapes'), 'no escapes');
  });
});
