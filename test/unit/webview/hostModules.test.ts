import assert from 'node:assert/strict';
import { isHostMessage } from '../../../src/core/protocol';
import { DeltaBatcher } from '../../../src/extension/dashboard/deltaBatcher';
import { buildDashboardHtml, dashboardCsp, makeNonce } from '../../../src/extension/dashboard/html';
import { Rpc } from '../../../src/webview/rpc';
import type { WebviewMessage } from '../../../src/core/protocol';
import { env } from './fixtures';

const input = { cspSource: 'https://file+.vscode-resource.vscode-cdn.net', scriptUri: 'https://x/dist/webview.js', styleUri: 'https://x/dist/webview.css', codiconUri: 'https://x/dist/codicon.css' };

function cspOf(html: string): string {
  const m = /http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html);
  assert.ok(m, 'CSP meta tag present');
  return m[1]!.replace(/&#39;|&apos;/g, "'");
}

describe('dashboard HTML and CSP', () => {
  it('uses default-src none and a nonce for the only script', () => {
    const html = buildDashboardHtml({ ...input, nonce: 'N0nce' });
    const csp = cspOf(html);
    assert.match(csp, /^default-src 'none'; /);
    // The nonce for the entry; the webview's own resource origin for the chunks it imports; nothing else.
    assert.match(csp, /script-src 'nonce-N0nce' https:\/\/file\+\.vscode-resource\.vscode-cdn\.net(;|$)/);
    assert.equal(csp, dashboardCsp(input.cspSource, 'N0nce'));
    const scripts = html.match(/<script\b[^>]*>/g) ?? [];
    assert.equal(scripts.length, 1);
    assert.match(scripts[0], /nonce="N0nce"/);
    assert.match(scripts[0], /type="module"/);
    assert.match(scripts[0], /src="https:\/\/x\/dist\/webview\.js"/);
  });

  it('allows no inline script or style and no network origins', () => {
    const csp = cspOf(buildDashboardHtml(input));
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval|\*|https?:\/\/(?!file\+)/);
    assert.match(csp, /style-src https:\/\/file\+\.vscode-resource\.vscode-cdn\.net(;|$)/);
    assert.match(csp, /img-src https:\/\/file\+\.vscode-resource\.vscode-cdn\.net data:/);
    assert.match(csp, /font-src https:\/\/file\+\.vscode-resource\.vscode-cdn\.net/);
    assert.doesNotMatch(buildDashboardHtml(input), /\son[a-z]+=/i, 'no inline event handlers');
  });

  it('makes a fresh nonce each time', () => {
    const a = makeNonce();
    const b = makeNonce();
    assert.notEqual(a, b);
    assert.ok(a.length >= 22);
    const n1 = /nonce="([^"]+)"/.exec(buildDashboardHtml(input))![1];
    const n2 = /nonce="([^"]+)"/.exec(buildDashboardHtml(input))![1];
    assert.notEqual(n1, n2);
  });

  it('links codicons with the id @vscode-elements looks for', () => {
    assert.match(buildDashboardHtml(input), /<link rel="stylesheet" href="https:\/\/x\/dist\/codicon\.css" id="vscode-codicon-stylesheet">/);
  });
});

describe('dashboard delta batching', () => {
  function fakeTimers() {
    const pending: Array<() => void> = [];
    return { pending, timers: { setTimeout: (f: () => void) => { pending.push(f); return pending.length; }, clearTimeout: () => { pending.length = 0; } } };
  }

  it('posts many changes as one batch when the timer fires', () => {
    const posted: number[][] = [];
    const t = fakeTimers();
    const b = new DeltaBatcher(c => posted.push(c.map(e => e.version)), 50, t.timers);
    for (let v = 1; v <= 5; v++) b.push(env('a', v, { kind: 'project/loki', hasLoki: true }));
    assert.equal(t.pending.length, 1, 'one timer for the whole batch');
    t.pending.shift()!();
    assert.deepEqual(posted, [[1, 2, 3, 4, 5]]);
  });

  it('posts on the next tick after a quiet spell, and waits out the window right after a batch', () => {
    const delays: number[] = [];
    const fired: Array<() => void> = [];
    let now = 1000;
    const b = new DeltaBatcher(() => undefined, 50, { setTimeout: (f, ms) => { delays.push(ms); fired.push(f); }, clearTimeout: () => undefined, now: () => now });
    b.push(env('a', 1, { kind: 'project/loki', hasLoki: true }));
    b.push(env('a', 2, { kind: 'project/loki', hasLoki: true }));
    fired.shift()!();
    now += 10;
    b.push(env('a', 3, { kind: 'project/loki', hasLoki: true }));
    fired.shift()!();
    now += 500;
    b.push(env('a', 4, { kind: 'project/loki', hasLoki: true }));
    assert.deepEqual(delays, [0, 40, 0]);
  });

  it('drops pending changes on clear (a snapshot supersedes them)', () => {
    const posted: unknown[] = [];
    const t = fakeTimers();
    const b = new DeltaBatcher(c => posted.push(c), 50, t.timers);
    b.push(env('a', 1, { kind: 'project/loki', hasLoki: true }));
    b.clear();
    b.flush();
    assert.deepEqual(posted, []);
  });
});

describe('protocol additions for the dashboard', () => {
  it('accepts project/focus with a project id and rejects it without', () => {
    assert.equal(isHostMessage({ type: 'project/focus', projectId: 'abc' }), true);
    assert.equal(isHostMessage({ type: 'project/focus' }), false);
    assert.equal(isHostMessage({ type: 'project/focus', projectId: 5 }), false);
  });
});

describe('webview request/reply', () => {
  it('numbers requests and routes replies to their caller', async () => {
    const sent: WebviewMessage[] = [];
    const rpc = new Rpc(m => sent.push(m));
    const p1 = rpc.request({ type: 'session/control', projectId: 'p', action: 'pause' });
    const p2 = rpc.request({ type: 'session/input', projectId: 'p', text: 'hi' });
    assert.deepEqual(sent.map(m => 'requestId' in m && m.requestId), [1, 2]);
    assert.equal(rpc.resolve(2, { ok: false, error: 'nope' }), true);
    assert.equal(rpc.resolve(1, { ok: true, value: null }), true);
    assert.deepEqual(await p1, { ok: true, value: null });
    assert.deepEqual(await p2, { ok: false, error: 'nope' });
    assert.equal(rpc.resolve(1, { ok: true, value: null }), false);
  });
});
