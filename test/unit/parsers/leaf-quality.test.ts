import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseChecklist, parseCouncil, parseNotifications, parseQualityGates } from '../../../src/core/parsers/quality';

const fixture = (name: string): string => readFileSync(join(__dirname, '../../fixtures/leaf/quality', name), 'utf8');
const problem = (r: { ok: boolean; problem?: string }): string => (r.ok ? '' : (r.problem ?? ''));

describe('parseCouncil (council/state.json)', () => {
  it('reads a real council state', () => {
    assert.deepEqual(parseCouncil(fixture('council-state.json')), { ok: true, value: { enabled: true, approve: 0, reject: 0, verdicts: [] } });
  });

  it('reads verdicts appended by the council', () => {
    const doc = { enabled: true, approve_votes: 5, reject_votes: 1, verdicts: [{ iteration: 3, timestamp: '2026-08-20T14:28:50Z', approve: 2, reject: 1, result: 'REJECTED' }, { iteration: 4, approve: 3, reject: 0, result: 'APPROVED' }] };
    const r = parseCouncil(JSON.stringify(doc));
    assert.ok(r.ok && r.value);
    assert.deepEqual(r.value.verdicts, [
      { iteration: 3, result: 'REJECTED', approve: 2, reject: 1, timestamp: '2026-08-20T14:28:50.000Z' },
      { iteration: 4, result: 'APPROVED', approve: 3, reject: 0, timestamp: null },
    ]);
    assert.deepEqual([r.value.approve, r.value.reject], [5, 1]);
  });

  it('reads the disabled fallback and survives wrong types', () => {
    assert.deepEqual(parseCouncil('{"enabled":false}'), { ok: true, value: { enabled: false, approve: 0, reject: 0, verdicts: [] } });
    const r = parseCouncil('{"enabled":"yes","approve_votes":"3","reject_votes":-2,"verdicts":{"a":1}}');
    assert.deepEqual(r, { ok: true, value: { enabled: false, approve: 3, reject: 0, verdicts: [] } });
    const v = parseCouncil('{"verdicts":[null,"x",{"iteration":"two","result":{"a":1}}]}');
    assert.deepEqual(v.ok && v.value?.verdicts, [{ iteration: null, result: 'UNKNOWN', approve: 0, reject: 0, timestamp: null }]);
  });

  it('reports bad files as problems', () => {
    assert.match(problem(parseCouncil('')), /empty file/);
    assert.match(problem(parseCouncil(fixture('council-state.json').slice(0, 50))), /(incomplete|invalid) JSON/);
    assert.match(problem(parseCouncil('[]')), /expected a JSON object/);
  });
});

describe('parseNotifications (notifications/active.json)', () => {
  // No fixture run fired a trigger; records follow notification-checker.py's key layout (contract §2.4).
  const doc = {
    notifications: [
      { id: 'notif-1787236130-i3-ab12-budget-80pct', trigger_id: 'budget-80pct', severity: 'warning', message: 'Budget usage exceeded 80%', timestamp: '2026-08-20T14:28:50Z', iteration: 3, acknowledged: false, data: {} },
      { id: 'notif-1787236131-i3-cd34-context-90pct', trigger_id: 'context-90pct', severity: 'critical', message: 'Context window at 91% capacity', timestamp: '2026-08-20T14:28:51+00:00', acknowledged: true },
    ],
    summary: { total: 2, unacknowledged: 1, critical: 1, warning: 1, info: 0 },
  };

  it('reads notifications with severity and acknowledgement', () => {
    assert.deepEqual(parseNotifications(JSON.stringify(doc)), {
      ok: true,
      value: [
        { id: 'notif-1787236130-i3-ab12-budget-80pct', severity: 'warning', message: 'Budget usage exceeded 80%', timestamp: '2026-08-20T14:28:50.000Z', acknowledged: false },
        { id: 'notif-1787236131-i3-cd34-context-90pct', severity: 'critical', message: 'Context window at 91% capacity', timestamp: '2026-08-20T14:28:51.000Z', acknowledged: true },
      ],
    });
  });

  it('accepts a bare array, derives missing ids and skips message-less records', () => {
    const r = parseNotifications(JSON.stringify([{ trigger_id: 'stuck-iteration', severity: 'bogus', message: 'Stuck', timestamp: '2026-08-20T14:28:50Z' }, { severity: 'info' }, 'x', { id: 'a', message: 'one' }, { id: 'a', message: 'two' }]));
    assert.ok(r.ok);
    assert.deepEqual(r.value.map(n => [n.id, n.severity, n.message]), [
      ['stuck-iteration@2026-08-20T14:28:50.000Z', 'info', 'Stuck'],
      ['a', 'info', 'one'],
      ['a#4', 'info', 'two'],
    ]);
  });

  it('treats an object without a list as no notifications, and reports bad files', () => {
    assert.deepEqual(parseNotifications('{"summary":{"total":0}}'), { ok: true, value: [] });
    assert.match(problem(parseNotifications('')), /empty file/);
    assert.match(problem(parseNotifications('"str"')), /expected a JSON object or array/);
  });

  it('cuts huge messages', () => {
    const r = parseNotifications(JSON.stringify([{ id: 'x', message: 'm'.repeat(200_000) }]));
    assert.ok(r.ok && (r.value[0]?.message.length ?? 0) <= 10_001);
  });
});

