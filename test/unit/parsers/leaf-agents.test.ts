import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAgents } from '../../../src/core/parsers/agents';

const fixture = (name: string): string => readFileSync(join(__dirname, '../../fixtures/leaf/agents', name), 'utf8');
const ctx = { projectId: 'p1', sessionId: 'p1:2026-11-22T02:45:35Z' };

describe('parseAgents (state/agents.json)', () => {
  it('keys agents by tool_id so sub-agents sharing agent_id stay distinct (real run, t-0023)', () => {
    const r = parseAgents(fixture('t-0023.json'), ctx);
    assert.ok(r.ok);
    assert.deepEqual(r.value.map(a => a.id), ['orchestrator-main', 'toolu_019d283c35b04e46c79ca8a4']);
    const [orch, sub] = r.value;
    assert.deepEqual(orch, {
      id: 'orchestrator-main',
      projectId: 'p1',
      sessionId: ctx.sessionId,
      name: 'orchestrator-main',
      type: 'orchestrator',
      model: 'sonnet',
      status: 'completed',
      currentTask: 'Session complete',
      spawnedAt: '2026-11-22T02:45:39.131Z',
      completedAt: '2026-11-22T02:45:53.231Z',
      toolCount: 5,
    });
    assert.equal(sub?.type, 'general-purpose');
    assert.equal(sub?.name, 'general-purpose 9ca8a4');
    assert.equal(sub?.currentTask, 'Scaffold project layout');
    assert.equal(sub?.toolCount, null, 'spawned agents carry no tool_count');
    assert.equal(sub?.status, 'completed');
  });

  it('reports an active sub-agent as active (real run, t-0014)', () => {
    const r = parseAgents(fixture('t-0014.json'), ctx);
    assert.ok(r.ok);
    assert.deepEqual(r.value.map(a => [a.id, a.status, a.completedAt]), [
      ['orchestrator-main', 'active', null],
      ['toolu_019d283c35b04e46c79ca8a4', 'active', null],
    ]);
    assert.equal(r.value[0]?.currentTask, 'Using Task...');
    assert.equal(r.value[0]?.toolCount, 3);
  });

  it('treats [] as a valid empty list (the status monitor clobbers the file every 2 s)', () => {
    assert.deepEqual(parseAgents(fixture('final-empty.json'), ctx), { ok: true, value: [] });
  });

  it('reports empty and half-written files as problems instead of throwing', () => {
    const empty = parseAgents('', ctx);
    assert.equal(empty.ok, false);
    assert.match(empty.ok ? '' : empty.problem, /empty file/);
    const torn = parseAgents(fixture('t-0023.json').slice(0, 200), ctx);
    assert.equal(torn.ok, false);
    assert.match(torn.ok ? '' : torn.problem, /incomplete JSON/);
  });

  it('rejects a non-list document with a clear message', () => {
    const r = parseAgents('{"agent_id":"x"}', ctx);
    assert.equal(r.ok, false);
    assert.match(r.ok ? '' : r.problem, /expected a JSON array of agents, got an object/);
    const n = parseAgents('42', ctx);
    assert.equal(n.ok, false);
    assert.match(n.ok ? '' : n.problem, /got a number/);
  });

  it('skips non-object and id-less records and keeps the others', () => {
    const r = parseAgents(JSON.stringify([null, 3, 'x', [], { agent_type: 'ghost' }, { tool_id: 't1', agent_id: 'agent-t1', status: 'active' }]), ctx);
    assert.ok(r.ok);
    assert.deepEqual(r.value.map(a => a.id), ['t1']);
  });

  it('survives wrong field types: numeric strings count, objects are ignored, unknown statuses map to active', () => {
    const r = parseAgents(
      JSON.stringify([{ tool_id: 'toolu_abcdef123456', agent_id: 'agent-toolu_ab', agent_type: { x: 1 }, model: ['m'], current_task: 7, status: 'weird', spawned_at: 'not a date', tool_count: '12' }]),
      ctx,
    );
    assert.ok(r.ok);
    const a = r.value[0];
    assert.equal(a?.type, 'agent');
    assert.equal(a?.model, null);
    assert.equal(a?.currentTask, '7');
    assert.equal(a?.status, 'active');
    assert.equal(a?.spawnedAt, null);
    assert.equal(a?.toolCount, 12);
    assert.equal(a?.name, 'agent 123456');
  });

  it('maps crashed records (watchdog) and keeps the last record for a repeated tool_id', () => {
    const r = parseAgents(
      JSON.stringify([
        { tool_id: 'a', status: 'active' },
        { tool_id: 'b', status: 'active', crashed_at: '2026-11-22T02:46:00Z' },
        { tool_id: 'a', status: 'completed', completed_at: '2026-11-22T02:47:00+00:00' },
      ]),
      ctx,
    );
    assert.ok(r.ok);
    assert.deepEqual(r.value.map(a => [a.id, a.status, a.completedAt]), [
      ['b', 'crashed', '2026-11-22T02:46:00.000Z'],
      ['a', 'completed', '2026-11-22T02:47:00.000Z'],
    ]);
  });

  it('truncates huge text fields and accepts an {"agents": [...]} wrapper', () => {
    const r = parseAgents(JSON.stringify({ agents: [{ tool_id: 'x', current_task: 'y'.repeat(1_000_000) }] }), ctx);
    assert.ok(r.ok);
    const task = r.value[0]?.currentTask ?? '';
    assert.ok(task.length <= 10_001, `kept ${task.length} chars`);
    assert.ok(task.startsWith('yyy'));
  });
});
