import assert from 'node:assert/strict';
import { isoTime, parseJson } from '../../../src/core/parsers/parseResult';

describe('parseJson', () => {
  it('parses valid JSON, BOM included', () => {
    assert.deepEqual(parseJson('\ufeff{"a":1}'), { ok: true, value: { a: 1 } });
  });
  it('reports an empty file as being written', () => {
    const r = parseJson('  \n');
    assert.equal(r.ok, false);
    assert.match(r.ok ? '' : r.problem, /empty file/);
  });
  it('reports text cut off mid-value as incomplete, not invalid', () => {
    for (const torn of ['{"iterationCount": 3', '{"totals":{', '[1,2', '{"a":tru', '{"a":1,']) {
      const r = parseJson(torn);
      assert.equal(r.ok, false, torn);
      assert.match(r.ok ? '' : r.problem, /^incomplete JSON/, torn);
    }
  });
  it('reports a broken file as invalid', () => {
    const r = parseJson('{x}');
    assert.match(r.ok ? '' : r.problem, /^invalid JSON/);
  });
});

describe('isoTime', () => {
  it('accepts the learning-signal quirk +00:00Z and microseconds', () => {
    assert.equal(isoTime('2026-11-22T02:45:53.730983+00:00Z'), '2026-11-22T02:45:53.730Z');
    assert.equal(isoTime('2026-11-22T02:45:53Z'), '2026-11-22T02:45:53.000Z');
    assert.equal(isoTime('not a time'), null);
  });
});
