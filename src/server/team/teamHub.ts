// The hub's data source: the union of every publisher's projects, read from PostgreSQL and kept current by
// LISTEN/NOTIFY (no polling of project rows). A publisher whose heartbeat stops shows its projects offline.
import type { Pool, PoolClient } from 'pg';
import { mergeAppGroups } from '../../core/apps/appMerge';
import { Emitter } from '../../core/disposable';
import type { Disposable } from '../../core/disposable';
import type { AppGroup, ChangeEnvelope, Learning, LogEntry, LokiEvent, ProjectInfo, ProjectSnapshot, SessionSummary, Task } from '../../core/domain';
import type { Logger } from '../../core/logger';
import { diffSnapshots } from '../../core/snapshotDiff';
import type { LogQuery } from '../../core/store/storeApi';
import type { AppSource, DataSource } from '../types';
import { migrate } from './migrations';
import { CHANNELS, teamSessionId, teamTiming } from './teamKeys';
import { TeamEventTail } from './teamEvents';
import { TeamLogTail } from './teamLogs';
import { TeamSessionTaskCache } from './teamSessionTasks';
import { TeamSessionCache } from './teamSessions';

interface Row { key: string; machine: string; project_id: string; name: string; path: string; app_id: string | null; app_roots: unknown; app_members: unknown; snapshot: ProjectSnapshot }

/** A published project's app: its id and the roots and member folders its publisher discovered. */
interface AppMembership { appId: string; roots: string[]; members: string[] }

interface Entry { key: string; machine: string; app: AppMembership | null; raw: ProjectSnapshot; snap: ProjectSnapshot }

const ROW_COLUMNS = 'key, machine, project_id, name, path, app_id, app_roots, app_members, snapshot';

/** Strings of a jsonb array column (rows are written by other processes: anything else reads as none). */
const strings = (x: unknown): string[] => (Array.isArray(x) ? x.filter((v): v is string => typeof v === 'string') : []);

/** The app of a row; null without an app id. */
function membershipOf(r: Row): AppMembership | null {
  return r.app_id ? { appId: r.app_id, roots: strings(r.app_roots), members: strings(r.app_members) } : null;
}

const sameApp = (a: AppMembership | null, b: AppMembership | null): boolean => JSON.stringify(a) === JSON.stringify(b);

/** Problem text of an offline publisher (shown like an unreadable file, so every client already renders it). */
export const OFFLINE_FILE = 'team:publisher';

/** The hub's DataSource + AppSource. Create with `TeamHub.start`, end with `close()`. */
export class TeamHub implements DataSource, AppSource {
  private readonly entries = new Map<string, Entry>();
  private readonly online = new Map<string, boolean>();
  private readonly changes = new Emitter<ChangeEnvelope>();
  private readonly projectsEmitter = new Emitter<ProjectInfo[]>();
  private readonly appsEmitter = new Emitter<AppGroup[]>();
  private readonly doneWaiters = new Map<string, () => void>();
  private listener: PoolClient | undefined;
  private tail: TeamLogTail | undefined;
  private readonly sessions: TeamSessionCache;
  private readonly sessionTaskCache: TeamSessionTaskCache;
  private eventTail: TeamEventTail | undefined;
  private sweep: NodeJS.Timeout | undefined;
  private queue: Promise<void> = Promise.resolve();
  private closed = false;
  readonly timing: ReturnType<typeof teamTiming>;

  private constructor(readonly pool: Pool, private readonly log: Logger, timing?: ReturnType<typeof teamTiming>) {
    this.timing = timing ?? teamTiming();
    this.sessions = new TeamSessionCache(pool);
    this.sessionTaskCache = new TeamSessionTaskCache(pool);
  }

