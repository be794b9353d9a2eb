import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseGlobalLearnings, parseLearningSignal, parseRelevantLearnings, stableHash } from '../../../src/core/parsers/learnings';

const fixture = (name: string): string => readFileSync(join(__dirname, '../../fixtures/leaf/learnings', name), 'utf8');
const problem = (r: { ok: boolean; problem?: string }): string => (r.ok ? '' : (r.problem ?? ''));
const ORIGIN = '~/.loki/learnings/mistakes.jsonl';

/** An entry in the literal key layout of run.sh `extract_learnings_from_session` (contract §3.5.1). */
const entry = (description: string, extra: Record<string, unknown> = {}): string =>
  JSON.stringify({ timestamp: '2026-11-22T02:47:36Z', project: 'proj-1', category: 'session', description, ...extra });

describe('parseGlobalLearnings (~/.loki/learnings/*.jsonl)', () => {
  it('skips the header line of a real store file', () => {
    assert.deepEqual(parseGlobalLearnings(fixture('mistakes.jsonl'), ORIGIN), []);
  });

  it('reads entries after the real header with the file kind as category', () => {
    const text = fixture('mistakes.jsonl') + entry('Ran tests before saving the file') + '\n' + entry('Forgot the unknown-id case') + '\n';
    const ls = parseGlobalLearnings(text, ORIGIN);
    assert.equal(ls.length, 2);
    assert.deepEqual({ ...ls[0], id: 'x' }, {
      id: 'x',
      projectId: null,
      projectName: 'proj-1',
      category: 'mistake',
      text: 'Ran tests before saving the file',
      timestamp: '2026-11-22T02:47:36.000Z',
      origin: ORIGIN,
    });
    assert.match(ls[0]?.id ?? '', /^learning-[0-9a-f]{14}$/);
    assert.notEqual(ls[0]?.id, ls[1]?.id);
  });

  it('gives stable ids across parses and dedups repeated descriptions', () => {
    const text = entry('Same lesson') + '\n' + entry('same lesson ') + '\n';
    const a = parseGlobalLearnings(text, '~/.loki/learnings/patterns.jsonl');
    const b = parseGlobalLearnings(text, '~/.loki/learnings/patterns.jsonl');
    assert.equal(a.length, 1);
    assert.equal(a[0]?.category, 'pattern');
    assert.equal(a[0]?.id, b[0]?.id);
    assert.notEqual(a[0]?.id, parseGlobalLearnings(text, '~/.loki/learnings/successes.jsonl')[0]?.id);
  });

  it('skips garbage, truncated lines and wrong types without throwing', () => {
    const text = ['not json', '{"description": "cut', '[1,2]', '{"description": 5}', '{"description": {"x":1}}', '{"description": "   "}', entry('kept', { project: ['x'] }), ''].join('\n');
    const ls = parseGlobalLearnings(text, ORIGIN);
    assert.deepEqual(ls.map(l => [l.text, l.projectName]), [['5', null], ['kept', null]]);
    assert.deepEqual(parseGlobalLearnings('', ORIGIN), []);
  });

  it('truncates huge descriptions and falls back to the entry category for unknown files', () => {
    const ls = parseGlobalLearnings(entry('d'.repeat(500_000)), '/tmp/other.jsonl');
    assert.ok((ls[0]?.text.length ?? 0) <= 10_001);
    assert.equal(ls[0]?.category, 'session');
  });
});

