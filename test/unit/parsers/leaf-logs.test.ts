import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeLogLine, describeToolUse, isLogFile, parseAuditStream } from '../../../src/core/parsers/logs';

const fixture = (name: string): string => readFileSync(join(__dirname, '../../fixtures/leaf/logs', name), 'utf8');
const decodeAll = (text: string, source: string) =>
  text
    .split('\n')
    .map(l => decodeLogLine(l, source))
    .filter(e => e !== null);

describe('isLogFile', () => {
  it('accepts the runner logs and iteration captures', () => {
    for (const rel of ['logs/agent.log', 'logs/autonomy-20261122.log', 'logs/iter-output-t409Ww', 'logs/iter-output-3-1763779538000.log', 'logs/background-20261122-024535.log', 'logs\\agent.log']) {
      assert.equal(isLogFile(rel), true, rel);
    }
  });
  it('rejects audit JSONL, archived directives, nested and outside paths', () => {
    for (const rel of ['logs/audit-20261122.jsonl', 'logs/agent-audit.jsonl', 'logs/human-input-20261122-024624.md', 'logs/human-input-REJECTED-20261122-024624.md', 'logs/sub/x.log', 'events.jsonl', 'agent.log', 'logs/agent.log.lock', 'logs/.hidden.log', '']) {
      assert.equal(isLogFile(rel), false, rel);
    }
  });
});

describe('decodeLogLine on a real Claude run (stream-json in agent.log)', () => {
  const entries = decodeAll(fixture('claude-agent.log.txt'), 'logs/agent.log');

  it('drops streaming deltas, blank lines and banner rules', () => {
    assert.ok(!entries.some(e => e.message.includes('stream_event')));
    assert.ok(!entries.some(e => e.message.trim() === '' || /^[═─-]+$/.test(e.message)));
  });

  it('turns system/init into one readable line', () => {
    const init = entries.find(e => e.message.startsWith('Session init'));
    assert.equal(init?.message, 'Session init: model claude-sonnet-4-5-20250929, 9 tools, cwd /home/dev/proj-1');
    assert.equal(init?.level, 'info');
    assert.equal(init?.source, 'logs/agent.log');
  });

  it('shows assistant text and tool calls', () => {
    const msgs = entries.map(e => e.message);
    assert.ok(msgs.includes("I'll review the PRD, .loki/CONTINUITY.md and the queue, then pick the next task (iteration 1)."));
    assert.ok(msgs.includes('Tool: Read /home/dev/proj-1/.loki/generated-prd.md'));
    assert.ok(msgs.includes('Tool: Write /home/dev/proj-1/todo.py'));
    assert.ok(msgs.includes('Tool: Bash python3 -m pytest -q (Run the test suite)'));
    assert.ok(msgs.includes('Tool: Task general-purpose: Scaffold project layout'));
    assert.ok(msgs.some(m => /^Tool: TodoWrite \d+ todos \(\d+ in progress, \d+ done\)$/.test(m)));
  });

  it('summarises tool results as their first line', () => {
    const msgs = entries.map(e => e.message);
    assert.ok(msgs.includes('↳ File created successfully at: /home/dev/proj-1/todo.py'));
    assert.ok(msgs.some(m => m.startsWith('↳ # PRD: CLI todo app (+') && m.endsWith('more lines)')));
  });

  it('reports each result with cost, tokens, duration and turns', () => {
    const results = entries.filter(e => e.message.startsWith('Result ('));
    assert.equal(results.length, 4);
    assert.equal(
      results[0]?.message,
      'Result (success): Iteration done. Files written: todo.py. Tasks completed: prd-001, prd-002, prd-004. Continuing next iteration. [$0.1075, 39 in / 1,492 out tokens, 14.0 s, 7 turns]',
    );
    assert.ok(results.every(r => r.level === 'info'));
  });

  it('keeps the runner banners as plain info lines with their dates', () => {
    const started = entries.find(e => e.message === '=== Session started at Sun Nov 22 02:45:39 UTC 2026 ===');
    assert.equal(started?.level, 'info');
    assert.equal(started?.timestamp, '2026-11-22T02:45:39.000Z');
    const banner = entries.find(e => e.message.startsWith('NEW SESSION'));
    assert.equal(banner?.message, 'NEW SESSION - Sun Nov 22 02:45:38 UTC 2026');
  });
});

