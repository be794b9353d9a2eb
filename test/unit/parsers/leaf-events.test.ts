import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseEventLine, parseKeyValues } from '../../../src/core/parsers/events';

const fixture = (name: string): string => readFileSync(join(__dirname, '../../fixtures/leaf/events', name), 'utf8');

describe('parseEventLine (events.jsonl)', () => {
  it('parses every record of a real run with typed data', () => {
    const lines = fixture('claude-events.jsonl').split('\n').filter(l => l.trim());
    const events = lines.map(parseEventLine);
    assert.equal(events.length, 63);
    assert.ok(events.every(e => e !== null && e.timestamp !== null));
    assert.deepEqual(events[0], {
      timestamp: '2026-11-22T02:45:35.000Z',
      type: 'session_start',
      source: null,
      data: { provider: 'claude', prd: './prd.md', parallel: false, complexity: 'standard', pid: 29323 },
    });
    const types = new Set(events.map(e => e?.type));
    for (const t of ['iteration_start', 'iteration_complete', 'phase_change', 'stage_complete', 'session_end', 'task_completion_claim']) assert.ok(types.has(t), t);
    const last = events[events.length - 1];
    assert.deepEqual([last?.type, last?.data], ['phase_change', { from: 'BUILDING', to: 'COMPLETED', iteration: 0 }]);
  });

  it('reads the emit.sh id/payload record (real events/pending file, flattened onto one line)', () => {
    const e = parseEventLine(JSON.stringify(JSON.parse(fixture('pending-session.json'))));
    assert.deepEqual(e, {
      timestamp: '2026-11-22T02:47:36.599Z',
      type: 'memory',
      source: 'cli',
      data: { action: 'learning_signal', signal_id: 'sig-99236344', signal_type: 'workflow_pattern', outcome: 'success' },
    });
  });

  it('turns a k=v data string into an object (emit_event)', () => {
    const e = parseEventLine('{"timestamp":"2026-08-20T14:28:50Z","type":"session_end","data":"result=0 reason=stop_requested"}');
    assert.deepEqual(e?.data, { result: 0, reason: 'stop_requested' });
  });

  it('takes source from data for emit.sh flat appends', () => {
    const e = parseEventLine('{"timestamp":"2026-08-20T14:28:50.123Z","type":"session","data":{"source":"cli","action":"pause","reason":"user_requested"}}');
    assert.deepEqual(e, {
      timestamp: '2026-08-20T14:28:50.123Z',
      type: 'session',
      source: 'cli',
      data: { source: 'cli', action: 'pause', reason: 'user_requested' },
    });
  });

  it('reads hook and SDK records with payload and source, including epoch timestamps', () => {
    const hook = parseEventLine('{"type":"claude_hook_PreToolUse","source":"claude_cli","timestamp":"2026-08-20T14:28:50.123456+00:00","payload":{"tool":"Edit"}}');
    assert.deepEqual(hook, { timestamp: '2026-08-20T14:28:50.123Z', type: 'claude_hook_PreToolUse', source: 'claude_cli', data: { tool: 'Edit' } });
    const sdk = parseEventLine('{"type":"capability_degraded","source":"sdk_loop","timestamp":1787236130123,"payload":{"capability":"mcp"}}');
    assert.equal(sdk?.timestamp, '2026-08-20T14:28:50.123Z');
    assert.equal(sdk?.source, 'sdk_loop');
  });

  it('keeps records without data, using their other keys', () => {
    const e = parseEventLine('{"timestamp":"2026-08-20T14:28:50Z","type":"session","action":"stop","source":"cli"}');
    assert.deepEqual(e?.data, { action: 'stop' });
    assert.equal(e?.source, 'cli');
  });

  it('returns null for blank, garbage, truncated, non-object and type-less lines', () => {
    for (const l of ['', '   ', 'hello', '{"timestamp":"2026-', '[1,2]', '"str"', '42', 'null', '{"data":{}}', '{"type":""}', '{"type":{"x":1}}']) {
      assert.equal(parseEventLine(l), null, l);
    }
  });

  it('survives wrong types: bad timestamps become null, array data is wrapped, numeric types are stringified', () => {
    const e = parseEventLine('{"timestamp":"yesterday","type":123,"data":[1,2]}');
    assert.deepEqual(e, { timestamp: null, type: '123', source: null, data: { value: [1, 2] } });
    assert.equal(parseEventLine('{"type":"x","source":["a"],"data":{"source":5}}')?.source, '5');
  });

  it('cuts huge string values', () => {
    const e = parseEventLine(JSON.stringify({ type: 'x', data: { blob: 'a'.repeat(1_000_000) } }));
    assert.ok(String(e?.data.blob).length <= 10_001);
  });
});

describe('parseKeyValues', () => {
  it('splits on spaces or commas and keeps values with spaces', () => {
    assert.deepEqual(parseKeyValues('iteration=3 provider=claude prd=./prd.md'), { iteration: 3, provider: 'claude', prd: './prd.md' });
    assert.deepEqual(parseKeyValues('prd=./prd.md,dashboard=false,parallel=false'), { prd: './prd.md', dashboard: false, parallel: false });
    assert.deepEqual(parseKeyValues('reason=user requested stop code=null'), { reason: 'user requested stop', code: null });
  });
  it('keeps free text as message and types quoted values as strings', () => {
    assert.deepEqual(parseKeyValues('just words'), { message: 'just words' });
    assert.deepEqual(parseKeyValues('note: x=1'), { message: 'note:', x: 1 });
    assert.deepEqual(parseKeyValues('name="123"'), { name: '123' });
    assert.deepEqual(parseKeyValues(''), {});
  });
});
