import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { isPlainNode, resolveCli } from '../../../src/extension/cliResolver';

describe('CLI resolution', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'loki-cli-'));
    for (const d of ['a', 'b', 'c']) mkdirSync(path.join(dir, d));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('finds the first executable loki on PATH and skips non-executable ones', async () => {
    writeFileSync(path.join(dir, 'a', 'loki'), '#!/bin/sh\n');
    chmodSync(path.join(dir, 'a', 'loki'), 0o644);
    writeFileSync(path.join(dir, 'b', 'loki'), '#!/bin/sh\n');
    chmodSync(path.join(dir, 'b', 'loki'), 0o755);
    const r = await resolveCli({ setting: '', envPath: [path.join(dir, 'a'), 'relative/dir', path.join(dir, 'b')].join(':'), platform: 'linux' });
    assert.deepEqual(r, { ok: true, path: path.join(dir, 'b', 'loki'), from: 'path' });
  });
  it('ignores a directory named loki', async () => {
    mkdirSync(path.join(dir, 'c', 'loki'));
    const r = await resolveCli({ setting: '', envPath: path.join(dir, 'c'), platform: 'linux' });
    assert.equal(r.ok, false);
  });
  it('reports not-found with install advice', async () => {
    const r = await resolveCli({ setting: '', envPath: undefined, platform: 'linux' });
    assert.equal(r.ok, false);
    if (!r.ok) {
      assert.equal(r.reason, 'not-found');
      assert.match(r.message, /cliPath/);
    }
  });
  it('prefers the setting and refuses a missing or relative one instead of falling back', async () => {
    writeFileSync(path.join(dir, 'b', 'loki'), '#!/bin/sh\n');
    chmodSync(path.join(dir, 'b', 'loki'), 0o755);
    const missing = await resolveCli({ setting: path.join(dir, 'nope', 'loki'), envPath: path.join(dir, 'b'), platform: 'linux' });
    assert.equal(missing.ok, false);
    if (!missing.ok) assert.equal(missing.reason, 'setting-invalid');
    const rel = await resolveCli({ setting: 'bin/loki', envPath: path.join(dir, 'b'), platform: 'linux' });
    assert.equal(rel.ok, false);
    const ok = await resolveCli({ setting: path.join(dir, 'b', 'loki'), envPath: '', platform: 'linux' });
    assert.deepEqual(ok, { ok: true, path: path.join(dir, 'b', 'loki'), from: 'setting' });
  });
  it('tells plain Node from Electron', () => {
    assert.equal(isPlainNode('/usr/bin/node', { ...process.versions, electron: undefined }), true);
    assert.equal(isPlainNode('/opt/code/code', { ...process.versions, electron: '34.0.0' }), false);
  });
});
