// The webview side of the handshake: says `ready`, takes snapshots and deltas, asks again on a version gap.
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { assertNever, isHostMessage } from '../core/protocol';
import type { HostMessage } from '../core/protocol';
import type { AttentionItem, TaskStatus } from '../core/domain';
import { applyChanges, applyChunk, applyLogPage, applySnapshot, initialState } from './model/dashboardState';
import type { DashboardState } from './model/dashboardState';
import { moveFailureText, onMoveReply, settleMoves } from './model/pendingMoves';
import type { PendingMove } from './model/pendingMoves';
import { Rpc } from './rpc';
import type { VsCodeApi } from './vscodeApi';
import type { UiState } from './model/uiState';

/** A message for the user (failed write, rejected action). */
export interface Notice {
  id: number;
  kind: 'error' | 'info';
  text: string;
}

/** What components get from the host connection. */
export interface HostConnection {
  state: DashboardState;
  moves: PendingMove[];
  notice: Notice | null;
  /** Latest text for the aria-live region. */
  announcement: string;
  /** Which projects still have older log lines to page in. */
  logsHasMore: Readonly<Record<string, boolean>>;
  rpc: Rpc;
  announce: (text: string) => void;
  showNotice: (kind: Notice['kind'], text: string) => void;
  dismissNotice: () => void;
  moveTask: (projectId: string, taskId: string, title: string, from: TaskStatus, to: TaskStatus) => void;
  requestOlderLogs: (projectId: string) => void;
  /** A project the host asked to show (e.g. Open Dashboard on a tree row). */
  focusRequest: { projectId: string; n: number } | null;
  /** "Needs you" items of every project, most urgent first. */
  attention: AttentionItem[];
}

/** Connects to the host through `api` and keeps the domain state current. */
export function useHost(api: VsCodeApi<UiState>): HostConnection {
  const [state, setState] = useState<DashboardState>(initialState);
  const [moves, setMoves] = useState<PendingMove[]>([]);
  const [notice, setNotice] = useState<Notice | null>(null);
  const [announcement, setAnnouncement] = useState('');
  const [logsHasMore, setLogsHasMore] = useState<Record<string, boolean>>({});
  const [focusRequest, setFocusRequest] = useState<{ projectId: string; n: number } | null>(null);
  const [attention, setAttention] = useState<AttentionItem[]>([]);
  const rpc = useMemo(() => new Rpc(m => api.postMessage(m)), [api]);
  const logRequests = useRef(new Set<string>());
  const noticeSeq = useRef(0);

  const showNotice = (kind: Notice['kind'], text: string) => setNotice({ id: ++noticeSeq.current, kind, text });
  // Alternating a trailing space makes screen readers repeat identical consecutive announcements.
  const announce = (text: string) => setAnnouncement(prev => (prev === text ? `${text} ` : text));

  useEffect(() => {
    const onMessage = (ev: MessageEvent) => {
      const msg: unknown = ev.data;
      if (!isHostMessage(msg)) return;
      handle(msg);
    };
    const handle = (msg: HostMessage) => {
      switch (msg.type) {
        case 'state/snapshot':
          logRequests.current.clear();
          setState(s => applySnapshot(s, msg));
          return;
        case 'tasks/chunk':
          setState(s => applyChunk(s, msg));
          // After this task (and the render it queued) the browser may paint; then ask for the next chunk.
          window.setTimeout(() => api.postMessage({ type: 'tasks/received' }), 0);
          return;
        case 'state/delta':
          setState(s => applyChanges(s, msg.changes));
          return;
        case 'trust/changed':
          setState(s => ({ ...s, trusted: msg.trusted }));
          return;
        case 'attention/items':
          setAttention(msg.items);
          return;
        case 'project/focus':
          setFocusRequest(f => ({ projectId: msg.projectId, n: (f?.n ?? 0) + 1 }));
          return;
        case 'logs/page':
          logRequests.current.delete(msg.projectId);
          setLogsHasMore(h => ({ ...h, [msg.projectId]: msg.hasMore }));
          setState(s => applyLogPage(s, msg.projectId, msg.entries));
          return;
        case 'checkpoints/list':
          return; // useCheckpointsFromHost keeps these
        case 'reply':
          // Replies nobody waits for (e.g. after a reload) are ignored.
          rpc.resolve(msg.requestId, msg.result);
          return;
        default:
          assertNever(msg);
      }
    };
    window.addEventListener('message', onMessage);
    api.postMessage({ type: 'ready' });
    return () => window.removeEventListener('message', onMessage);
  }, [api, rpc]);

  // A gap in versions: the deltas cannot be trusted until a fresh snapshot arrives.
  useEffect(() => {
    if (state.stale) api.postMessage({ type: 'snapshot/request' });
  }, [state.stale, api]);

  useEffect(() => {
    setMoves(m => settleMoves(m, state.snapshots));
  }, [state.snapshots]);

  const moveTask = (projectId: string, taskId: string, title: string, from: TaskStatus, to: TaskStatus) => {
    if (from === to) return;
    const requestId = rpc.id();
    setMoves(m => [...m.filter(x => !(x.projectId === projectId && x.taskId === taskId)), { requestId, projectId, taskId, title, from, to, confirmed: false }]);
    void rpc.request({ type: 'task/move', projectId, taskId, to }, requestId).then(result => {
      setMoves(m => onMoveReply(m, requestId, result.ok, result.ok ? undefined : result.error).moves);
      if (!result.ok) {
        const text = moveFailureText(title, from, to, result.error);
        showNotice('error', text);
        announce(text);
      }
    });
  };

  const requestOlderLogs = (projectId: string) => {
    if (logRequests.current.has(projectId)) return;
    const first = state.logs[projectId]?.[0];
    logRequests.current.add(projectId);
    api.postMessage({ type: 'logs/request', requestId: rpc.id(), projectId, beforeSeq: first ? first.seq : null, limit: 500 });
  };

  return {
    state, moves, notice, announcement, logsHasMore, rpc, focusRequest, attention,
    announce, showNotice, dismissNotice: () => setNotice(null), moveTask, requestOlderLogs,
  };
}