  /** Migrates, LISTENs, loads every project and starts the liveness sweep. */
  static async start(opts: { pool: Pool; log: Logger; timing?: ReturnType<typeof teamTiming> }): Promise<TeamHub> {
    const hub = new TeamHub(opts.pool, opts.log, opts.timing);
    const client = await opts.pool.connect();
    try {
      await migrate(client);
    } finally {
      client.release();
    }
    hub.listener = await opts.pool.connect();
    hub.listener.on('notification', n => {
      if (n.channel === CHANNELS.changes && n.payload) hub.serial(() => hub.reload(n.payload!));
      else if (n.channel === CHANNELS.logs && n.payload) hub.serial(() => hub.pullLogs(n.payload!));
      else if (n.channel === CHANNELS.events && n.payload) hub.serial(() => hub.eventTail?.fetchNew(n.payload!) ?? Promise.resolve());
      else if (n.channel === CHANNELS.sessionTasks && n.payload) hub.serial(() => hub.sessionTaskCache.reload(n.payload));
      else if (n.channel === CHANNELS.commandDone && n.payload) hub.doneWaiters.get(n.payload)?.();
    });
    hub.listener.on('error', err => opts.log.warn(`team: hub listen connection failed: ${err.message}`));
    // LISTEN before the first read: a change committed in between is then both read and notified, never lost.
    await hub.listener.query(`LISTEN ${CHANNELS.changes}`);
    await hub.listener.query(`LISTEN ${CHANNELS.commandDone}`);
    await hub.listener.query(`LISTEN ${CHANNELS.logs}`);
    await hub.listener.query(`LISTEN ${CHANNELS.events}`);
    await hub.listener.query(`LISTEN ${CHANNELS.sessionTasks}`);
    await hub.checkLiveness(false);
    const rows = (await opts.pool.query<Row>(`SELECT ${ROW_COLUMNS} FROM loki_projects ORDER BY machine, name`)).rows;
    for (const r of rows) hub.entries.set(r.key, hub.entryOf(r, 1));
    hub.tail = await TeamLogTail.load(opts.pool, hub.timing.logLines, opts.log);
    await hub.sessions.reload();
    await hub.sessionTaskCache.reload();
    hub.eventTail = await TeamEventTail.load(opts.pool, hub.timing.events);
    hub.sweep = setInterval(() => hub.serial(() => hub.checkLiveness(true)), hub.timing.heartbeatMs);
    return hub;
  }

  private serial(fn: () => Promise<void>): void {
    this.queue = this.queue.then(async () => { if (!this.closed) await fn(); }).catch((err: Error) => this.log.warn(`team: hub update failed: ${err.message}`));
  }

  /** Resolves once every notification received so far has been applied (tests, benchmarks). */
  settled(): Promise<void> {
    return this.queue;
  }

  /** The hub's view of a row: ids are the team key, the path names the machine, offline publishers say so. */
  private view(raw: ProjectSnapshot, key: string, machine: string, version: number): ProjectSnapshot {
    const online = this.online.get(machine) ?? false;
    const sessionId = teamSessionId(key, raw.session.id);
    const session = { ...raw.session, id: sessionId, projectId: key, alive: online && raw.session.alive };
    const problems = online ? raw.problems : [...raw.problems, { file: OFFLINE_FILE, message: `publisher ${machine} is offline; showing its last published state` }];
    return {
      ...raw,
      project: { id: key, name: raw.project.name, path: `${machine}:${raw.project.path}` },
      version,
      session,
      agents: raw.agents.map(a => ({ ...a, projectId: key, sessionId })),
      learnings: raw.learnings.map(l => (l.projectId === null ? l : { ...l, projectId: key })),
      problems,
    };
  }

  private entryOf(r: Row, version: number): Entry {
    return { key: r.key, machine: r.machine, app: membershipOf(r), raw: r.snapshot, snap: this.view(r.snapshot, r.key, r.machine, version) };
  }

  /** Re-reads one project row and emits what changed (as versioned envelopes, like a local project). */
  private async reload(key: string): Promise<void> {
    const r = (await this.pool.query<Row>(`SELECT ${ROW_COLUMNS} FROM loki_projects WHERE key = $1`, [key])).rows[0];
    const prev = this.entries.get(key);
    await this.sessions.reload(key);
    if (!r) {
      await this.sessionTaskCache.reload(key);
      this.eventTail?.drop(key);
      if (prev) {
        this.entries.delete(key);
        this.projectsEmitter.fire(this.projects());
        if (prev.app) this.appsEmitter.fire(this.apps());
      }
      return;
    }
    if (!this.online.has(r.machine)) await this.checkLiveness(false);
    const app = membershipOf(r);
    this.replace(key, r.machine, app, r.snapshot, prev);
    // A publisher that discovers (or loses) a project's app re-publishes it; the snapshot itself may not change.
    if (!sameApp(prev?.app ?? null, app)) this.appsEmitter.fire(this.apps());
  }

  private replace(key: string, machine: string, app: AppMembership | null, raw: ProjectSnapshot, prev: Entry | undefined): void {
    if (!prev) {
      this.entries.set(key, { key, machine, app, raw, snap: this.view(raw, key, machine, 1) });
      this.projectsEmitter.fire(this.projects());
      return;
    }
    const next = this.view(raw, key, machine, prev.snap.version);
    let version = prev.snap.version;
    const at = Date.now();
    const envelopes: ChangeEnvelope[] = diffSnapshots(prev.snap, next).map(change => ({ projectId: key, version: ++version, at, change }));
    this.entries.set(key, { key, machine, app, raw, snap: { ...next, version } });
    for (const e of envelopes) this.changes.fire(e);
  }

  /** Adds a project's new log lines and emits them like a local project does (one versioned envelope per batch). */
  private async pullLogs(key: string): Promise<void> {
    const entries = await this.tail?.fetchNew(key);
    const e = this.entries.get(key);
    if (!entries?.length || !e) return;
    const version = e.snap.version + 1;
    e.snap = { ...e.snap, version };
    this.changes.fire({ projectId: key, version, at: Date.now(), change: { kind: 'log/entries', entries } });
  }

