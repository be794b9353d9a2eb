import { strict as assert } from 'node:assert';
import { copyFileSync, cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { NodeFileAccessor } from '../../../src/core/adapters/nodeFileAccessor';
import type { FileAccessor, TextRead } from '../../../src/core/fileAccess';
import { ProjectModel, TRANSIENT_PROBLEM_GRACE_MS } from '../../../src/core/projectModel';
import type { ProjectModelDeps } from '../../../src/core/projectModel';
import { RecordingLogger } from '../../fakes/recordingLogger';
import { makeTempDir } from '../../fakes/tempDir';
import type { ExpectedTree } from '../cli/snapshotShape';

const RUNS = path.resolve(__dirname, '../../fixtures/loki-runs');

/** A NodeFileAccessor that fails chosen paths with EACCES (the tests run as root, so chmod cannot provoke it). */
class DenyingAccessor extends NodeFileAccessor {
  readonly denied = new Set<string>();
  override async readText(p: string, maxBytes: number): Promise<TextRead> {
    if (this.denied.has(p)) return { ok: false, reason: 'unreadable', message: 'cannot read (EACCES)' };
    return super.readText(p, maxBytes);
  }
}

interface Harness {
  dir: string;
  loki: string;
  model: ProjectModel;
  log: RecordingLogger;
  clock: { now: number };
  alive: Set<number>;
  files: DenyingAccessor;
  write(rel: string, text: string): Promise<void>;
  remove(rel: string): Promise<void>;
}

let cleanups: Array<() => void> = [];
afterEach(() => {
  for (const c of cleanups) c();
  cleanups = [];
});

/** A temp copy of one fixture tree (or an empty project when `tree` is null), loaded. */
async function harness(tree: string | null, extra: Partial<ProjectModelDeps> = {}): Promise<Harness> {
  const { dir, cleanup } = makeTempDir('loki-model-');
  cleanups.push(cleanup);
  if (tree) cpSync(path.join(RUNS, tree, '.loki'), path.join(dir, '.loki'), { recursive: true });
  const log = new RecordingLogger();
  const clock = { now: Date.parse('2026-11-22T03:00:00Z') };
  const alive = new Set<number>();
  const files = new DenyingAccessor();
  const model = new ProjectModel({
    project: { id: 'p', name: 'proj', path: dir },
    files: extra.files ?? files,
    log,
    homeDir: null,
    isPidAlive: pid => alive.has(pid),
    now: () => clock.now,
    ...extra,
  });
  await model.loadAll();
  const loki = path.join(dir, '.loki');
  return {
    dir, loki, model, log, clock, alive, files,
    async write(rel, text) {
      mkdirSync(path.dirname(path.join(loki, rel)), { recursive: true });
      writeFileSync(path.join(loki, rel), text);
      await model.applyFile(path.join(loki, rel));
    },
    async remove(rel) {
      rmSync(path.join(loki, rel), { recursive: true, force: true });
      await model.applyFile(path.join(loki, rel));
    },
  };
}

const ids = (h: Harness, col: 'pending' | 'in_progress' | 'review' | 'completed' | 'failed'): string[] => h.model.snapshot().columns[col].map(t => t.id).sort();

describe('ProjectModel', () => {
  it('keeps the last good board when a queue file is caught half-written, and shows the problem only once it lasts', async () => {
    const h = await harness('claude-todo/snapshots/t-0021');
    assert.deepEqual(ids(h, 'in_progress'), ['todo-0']);
    const full = readFileSync(path.join(h.loki, 'queue/in-progress.json'), 'utf8');
    await h.write('queue/in-progress.json', full.slice(0, Math.floor(full.length / 2)));
    assert.deepEqual(ids(h, 'in_progress'), ['todo-0'], 'last good value kept');
    assert.deepEqual(h.model.snapshot().problems, [], 'a torn read is not shown at once');
    h.clock.now += TRANSIENT_PROBLEM_GRACE_MS;
    const [p] = h.model.snapshot().problems;
    assert.equal(p?.file, 'queue/in-progress.json');
    assert.match(p?.message ?? '', /JSON/);
    await h.write('queue/in-progress.json', full);
    assert.deepEqual(h.model.snapshot().problems, [], 'the problem clears when the file parses again');
  });

  it('keeps iteration and phase through an empty autonomy-state.json and a truncated dashboard-state.json', async () => {
    const h = await harness('claude-todo/snapshots/t-0064');
    await h.write('autonomy-state.json', '');
    const ds = readFileSync(path.join(RUNS, 'claude-todo/snapshots/t-0064/.loki/dashboard-state.json'), 'utf8');
    await h.write('dashboard-state.json', ds.slice(0, 3000));
    const s = h.model.snapshot().session;
    assert.equal(s.iteration, 3);
    assert.equal(s.phase, 'BUILDING');
    assert.equal(s.mode, 'paused');
  });

  it('follows a run through its snapshots via applyFile only (t-0010 → t-0066)', async () => {
    const h = await harness('claude-todo/snapshots/t-0010');
    for (const rel of ['autonomy-state.json', 'queue/pending.json', 'queue/in-progress.json', 'queue/completed.json', 'PAUSE', 'dashboard-state.json']) {
      const src = path.join(RUNS, 'claude-todo/snapshots/t-0066/.loki', rel);
      copyFileSync(src, path.join(h.loki, rel));
      await h.model.applyFile(path.join(h.loki, rel));
    }
    const expected = (JSON.parse(readFileSync(path.join(RUNS, 'claude-todo/expected.json'), 'utf8')) as Record<string, ExpectedTree>)['snapshots/t-0066']!;
    assert.deepEqual(ids(h, 'completed'), [...expected.columns.completed].sort());
    assert.deepEqual(ids(h, 'pending'), []);
    assert.equal(h.model.snapshot().session.iteration, 3);
    assert.equal(h.model.snapshot().session.control.pause, true);
  });

  it('derives paused from PAUSE while the runner is alive, before the runner reacts (dashboard mode says paused)', async () => {
    const h = await harness('claude-todo/snapshots/t-0064');
    h.alive.add(29323);
    const s = h.model.snapshot().session;
    assert.equal(s.alive, true);
    assert.equal(s.pid, 29323);
    assert.equal(s.runnerStatus, 'running');
    assert.equal(s.status, 'paused');
    await h.remove('PAUSE');
    assert.equal(h.model.snapshot().session.status, 'running');
    assert.equal(h.model.snapshot().session.control.pause, false);
  });

  it('finds a live run without session.json through loki.pid, or through the pids/ wrapper record', async () => {
    const h = await harness('claude-todo/snapshots/t-0033');
    h.alive.add(29323);
    assert.equal(h.model.snapshot().session.status, 'running');
    await h.remove('loki.pid');
    assert.equal(h.model.snapshot().session.alive, true, 'pids/29323.json kind wrapper still proves it');
    await h.remove('pids');
    assert.equal(h.model.snapshot().session.alive, false);
    assert.equal(h.model.snapshot().session.status, 'stopped');
  });

  it('reads the finished runs: claude-todo completed with a stale TodoWrite card, codex-stop stopped with phase FAILED', async () => {
    const c = await harness('claude-todo/final');
    const cs = c.model.snapshot().session;
    assert.equal(cs.status, 'completed');
    assert.equal(cs.runnerStatus, 'completion_promise_fulfilled');
    assert.equal(cs.endedAt, '2026-11-22T02:47:36.000Z');
    assert.equal(cs.currentTaskId, null);
    assert.ok(cs.costUsd !== null && cs.costUsd > 0.4, 'cost summed from metrics/efficiency');
    assert.deepEqual(c.model.snapshot().columns.in_progress.map(t => [t.id, t.readOnly]), [['todo-0', true]]);
    const s = await harness('codex-stop/final');
    const ss = s.model.snapshot().session;
    assert.equal(ss.status, 'stopped');
    assert.equal(ss.runnerStatus, 'exited');
    assert.equal(ss.phase, 'FAILED');
    assert.equal(ss.provider, 'codex');
    assert.equal(ss.id, 'p:2026-11-22T02:50:56Z');
  });

  it('tails logs from their last 256 KiB and events.jsonl, then only what is appended', async () => {
    const h = await harness('claude-todo/final');
    const logs = h.model.drainLogs();
    assert.ok(logs.length > 10);
    assert.ok(logs.some(l => l.source === 'logs/agent.log'));
    assert.ok(logs.every(l => !l.message.startsWith('{"type"')), 'stream-json is decoded');
    const events = h.model.drainEvents();
    assert.equal(events[0]?.type, 'session_start');
    assert.ok(events.some(e => e.type === 'iteration_complete'));
    assert.deepEqual([h.model.drainLogs(), h.model.drainEvents()], [[], []], 'drained queues empty out');
    await h.model.loadAll();
    assert.deepEqual([h.model.drainLogs(), h.model.drainEvents()], [[], []], 'a resync does not repeat lines');
    const agentLog = path.join(h.loki, 'logs/agent.log');
    writeFileSync(agentLog, readFileSync(agentLog, 'utf8') + 'ERROR: disk full\n');
    await h.model.applyFile(agentLog);
    assert.deepEqual(h.model.drainLogs().map(l => [l.level, l.message]), [['error', 'ERROR: disk full']]);
    const ev = path.join(h.loki, 'events.jsonl');
    writeFileSync(ev, readFileSync(ev, 'utf8') + '{"timestamp":"2026-11-22T02:48:00Z","type":"session","data":{"source":"cli","action":"pause"}}\n');
    await h.model.applyFile(ev);
    assert.deepEqual(h.model.drainEvents().map(e => e.type), ['session']);
  });

  it('collects learning signals, and global learnings tied to this project by folder name; refreshGlobal re-reads them', async () => {
    const home = makeTempDir('loki-home-');
    cleanups.push(home.cleanup);
    const learningsDir = path.join(home.dir, '.loki/learnings');
    mkdirSync(learningsDir, { recursive: true });
    const h = await harness('claude-todo/final', { homeDir: home.dir });
    const signals = h.model.snapshot().learnings;
    assert.equal(signals.length, 10, 'one learning per learning/signals file');
    assert.ok(signals.every(l => l.projectId === 'p' && l.origin.startsWith('.loki/learning/signals/')));
    const folder = path.basename(h.dir);
    writeFileSync(path.join(learningsDir, 'mistakes.jsonl'), [
      '{"version":"1.0","created":"2026-11-22T02:45:35Z"}',
      JSON.stringify({ timestamp: '2026-11-22T02:47:37Z', project: folder, category: 'session', description: 'Run the tests before claiming done' }),
      JSON.stringify({ timestamp: '2026-11-22T02:47:37Z', project: 'other-project', category: 'session', description: 'Pin the toolchain' }),
      '{"timestamp": "2026-11-22T02:47:3',
    ].join('\n'));
    await h.model.refreshGlobal();
    const global = h.model.snapshot().learnings.filter(l => l.origin.startsWith('~/.loki/learnings/'));
    assert.deepEqual(global.map(l => [l.text, l.projectId]), [['Run the tests before claiming done', 'p'], ['Pin the toolchain', null]]);
    writeFileSync(path.join(learningsDir, 'patterns.jsonl'), JSON.stringify({ project: folder, description: 'Small commits' }) + '\n');
    await h.model.applyFile(path.join(learningsDir, 'patterns.jsonl'));
    assert.ok(h.model.snapshot().learnings.some(l => l.text === 'Small commits'), 'a watcher event for the global dir refreshes it');
  });

  it('reads quality: council state, checklist, notifications and gates, and follows their changes', async () => {
    const h = await harness('claude-todo/final');
    let q = h.model.snapshot().quality;
    assert.equal(q.council?.enabled, true);
    assert.deepEqual(q.checklist, { total: 6, verified: 6, failing: 0, pending: 0 });
    assert.deepEqual([q.notifications, q.gates], [[], []]);
    await h.write('notifications/active.json', JSON.stringify({ notifications: [{ id: 'notif-1-i2-ab-budget-80pct', trigger_id: 'budget-80pct', severity: 'warning', message: 'Budget at 80%', timestamp: '2026-11-22T02:46:00Z', iteration: 2, acknowledged: false, data: {} }], summary: { total: 1 } }));
    await h.write('state/quality-gates.json', JSON.stringify({ unit_tests: 'pass', static_analysis: { status: 'fail', detail: '3 findings' } }));
    q = h.model.snapshot().quality;
    assert.deepEqual(q.notifications.map(n => [n.severity, n.message]), [['warning', 'Budget at 80%']]);
    assert.deepEqual(q.gates.map(g => g.name).sort(), ['static_analysis', 'unit_tests']);
    await h.remove('notifications/active.json');
    assert.deepEqual(h.model.snapshot().quality.notifications, []);
  });

  it('reads a sparse Bun-route .loki: no dashboard-state, RARV phase as rarvStep, checkpoint mode', async () => {
    const h = await harness(null);
    mkdirSync(path.join(h.loki, 'state'), { recursive: true });
    writeFileSync(path.join(h.loki, 'runner-route'), 'bun\n');
    writeFileSync(path.join(h.loki, 'loki.pid'), '4242\n');
    writeFileSync(path.join(h.loki, 'state/orchestrator.json'), JSON.stringify({ currentPhase: 'ACT', iteration: 2, startedAt: '2026-08-20T14:28:50Z' }));
    writeFileSync(path.join(h.loki, 'autonomy-state.json'), JSON.stringify({ iterationCount: 2, status: 'running', pid: 4242 }));
    h.alive.add(4242);
    await h.model.applyFile(h.loki);
    const snap = h.model.snapshot();
    assert.deepEqual(snap.problems, [], 'missing bash-only files are normal, not problems');
    const s = snap.session;
    assert.deepEqual([s.runner, s.status, s.phase, s.iteration, s.rarvStep, s.autonomyMode, s.mode], ['bun', 'running', 'ACT', 2, 1, 'checkpoint', null]);
  });

  it('does not forget agents when state/agents.json flickers to [] or a later list omits one', async () => {
    const h = await harness('claude-todo/snapshots/t-0019');
    const before = h.model.snapshot().agents;
    assert.deepEqual(before.map(a => a.id).sort(), ['orchestrator-main', 'toolu_019d283c35b04e46c79ca8a4']);
    await h.write('state/agents.json', '[]');
    assert.equal(h.model.snapshot().agents.length, 2);
    await h.write('state/agents.json', '');
    assert.equal(h.model.snapshot().agents.length, 2);
    const later = JSON.parse(readFileSync(path.join(RUNS, 'claude-todo/snapshots/t-0023/.loki/state/agents.json'), 'utf8')) as Array<Record<string, unknown>>;
    await h.write('state/agents.json', JSON.stringify(later.filter(a => a.tool_id === 'orchestrator-main')));
    const agents = h.model.snapshot().agents;
    assert.equal(agents.find(a => a.id === 'orchestrator-main')?.status, 'completed', 'updated from the newer list');
    assert.equal(agents.find(a => a.id === 'toolu_019d283c35b04e46c79ca8a4')?.status, 'completed', 'absent one keeps its last status');
    assert.ok(agents.every(a => a.sessionId === 'p:2026-11-22T02:45:31Z'));
  });

  it('handles .loki missing, appearing and disappearing', async () => {
    const h = await harness(null);
    let snap = h.model.snapshot();
    assert.equal(snap.hasLoki, false);
    assert.equal(snap.session.status, 'idle');
    assert.deepEqual(snap.columns.pending, []);
    cpSync(path.join(RUNS, 'codex-stop/final/.loki'), h.loki, { recursive: true });
    await h.model.applyFile(h.loki);
    snap = h.model.snapshot();
    assert.equal(snap.hasLoki, true);
    assert.equal(snap.columns.completed.length, 8);
    rmSync(h.loki, { recursive: true, force: true });
    await h.model.applyFile(path.join(h.loki, 'queue/completed.json'));
    await h.model.applyFile(h.loki);
    snap = h.model.snapshot();
    assert.equal(snap.hasLoki, false);
    assert.equal(snap.columns.completed.length, 0);
    assert.equal(snap.session.status, 'idle');
  });

  it('picks up markdown tasks and directory removals', async () => {
    const h = await harness('codex-stop/final');
    await h.write('queue/review/ux-pass.md', '# UX pass\n## Metadata\n- Priority: low\n');
    await h.write('queue/active/iteration-1.md', '# Shadowed by the completed card\n');
    assert.deepEqual(ids(h, 'review'), ['ux-pass']);
    assert.ok(ids(h, 'completed').includes('iteration-1'), 'completed outranks the markdown in_progress duplicate');
    assert.deepEqual(ids(h, 'in_progress'), []);
    await h.remove('queue/review');
    assert.deepEqual(ids(h, 'review'), []);
  });

  it('ignores residue files and files outside .loki', async () => {
    const h = await harness('codex-stop/final');
    const before = JSON.stringify(h.model.snapshot());
    await h.write('queue/completed.json.tmp.123', '[');
    await h.write('dashboard-state.json.tmp.77.12345', '{');
    writeFileSync(path.join(h.dir, 'notes.txt'), 'x');
    await h.model.applyFile(path.join(h.dir, 'notes.txt'));
    assert.equal(JSON.stringify(h.model.snapshot()), before);
  });

  it('refuses files above maxFileBytes with a problem and keeps the last good value', async () => {
    const h = await harness('codex-stop/final', { maxFileBytes: 64 * 1024 });
    assert.equal(h.model.snapshot().columns.completed.length, 8);
    await h.write('queue/completed.json', JSON.stringify([{ id: 'big', description: 'x'.repeat(100 * 1024) }]));
    const snap = h.model.snapshot();
    assert.equal(snap.columns.completed.length, 8);
    assert.match(snap.problems.find(p => p.file === 'queue/completed.json')?.message ?? '', /above the 65536-byte limit/);
    assert.equal(h.log.at('warn').filter(m => m.includes('queue/completed.json')).length, 1);
  });

  it('reports an unreadable file once and keeps its last value; the problem clears when the file disappears', async () => {
    const h = await harness('codex-stop/final');
    const abs = path.join(h.loki, 'autonomy-state.json');
    h.files.denied.add(abs);
    await h.model.applyFile(abs);
    await h.model.applyFile(abs);
    const snap = h.model.snapshot();
    assert.equal(snap.session.iteration, 3);
    assert.deepEqual(snap.problems, [{ file: 'autonomy-state.json', message: 'cannot read (EACCES)' }]);
    assert.equal(h.log.at('warn').filter(m => m.includes('autonomy-state.json')).length, 1);
    h.files.denied.clear();
    await h.remove('autonomy-state.json');
    assert.deepEqual(h.model.snapshot().problems, []);
    assert.equal(h.model.snapshot().session.iteration, null);
  });

  it('reports an unknown vocabulary value once, however often it is read', async () => {
    const h = await harness('codex-stop/final');
    for (let i = 0; i < 3; i++) await h.write('queue/pending.json', JSON.stringify([{ id: 'x', title: 'x', priority: 'whenever', source: 'jira' }]));
    h.model.snapshot();
    assert.equal(h.log.at('warn').filter(m => m.includes('"whenever"')).length, 1);
    assert.equal(h.log.at('warn').filter(m => m.includes('"jira"')).length, 1);
  });

  it('never lets a slow stale read overwrite a newer one', async () => {
    const slow: FileAccessor = new (class extends NodeFileAccessor {
      gate: Promise<void> | null = null;
      override async readText(p: string, maxBytes: number): Promise<TextRead> {
        // The first call after the gate is set reads the old content, then waits for the gate.
        const g = p.endsWith('autonomy-state.json') ? this.gate : null;
        if (!g) return super.readText(p, maxBytes);
        this.gate = null;
        const text = readFileSync(p, 'utf8');
        await g;
        return { ok: true, text, size: text.length, mtimeMs: 0 };
      }
    })();
    const h = await harness('codex-stop/final', { files: slow });
    let release!: () => void;
    (slow as unknown as { gate: Promise<void> }).gate = new Promise<void>(r => { release = r; });
    const stale = h.model.applyFile(path.join(h.loki, 'autonomy-state.json'));
    writeFileSync(path.join(h.loki, 'autonomy-state.json'), '{"iterationCount": 9, "status": "running"}');
    await h.model.applyFile(path.join(h.loki, 'autonomy-state.json'));
    release();
    await stale;
    assert.equal(h.model.snapshot().session.iteration, 9);
  });
});
