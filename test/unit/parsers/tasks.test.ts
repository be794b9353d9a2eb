import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { buildBoard } from '../../../src/core/parsers/board';
import { parseCurrentTask } from '../../../src/core/parsers/currentTask';
import { parseMarkdownTask } from '../../../src/core/parsers/markdownTasks';
import type { MarkdownTaskRaw } from '../../../src/core/parsers/markdownTasks';
import { MAX_RAW_CHARS, parseQueue } from '../../../src/core/parsers/queue';
import type { Task } from '../../../src/core/domain';
import { makeTask } from '../../fakes/domain';

const RUNS = path.resolve(__dirname, '../../fixtures/loki-runs');
const read = (rel: string): string => readFileSync(path.join(RUNS, rel), 'utf8');

function okValue<T>(r: { ok: true; value: T } | { ok: false; problem: string }): T {
  if (!r.ok) assert.fail(`expected ok, got problem: ${r.problem}`);
  return r.value;
}

function problem(r: { ok: boolean; problem?: string }): string {
  assert.equal(r.ok, false);
  return r.problem ?? '';
}

describe('parseQueue (queue/*.json)', () => {
  it('reads PRD stories from a real pending.json', () => {
    const tasks = okValue(parseQueue(read('claude-todo/snapshots/t-0008/.loki/queue/pending.json'), 'queue/pending.json', 'pending'));
    assert.deepEqual(tasks.map(t => t.id), ['prd-001', 'prd-002', 'prd-003', 'prd-004', 'prd-005']);
    const t = tasks[0]!;
    assert.equal(t.status, 'pending');
    assert.equal(t.source, 'prd');
    assert.equal(t.readOnly, false);
    assert.equal(t.file, 'queue/pending.json');
    assert.ok(t.title.includes('todo.py add'));
    assert.ok(t.userStory?.startsWith('As a user'));
    assert.ok(['high', 'medium', 'low'].includes(t.priority));
  });

  it('reads a real iteration card as read-only with its iteration number and logs', () => {
    const tasks = okValue(parseQueue(read('claude-todo/snapshots/t-0008/.loki/queue/in-progress.json'), 'queue/in-progress.json', 'in_progress'));
    const card = tasks.find(t => t.id === 'iteration-1');
    assert.ok(card);
    assert.equal(card.source, 'iteration');
    assert.equal(card.readOnly, true);
    assert.equal(card.iteration, 1);
    assert.equal(card.status, 'in_progress');
    assert.ok(card.logs && card.logs.length > 0 && card.logs[0]!.message.includes('Iteration 1'));
  });

  it('reads a real TodoWrite mirror as a read-only todo card', () => {
    const [todo] = okValue(parseQueue(read('claude-todo/final/.loki/queue/in-progress.json'), 'queue/in-progress.json', 'in_progress'));
    assert.equal(todo?.id, 'todo-0');
    assert.equal(todo?.source, 'todo');
    assert.equal(todo?.readOnly, true);
    assert.equal(todo?.title, 'Write README/USAGE and verify');
  });

  it('reads completed iteration cards with exit code, phase and completion time', () => {
    const tasks = okValue(parseQueue(read('claude-todo/final/.loki/queue/completed.json'), 'queue/completed.json', 'completed'));
    const it4 = tasks.find(t => t.id === 'iteration-4');
    assert.ok(it4);
    assert.equal(it4.status, 'completed');
    assert.equal(it4.exitCode, 0);
    assert.ok(it4.completedAt);
    assert.ok(it4.phase);
  });

  it('accepts the {"tasks": [...]} wrapper and legacy payload records (title from payload.action, numeric priority)', () => {
    const text = JSON.stringify({ tasks: [
      { id: 'ip-1', source: 'api', type: 'hotfix', payload: { action: 'Fix in-progress one' } },
      { id: 'eng-1', type: 'eng-backend', priority: 9, claimedBy: 'agent-7', payload: { goal: 'Ship the API' } },
      { id: 'bare', type: 'eng-frontend' },
      { id: 'none' },
    ] });
    const tasks = okValue(parseQueue(text, 'queue/in-progress.json', 'in_progress'));
    assert.deepEqual(tasks.map(t => t.title), ['Fix in-progress one', 'eng-backend', 'eng-frontend', 'Task']);
    assert.equal(tasks[0]!.source, 'api');
    assert.equal(tasks[1]!.priority, 'high');
    assert.equal(tasks[1]!.agent, 'agent-7');
    assert.equal(tasks[1]!.description, 'Ship the API');
    assert.equal(tasks[1]!.source, 'agent');
  });

  it('reads populator records (github, bmad, openspec, mirofish)', () => {
    const text = JSON.stringify([
      { id: 'github-12', title: 'Bug', source: 'github', github_issue: 12, created_at: '2026-01-01T00:00:00Z', priority: 'critical' },
      { id: 'bmad-1', title: 'Epic story', source: 'bmad', priority: 'low' },
      { id: 'os-1', title: 'Spec item', source: 'openspec', status: 'pending' },
      { id: 'mirofish-001', title: 'Fish', source: 'mirofish' },
    ]);
    const tasks = okValue(parseQueue(text, 'queue/pending.json', 'pending'));
    assert.deepEqual(tasks.map(t => t.source), ['github', 'bmad', 'openspec', 'mirofish']);
    assert.equal(tasks[0]!.priority, 'critical');
    assert.equal(tasks[0]!.createdAt, '2026-01-01T00:00:00.000Z');
  });

  it('puts a record in the column of its file whatever its own status says', () => {
    const [t] = okValue(parseQueue('[{"id":"x","title":"t","status":"completed"}]', 'queue/failed.json', 'failed'));
    assert.equal(t?.status, 'failed');
  });

  it('synthesises an honest description for a legacy iteration card without one', () => {
    const [ok0, bad] = okValue(parseQueue(JSON.stringify([
      { id: 'iteration-1', type: 'iteration', exitCode: 0, provider: 'claude' },
      { id: 'iteration-2', type: 'iteration', exitCode: 2 },
    ]), 'queue/completed.json', 'completed'));
    assert.equal(ok0?.description, 'Iteration completed cleanly (exit 0), built by claude.');
    assert.equal(bad?.description, 'Iteration failed (exit 2).');
  });

  it('skips non-object entries, gives id-less records a positional id, treats {} as empty', () => {
    const tasks = okValue(parseQueue('[1, "x", null, {"title":"no id"}]', 'queue/pending.json', 'pending'));
    assert.deepEqual(tasks.map(t => t.id), ['pending-3']);
    assert.deepEqual(okValue(parseQueue('{}', 'queue/pending.json', 'pending')), []);
    assert.deepEqual(okValue(parseQueue('[]', 'queue/pending.json', 'pending')), []);
  });

  it('reports empty, truncated and wrongly shaped files with a clear message', () => {
    assert.match(problem(parseQueue('', 'queue/in-progress.json', 'in_progress')), /empty file/);
    const real = read('claude-todo/snapshots/t-0008/.loki/queue/pending.json');
    assert.match(problem(parseQueue(real.slice(0, real.length / 2), 'queue/pending.json', 'pending')), /incomplete JSON|invalid JSON/);
    assert.match(problem(parseQueue('"hello"', 'queue/pending.json', 'pending')), /neither a JSON array nor/);
    assert.match(problem(parseQueue('{"tasks": 3}', 'queue/pending.json', 'pending')), /neither a JSON array nor/);
    assert.match(problem(parseQueue('{"foo": 1}', 'queue/pending.json', 'pending')), /neither a JSON array nor/);
  });

  it('survives wrong field types and caps huge values', () => {
    const huge = 'x'.repeat(300_000);
    const text = JSON.stringify([{ id: 42, title: ['not', 'a', 'string'], priority: { p: 1 }, description: huge, acceptance_criteria: 'nope', logs: 'nope', notes: [1, { text: 'n' }] }]);
    const [t] = okValue(parseQueue(text, 'queue/pending.json', 'pending'));
    assert.equal(t?.id, '42');
    assert.equal(t?.title, 'Task');
    assert.equal(t?.priority, 'medium');
    assert.ok((t?.description?.length ?? 0) <= 20_001);
    assert.equal(t?.acceptanceCriteria, undefined);
    assert.deepEqual(t?.notes, ['1', 'n']);
    assert.equal(t?.raw, undefined, `records above ${MAX_RAW_CHARS} chars are kept without raw`);
  });
});

