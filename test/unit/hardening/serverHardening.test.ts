import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import type { WebSocket } from 'ws';
import { nullLogger } from '../../../src/core/logger';
import type { ProjectSnapshot } from '../../../src/core/domain';
import { escapeForTerminal, formatSnapshot } from '../../../src/cli/snapshotJson';
import { readSnapshot } from '../../../src/cli/snapshotCommand';
import { nonLoopbackWarning } from '../../../src/cli/serveCommand';
import { FileTokenStore } from '../../../src/server/fileTokenStore';
import { hostAllowed } from '../../../src/server/security';
import type { TokenInfo } from '../../../src/server/tokens';
import { DEFAULT_LIMITS } from '../../../src/server/types';
import { WsHub } from '../../../src/server/wsHub';
import { RecordingLogger } from '../../fakes/recordingLogger';
import { FakeSource, makeSnapshot } from '../server/helpers/fakeSource';
import { startServer } from '../server/helpers/harness';
import type { Running } from '../server/helpers/harness';
import { makeTask } from '../../fakes/domain';
import { tempProject } from './helpers';

/** The parts of a `ws` socket the hub touches; `bufferedAmount` is set by the test. */
class FakeSocket {
  readonly OPEN = 1;
  readyState = 1;
  bufferedAmount = 0;
  readonly sent: string[] = [];
  closedWith: number | null = null;
  private readonly handlers = new Map<string, (...a: unknown[]) => void>();
  on(ev: string, fn: (...a: unknown[]) => void): this { this.handlers.set(ev, fn); return this; }
  once(ev: string, fn: (...a: unknown[]) => void): this { return this.on(ev, fn); }
  send(text: string): void { this.sent.push(text); }
  close(code: number): void { this.closedWith = code; this.readyState = 3; }
  terminate(): void { this.readyState = 3; }
  ping(): void { /* heartbeats are not under test */ }
  receive(x: unknown): void { this.handlers.get('message')?.(Buffer.from(JSON.stringify(x)), false); }
  types(): string[] { return this.sent.map(s => (JSON.parse(s) as { type: string }).type); }
}

const TOKEN: TokenInfo = { id: 't1', name: '', scope: 'read', createdAt: '' };

describe('WebSocket snapshot amplification (issue 15 #7)', () => {
  let hub: WsHub | undefined;
  afterEach(() => { hub?.dispose(); hub = undefined; });

  function setup(snap: ProjectSnapshot, maxBufferedBytes = DEFAULT_LIMITS.maxBufferedBytes): WsHub {
    hub = new WsHub({ source: new FakeSource(snap), limits: { ...DEFAULT_LIMITS, maxBufferedBytes }, log: nullLogger, now: () => 0 });
    return hub;
  }
  const attach = (h: WsHub): FakeSocket => {
    const s = new FakeSocket();
    h.attach(s as unknown as WebSocket, TOKEN, { compat: false, project: null });
    return s;
  };

  it('serialises a snapshot once per version and shares it between clients', () => {
    let serialised = 0;
    const snap = makeSnapshot('p1', [makeTask('a', 'pending')]);
    const counted = { ...snap, toJSON: () => { serialised++; return snap; } } as ProjectSnapshot;
    const h = setup(counted);
    const clients = Array.from({ length: 5 }, () => attach(h));
    for (const c of clients) c.receive({ type: 'subscribe', channels: ['project:p1'] });
    assert.equal(serialised, 1);
    for (const c of clients) assert.deepEqual(c.types(), ['snapshot', 'subscribed']);
    const seqs = clients.map(c => (JSON.parse(c.sent[0]!) as { seq: number }).seq);
    assert.deepEqual(seqs, [1, 1, 1, 1, 1], 'each client still gets its own sequence number');
  });

  it('counts a message against the slow-consumer limit before queueing it', () => {
    const big = makeSnapshot('p1', [makeTask('a', 'pending', { description: 'x'.repeat(4000) })]);
    const h = setup(big, 3000);
    const c = attach(h);
    c.bufferedAmount = 1000; // below the limit, but not with the snapshot added
    c.receive({ type: 'subscribe', channels: ['*'] });
    assert.deepEqual(c.types(), []);
    assert.equal(c.closedWith, 1013);
  });

  it('still sends one big snapshot to a client that has nothing queued', () => {
    const big = makeSnapshot('p1', [makeTask('a', 'pending', { description: 'x'.repeat(4000) })]);
    const c = attach(setup(big, 3000));
    c.receive({ type: 'subscribe', channels: ['*'] });
    assert.deepEqual(c.types(), ['snapshot', 'subscribed']);
  });

  it('rate-limits subscribes per connection', () => {
    const c = attach(setup(makeSnapshot('p1')));
    for (let i = 0; i < 20; i++) c.receive({ type: 'subscribe', channels: [i % 2 ? 'project:p1' : '*'] });
    const types = c.types();
    assert.ok(types.includes('error'), 'a burst of subscribes is refused');
    assert.ok(types.filter(t => t === 'snapshot').length <= 8);
  });
});

