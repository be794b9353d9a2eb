import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { DEFAULT_ATTENTION_CONFIG, normalizeAttentionConfig } from '../../../src/core/attention/attentionConfig';
import { deriveAttention } from '../../../src/core/attention/deriveAttention';
import { retryTask } from '../../../src/core/write/retryTask';
import { attentionHarness, cleanupHarnesses } from './attentionHarness';

const BUDGET = (used: number, limit = 10): string => JSON.stringify({ limit, budget_limit: limit, budget_used: used, exceeded: false });

describe('deriveAttention', () => {
  afterEach(cleanupHarnesses);

  describe('on real runner states', () => {
    it('shows a blocking pause (PAUSE, PAUSED.md, status paused) as one high item with Resume', async () => {
      const h = await attentionHarness('claude-todo/snapshots/t-0073');
      const paused = h.items().filter(i => i.kind === 'paused');
      assert.equal(paused.length, 1);
      assert.equal(paused[0]!.severity, 'high');
      assert.deepEqual(paused[0]!.actions, ['resume', 'sendInput', 'stop']);
      assert.deepEqual(paused[0]!.evidence, { file: 'PAUSE', field: null });
      assert.match(paused[0]!.reason, /waits for you to resume/);
    });

    it('shows a requested pause the runner has not reached yet as medium', async () => {
      const h = await attentionHarness('claude-todo/snapshots/t-0064');
      const paused = h.items().find(i => i.kind === 'paused');
      assert.equal(paused?.severity, 'medium');
      assert.match(paused.reason, /stops at the end of this iteration/);
    });

    it('has nothing for a finished run, a cleanly stopped run or a running one', async () => {
      for (const tree of ['claude-todo/final', 'codex-stop/final']) {
        const h = await attentionHarness(tree, { alive: false });
        assert.deepEqual(h.kinds(), [], tree);
      }
      const running = await attentionHarness('claude-todo/snapshots/t-0033');
      assert.deepEqual(running.kinds(), []);
    });

    it('reports a runner that died mid-run (no live process, no session_end) and not while it lives', async () => {
      const h = await attentionHarness('claude-todo/snapshots/t-0050', { alive: false });
      const died = h.items().find(i => i.kind === 'runner-died');
      assert.equal(died?.severity, 'high');
      assert.deepEqual(died.evidence, { file: 'autonomy-state.json', field: 'status' });
      h.live.alive = true;
      assert.ok(!h.kinds().includes('runner-died'));
    });

    it('reports a live runner that stopped writing once the stale threshold passes', async () => {
      const h = await attentionHarness('claude-todo/snapshots/t-0033');
      const last = h.snapshot().session.lastWriteAt!;
      h.clock.now = last + 299_000;
      assert.ok(!h.kinds().includes('stale-runner'));
      h.clock.now = last + 301_000;
      assert.match(h.items().find(i => i.kind === 'stale-runner')!.reason, /written nothing for 5 min/);
      assert.ok(!h.kinds({ ...DEFAULT_ATTENTION_CONFIG, staleAfterSeconds: 600 }).includes('stale-runner'));
    });

    it('reads the bash runner RARV step from CONTINUITY.md', async () => {
      const h = await attentionHarness('claude-todo/final', { alive: false });
      assert.equal(h.snapshot().session.rarvStep, 0); // "- RARV Step: REASON"
      await h.write('CONTINUITY.md', readFileSync(path.join(h.loki, 'CONTINUITY.md'), 'utf8').replace('RARV Step: REASON', 'RARV Step: REFLECT'));
      assert.equal(h.snapshot().session.rarvStep, 2);
    });
  });

  describe('on hand-made trees', () => {
    it('warns at 85 % of the budget and calls 100 % exceeded, with Raise Budget', async () => {
      const h = await attentionHarness('claude-todo/snapshots/t-0033');
      await h.write('metrics/budget.json', BUDGET(8.5));
      const warn = h.items().find(i => i.kind === 'budget-warning');
      assert.equal(warn?.severity, 'medium');
      assert.match(warn.reason, /85 % of the budget is used \(\$8\.50 of \$10\.00\)/);
      assert.deepEqual(warn.actions, ['raiseBudget', 'openFile']);
      assert.ok(!h.kinds({ ...DEFAULT_ATTENTION_CONFIG, budgetWarnPercent: 90 }).includes('budget-warning'));
      await h.write('metrics/budget.json', BUDGET(10.2));
      assert.deepEqual(h.kinds().filter(k => k.startsWith('budget')), ['budget-exceeded']);
      await h.write('metrics/budget.json', BUDGET(2));
      assert.deepEqual(h.kinds().filter(k => k.startsWith('budget')), []);
    });

    it('says a pause comes from the budget when BUDGET_EXCEEDED is signalled', async () => {
      const h = await attentionHarness('claude-todo/snapshots/t-0073');
      await h.write('signals/BUDGET_EXCEEDED', JSON.stringify({ type: 'BUDGET_EXCEEDED', limit: 5, current: 5.2 }));
      assert.match(h.items().find(i => i.kind === 'paused')!.reason, /budget is spent/);
      assert.ok(h.kinds().includes('budget-exceeded'));
    });

    it('says a pause comes from the checkpoint when PAUSE_AT_CHECKPOINT turned into PAUSE', async () => {
      const h = await attentionHarness('claude-todo/snapshots/t-0033');
      await h.write('PAUSE_AT_CHECKPOINT', '');
      assert.deepEqual(h.kinds(), ['checkpoint-pause']);
      await h.remove('PAUSE_AT_CHECKPOINT');
      await h.write('PAUSE', '');
      const paused = h.items().find(i => i.kind === 'paused');
      assert.match(paused!.reason, /checkpoint you asked for/);
      assert.ok(!h.kinds().includes('checkpoint-pause'));
    });

    it('shows the context window at 80 % and over', async () => {
      const h = await attentionHarness('claude-todo/snapshots/t-0033');
      const tracking = (pct: number): string => JSON.stringify({ current: { context_window_pct: pct }, totals: {} });
      await h.write('context/tracking.json', tracking(79.9));
      assert.ok(!h.kinds().includes('context-high'));
      await h.write('context/tracking.json', tracking(86));
      assert.match(h.items().find(i => i.kind === 'context-high')!.reason, /86 % full/);
    });

    it('turns a dead-letter task into a Retry Task item that goes away once retried the runner\'s way', async () => {
      const h = await attentionHarness('claude-todo/snapshots/t-0033');
      await h.write('queue/dead-letter.json', JSON.stringify([{ id: 'task-9', title: 'Flaky import', status: 'failed', retries: 3, claimedBy: 'agent-1', lastError: 'timeout' }]));
      const item = h.items().find(i => i.kind === 'task-failed');
      assert.equal(item?.taskId, 'task-9');
      assert.deepEqual(item.actions, ['retryTask', 'openFile']);
      assert.match(item.reason, /Flaky import.*dead-letter/);
      await retryTask(h.loki, 'task-9');
      await h.reload();
      assert.ok(!h.kinds().includes('task-failed'));
      const pending = JSON.parse(readFileSync(path.join(h.loki, 'queue/pending.json'), 'utf8')) as Array<Record<string, unknown>>;
      const retried = pending.find(t => t.id === 'task-9')!;
      assert.equal(retried.status, 'pending');
      assert.equal(retried.retries, 0);
      assert.equal(retried.claimedBy, undefined);
      assert.equal(retried.lastError, 'timeout');
      assert.deepEqual(JSON.parse(readFileSync(path.join(h.loki, 'queue/dead-letter.json'), 'utf8')), []);
      await assert.rejects(retryTask(h.loki, 'task-9'), /not in failed\.json or dead-letter\.json/);
    });

    it('does not offer Retry Task for a failed iteration card the runner owns', async () => {
      const h = await attentionHarness('claude-todo/snapshots/t-0033');
      await h.write('queue/failed.json', JSON.stringify([{ id: 'iteration-2', type: 'iteration', title: 'Iteration 2 failed', status: 'failed' }]));
      assert.ok(!h.kinds().includes('task-failed'));
      await assert.rejects(retryTask(h.loki, 'iteration-2'), /runner owns/);
    });

    it('shows an escalation hand-off while the run waits on it', async () => {
      const h = await attentionHarness('claude-todo/snapshots/t-0073');
      await h.write('escalations/handoff-20261130T120000000Z-1-1-code_review.md', '# Escalation: code_review blocked 5 times\n\nDecide.\n');
      const esc = h.items().find(i => i.kind === 'escalation');
      assert.match(esc!.reason, /code_review blocked 5 times/);
      assert.deepEqual(esc!.actions, ['openEscalation', 'resume', 'stop']);
      await h.remove('PAUSE');
      await h.remove('PAUSED.md');
      await h.write('autonomy-state.json', readFileSync(path.join(h.loki, 'autonomy-state.json'), 'utf8').replace('"paused"', '"running"'));
      assert.ok(!h.kinds().includes('escalation'));
    });

    it('shows a gate escalation and a council block, with the gate details', async () => {
      const h = await attentionHarness('claude-todo/snapshots/t-0033');
      await h.write('signals/GATE_ESCALATION.json', JSON.stringify({ action: 'escalate', gate: 'code_review', count: 4, threshold: 3, latest_artifact: null }));
      await h.write('council/gate-block.json', '{"blocked":true}');
      const gates = h.items().filter(i => i.kind === 'gate-blocked');
      assert.deepEqual(gates.map(g => g.evidence.file).sort(), ['council/gate-block.json', 'signals/GATE_ESCALATION.json']);
      assert.match(gates.find(g => g.evidence.file.startsWith('signals'))!.reason, /code_review failed 4 times \(threshold 3\)/);
      await h.remove('signals/GATE_ESCALATION.json');
      await h.remove('council/gate-block.json');
      assert.ok(!h.kinds().includes('gate-blocked'));
    });

    it('ignores a gate escalation left over from an earlier session', async () => {
      const h = await attentionHarness('claude-todo/snapshots/t-0033');
      const started = Date.parse(h.snapshot().session.startedAt!);
      await h.write('signals/GATE_ESCALATION.json', '{"gate":"code_review"}', started - 3_600_000);
      assert.ok(!h.kinds().includes('gate-blocked'));
    });

    it('shows rejected input until new input is written, and says why', async () => {
      const h = await attentionHarness('claude-todo/snapshots/t-0033');
      await h.write('logs/human-input-REJECTED-TOOLARGE-20261130-120000.md', 'x');
      const rej = h.items().find(i => i.kind === 'input-rejected');
      assert.match(rej!.reason, /over 1 MiB/);
      assert.deepEqual(rej!.evidence, { file: 'logs/human-input-REJECTED-TOOLARGE-20261130-120000.md', field: null });
      await h.write('HUMAN_INPUT.md', 'try again');
      assert.ok(!h.kinds().includes('input-rejected'));
    });

    it('shows the agent asking for a human review as waiting for input', async () => {
      const h = await attentionHarness('claude-todo/snapshots/t-0033');
      await h.write('signals/HUMAN_REVIEW_NEEDED', 'Which auth provider?');
      const w = h.items().find(i => i.kind === 'waiting-input');
      assert.match(w!.reason, /human review: Which auth provider\?/);
      assert.equal(w!.actions[0], 'sendInput');
    });

    it('shows an unreadable state file once the problem lasts', async () => {
      const h = await attentionHarness('claude-todo/snapshots/t-0033');
      await h.write('metrics/budget.json', '{"limit": 5,');
      h.clock.now += 60_000;
      const u = h.items().find(i => i.kind === 'unreadable-file');
      assert.equal(u?.evidence.file, 'metrics/budget.json');
      assert.deepEqual(u.actions, ['openFile']);
      const global = deriveAttention({ ...h.snapshot(), problems: [{ file: '/home/u/.loki/learnings/patterns.jsonl', message: 'invalid JSON' }] }, DEFAULT_ATTENTION_CONFIG, h.clock.now);
      assert.deepEqual(global.find(i => i.kind === 'unreadable-file')?.actions, [], 'nothing outside .loki is opened');
    });

    it('sorts by severity and keeps ids stable across re-derivations', async () => {
      const h = await attentionHarness('claude-todo/snapshots/t-0073');
      await h.write('metrics/budget.json', BUDGET(8.5));
      const a = h.items();
      assert.deepEqual(a.map(i => i.severity), [...a.map(i => i.severity)].sort((x, y) => ['high', 'medium', 'low'].indexOf(x) - ['high', 'medium', 'low'].indexOf(y)));
      assert.deepEqual(h.items().map(i => i.id), a.map(i => i.id));
      assert.ok(a.every(i => i.id.startsWith('p:') && i.projectName === 'proj' && i.sessionId === h.snapshot().session.id));
    });
  });

  it('replaces out-of-range thresholds with the defaults', () => {
    assert.deepEqual(normalizeAttentionConfig({ budgetWarnPercent: 0, contextWarnPercent: 150, staleAfterSeconds: 60 }), { budgetWarnPercent: 80, contextWarnPercent: 80, staleAfterSeconds: 60 });
  });
});