describe('parseMarkdownTask (queue/<dir>/<id>.md)', () => {
  const md = [
    '# Add dark mode',
    '',
    '## Metadata',
    '- Priority: High',
    '- Team: eng-frontend',
    '',
    '## Specification',
    'Users can switch the theme.',
    '',
    'Second paragraph.',
    '',
    '## Acceptance Criteria',
    '1. Toggle exists',
    '- Persisted',
    '',
    '## Context Files',
    '- src/theme.ts',
  ].join('\n');

  it('reads title, metadata, specification, criteria and context files; id from the file name', () => {
    const t = okValue(parseMarkdownTask(md, 'queue/active/dark-mode.md', 'in_progress'));
    assert.equal(t.id, 'dark-mode');
    assert.equal(t.title, 'Add dark mode');
    assert.equal(t.status, 'in_progress');
    assert.equal(t.priority, 'high');
    assert.equal(t.type, 'eng-frontend');
    assert.equal(t.source, 'markdown');
    assert.equal(t.description, 'Users can switch the theme.');
    assert.deepEqual(t.acceptanceCriteria, ['Toggle exists', 'Persisted']);
    assert.deepEqual((t.raw as MarkdownTaskRaw).contextFiles, ['src/theme.ts']);
  });

  it('falls back to the id as title, handles CRLF, and fails only on an empty file', () => {
    const t = okValue(parseMarkdownTask('no heading\r\n## Metadata\r\n- Priority: 10\r\n', 'queue/pending/t-9.md', 'pending'));
    assert.equal(t.title, 't-9');
    assert.equal(t.priority, 'critical');
    assert.match(problem(parseMarkdownTask('  \n', 'queue/pending/t-9.md', 'pending')), /empty file/);
  });
});