describe('parseRelevantLearnings (state/relevant-learnings.json)', () => {
  const origin = '.loki/state/relevant-learnings.json';

  it('reads the real (empty) bash shape', () => {
    assert.deepEqual(parseRelevantLearnings(fixture('relevant-learnings.json'), 'p1', origin), { ok: true, value: [] });
  });

  it('reads bash entries per key with project ids', () => {
    const doc = { patterns: [JSON.parse(entry('Keep modules small'))], mistakes: ['plain string lesson'], successes: [JSON.parse(entry('Tests first'))] };
    const r = parseRelevantLearnings(JSON.stringify(doc), 'p1', origin);
    assert.ok(r.ok);
    assert.deepEqual(r.value.map(l => [l.category, l.text, l.projectId]), [
      ['pattern', 'Keep modules small', 'p1'],
      ['mistake', 'plain string lesson', 'p1'],
      ['success', 'Tests first', 'p1'],
    ]);
  });

  it('reads the Bun v1 shape', () => {
    const doc = {
      version: 1,
      learnings: [
        { id: 'l-1', timestamp: '2026-08-20T14:28:50Z', iteration: 3, trigger: 'gate_failure', rootCause: 'No test for unknown id', fix: 'Added test', preventInFuture: 'Cover error paths', evidence: { file: 'todo.py' } },
        { id: 'l-2', trigger: 'council_reject' },
      ],
    };
    const r = parseRelevantLearnings(JSON.stringify(doc), 'p1', origin);
    assert.ok(r.ok);
    assert.equal(r.value.length, 1);
    assert.equal(r.value[0]?.category, 'gate_failure');
    assert.equal(r.value[0]?.text, 'Root cause: No test for unknown id\nFix: Added test\nPrevent: Cover error paths');
    assert.equal(r.value[0]?.timestamp, '2026-08-20T14:28:50.000Z');
  });

  it('reports bad documents as problems', () => {
    assert.match(problem(parseRelevantLearnings('', 'p1', origin)), /empty file/);
    assert.match(problem(parseRelevantLearnings('{"patterns":[', 'p1', origin)), /(incomplete|invalid) JSON/);
    assert.match(problem(parseRelevantLearnings('{"foo":1}', 'p1', origin)), /expected \{patterns/);
    assert.match(problem(parseRelevantLearnings('7', 'p1', origin)), /expected a JSON object or array/);
  });

  it('ignores wrong-typed members', () => {
    const r = parseRelevantLearnings(JSON.stringify({ patterns: 'x', mistakes: [null, 3, {}], learnings: [[]] }), 'p1', origin);
    assert.deepEqual(r, { ok: true, value: [] });
  });
});

describe('parseLearningSignal (.loki/learning/signals/*.json)', () => {
  const origin = '.loki/learning/signals/x.json';

  it('reads a real success_pattern signal with its +00:00Z timestamp', () => {
    const r = parseLearningSignal(fixture('2026-11-22T02-47-36_sig-2e57be89.json'), 'p1', origin);
    assert.ok(r.ok);
    assert.equal(r.value.category, 'success_pattern');
    assert.equal(r.value.text, 'Pattern full_session: init → setup → run_iterations → extract_learnings → cleanup (session_complete, success)');
    assert.equal(r.value.timestamp, '2026-11-22T02:47:36.560Z');
    assert.equal(r.value.projectId, 'p1');
  });

  it('reads real tool_efficiency and workflow_pattern signals', () => {
    const tool = parseLearningSignal(fixture('2026-11-22T02-45-53_sig-57de28a0.json'), 'p1', origin);
    assert.ok(tool.ok);
    assert.equal(tool.value.text, 'Tool claude took 15.2 s (iteration_complete, success)');
    const wf = parseLearningSignal(fixture('2026-11-22T02-51-55_sig-b37549d0.json'), 'p2', origin);
    assert.ok(wf.ok);
    assert.equal(wf.value.text, 'Workflow loki_session: prerequisites → setup → autonomous_loop → learnings → cleanup (session_complete, success)');
  });

  it('keeps ids stable per project', () => {
    const text = fixture('2026-11-22T02-45-53_sig-57de28a0.json');
    const a = parseLearningSignal(text, 'p1', origin);
    const b = parseLearningSignal(text, 'p1', origin);
    const c = parseLearningSignal(text, 'p2', origin);
    assert.ok(a.ok && b.ok && c.ok);
    assert.equal(a.value.id, b.value.id);
    assert.notEqual(a.value.id, c.value.id);
  });

  it('summarises other types and falls back to type: action', () => {
    const err = parseLearningSignal('{"type":"error_pattern","error_type":"ImportError","error_message":"no module x","resolution":"pip install x","outcome":"failure"}', 'p1', origin);
    assert.equal(err.ok && err.value.text, 'Error ImportError: no module x — fix: pip install x (failure)');
    const pref = parseLearningSignal('{"type":"user_preference","preference_key":"provider","preference_value":"codex","source":"vscode"}', 'p1', origin);
    assert.equal(pref.ok && pref.value.text, 'Preference provider = codex');
    const other = parseLearningSignal('{"type":"context_relevance","action":"pause","outcome":"unknown"}', 'p1', origin);
    assert.equal(other.ok && other.value.text, 'context_relevance: pause, unknown');
  });

  it('reports bad files as problems', () => {
    assert.match(problem(parseLearningSignal('', 'p1', origin)), /empty file/);
    assert.match(problem(parseLearningSignal('{"id":"sig-1","type":"succ', 'p1', origin)), /(incomplete|invalid) JSON/);
    assert.match(problem(parseLearningSignal('[]', 'p1', origin)), /expected a JSON object/);
    assert.match(problem(parseLearningSignal('{"type":"x"}', 'p1', origin)), /nothing|no type, action or description/);
  });

  it('cuts huge descriptions and tolerates wrong types', () => {
    const r = parseLearningSignal(JSON.stringify({ type: 5, description: 'z'.repeat(300_000), timestamp: 'soon', action_sequence: 'x' }), 'p1', origin);
    assert.ok(r.ok);
    assert.equal(r.value.category, '5');
    assert.equal(r.value.timestamp, null);
    assert.ok(r.value.text.length <= 10_001);
  });
});

describe('stableHash', () => {
  it('is deterministic and spreads similar inputs', () => {
    assert.equal(stableHash('abc'), stableHash('abc'));
    assert.notEqual(stableHash('abc'), stableHash('abd'));
    assert.match(stableHash(''), /^[0-9a-f]{14}$/);
  });
});