describe('decodeLogLine on a real Codex run (plain text)', () => {
  const entries = decodeAll(fixture('codex-agent.log.txt'), 'logs/agent.log');

  it('passes text through and drops the ---- separators', () => {
    const msgs = entries.map(e => e.message);
    assert.ok(msgs.includes('OpenAI Codex v0.144.6 (research preview)'));
    assert.ok(msgs.includes('model: gpt-5-codex'));
    assert.ok(!msgs.includes('--------'));
  });

  it('flags pytest failures as errors and a non-zero exit as a warning', () => {
    const level = (m: string) => entries.find(e => e.message === m)?.level;
    assert.equal(level('FAILED test_todo.py::TodoTest::test_cli - AssertionError: 0 != 1'), 'error');
    assert.equal(level('E       AssertionError: 0 != 1'), 'error');
    assert.equal(level('exited 1 in 512ms:'), 'warn');
    assert.equal(level('succeeded in 496ms:'), 'info');
    assert.equal(level('4 passed in 0.17s'), 'info');
  });
});

describe('decodeLogLine on crafted lines', () => {
  it('strips ANSI colour codes and guesses levels from markers', () => {
    assert.deepEqual(decodeLogLine('\u001b[0;31m[ERROR]\u001b[0m Provider crashed', 'logs/autonomy-20261122.log'), {
      timestamp: null,
      level: 'error',
      source: 'logs/autonomy-20261122.log',
      message: '[ERROR] Provider crashed',
    });
    assert.equal(decodeLogLine('ERROR: disk full', 's')?.level, 'error');
    assert.equal(decodeLogLine('✗ gate failed: test_suite', 's')?.level, 'error');
    assert.equal(decodeLogLine('[WARN] budget at 80%', 's')?.level, 'warn');
    assert.equal(decodeLogLine('WARNING: retrying', 's')?.level, 'warn');
    assert.equal(decodeLogLine('[DEBUG] tick', 's')?.level, 'debug');
    assert.equal(decodeLogLine('0 errors, 2 warnings found', 's')?.level, 'info');
  });

  it('reads a leading ISO timestamp', () => {
    assert.equal(decodeLogLine('[2026-11-22 02:45:38] [INFO] started', 's')?.timestamp, '2026-11-22T02:45:38.000Z');
    assert.equal(decodeLogLine('2026-11-22T02:45:38+00:00 hello', 's')?.timestamp, '2026-11-22T02:45:38.000Z');
  });

  it('returns null for noise', () => {
    for (const l of ['', '   ', '\r', '════════', '--------', '==========', '\u001b[0m']) assert.equal(decodeLogLine(l, 's'), null, JSON.stringify(l));
  });

  it('marks tool errors and failed results as errors', () => {
    const toolErr = decodeLogLine(JSON.stringify({ type: 'user', message: { content: [{ type: 'tool_result', is_error: true, content: [{ type: 'text', text: 'Permission denied' }] }] } }), 's');
    assert.deepEqual([toolErr?.level, toolErr?.message], ['error', 'Tool error: Permission denied']);
    const res = decodeLogLine(JSON.stringify({ type: 'result', subtype: 'error_max_turns', is_error: true, total_cost_usd: 1.5 }), 's');
    assert.deepEqual([res?.level, res?.message], ['error', 'Result (error_max_turns) [$1.5000]']);
  });

  it('survives wrong types inside stream-json', () => {
    assert.equal(decodeLogLine('{"type":"assistant","message":"oops"}', 's'), null);
    assert.equal(decodeLogLine('{"type":"assistant","message":{"content":[null,5,{"type":"tool_use","name":7,"input":[]}]}}', 's')?.message, 'Tool: 7');
    assert.equal(decodeLogLine('{"type":"result","usage":"x","duration_ms":"abc","result":{}}', 's')?.message, 'Result (done)');
    assert.equal(decodeLogLine('{"type":"user","message":{"content":[{"type":"tool_result","content":{"a":1}}]}}', 's')?.message, '↳ (no output)');
    assert.equal(decodeLogLine('{"type":"system","subtype":"compact_boundary"}', 's')?.level, 'debug');
  });

  it('passes a cut-off JSON line through as text instead of throwing', () => {
    const e = decodeLogLine('{"type": "assistant", "message": {"content": [{"type": "text", "te', 's');
    assert.equal(e?.level, 'info');
    assert.ok(e?.message.startsWith('{"type": "assistant"'));
  });

  it('uses level and message of structured JSON loggers and shortens other JSON', () => {
    assert.deepEqual(decodeLogLine('{"level":"warning","message":"slow provider","timestamp":"2026-11-22T02:45:38Z"}', 's'), {
      timestamp: '2026-11-22T02:45:38.000Z',
      level: 'warn',
      source: 's',
      message: 'slow provider',
    });
    const other = decodeLogLine(JSON.stringify({ type: 'rate_limit', data: 'z'.repeat(5000) }), 's');
    assert.equal(other?.level, 'debug');
    assert.ok((other?.message.length ?? 0) < 400);
  });

  it('truncates huge lines to a sane length', () => {
    const text = decodeLogLine('a'.repeat(1_000_000), 's');
    assert.ok((text?.message.length ?? 0) <= 10_001);
    const json = decodeLogLine(JSON.stringify({ type: 'assistant', message: { content: [{ type: 'text', text: 'b'.repeat(1_000_000) }] } }), 's');
    assert.ok((json?.message.length ?? 0) <= 10_001);
  });

  it('describes tool inputs it has not seen with their first string', () => {
    assert.equal(describeToolUse('Grep', { pattern: 'TODO', path: 'src' }), 'Tool: Grep TODO in src');
    assert.equal(describeToolUse('WebFetch', { url: 'https://example.com', prompt: 'x' }), 'Tool: WebFetch https://example.com');
    assert.equal(describeToolUse('mcp__x', { foo: 'bar\nbaz' }), 'Tool: mcp__x bar');
    assert.equal(describeToolUse('Edit', null), 'Tool: Edit');
  });
});

