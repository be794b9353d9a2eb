// A publisher: mirrors the projects this process watches into the team database (batched, one transaction per
// flush, NOTIFY per project at commit) and executes the control commands the hub queues for this machine.
import type { Pool, PoolClient } from 'pg';
import type { Disposable } from '../../core/disposable';
import type { Logger } from '../../core/logger';
import type { AppGroup, LogEntry, LokiEvent, ProjectSnapshot, TaskPriority, TaskStatus } from '../../core/domain';
import type { AppSource, ControlHandler, DataSource } from '../types';
import { migrate } from './migrations';
import { CHANNELS, teamProjectKey, teamTiming } from './teamKeys';
import { deleteTeamEvents, writeTeamEvents } from './teamEvents';
import { deleteTeamLogs, writeTeamLogs } from './teamLogs';
import { openLogStream } from './teamLogStream';
import type { LogStream } from './teamLogStream';
import { deleteTeamSessions, writeTeamSessions } from './teamSessions';
import { deleteSessionTasks, pastSessionTasks, writeSessionTasks } from './teamSessionTasks';

/** What a publisher needs. */
export interface TeamPublisherOptions {
  pool: Pool;
  machine: string;
  source: DataSource;
  apps?: AppSource;
  control?: ControlHandler;
  log: Logger;
  timing?: ReturnType<typeof teamTiming>;
}

interface CommandRow { id: string; project_key: string; action: string; args: Record<string, unknown>; created_at: Date }

/** Snapshots go out without raw file records: they can be large and the hub never needs them. */
function lean(s: ProjectSnapshot): ProjectSnapshot {
  const columns = Object.fromEntries(Object.entries(s.columns).map(([k, tasks]) => [k, tasks.map(t => ({ ...t, raw: undefined }))])) as ProjectSnapshot['columns'];
  return { ...s, columns };
}

/** A project's app as published: its id and the roots and member folders of its local group (none without an app). */
function appMembership(apps: AppSource | undefined, groups: () => AppGroup[], projectId: string): { appId: string | null; roots: string[]; members: string[] } {
  const appId = apps?.appOf(projectId) ?? null;
  const group = appId === null ? undefined : groups().find(g => g.appId === appId);
  return { appId, roots: group?.roots ?? [], members: group?.members ?? [] };
}

/** Mirrors local projects to PostgreSQL and answers hub commands. Create with `TeamPublisher.start`, end with `close()`. */
export class TeamPublisher {
  private readonly dirty = new Set<string>();
  /** Log lines not yet written, by local project id. */
  private readonly newLogs = new Map<string, LogEntry[]>();
  /** Runner events not yet written, by local project id. */
  private readonly newEvents = new Map<string, LokiEvent[]>();
  /** Stamps of the past sessions whose tasks are in the table, by local project id (read from it on the first publish). */
  private readonly taskStamps = new Map<string, Map<string, string>>();
  private readonly published = new Set<string>();
  /** How each local project's log seqs map to the table's, decided on its first write (by local project id). */
  private readonly streams = new Map<string, LogStream>();
  private readonly subs: Disposable[] = [];
  private flushTimer: NodeJS.Timeout | undefined;
  private heartbeat: NodeJS.Timeout | undefined;
  private flushing: Promise<void> = Promise.resolve();
  private commanding: Promise<void> = Promise.resolve();
  private listener: PoolClient | undefined;
  private closed = false;
  private readonly timing: ReturnType<typeof teamTiming>;

  private constructor(private readonly opts: TeamPublisherOptions) {
    this.timing = opts.timing ?? teamTiming();
  }

