// The dashboard: header, tabs (Board, Agents, Logs, Quality), notices and the live region.
import { useEffect, useMemo, useState } from 'preact/hooks';
import type { SessionAction } from '../../core/protocol';
import { sourcesOf } from '../model/boardModel';
import { cardsToCome } from '../model/dashboardState';
import { resolveSelection } from '../model/projectSelection';
import { interleaveLogs } from '../model/logFilter';
import { ALL_PROJECTS, NO_FILTER } from '../model/uiState';
import { writeAccess } from '../model/writeAccess';
import type { TabId } from '../model/uiState';
import { Checkpoints, useCheckpointsFromHost } from '../useCheckpoints';
import { useHost } from '../useHost';
import { usePersisted, useVsCode } from '../vscodeApi';
import { AddTaskForm } from './AddTaskForm';
import { Board } from './Board';
import { BoardToolbar } from './BoardToolbar';
import { Header } from './Header';
import { NeedsYouLane } from './NeedsYouLane';
import { MemoryStrip } from './MemoryStrip';
import { AgentsTab, InsightsTab, LogsTab, preloadParts, QualityTab } from './lazyParts';

const TABS: Array<{ id: TabId; label: string; icon: string }> = [
  { id: 'board', label: 'Board', icon: 'codicon-project' },
  { id: 'agents', label: 'Agents', icon: 'codicon-hubot' },
  { id: 'logs', label: 'Logs', icon: 'codicon-output' },
  { id: 'quality', label: 'Quality', icon: 'codicon-verified' },
  { id: 'insights', label: 'Insights', icon: 'codicon-graph' },
];


