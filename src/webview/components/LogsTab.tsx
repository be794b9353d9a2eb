// Live log tail: level filter, search, pause and auto-scroll; older lines paged from the host.
import { useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { LogEntry, LogLevel } from '../../core/domain';
import { clockTime, filterLogs } from '../model/logFilter';
import { isAtBottom } from '../model/virtualWindow';
import { usePersisted, useVsCode } from '../vscodeApi';
import { valueOf, checkedOf } from './elementEvents';
import { VirtualList } from './VirtualList';

/** Height of one log line. */
export const LOG_ROW_HEIGHT = 20;

/** Props of the logs tab. */
export interface LogsTabProps {
  entries: LogEntry[];
  hasMore: boolean;
  /** Null in "All projects" (paging needs one project). */
  onLoadOlder: (() => void) | null;
  projectNames: Readonly<Record<string, string>> | null;
}

/** The logs tab. */
export function LogsTab({ entries, hasMore, onLoadOlder, projectNames }: LogsTabProps) {
  const api = useVsCode();
  const [level, setLevel] = usePersisted('logLevel', '');
  const [search, setSearch] = usePersisted('logSearch', '');
  const [autoScroll, setAutoScroll] = usePersisted('autoScroll', true);
  const [paused, setPaused] = usePersisted('logsPaused', false);
  const [frozen, setFrozen] = useState<LogEntry[] | null>(null);
  const scrollRef = useRef<HTMLDivElement>(null);
  const saveTimer = useRef<number | undefined>(undefined);
  const source = paused ? frozen ?? entries : entries;
  const shown = useMemo(() => filterLogs(source, level, search), [source, level, search]);
  const prev = useRef<{ first: number | undefined; count: number }>({ first: undefined, count: 0 });

  useLayoutEffect(() => {
    const el = scrollRef.current;
    const first = shown[0]?.seq;
    if (el) {
      const p = prev.current;
      if (p.first !== undefined && first !== undefined && first < p.first && shown.length > p.count) {
        // Older lines were prepended: keep the same lines under the reader's eyes.
        el.scrollTop += (shown.length - p.count) * LOG_ROW_HEIGHT;
      } else if (autoScroll && !paused) {
        el.scrollTop = el.scrollHeight;
      }
    }
    prev.current = { first, count: shown.length };
  }, [shown, autoScroll, paused]);

  const togglePause = () => {
    setFrozen(paused ? null : entries);
    setPaused(!paused);
  };

  return (
    <div class="logs">
      <div class="toolbar" role="toolbar" aria-label="Log controls">
        <vscode-single-select class="log-level" aria-label="Minimum level" value={level} onChange={e => setLevel(valueOf(e) as LogLevel | '')}>
          <vscode-option value="">All levels</vscode-option>
          <vscode-option value="info">Info and above</vscode-option>
          <vscode-option value="warn">Warnings and errors</vscode-option>
          <vscode-option value="error">Errors only</vscode-option>
        </vscode-single-select>
        <vscode-textfield class="log-search" placeholder="Search logs" aria-label="Search logs" value={search} onInput={e => setSearch(valueOf(e))}>
          <span slot="content-before" class="codicon codicon-search" aria-hidden="true" />
        </vscode-textfield>
        <vscode-button class="log-pause" secondary icon={paused ? 'debug-continue' : 'debug-pause'} onClick={togglePause}
          aria-pressed={paused}>{paused ? 'Resume tail' : 'Pause tail'}</vscode-button>
        <vscode-checkbox class="log-autoscroll" checked={autoScroll} label="Auto-scroll" onChange={e => setAutoScroll(checkedOf(e))} />
        <span class="spacer" />
        <span class="muted" aria-live="off">{shown.length === source.length ? `${source.length} lines` : `${shown.length} of ${source.length} lines`}</span>
      </div>
      {onLoadOlder && hasMore && (
        <button type="button" class="link-btn load-older" onClick={onLoadOlder}>
          <span class="codicon codicon-fold-up" aria-hidden="true" /> Load older lines
        </button>
      )}
      <VirtualList
        class="log-body"
        scrollRef={scrollRef}
        count={shown.length}
        rowHeight={LOG_ROW_HEIGHT}
        initialScrollTop={autoScroll ? undefined : api.getState()?.logScroll ?? undefined}
        innerProps={{ role: 'log', 'aria-label': 'Log lines', 'aria-live': 'off' }}
        rowKey={i => `${shown[i]!.projectId}:${shown[i]!.seq}`}
        empty={<p class="empty">No log lines{search || level ? ' match' : ' yet'}.</p>}
        onScroll={(top, viewport) => {
          const el = scrollRef.current;
          if (!el) return;
          const bottom = isAtBottom(top, viewport, el.scrollHeight);
          // Scrolling up stops following the tail; reaching the bottom again resumes it.
          if (bottom !== autoScroll && !paused) setAutoScroll(bottom);
          if (top === 0 && onLoadOlder && hasMore) onLoadOlder();
          window.clearTimeout(saveTimer.current);
          saveTimer.current = window.setTimeout(() => api.setState({ ...api.getState(), logScroll: top }), 150);
        }}
        renderRow={i => {
          const e = shown[i]!;
          return (
            <div class={`log-line lvl-${e.level}`} title={e.message}>
              <span class="log-time">{clockTime(e.timestamp)}</span>
              <span class="log-level-tag">{e.level}</span>
              {projectNames && <span class="log-project">{projectNames[e.projectId] ?? ''}</span>}
              <span class="log-source">{e.source}</span>
              <span class="log-msg">{e.message}</span>
            </div>
          );
        }}
      />
    </div>
  );
}
