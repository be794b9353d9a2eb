import assert from 'node:assert/strict';
import { parseAppJson } from '../../../src/core/parsers/appJson';
import { parseCheckpointIndex } from '../../../src/core/parsers/checkpoints';

describe('parseCheckpointIndex (state/checkpoints/index.jsonl)', () => {
  // The fixture runs had clean trees at every boundary, so no checkpoint was taken; lines follow run.sh's
  // literal layout {"id","ts","iter","task","sha"} (contract §1.7).
  const line = (o: Record<string, unknown>): string => JSON.stringify(o);

  it('reads one checkpoint per line', () => {
    const text = [line({ id: 'cp-3-1787236130', ts: '2026-08-20T14:28:50Z', iter: 3, task: 'iteration-3', sha: 'abc123' }), line({ id: 'cp-4-1787236200', ts: '2026-08-20T14:30:00Z', iter: 4, task: 'prd-002', sha: 'def456' }), ''].join('\n');
    assert.deepEqual(parseCheckpointIndex(text), [
      { id: 'cp-3-1787236130', ts: '2026-08-20T14:28:50.000Z', iteration: 3, task: 'iteration-3', sha: 'abc123' },
      { id: 'cp-4-1787236200', ts: '2026-08-20T14:30:00.000Z', iteration: 4, task: 'prd-002', sha: 'def456' },
    ]);
  });

  it('skips blank, garbage, truncated and id-less lines', () => {
    const text = ['', 'garbage', '{"id":"cp-1-1","ts":', '[1]', '{"ts":"2026-08-20T14:28:50Z"}', '{"id":"  "}', line({ id: 'cp-2-2' })].join('\n');
    assert.deepEqual(parseCheckpointIndex(text), [{ id: 'cp-2-2', ts: null, iteration: 2, task: null, sha: null }]);
    assert.deepEqual(parseCheckpointIndex(''), []);
  });

  it('accepts metadata.json spellings and wrong types, and keeps the last record per id', () => {
    const text = [
      line({ id: 'cp-5-1', timestamp: '2026-08-20T14:28:50+00:00', iteration: '5', task_description: 'Build it', git_sha: 'fff' }),
      line({ id: 'x', iter: { n: 1 }, task: ['a'], sha: 12 }),
      line({ id: 'x', iter: -3, task: 't'.repeat(100_000) }),
    ].join('\n');
    const r = parseCheckpointIndex(text);
    assert.deepEqual(r[0], { id: 'cp-5-1', ts: '2026-08-20T14:28:50.000Z', iteration: 5, task: 'Build it', sha: 'fff' });
    assert.equal(r.length, 2);
    assert.equal(r[1]?.iteration, null);
    assert.ok((r[1]?.task ?? '').length <= 10_001);
  });
});

describe('parseAppJson (.loki/app.json)', () => {
  it('reads the project-graph manifest', () => {
    assert.deepEqual(parseAppJson('{"schema_version":1,"app_id":"acme"}\n'), { ok: true, value: { appId: 'acme', schemaVersion: 1 } });
  });

  it('leaves missing or wrong-typed fields null', () => {
    assert.deepEqual(parseAppJson('{}'), { ok: true, value: { appId: null, schemaVersion: null } });
    assert.deepEqual(parseAppJson('{"app_id":"  ","schema_version":"1.5"}'), { ok: true, value: { appId: null, schemaVersion: null } });
    assert.deepEqual(parseAppJson('{"app_id":{"a":1},"schema_version":"2"}'), { ok: true, value: { appId: null, schemaVersion: 2 } });
  });

  it('reports bad files as problems', () => {
    const empty = parseAppJson('');
    assert.equal(empty.ok, false);
    assert.equal(parseAppJson('{"app_id":').ok, false);
    const arr = parseAppJson('["acme"]');
    assert.match(arr.ok ? '' : arr.problem, /expected a JSON object/);
  });
});