describe('parseCurrentTask (queue/current-task.json)', () => {
  it('reads the real iteration card and the {} written at iteration end', () => {
    assert.equal(okValue(parseCurrentTask(read('claude-todo/snapshots/t-0064/.loki/queue/current-task.json')))?.id, 'iteration-3');
    assert.equal(okValue(parseCurrentTask(read('claude-todo/final/.loki/queue/current-task.json'))), null);
  });

  it('rejects non-objects and half-written files', () => {
    assert.match(problem(parseCurrentTask('[]')), /not a JSON object/);
    assert.match(problem(parseCurrentTask('{"id": "itera')), /incomplete JSON|invalid JSON/);
  });
});

describe('buildBoard', () => {
  const src = (file: string, tasks: Task[]): { file: string; tasks: Task[] } => ({ file, tasks });

  it('resolves duplicates to failed > completed > in_progress > review > pending, wherever they come first', () => {
    const cols = buildBoard([
      src('queue/pending.json', [makeTask('a', 'pending'), makeTask('b', 'pending'), makeTask('c', 'pending')]),
      src('queue/in-progress.json', [makeTask('a', 'in_progress'), makeTask('d', 'in_progress')]),
      src('queue/review.json', [makeTask('d', 'review')]),
      src('queue/completed.json', [makeTask('b', 'completed'), makeTask('e', 'completed')]),
      src('queue/failed.json', [makeTask('e', 'failed')]),
    ]);
    const ids = (s: keyof typeof cols): string[] => cols[s].map(t => t.id);
    assert.deepEqual(ids('pending'), ['c']);
    assert.deepEqual(ids('in_progress'), ['a', 'd']);
    assert.deepEqual(ids('review'), []);
    assert.deepEqual(ids('completed'), ['b']);
    assert.deepEqual(ids('failed'), ['e']);
  });

  it('keeps file order within a column and the first of equal-rank duplicates', () => {
    const first = makeTask('iteration-1', 'completed', { title: 'first' });
    const cols = buildBoard([src('queue/completed.json', [makeTask('z', 'completed'), first, makeTask('iteration-1', 'completed', { title: 'again' }), makeTask('a', 'completed')])]);
    assert.deepEqual(cols.completed.map(t => t.id), ['z', 'iteration-1', 'a']);
    assert.equal(cols.completed[1]?.title, 'first');
  });
});