describe('server: Host header (issue 15 #8)', () => {
  let r: Running | undefined;
  afterEach(async () => { await r?.server.close(); r = undefined; });

  const get = (port: number, host: string): Promise<number> => new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path: '/health', headers: { Host: host } }, res => { res.resume(); resolve(res.statusCode ?? 0); });
    req.on('error', reject);
    req.end();
  });

  it('refuses a Host name it does not serve (DNS rebinding) and accepts IPs, localhost and listed names', async () => {
    r = await startServer(new FakeSource(makeSnapshot('p1')), { allowedHosts: ['dash.lan'] });
    const port = r.server.port;
    assert.equal(await get(port, `evil.example:${port}`), 421);
    assert.equal(await get(port, `127.0.0.1:${port}`), 200);
    assert.equal(await get(port, `localhost:${port}`), 200);
    assert.equal(await get(port, `dash.lan:${port}`), 200);
  });

  it('checks names, not just IPs', () => {
    assert.equal(hostAllowed('[::1]:80', '127.0.0.1', []), true);
    assert.equal(hostAllowed('rebind.attacker.test', '127.0.0.1', []), false);
    assert.equal(hostAllowed('my-box', 'my-box', []), true);
    assert.equal(hostAllowed('bad host', '127.0.0.1', []), false);
  });

  it('warns that a non-loopback bind sends tokens in clear text and says where it listens', () => {
    const w = nonLoopbackWarning('0.0.0.0', 4000);
    assert.match(w, /every network interface \(0\.0\.0\.0\) on port 4000/);
    assert.match(w, /clear text/);
  });
});

describe('token file (issue 15 #8)', () => {
  let t: Awaited<ReturnType<typeof tempProject>>;
  const stores: FileTokenStore[] = [];
  beforeEach(async () => { t = await tempProject(); });
  afterEach(async () => { for (const s of stores.splice(0)) s.dispose(); await t.cleanup(); });
  const open = async (file: string, log = new RecordingLogger()): Promise<FileTokenStore> => {
    const s = new FileTokenStore(file, log);
    stores.push(s);
    await s.ready();
    return s;
  };

  it('a revocation by another process holds from the next request, with no wait', async () => {
    const file = path.join(t.root, 'cfg', 'tokens.json');
    const serve = await open(file);
    const cli = await open(file);
    const { token, info } = await cli.create('read');
    assert.equal(serve.verify(token)?.id, info.id);
    await cli.revoke(info.id);
    assert.equal(serve.verify(token), undefined);
  });

  it('a malformed tokens.json accepts no token', async () => {
    const file = path.join(t.root, 'cfg', 'tokens.json');
    const serve = await open(file);
    const { token } = await serve.create('control');
    assert.ok(serve.verify(token));
    await fs.writeFile(file, '{"tokens": [ garbage');
    assert.equal(serve.verify(token), undefined);
    assert.deepEqual(serve.list(), []);
  });

  it('tightens a token folder others can write to 0700 and warns', async () => {
    const dir = path.join(t.root, 'cfg');
    await fs.mkdir(dir);
    await fs.chmod(dir, 0o777);
    const log = new RecordingLogger();
    const s = await open(path.join(dir, 'tokens.json'), log);
    await s.create('read');
    assert.equal((await fs.stat(dir)).mode & 0o777, 0o700);
    assert.ok(log.at('warn').some(m => m.includes('0700')));
  });
});

describe('snapshot text output (issue 15 #8)', () => {
  let t: Awaited<ReturnType<typeof tempProject>>;
  beforeEach(async () => { t = await tempProject(); });
  afterEach(async () => { await t.cleanup(); });

  it('prints terminal escape codes from titles escaped', async () => {
    await fs.writeFile(path.join(t.queue, 'pending.json'), JSON.stringify([{ id: 'e\u001b[2J', title: '\u001b]0;pwned\u0007 evil \u009b31m \u202e' }]));
    const text = formatSnapshot(await readSnapshot(t.project));
    assert.doesNotMatch(text, /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202e]/);
    assert.match(text, /\\x1b\]0;pwned\\x07 evil/);
    assert.equal(escapeForTerminal('plain · text'), 'plain · text');
  });
});
