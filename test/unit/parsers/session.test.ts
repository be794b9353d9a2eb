import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { decideLiveness, isPidAlive, SESSION_JSON_STALE_MS } from '../../../src/core/liveness';
import type { Liveness } from '../../../src/core/liveness';
import { parseAutonomyState } from '../../../src/core/parsers/autonomyState';
import { parseDashboardState } from '../../../src/core/parsers/dashboardState';
import { parseOrchestrator } from '../../../src/core/parsers/orchestrator';
import { deriveSession, deriveStatus } from '../../../src/core/parsers/session';
import type { SessionInputs } from '../../../src/core/parsers/session';
import { parsePidFile, parsePidRecord, parseProviderFile, parseRunnerRoute, parseSessionJson } from '../../../src/core/parsers/sessionFiles';

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

describe('parseAutonomyState', () => {
  it('reads the real final state of both runs', () => {
    const c = okValue(parseAutonomyState(read('claude-todo/final/.loki/autonomy-state.json')));
    assert.deepEqual(c, { iterationCount: 4, status: 'completion_promise_fulfilled', pid: 29323, prdPath: './prd.md', lastRun: '2026-11-22T02:47:36.000Z', lastExitCode: 0, retryCount: 0 });
    assert.equal(okValue(parseAutonomyState(read('codex-stop/final/.loki/autonomy-state.json'))).status, 'exited');
  });

  it('nulls wrongly typed fields instead of failing', () => {
    const s = okValue(parseAutonomyState('{"iterationCount":"three","status":7,"pid":-1,"lastRun":"yesterday"}'));
    assert.equal(s.iterationCount, null);
    assert.equal(s.status, '7');
    assert.equal(s.pid, null);
    assert.equal(s.lastRun, null);
  });

  it('fails on empty, truncated and non-object files', () => {
    assert.match(problem(parseAutonomyState('')), /empty file/);
    const real = read('claude-todo/final/.loki/autonomy-state.json');
    assert.match(problem(parseAutonomyState(real.slice(0, 60))), /incomplete JSON|invalid JSON/);
    assert.match(problem(parseAutonomyState('[1]')), /not a JSON object/);
  });
});

describe('parseOrchestrator', () => {
  it('reads the real bash orchestrator.json, keeping startedAt as written', () => {
    const o = okValue(parseOrchestrator(read('codex-stop/final/.loki/state/orchestrator.json')));
    assert.equal(o.currentPhase, 'FAILED');
    assert.equal(o.version, '9.22.12');
    assert.equal(o.startedAtRaw, '2026-11-22T02:50:56Z');
    assert.equal(o.iteration, null);
  });

  it('reads the Bun layout with RARV phase and iteration', () => {
    const o = okValue(parseOrchestrator('{"currentPhase":"REFLECT","iteration":5,"startedAt":"2026-08-20T14:28:50Z"}'));
    assert.equal(o.currentPhase, 'REFLECT');
    assert.equal(o.iteration, 5);
  });

  it('fails on broken input', () => {
    assert.match(problem(parseOrchestrator('{"version": "9.2')), /incomplete JSON/);
    assert.match(problem(parseOrchestrator('null')), /not a JSON object/);
  });
});

describe('parseDashboardState', () => {
  it('reads mode, phase, provider and embedded summaries of a real file; ignores its frozen iteration', () => {
    const d = okValue(parseDashboardState(read('claude-todo/snapshots/t-0064/.loki/dashboard-state.json')));
    assert.equal(d.mode, 'paused');
    assert.equal(d.phase, 'BUILDING');
    assert.equal(d.provider, 'claude');
    assert.equal(d.startedAtRaw, '2026-11-22T02:45:31Z');
    assert.equal(d.tokens, null);
    assert.ok(d.notifications);
    assert.equal(Object.hasOwn(d, 'iteration'), false);
    const final = okValue(parseDashboardState(read('claude-todo/final/.loki/dashboard-state.json')));
    assert.deepEqual(final.checklist, { total: 6, verified: 6, failing: 0, pending: 0 });
  });

  it('reads tokens, budget and context when present', () => {
    const d = okValue(parseDashboardState(JSON.stringify({
      mode: 'autonomous', tokens: { input: 10, output: 20, cost_usd: 0.5 },
      budget: { budget_limit: 5, budget_used: 1.25, exceeded: false }, context: { current: { context_window_pct: 42.5 } },
    })));
    assert.deepEqual(d.tokens, { input: 10, output: 20 });
    assert.equal(d.costUsd, 0.5);
    assert.deepEqual(d.budget, { limit: 5, used: 1.25, exceeded: false });
    assert.equal(d.contextPct, 42.5);
  });

  it('fails on a file cut in the middle (an embedded file was mid-write)', () => {
    const real = read('claude-todo/final/.loki/dashboard-state.json');
    assert.match(problem(parseDashboardState(real.slice(0, 2000))), /incomplete JSON|invalid JSON/);
  });
});