  /** Migrates, registers the machine, publishes every project and starts listening for commands. */
  static async start(opts: TeamPublisherOptions): Promise<TeamPublisher> {
    // The backfill and the log numbering are judged from the local store: no publish before it has loaded (lines
    // emitted until then are stored, so the first publish's backfill carries them).
    await opts.source.whenHistoryLoaded?.();
    const p = new TeamPublisher(opts);
    const client = await opts.pool.connect();
    try {
      await migrate(client);
    } finally {
      client.release();
    }
    await opts.pool.query('INSERT INTO loki_publishers (machine) VALUES ($1) ON CONFLICT (machine) DO UPDATE SET started_at = now(), seen_at = now()', [opts.machine]);
    p.listener = await opts.pool.connect();
    p.listener.on('notification', n => { if (n.channel === CHANNELS.commands && n.payload === opts.machine) p.runCommands(); });
    p.listener.on('error', err => opts.log.warn(`team: listen connection failed: ${err.message}`));
    await p.listener.query(`LISTEN ${CHANNELS.commands}`);
    p.subs.push(opts.source.onChange(e => {
      if (e.change.kind === 'log/entries') return p.addLogs(e.projectId, e.change.entries);
      // Events have their own table and channel and never change the snapshot: no re-publish of the project row.
      if (e.change.kind === 'event/appended') return p.addEvent(e.projectId, e.change.event);
      p.markDirty(e.projectId);
    }));
    p.subs.push(opts.source.onProjectsChanged(ps => { for (const x of ps) p.markDirty(x.id); p.markDirty(null); }));
    // App membership is discovered after start and follows manifest edits: re-publish every project when it changes.
    const appSub = opts.apps?.onDidChange?.(() => { for (const x of opts.source.projects()) p.markDirty(x.id); });
    if (appSub) p.subs.push(appSub);
    for (const x of opts.source.projects()) p.dirty.add(x.id);
    p.dirty.add('');
    await p.flush();
    p.heartbeat = setInterval(() => {
      opts.pool.query('UPDATE loki_publishers SET seen_at = now() WHERE machine = $1', [opts.machine]).catch((err: Error) => opts.log.warn(`team: heartbeat failed: ${err.message}`));
    }, p.timing.heartbeatMs);
    p.runCommands();
    return p;
  }

  /** Key of a local project in the database. */
  keyOf(projectId: string): string {
    return teamProjectKey(this.opts.machine, projectId);
  }

  /** Queues log lines for the next flush (log lines do not change the published snapshot). */
  private addLogs(projectId: string, entries: LogEntry[]): void {
    if (this.closed || entries.length === 0) return;
    const list = this.newLogs.get(projectId) ?? [];
    for (const e of entries) list.push(e);
    // Only the newest lines survive the trim; a runaway producer must not grow this without bound.
    if (list.length > 2 * this.timing.logLines) list.splice(0, list.length - this.timing.logLines);
    this.newLogs.set(projectId, list);
    this.scheduleFlush();
  }

  /** Queues a runner event for the next flush (bounded like log lines). */
  private addEvent(projectId: string, event: LokiEvent): void {
    if (this.closed) return;
    const list = this.newEvents.get(projectId) ?? [];
    list.push(event);
    if (list.length > 2 * this.timing.events) list.splice(0, list.length - this.timing.events);
    this.newEvents.set(projectId, list);
    this.scheduleFlush();
  }

  /** '' (or null) marks the project list itself: rows of removed projects are deleted on the next flush. */
  private markDirty(projectId: string | null): void {
    if (this.closed) return;
    this.dirty.add(projectId ?? '');
    this.scheduleFlush();
  }

  private scheduleFlush(): void {
    this.flushTimer ??= setTimeout(() => { this.flushTimer = undefined; void this.flush(); }, this.timing.flushMs);
  }

  /** Writes every dirty project in one transaction; NOTIFY is delivered to listeners at commit. Serialized. */
  flush(): Promise<void> {
    this.flushing = this.flushing.then(() => this.flushOnce()).catch((err: Error) => this.opts.log.warn(`team: publishing failed: ${err.message}`));
    return this.flushing;
  }