describe('parseAuditStream', () => {
  it('reads pretty-printed multi-line records (real audit-*.jsonl)', () => {
    const recs = parseAuditStream(fixture('audit-20261122.jsonl'));
    assert.deepEqual(
      recs.map(r => r.event),
      ['BRANCH_PROTECTION', 'SESSION_START', 'SESSION_END'],
    );
    assert.deepEqual(recs[2], { timestamp: '2026-11-22T02:47:36Z', event: 'SESSION_END', data: 'result=0,prd=./prd.md', user: 'root', pid: 29323 });
  });

  it('reads one-object-per-line records too (real agent-audit.jsonl)', () => {
    const recs = parseAuditStream(fixture('agent-audit.jsonl'));
    const lines = fixture('agent-audit.jsonl').split('\n').filter(l => l.trim());
    assert.equal(recs.length, lines.length);
    assert.equal(recs[0]?.action, 'session_start');
  });

  it('skips a record cut off mid-write and keeps the ones after it', () => {
    const text = '{\n  "event": "A",\n  "data": "x}{"\n}\n{\n  "event": "B",\n  "data": "unterminated\n{\n  "event": "C"\n}\n{ "event": "D", "nested": {"k": 1}} trailing garbage }{';
    assert.deepEqual(parseAuditStream(text).map(r => r.event), ['A', 'C', 'D']);
  });

  it('returns [] for empty or non-JSON text', () => {
    assert.deepEqual(parseAuditStream(''), []);
    assert.deepEqual(parseAuditStream('not json at all'), []);
    assert.deepEqual(parseAuditStream('[1,2,3]'), []);
  });
});