describe('session and process files', () => {
  it('parses pid files strictly', () => {
    assert.equal(okValue(parsePidFile(read('claude-todo/snapshots/t-0064/.loki/loki.pid'))), 29323);
    assert.match(problem(parsePidFile('')), /empty pid file/);
    assert.match(problem(parsePidFile('abc')), /does not hold a pid/);
    assert.match(problem(parsePidFile('0')), /out of range/);
  });

  it('parses session.json with either key spelling', () => {
    const s = okValue(parseSessionJson('{"pid":null,"startedAt":"2026-01-01T00:00:00Z","provider":"claude","status":"running","updatedAt":"2026-01-01T00:05:00Z"}'));
    assert.deepEqual(s, { status: 'running', updatedAt: '2026-01-01T00:05:00.000Z', startedAt: '2026-01-01T00:00:00.000Z', provider: 'claude', pid: null });
    assert.equal(okValue(parseSessionJson('{"start_time":"2026-01-01T00:00:00Z"}')).startedAt, '2026-01-01T00:00:00.000Z');
    assert.match(problem(parseSessionJson('"x"')), /not a JSON object/);
  });

  it('parses the real pids/ wrapper record', () => {
    const r = okValue(parsePidRecord(read('claude-todo/final/.loki/pids/29323.json')));
    assert.deepEqual(r, { pid: 29323, kind: 'wrapper', label: 'loki-wrapper' });
    assert.match(problem(parsePidRecord('{"kind":"runner"}')), /no valid pid/);
  });

  it('reads runner-route and provider files', () => {
    assert.equal(parseRunnerRoute('bun\n'), 'bun');
    assert.equal(parseRunnerRoute(''), 'bash');
    assert.equal(parseProviderFile(read('claude-todo/final/.loki/state/provider')), 'claude');
    assert.equal(parseProviderFile('codex:1795315535:123\n'), 'codex');
    assert.equal(parseProviderFile('   '), null);
  });
});

describe('decideLiveness', () => {
  const none = { lokiPid: null, sessionPids: [], sessionJson: null, pidRecords: [] };
  const now = Date.parse('2026-01-01T01:00:00Z');

  it('trusts a live loki.pid first, then sessions/*/loki.pid', () => {
    assert.deepEqual(decideLiveness({ ...none, lokiPid: 10 }, p => p === 10, now), { alive: true, pid: 10, via: 'loki.pid' });
    assert.deepEqual(decideLiveness({ ...none, lokiPid: 10, sessionPids: [11, 12] }, p => p === 12, now), { alive: true, pid: 12, via: 'sessions' });
  });

  it('accepts a running session.json only while it is younger than 300 s', () => {
    const sj = { status: 'running', updatedAt: new Date(now - SESSION_JSON_STALE_MS + 1000).toISOString(), startedAt: null, provider: null, pid: null };
    assert.equal(decideLiveness({ ...none, sessionJson: sj }, () => false, now).via, 'session.json');
    const stale = { ...sj, updatedAt: new Date(now - SESSION_JSON_STALE_MS - 1).toISOString() };
    assert.equal(decideLiveness({ ...none, sessionJson: stale }, () => false, now).alive, false);
    assert.equal(decideLiveness({ ...none, sessionJson: { ...sj, status: 'stopped' } }, () => false, now).alive, false);
  });

  it('accepts only wrapper/runner records from pids/', () => {
    const recs = [{ pid: 5, kind: null, label: 'child' }, { pid: 6, kind: 'wrapper', label: 'loki-wrapper' }];
    assert.deepEqual(decideLiveness({ ...none, pidRecords: recs }, () => true, now), { alive: true, pid: 6, via: 'pids' });
    assert.equal(decideLiveness({ ...none, pidRecords: [recs[0]!] }, () => true, now).alive, false);
  });

  it('treats a throwing isPidAlive as dead', () => {
    assert.equal(decideLiveness({ ...none, lokiPid: 3 }, () => { throw new Error('EINVAL'); }, now).alive, false);
  });

  it('isPidAlive sees this process alive', () => {
    assert.equal(isPidAlive(process.pid), true);
  });
});