/** The whole dashboard. */
export function App() {
  const api = useVsCode();
  const host = useHost(api);
  const checkpoints = useCheckpointsFromHost(api);
  const { state } = host;
  const [project, setProject] = usePersisted('project', null);
  const [tab, setTab] = usePersisted('tab', 'board');
  const [filter, setFilter] = usePersisted('filter', NO_FILTER);
  const [adding, setAdding] = useState(false);

  useEffect(() => {
    if (host.focusRequest) setProject(host.focusRequest.projectId);
  }, [host.focusRequest]);

  // The other tabs' chunks load after the board has painted, so opening one later shows no spinner.
  useEffect(() => {
    if (!state.loaded) return;
    const t = window.setTimeout(preloadParts, 1000);
    return () => window.clearTimeout(t);
  }, [state.loaded]);

  // The user's choice wins; before one exists, follow the host's suggestion; a vanished project falls back to all.
  const chosen = project ?? state.activeProjectId ?? ALL_PROJECTS;
  // An app (`app:<id>`) shows its projects as one board with summed spend, like "All projects".
  const { selected, single, shown } = useMemo(
    () => resolveSelection(state, chosen),
    [state.projects, state.snapshots, state.apps, state.loaded, chosen],
  );
  const projectNames = useMemo(
    () => (single ? null : Object.fromEntries(state.projects.map(p => [p.id, p.name]))),
    [single, state.projects],
  );
  const sources = useMemo(() => sourcesOf(shown), [shown]);
  const agents = useMemo(() => shown.flatMap(s => s.agents), [shown]);
  const logs = useMemo(
    () => (single ? state.logs[single.project.id] ?? [] : interleaveLogs(shown.map(s => state.logs[s.project.id] ?? []))),
    [single, shown, state.logs],
  );
  const totals = useMemo(() => (single ? null : {
    costUsd: shown.reduce((a, s) => a + (s.session.costUsd ?? 0), 0),
    tokens: shown.reduce((a, s) => a + (s.session.tokens ? s.session.tokens.input + s.session.tokens.output : 0), 0),
    running: shown.filter(s => s.session.status === 'running').length,
  }), [single, shown]);
  const { canWrite, reason: disabledReason } = useMemo(() => writeAccess(state.trusted, state.readOnly, shown), [state.trusted, state.readOnly, shown]);

  const report = (what: string, r: { ok: boolean; error?: string }) => {
    if (!r.ok) {
      const text = `${what} failed: ${r.error ?? 'unknown error'}`;
      host.showNotice('error', text);
      host.announce(text);
    }
    return r.ok;
  };
  const onAction = (action: SessionAction) => {
    if (!single) return;
    void host.rpc.request({ type: 'session/control', projectId: single.project.id, action }).then(r => report(`${action[0]!.toUpperCase()}${action.slice(1)}`, r));
  };

  const onTabKey = (e: KeyboardEvent) => {
    const i = TABS.findIndex(t => t.id === tab);
    const next = e.key === 'ArrowRight' ? TABS[(i + 1) % TABS.length] : e.key === 'ArrowLeft' ? TABS[(i - 1 + TABS.length) % TABS.length] : null;
    if (!next) return;
    e.preventDefault();
    setTab(next.id);
    (e.currentTarget as HTMLElement).querySelector<HTMLElement>(`#tab-${next.id}`)?.focus();
  };

  const counts: Record<TabId, number | null> = {
    board: shown.reduce((a, s) => a + Object.values(s.columns).reduce((b, c) => b + c.length, 0), 0) + cardsToCome(state, shown.map(s => s.project.id)),
    agents: agents.filter(a => a.status === 'active').length,
    logs: null,
    quality: single ? single.quality.notifications.filter(n => !n.acknowledged).length || null : null,
    insights: null,
  };

  return (
    <Checkpoints.Provider value={checkpoints}>
    <div class="app">
      <Header
        projects={state.projects}
        apps={state.apps}
        selected={selected}
        onSelect={id => { setProject(id); setAdding(false); }}
        session={single?.session ?? null}
        totals={totals}
        controls={single ? {
          disabledReason,
          onAction,
          onSendInput: async text => report('Send input', await host.rpc.request({ type: 'session/input', projectId: single.project.id, text })),
          onAddTask: () => { setTab('board'); setAdding(true); },
        } : null}
      />
      {!state.trusted && state.loaded && (
        <div class="banner info" role="note"><span class="codicon codicon-shield" aria-hidden="true" /> Restricted Mode: the dashboard is read-only.</div>
      )}
      {single && !single.hasLoki && (
        <div class="banner info" role="note"><span class="codicon codicon-info" aria-hidden="true" /> No .loki folder in {single.project.name} yet.</div>
      )}
      {single && single.problems.length > 0 && (
        <div class="banner warn" role="note" title={single.problems.map(p => `${p.file}: ${p.message}`).join('\n')}>
          <span class="codicon codicon-warning" aria-hidden="true" /> {single.problems.length} file(s) could not be read; showing the last good values.
        </div>
      )}
      {host.notice && (
        <div class={`banner ${host.notice.kind === 'error' ? 'error' : 'info'} notice`} role="alert">
          <span class={`codicon ${host.notice.kind === 'error' ? 'codicon-error' : 'codicon-info'}`} aria-hidden="true" />
          <span class="notice-text">{host.notice.text}</span>
          <button type="button" class="icon-btn" onClick={host.dismissNotice} aria-label="Dismiss" title="Dismiss"><span class="codicon codicon-close" aria-hidden="true" /></button>
        </div>
      )}
      {state.loaded && state.projects.length > 0 && (
        <NeedsYouLane items={single ? host.attention.filter(i => i.projectId === single.project.id) : host.attention} showProject={!single}
          disabledReason={disabledReason}
          onAct={(item, action) => void host.rpc.request({ type: 'attention/act', itemId: item.id, action }).then(r => report(action, r))} />
      )}
      <div class="tabs" role="tablist" aria-label="Dashboard sections" onKeyDown={onTabKey}>
        {TABS.map(t => (
          <button key={t.id} id={`tab-${t.id}`} type="button" role="tab" class="tab" aria-selected={tab === t.id} aria-controls={`panel-${t.id}`}
            tabIndex={tab === t.id ? 0 : -1} onClick={() => setTab(t.id)}>
            <span class={`codicon ${t.icon}`} aria-hidden="true" /> {t.label}
            {counts[t.id] != null && <vscode-badge variant="counter">{counts[t.id]}</vscode-badge>}
          </button>
        ))}
      </div>
      <main class="panel" id={`panel-${tab}`} role="tabpanel" aria-labelledby={`tab-${tab}`}>
        {!state.loaded ? <p class="empty"><vscode-progress-ring /> Loading…</p>
          : state.projects.length === 0 ? (
            <div class="empty">
              <p>No Loki Mode project yet. A project is a folder with a .loki/ directory.</p>
              <vscode-button onClick={() => api.postMessage({ type: 'command/run', command: 'startDemo' })}>Start demo session</vscode-button>{' '}
              <vscode-button secondary onClick={() => api.postMessage({ type: 'command/run', command: 'addProject' })}>Add project</vscode-button>
            </div>
          )
          : tab === 'board' ? (
            <>
              {single && <MemoryStrip memory={single.memory ?? null} />}
              <BoardToolbar filter={filter} sources={sources} onFilter={setFilter}
                canAdd={canWrite && !!single} addDisabledReason={!canWrite ? disabledReason : !single ? 'Choose a project to add a task to' : null}
                onAdd={() => setAdding(a => !a)} />
              {adding && single && canWrite && (
                <AddTaskForm projectName={single.project.name} onCancel={() => setAdding(false)}
                  onSubmit={async t => {
                    const ok = report('Add task', await host.rpc.request({ type: 'task/add', projectId: single.project.id, ...t }));
                    if (ok) { host.announce(`Added ${t.title} to Pending.`); setAdding(false); }
                    return ok;
                  }} />
              )}
              <Board host={host} snapshots={shown} filter={filter} projectNames={projectNames} canWrite={canWrite} />
            </>
          )
          : tab === 'agents' ? <AgentsTab agents={agents} projectNames={projectNames} />
          : tab === 'logs' ? (
            <LogsTab entries={logs} projectNames={projectNames} hasMore={single ? host.logsHasMore[single.project.id] ?? logs.length > 0 : false}
              onLoadOlder={single ? () => host.requestOlderLogs(single.project.id) : null} />
          )
          : tab === 'insights' ? <InsightsTab host={host} snapshot={single} onCommand={(command, projectId) => api.postMessage({ type: 'command/run', command, projectId })} />
          : <QualityTab quality={single?.quality ?? null} />}
      </main>
      <div class="sr-only" aria-live="polite" aria-atomic="true" id="live">{host.announcement}</div>
      <p class="sr-only" id="kb-move-help">
        Press Space to lift the card, Left and Right arrows to choose a column, Space to drop, Escape to cancel. Press M for the Move to menu, Enter for details.
      </p>
    </div>
    </Checkpoints.Provider>
  );
}
