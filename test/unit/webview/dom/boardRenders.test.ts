// The real Board rendered by Preact into a real DOM (happy-dom): after a delta that changes one task of a
// 10,000-task board, exactly one card renders again and derives its facts again; the others are skipped.
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { h, options, render } from 'preact';
import type { VNode } from 'preact';
import { applyChanges, applySnapshot, initialState } from '../../../../src/webview/model/dashboardState';
import type { DashboardState } from '../../../../src/webview/model/dashboardState';
import { NO_FILTER } from '../../../../src/webview/model/uiState';
import type { UiState } from '../../../../src/webview/model/uiState';
import type { HostConnection } from '../../../../src/webview/useHost';
import type { VsCodeApi } from '../../../../src/webview/vscodeApi';
import { Rpc } from '../../../../src/webview/rpc';
import { env, snapshot } from '../fixtures';
import type * as Harness from './boardHarness';
import { loadWebviewModule } from './bundle';
import { installDom } from './happyDom';

const { Board, TaskCardView, VsCode, cardFactsComputed } = loadWebviewModule<typeof Harness>(path.join(__dirname, 'boardHarness.ts'));

// Preact calls this hook before rendering each component (`options._render`, mangled to `__r` in its build).
type RenderHook = (v: VNode) => void;
const hooks = options as unknown as { __r?: RenderHook };

function host(state: DashboardState): HostConnection {
  return {
    state, moves: [], notice: null, announcement: '', logsHasMore: {}, rpc: new Rpc(() => undefined), focusRequest: null, attention: [],
    announce: () => undefined, showNotice: () => undefined, dismissNotice: () => undefined, moveTask: () => undefined, requestOlderLogs: () => undefined,
  };
}

describe('board rendering (Preact in happy-dom)', () => {
  let dom: ReturnType<typeof installDom>;
  let root: HTMLElement;
  let prevHook: RenderHook | undefined;
  let cardRenders: string[];
  let uiState: UiState | undefined;

  beforeEach(() => {
    uiState = undefined;
    dom = installDom();
    root = document.createElement('div');
    document.body.appendChild(root);
    cardRenders = [];
    prevHook = hooks.__r;
    hooks.__r = v => {
      if (v.type === TaskCardView) cardRenders.push((v.props as unknown as { task: { id: string } }).task.id);
      prevHook?.(v);
    };
  });

  afterEach(async () => {
    render(null, root);
    hooks.__r = prevHook;
    await dom.uninstall();
  });

  /** Renders the board of project `p` as the panel does (a fresh webview state store per test). */
  const api: VsCodeApi<UiState> = { postMessage: () => undefined, getState: () => uiState, setState: s => { uiState = s; } };
  const show = (state: DashboardState): void => render(
    h(VsCode.Provider, { value: api }, h(Board, { host: host(state), snapshots: [state.snapshots.p!], filter: NO_FILTER, projectNames: null, canWrite: true })),
    root,
  );

  it('re-renders only the card whose task changed, and derives only its facts', () => {
    let state = applySnapshot(initialState(), { type: 'state/snapshot', projects: [snapshot('p', 10_000, 1)], activeProjectId: 'p', logs: [], trusted: true, history: [] });
    show(state);
    const first = cardRenders.length;
    assert.ok(first > 5 && first < 200, `the window renders a few cards, not 10,000 (${first})`);
    assert.equal(root.querySelectorAll('.card').length, first);

    const target = state.snapshots.p!.columns.pending[1]!;
    const factsBefore = cardFactsComputed();
    cardRenders = [];
    state = applyChanges(state, [env('p', 2, { kind: 'task/updated', task: { ...target, title: 'Renamed by the runner', costUsd: 0.5 } })]);
    show(state);

    assert.deepEqual(cardRenders, [target.id]);
    assert.equal(cardFactsComputed() - factsBefore, 1);
    const el = root.querySelector(`.card[data-task-id="${target.id}"]`);
    assert.equal(el?.querySelector('.card-title-text')?.textContent, 'Renamed by the runner');
    assert.equal(el?.querySelector('.chip')?.textContent, '$0.500');
  });

  it('renders nothing again when a delta touches no shown card', () => {
    let state = applySnapshot(initialState(), { type: 'state/snapshot', projects: [snapshot('p', 10_000, 1)], activeProjectId: 'p', logs: [], trusted: true, history: [] });
    show(state);
    // The last pending card is far below the window: updating it renders no card at all.
    const far = state.snapshots.p!.columns.pending.at(-1)!;
    cardRenders = [];
    state = applyChanges(state, [env('p', 2, { kind: 'task/updated', task: { ...far, title: 'Changed off screen' } })]);
    show(state);
    assert.deepEqual(cardRenders, []);
  });
});