describe('parseChecklist (checklist/verification-results.json)', () => {
  it('reads the summary of a real checklist', () => {
    assert.deepEqual(parseChecklist(fixture('verification-results.json')), { ok: true, value: { total: 6, verified: 6, failing: 0, pending: 0 } });
  });

  it('counts item statuses when the summary is missing', () => {
    const doc = JSON.parse(fixture('verification-results.json')) as Record<string, unknown>;
    delete doc.summary;
    const cats = doc.categories as Array<{ items: Array<{ status: string }> }>;
    const first = cats[0]?.items[0];
    const second = cats[0]?.items[1];
    if (first) first.status = 'failing';
    if (second) second.status = 'pending';
    assert.deepEqual(parseChecklist(JSON.stringify(doc)), { ok: true, value: { total: 6, verified: 4, failing: 1, pending: 1 } });
  });

  it('returns null for a file without summary or items, and survives wrong types', () => {
    assert.deepEqual(parseChecklist('{"verified_at":"x"}'), { ok: true, value: null });
    assert.deepEqual(parseChecklist('{"summary":{"total":"6","verified":null,"failing":-1,"pending":[]}}'), { ok: true, value: { total: 6, verified: 0, failing: 0, pending: 0 } });
    assert.match(problem(parseChecklist('{"summary":')), /(incomplete|invalid) JSON/);
    assert.match(problem(parseChecklist('[]')), /expected a JSON object/);
  });
});

describe('parseQualityGates', () => {
  it('reads a map of gate statuses', () => {
    const r = parseQualityGates('{"unit_tests":"passed","lint":{"status":"failed","message":"3 errors"},"coverage":false,"docs":"skipped","count":3}');
    assert.deepEqual(r, {
      ok: true,
      value: [
        { name: 'unit_tests', status: 'pass' },
        { name: 'lint', status: 'fail', detail: '3 errors' },
        { name: 'coverage', status: 'fail' },
        { name: 'docs', status: 'not_run' },
      ],
    });
  });

  it('reads an array inside a gates wrapper', () => {
    const r = parseQualityGates('{"gates":[{"name":"static_analysis","result":"pass"},{"gate":"security","pass":false,"detail":"1 finding"},{"status":"pass"},7]}');
    assert.deepEqual(r, { ok: true, value: [{ name: 'static_analysis', status: 'pass' }, { name: 'security', status: 'fail', detail: '1 finding' }] });
  });

  it('reads real single gate results from quality/*.json', () => {
    const tests = parseQualityGates(fixture('test-results.json'));
    assert.ok(tests.ok);
    assert.equal(tests.value.length, 1);
    assert.equal(tests.value[0]?.name, 'pytest');
    assert.equal(tests.value[0]?.status, 'pass');
    assert.match(tests.value[0]?.detail ?? '', /4 passed in 0\.17s/);
    assert.deepEqual(parseQualityGates(fixture('static-analysis.json')), { ok: true, value: [{ name: 'result', status: 'pass' }] });
  });

  it('reports bad files as problems', () => {
    assert.match(problem(parseQualityGates('')), /empty file/);
    assert.match(problem(parseQualityGates('{"a":')), /(incomplete|invalid) JSON/);
    assert.match(problem(parseQualityGates('12')), /expected a JSON object or array/);
  });
});
