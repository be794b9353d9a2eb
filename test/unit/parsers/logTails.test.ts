import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, chmodSync, appendFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { NodeFileAccessor } from '../../../src/core/adapters/nodeFileAccessor';
import { LogTails } from '../../../src/core/parsers/logTails';

const LOGS = path.join(__dirname, '../../fixtures/loki-runs/claude-todo/final/.loki/logs');

describe('LogTails over the real runner logs', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'loki-tails-'));
    cpSync(LOGS, path.join(dir, 'logs'), { recursive: true });
    chmodSync(path.join(dir, 'logs'), 0o755);
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('shows each provider line once although agent.log, autonomy-*.log and iter-output-* mirror it', async () => {
    const tails = new LogTails(new NodeFileAccessor(), dir);
    await tails.scan();
    const entries = tails.drainLogs();
    assert.ok(entries.length > 50, `expected real log lines, got ${entries.length}`);
    const init = entries.filter(e => /session|init/i.test(e.message) && e.message.includes('claude-sonnet'));
    const msgs = entries.map(e => e.message);
    const toolLines = msgs.filter(m => m.startsWith('Tool: '));
    assert.ok(toolLines.length > 0, 'tool calls decoded');
    // The raw provider stream appears in three files; without mirror detection every tool line would be tripled.
    const raw = readFileSync(path.join(dir, 'logs/agent.log'), 'utf8').split('\n').filter(l => l.includes('"tool_use"')).length;
    assert.ok(toolLines.length <= raw * 1.5, `tool lines ${toolLines.length} vs ${raw} tool_use lines in agent.log`);
    assert.ok(init.length <= 4, `init lines ${init.length}`);
  });

  it('keeps a line repeated inside one file', async () => {
    const tails = new LogTails(new NodeFileAccessor(), dir);
    await tails.scan();
    tails.drainLogs();
    const line = 'ERROR: the same failure twice in a row';
    appendFileSync(path.join(dir, 'logs/agent.log'), `${line}\n${line}\n`);
    await tails.read('logs/agent.log');
    assert.equal(tails.drainLogs().filter(e => e.message.includes('same failure')).length, 2);
  });
});
