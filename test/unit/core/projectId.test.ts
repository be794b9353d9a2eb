import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { projectIdFor } from '../../../src/core/lokiCore';

describe('projectIdFor', () => {
  it('is the first 12 hex chars of sha256 of the absolute path', () => {
    const p = '/home/dev/proj-1';
    assert.equal(projectIdFor(p), createHash('sha256').update(p).digest('hex').slice(0, 12));
    assert.match(projectIdFor(p), /^[0-9a-f]{12}$/);
  });

  it('differs for different folders and is stable for the same one', () => {
    assert.equal(projectIdFor('/a/b'), projectIdFor('/a/b'));
    assert.notEqual(projectIdFor('/a/b'), projectIdFor('/a/c'));
  });
});