describe('deriveSession', () => {
  const alive: Liveness = { alive: true, pid: 100, via: 'loki.pid' };
  const dead: Liveness = { alive: false, pid: null, via: null };
  const autonomy = (status: string, iterationCount = 2) => ({ iterationCount, status, pid: 100, prdPath: './prd.md', lastRun: '2026-01-01T00:10:00.000Z', lastExitCode: 0, retryCount: 0 });
  const orchestrator = (phase: string) => ({ currentPhase: phase, startedAtRaw: '2026-01-01T00:00:00Z', startedAt: '2026-01-01T00:00:00.000Z', version: '9.22.12', iteration: null });
  const base = (extra: Partial<SessionInputs> = {}): SessionInputs => ({
    projectId: 'p', hasLoki: true, liveness: alive, control: new Set(), autonomy: autonomy('running'), orchestrator: orchestrator('BUILDING'),
    dashboard: null, sessionJson: null, runner: 'bash', providerFile: null, tracking: null, budget: null, iterations: [], currentTask: null,
    lastWriteAt: null, ...extra,
  });

  it('derives status for a live runner from control files, autonomy status and dashboard mode', () => {
    assert.equal(deriveStatus(base()), 'running');
    assert.equal(deriveStatus(base({ autonomy: autonomy('exited') })), 'running', 'exited between iterations');
    assert.equal(deriveStatus(base({ control: new Set(['PAUSE']) })), 'paused');
    assert.equal(deriveStatus(base({ autonomy: autonomy('paused') })), 'paused');
    assert.equal(deriveStatus(base({ control: new Set(['STOP', 'PAUSE']) })), 'stopping');
    assert.equal(deriveStatus(base({ autonomy: autonomy('completion_promise_fulfilled') })), 'stopping');
    assert.equal(deriveStatus(base({ autonomy: null, orchestrator: null })), 'starting');
  });

  it('derives status for a gone runner from the autonomy status table', () => {
    assert.equal(deriveStatus(base({ liveness: dead, autonomy: autonomy('completion_promise_fulfilled'), orchestrator: orchestrator('COMPLETED') })), 'completed');
    assert.equal(deriveStatus(base({ liveness: dead, autonomy: autonomy('exited'), orchestrator: orchestrator('FAILED') })), 'stopped', 'a STOP exits with exited + FAILED');
    assert.equal(deriveStatus(base({ liveness: dead, autonomy: autonomy('paused') })), 'stopped');
    assert.equal(deriveStatus(base({ liveness: dead, autonomy: autonomy('gate_stuck_mock_integrity') })), 'failed');
    assert.equal(deriveStatus(base({ liveness: dead, autonomy: null, orchestrator: orchestrator('COMPLETED') })), 'completed');
    assert.equal(deriveStatus(base({ liveness: dead, autonomy: null, orchestrator: null })), 'idle');
    assert.equal(deriveStatus(base({ hasLoki: false })), 'idle');
  });

  it('takes iteration only from autonomy-state, phase from the orchestrator, and builds a stable id', () => {
    const dashboard = okValue(parseDashboardState(read('claude-todo/snapshots/t-0064/.loki/dashboard-state.json')));
    const s = deriveSession(base({ dashboard: { ...dashboard, phase: 'OTHER' }, autonomy: autonomy('running', 7) }));
    assert.equal(s.id, 'p:2026-01-01T00:00:00Z');
    assert.equal(s.iteration, 7);
    assert.equal(s.phase, 'BUILDING');
    assert.equal(s.provider, 'claude');
    assert.equal(s.mode, 'paused');
    const noAutonomy = deriveSession(base({ autonomy: null, orchestrator: null }));
    assert.equal(noAutonomy.iteration, null);
    assert.equal(noAutonomy.id, 'p:current');
  });

  it('gives rarvStep only for a Bun RARV phase, and marks Bun runs as checkpoint mode', () => {
    assert.equal(deriveSession(base()).rarvStep, null);
    const bun = deriveSession(base({ runner: 'bun', orchestrator: orchestrator('VERIFY') }));
    assert.equal(bun.rarvStep, 3);
    assert.equal(bun.autonomyMode, 'checkpoint');
    assert.equal(deriveSession(base()).autonomyMode, null);
  });

  it('sums tokens and cost from iteration metrics when no tracking file exists, and ends a gone session at lastRun', () => {
    const m = (iteration: number, cost: number | null) => ({ iteration, model: null, phase: null, status: null, durationMs: null, inputTokens: 10, outputTokens: 5, costUsd: cost, timestamp: null });
    const s = deriveSession(base({ liveness: dead, autonomy: autonomy('council_approved'), iterations: [m(1, 0.1), m(2, 0.2), m(3, null)] }));
    assert.deepEqual(s.tokens, { input: 30, output: 15 });
    assert.equal(s.costUsd, 0.3);
    assert.equal(s.endedAt, '2026-01-01T00:10:00.000Z');
    assert.equal(deriveSession(base()).endedAt, null);
    const tracked = deriveSession(base({ tracking: { tokens: { input: 1, output: 2 }, costUsd: 9, contextPct: 50 }, iterations: [m(1, 0.1)] }));
    assert.deepEqual([tracked.tokens, tracked.costUsd, tracked.contextPct], [{ input: 1, output: 2 }, 9, 50]);
  });
});
