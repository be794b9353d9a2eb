import assert from 'node:assert/strict';
import { promises as fs, statSync } from 'node:fs';
import path from 'node:path';
import { FileTokenStore, defaultTokenFile, openFileTokenStore } from '../../../src/server/fileTokenStore';
import type { TokenRecord } from '../../../src/server/tokens';
import { MemoryTokenStore, TOKEN_PATTERN, generateToken, hashToken, scopeAllows } from '../../../src/server/tokens';
import { makeTempDir } from '../../fakes/tempDir';

describe('API tokens', () => {
  it('are loki_ plus 43 base64url characters from 32 random bytes, never repeating', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 200; i++) {
      const t = generateToken();
      assert.match(t, TOKEN_PATTERN);
      assert.equal(Buffer.from(t.slice(5), 'base64url').length, 32);
      seen.add(t);
    }
    assert.equal(seen.size, 200);
  });

  it('are persisted only as SHA-256 hashes', async () => {
    let saved: TokenRecord[] = [];
    const store = new MemoryTokenStore({ load: async () => saved, save: async r => { saved = r; } });
    const { token, info } = await store.create('control', 'ci');
    const text = JSON.stringify(saved);
    assert.ok(!text.includes(token), 'the token itself is not stored');
    assert.ok(!text.includes(token.slice(5)), 'nor its random part');
    assert.equal(saved[0]!.hash, hashToken(token));
    assert.deepEqual(store.verify(token), info);
    assert.deepEqual(Object.keys(info).sort(), ['createdAt', 'id', 'name', 'scope']);
  });

  it('verify accepts only the exact token and revocation takes effect at once', async () => {
    const store = new MemoryTokenStore();
    const a = await store.create('read');
    const b = await store.create('control');
    assert.equal(store.verify(a.token)?.id, a.info.id);
    assert.equal(store.verify(b.token)?.scope, 'control');
    assert.equal(store.verify(a.token.slice(0, -1) + (a.token.endsWith('A') ? 'B' : 'A')), undefined);
    assert.equal(store.verify(''), undefined);
    let fired = 0;
    store.onDidChange(() => fired++);
    assert.equal(await store.revoke(a.info.id), true);
    assert.equal(fired, 1);
    assert.equal(store.verify(a.token), undefined);
    assert.equal(await store.revoke(a.info.id), false);
    assert.deepEqual(store.list().map(t => t.id), [b.info.id]);
  });

  it('orders scopes read < control', () => {
    assert.equal(scopeAllows('read', 'read'), true);
    assert.equal(scopeAllows('read', 'control'), false);
    assert.equal(scopeAllows('control', 'read'), true);
    assert.equal(scopeAllows('control', 'control'), true);
  });

  it('keeps both of two concurrent creates', async () => {
    const store = new MemoryTokenStore();
    await Promise.all([store.create('read'), store.create('read'), store.create('control')]);
    assert.equal(store.list().length, 3);
  });

  it('drops malformed stored records rather than trusting them', async () => {
    const store = new MemoryTokenStore({ load: async () => [{ id: 'x', hash: 'short', scope: 'read' }, { id: 'y', hash: 'a'.repeat(64), scope: 'admin' }, null] as unknown as TokenRecord[], save: async () => undefined });
    await store.ready();
    assert.equal(store.hasTokens(), false);
  });
});

describe('FileTokenStore', () => {
  let tmp: ReturnType<typeof makeTempDir>;
  beforeEach(() => { tmp = makeTempDir('loki-tokens-'); });
  afterEach(() => tmp.cleanup());

  it('defaults to $XDG_CONFIG_HOME/loki-dashboard/tokens.json, else ~/.config', () => {
    assert.equal(defaultTokenFile({ XDG_CONFIG_HOME: '/x/cfg' }, '/home/u'), path.join('/x/cfg', 'loki-dashboard', 'tokens.json'));
    assert.equal(defaultTokenFile({}, '/home/u'), path.join('/home/u', '.config', 'loki-dashboard', 'tokens.json'));
  });

  it('creates the file with mode 0600 in a 0700 directory, even under a permissive umask', async () => {
    const file = path.join(tmp.dir, 'cfg', 'loki-dashboard', 'tokens.json');
    const old = process.umask(0o000);
    try {
      const store = await openFileTokenStore(file);
      await store.create('read');
      store.dispose();
    } finally {
      process.umask(old);
    }
    assert.equal(statSync(file).mode & 0o777, 0o600);
    assert.equal(statSync(path.dirname(file)).mode & 0o777, 0o700);
  });

  it('tightens the mode of an existing wider file on the next write', async () => {
    const file = path.join(tmp.dir, 'tokens.json');
    await fs.writeFile(file, '[]', { mode: 0o644 });
    await fs.chmod(file, 0o644);
    const store = await openFileTokenStore(file);
    await store.create('control');
    store.dispose();
    assert.equal(statSync(file).mode & 0o777, 0o600);
  });

  it('shares tokens between two stores on the same file (CLI and serve)', async () => {
    const file = path.join(tmp.dir, 'tokens.json');
    const cli = await openFileTokenStore(file);
    const { token, info } = await cli.create('read', 'laptop');
    const serve = await openFileTokenStore(file);
    assert.equal(serve.verify(token)?.id, info.id);
    assert.ok(!(await fs.readFile(file, 'utf8')).includes(token));
    cli.dispose();
    serve.dispose();
  });

  it('picks up a revocation made by another store through its watcher', async () => {
    const file = path.join(tmp.dir, 'tokens.json');
    const cli = await openFileTokenStore(file);
    const { token, info } = await cli.create('read');
    const serve = new FileTokenStore(file);
    await serve.ready();
    await serve.watch();
    const changed = new Promise<void>(resolve => {
      const sub = serve.onDidChange(() => { if (!serve.verify(token)) { sub.dispose(); resolve(); } });
    });
    assert.equal(await cli.revoke(info.id), true);
    await changed;
    assert.equal(serve.verify(token), undefined);
    cli.dispose();
    serve.dispose();
  });

  it('refuses to start on a corrupt file instead of treating it as empty', async () => {
    const file = path.join(tmp.dir, 'tokens.json');
    await fs.writeFile(file, '{oops');
    await assert.rejects(openFileTokenStore(file));
  });
});