describe('memory summary', () => {
  afterEach(cleanupHarnesses);

  it('counts topics, lists key decisions and reads token economics', async () => {
    const h = await attentionHarness('codex-stop/final', { alive: false });
    assert.equal(h.snapshot().memory, null);
    const fixture = path.resolve(__dirname, '../../fixtures/attention/memory');
    await h.write('memory/index.json', readFileSync(path.join(fixture, 'index.json'), 'utf8'));
    await h.write('memory/timeline.json', readFileSync(path.join(fixture, 'timeline.json'), 'utf8').replace('"key_decisions": []', '"key_decisions": [{"timestamp":"2026-11-22T02:51:39Z","decision":"Use argparse"}, "Keep JSON storage"]'));
    await h.write('memory/token_economics.json', JSON.stringify({ discoveryTokens: 1200, readTokens: 300, savingsPercent: 75 }));
    assert.deepEqual(h.snapshot().memory, {
      topics: 2, topicsByType: { topic: 2 }, episodes: 2,
      keyDecisions: [{ timestamp: '2026-11-22T02:51:39.000Z', text: 'Use argparse' }, { timestamp: null, text: 'Keep JSON storage' }],
      recentActions: 2,
      economics: { discoveryTokens: 1200, readTokens: 300, savingsPercent: 75 },
    });
  });
});