  private async flushOnce(): Promise<void> {
    if (this.dirty.size === 0 && this.newLogs.size === 0 && this.newEvents.size === 0) return;
    const ids = [...this.dirty];
    this.dirty.clear();
    const logs = [...this.newLogs];
    this.newLogs.clear();
    const { pool, machine, source, apps } = this.opts;
    // A first publish sends the store's newest events instead of the queued ones. Read now, before any await: every
    // event emitted is already stored, so what is queued from here on is exactly what the store read lacks.
    const eventBackfill = new Map(ids.filter(id => id !== '' && !this.published.has(id)).map(id => [id, source.events?.(id, this.timing.events) ?? []]));
    const queuedEvents = [...this.newEvents].filter(([id]) => !eventBackfill.has(id));
    this.newEvents.clear();
    const stamps = new Map<string, Map<string, string>>();
    const backfill: Array<[string, LogEntry[]]> = [];
    // The groups are listed once per flush, and only when a published project has an app.
    let listed: AppGroup[] | undefined;
    const groups = (): AppGroup[] => (listed ??= apps?.apps() ?? []);
    const streams = new Map<string, LogStream>();
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      for (const id of ids) {
        if (id === '') {
          const live = new Set(source.projects().map(x => x.id));
          for (const gone of [...this.published].filter(x => !live.has(x))) {
            const key = this.keyOf(gone);
            await client.query('DELETE FROM loki_projects WHERE key = $1', [key]);
            await deleteTeamLogs(client, key);
            await deleteTeamSessions(client, key);
            await deleteSessionTasks(client, key);
            await deleteTeamEvents(client, key);
            await client.query('SELECT pg_notify($1, $2)', [CHANNELS.changes, key]);
            this.published.delete(gone);
            this.streams.delete(gone);
            this.taskStamps.delete(gone);
          }
          continue;
        }
        const snap = source.snapshot(id);
        if (!snap) continue;
        const key = this.keyOf(id);
        const app = appMembership(apps, groups, id);
        await client.query(
          `INSERT INTO loki_projects (key, machine, project_id, name, path, app_id, app_roots, app_members, snapshot, version, updated_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, now())
           ON CONFLICT (key) DO UPDATE SET name = excluded.name, path = excluded.path, app_id = excluded.app_id,
             app_roots = excluded.app_roots, app_members = excluded.app_members,
             snapshot = excluded.snapshot, version = excluded.version, updated_at = now()`,
          [key, machine, id, snap.project.name, snap.project.path, app.appId, JSON.stringify(app.roots), JSON.stringify(app.members), JSON.stringify(lean(snap)), snap.version],
        );
        // Lines read before this publisher subscribed (at start, or when the project was added) go out with the first publish.
        if (!this.published.has(id)) backfill.push([id, source.logs(id, { limit: this.timing.logLines })]);
        // All sessions on the first publish, then the few updated since (the store lists the latest first).
        const sessions = source.history(id);
        await writeTeamSessions(client, key, this.published.has(id) ? sessions.slice(0, 3) : sessions);
        const past = await pastSessionTasks(client, key, source, id, snap.session.id, sessions, this.taskStamps.get(id));
        await writeSessionTasks(client, key, past.write);
        // Past sessions' tasks change rarely (a session ends, a summary is rewritten): the hub re-reads them only then.
        if (past.write.length > 0) await client.query('SELECT pg_notify($1, $2)', [CHANNELS.sessionTasks, key]);
        stamps.set(id, past.stamps);
        await client.query('SELECT pg_notify($1, $2)', [CHANNELS.changes, key]);
        this.published.add(id);
      }
      const logIds = new Set([...logs.map(([id]) => id), ...backfill.map(([id]) => id)]);
      for (const id of logIds) {
        const entries = [...(backfill.find(([x]) => x === id)?.[1] ?? []), ...(logs.find(([x]) => x === id)?.[1] ?? [])];
        const key = this.keyOf(id);
        const stream = this.streams.get(id) ?? await openLogStream(client, key, q => source.logs(id, q));
        streams.set(id, await writeTeamLogs(client, key, stream, entries, this.timing.logLines));
      }
      for (const [id, events] of eventBackfill) {
        if (this.published.has(id)) await writeTeamEvents(client, this.keyOf(id), events, true, this.timing.events);
      }
      for (const [id, events] of queuedEvents) {
        // Events of a project not published yet go out with its first publish (its backfill).
        if (this.published.has(id)) await writeTeamEvents(client, this.keyOf(id), events, false, this.timing.events);
      }
      await client.query('COMMIT');
      // Only what committed moves the numbering on: a rolled-back write is sent again under the same seqs.
      for (const [id, stream] of streams) this.streams.set(id, stream);
      for (const [id, s] of stamps) if (this.published.has(id)) this.taskStamps.set(id, s);
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      // Not lost: the next change publishes the whole current snapshot again.
      for (const id of ids) this.dirty.add(id);
      for (const [id, entries] of logs) this.newLogs.set(id, entries.concat(this.newLogs.get(id) ?? []));
      for (const [id, events] of queuedEvents) this.newEvents.set(id, events.concat(this.newEvents.get(id) ?? []));
      // Which session tasks committed is unknown now: the next publish reads the stamps from the table again.
      for (const id of ids) this.taskStamps.delete(id);
      // A first publish that did not commit is a first publish again (its backfill and full history with it).
      for (const [id] of backfill) this.published.delete(id);
      throw err;
    } finally {
      client.release();
    }
  }

  private runCommands(): void {
    if (this.closed) return;
    this.commanding = this.commanding.then(() => this.drainCommands()).catch((err: Error) => this.opts.log.warn(`team: command handling failed: ${err.message}`));
  }

  /** Takes this machine's pending commands one at a time (SKIP LOCKED), applies each with the local writers, answers it. */
  private async drainCommands(): Promise<void> {
    const { pool, machine } = this.opts;
    for (;;) {
      if (this.closed) return;
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const row = (await client.query<CommandRow>(
          `SELECT id, project_key, action, args, created_at FROM loki_commands WHERE machine = $1 AND status = 'pending' ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED`, [machine],
        )).rows[0];
        if (!row) { await client.query('COMMIT'); return; }
        let status: 'done' | 'failed';
        let result: Record<string, unknown>;
        if (Date.now() - row.created_at.getTime() > this.timing.commandTimeoutMs) {
          // The hub already told its caller it timed out; acting now would surprise everyone.
          status = 'failed';
          result = { error: 'expired before this publisher saw it' };
        } else {
          try {
            result = { ok: true, value: await this.apply(row) };
            status = 'done';
          } catch (err) {
            status = 'failed';
            result = { error: err instanceof Error ? err.message : String(err), reason: (err as { reason?: unknown }).reason ?? null };
          }
        }
        await client.query(`UPDATE loki_commands SET status = $2, result = $3, done_at = now() WHERE id = $1`, [row.id, status, JSON.stringify(result)]);
        await client.query('SELECT pg_notify($1, $2)', [CHANNELS.commandDone, String(row.id)]);
        await client.query('COMMIT');
      } catch (err) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw err;
      } finally {
        client.release();
      }
    }
  }

  private async apply(row: CommandRow): Promise<unknown> {
    const control = this.opts.control;
    if (!control) throw new Error(`publisher ${this.opts.machine} is read-only`);
    const local = this.opts.source.projects().find(p => this.keyOf(p.id) === row.project_key);
    if (!local) throw new Error(`project ${row.project_key} is no longer watched on ${this.opts.machine}`);
    const a = row.args;
    // Arguments come from the database: only strings pass, anything else becomes '' and is refused by the writers.
    const text = (k: string): string => (typeof a[k] === 'string' ? a[k] : '');
    switch (row.action) {
      case 'pause': return control.pause(local.id);
      case 'resume': return control.resume(local.id);
      case 'stop': return control.stop(local.id);
      case 'input': return control.sendInput(local.id, text('text'));
      case 'addTask': return control.addTask(local.id, { title: text('title'), description: text('description'), priority: a.priority as TaskPriority });
      case 'moveTask': return control.moveTask(local.id, text('taskId'), a.to as TaskStatus);
      default: throw new Error(`unknown command ${row.action}`);
    }
  }

  /** Stops publishing: timers off, the last flush and command finished, the listen connection released. The row stays (the hub shows the projects offline). */
  async close(): Promise<void> {
    if (this.closed) return;
    if (this.flushTimer) { clearTimeout(this.flushTimer); this.flushTimer = undefined; await this.flush(); }
    this.closed = true;
    if (this.heartbeat) clearInterval(this.heartbeat);
    for (const s of this.subs.splice(0)) s.dispose();
    await this.flushing;
    await this.commanding;
    this.listener?.release(true);
    this.listener = undefined;
  }
}