  /** Marks publishers online or offline by their heartbeat; `emit` re-renders the projects of those that flipped. */
  private async checkLiveness(emit: boolean): Promise<void> {
    const rows = (await this.pool.query<{ machine: string; fresh: boolean }>(
      'SELECT machine, (now() - seen_at) < make_interval(secs => $1::double precision / 1000) AS fresh FROM loki_publishers', [this.timing.offlineAfterMs],
    )).rows;
    const flipped = new Set<string>();
    for (const r of rows) {
      if (this.online.get(r.machine) !== r.fresh) flipped.add(r.machine);
      this.online.set(r.machine, r.fresh);
    }
    if (!emit) return;
    for (const e of [...this.entries.values()]) if (flipped.has(e.machine)) this.replace(e.key, e.machine, e.app, e.raw, e);
  }

  /** Whether the publisher of a project is alive; undefined for an unknown project. */
  machineOf(projectId: string): { machine: string; online: boolean } | undefined {
    const e = this.entries.get(projectId);
    return e && { machine: e.machine, online: this.online.get(e.machine) ?? false };
  }

  /** Resolves when the publisher answers command `id`, or after `timeoutMs` with false. */
  waitForCommand(id: string, timeoutMs: number): { done: Promise<boolean>; cancel: () => void } {
    let timer: NodeJS.Timeout | undefined;
    const done = new Promise<boolean>(resolve => {
      this.doneWaiters.set(id, () => resolve(true));
      timer = setTimeout(() => resolve(false), timeoutMs);
    });
    const cancel = (): void => { clearTimeout(timer); this.doneWaiters.delete(id); };
    void done.then(cancel);
    return { done, cancel };
  }

  projects(): ProjectInfo[] {
    return [...this.entries.values()].map(e => e.snap.project);
  }
  snapshot(projectId: string): ProjectSnapshot | undefined {
    return this.entries.get(projectId)?.snap;
  }
  readonly onChange = (l: (e: ChangeEnvelope) => void): Disposable => this.changes.event(l);
  readonly onProjectsChanged = (l: (p: ProjectInfo[]) => void): Disposable => this.projectsEmitter.event(l);
  logs(projectId: string, q?: LogQuery): LogEntry[] {
    return this.tail?.query(projectId, q) ?? [];
  }
  history(projectId?: string): SessionSummary[] {
    return this.sessions.list(projectId);
  }
  /** A past session's tasks as its publisher's store kept them; the current session's are its published board. */
  sessionTasks(projectId: string, sessionId: string): Task[] {
    const snap = this.entries.get(projectId)?.snap;
    if (snap?.session.id === sessionId) return Object.values(snap.columns).flat();
    return this.sessionTaskCache.tasks(projectId, sessionId) ?? [];
  }
  /** The newest runner events of a published project (as many as its publisher mirrors), oldest first. */
  events(projectId: string, limit?: number): LokiEvent[] {
    return this.eventTail?.events(projectId, limit) ?? [];
  }
  learnings(projectId?: string | null, text?: string): Learning[] {
    const all = [...this.entries.values()].filter(e => !projectId || e.key === projectId).flatMap(e => e.snap.learnings);
    const q = text?.toLowerCase();
    return q ? all.filter(l => l.text.toLowerCase().includes(q)) : all;
  }
  /** Every published project grouped by app id; roots and members are named like project paths (`<machine>:<folder>`). */
  apps(): AppGroup[] {
    // By name, then key: members of one app often share a folder name across machines, and the order must not depend on arrival.
    const entries = [...this.entries.values()].sort((a, b) => a.snap.project.name.localeCompare(b.snap.project.name) || a.key.localeCompare(b.key));
    const own = entries.flatMap((e): AppGroup[] => (e.app ? [{
      appId: e.app.appId,
      projectIds: [e.key],
      roots: e.app.roots.map(r => `${e.machine}:${r}`),
      // A row of a publisher older than the app graph columns names only its own folder.
      members: e.app.members.length > 0 ? e.app.members.map(m => `${e.machine}:${m}`) : [e.snap.project.path],
    }] : []));
    return mergeAppGroups(own, []);
  }
  appOf(projectId: string): string | null {
    return this.entries.get(projectId)?.app?.appId ?? null;
  }
  /** Fired with the new groups when a published project's app changes, appears or goes away. */
  readonly onDidChange = (l: (apps: AppGroup[]) => void): Disposable => this.appsEmitter.event(l);

  /** Stops listening and sweeping. The pool belongs to the caller. */
  async close(): Promise<void> {
    this.closed = true;
    if (this.sweep) clearInterval(this.sweep);
    await this.queue;
    this.listener?.release(true);
    this.listener = undefined;
    this.changes.dispose();
    this.projectsEmitter.dispose();
    this.appsEmitter.dispose();
  }
}
