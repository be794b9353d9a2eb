// One reading of a project's `.loki` for the `kpis` and `export` commands, plus (optionally) a copy of the dashboard's
// database for past sessions. The copy is opened, never the original: the extension owns that file.
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { NodeFileAccessor } from '../core/adapters/nodeFileAccessor';
import type { LokiEvent } from '../core/domain';
import { InsightsService } from '../core/insights/insightsService';
import type { InsightsSource } from '../core/insights/insightsService';
import { stderrLogger } from '../core/logger';
import { projectIdFor } from '../core/projectId';
import { ProjectModel } from '../core/projectModel';
import { Store } from '../core/store/store';
import type { StoreApi } from '../core/store/storeApi';
import { isPidAlive } from '../core/liveness';
import { PACKAGE_VERSION } from '../server/version';
import { cliHomeDir } from './snapshotCommand';

/** A loaded project: its id, the insights over it, and what to close. */
export interface LoadedInsights {
  projectId: string;
  service: InsightsService;
  /** Closes the database copy and removes it. */
  close(): Promise<void>;
}

/** Reads `<dir>/.loki` once; with `storeFile`, past sessions of that dashboard database are available too. */
export async function loadInsights(dir: string, opts: { storeFile?: string; verbose?: boolean } = {}): Promise<LoadedInsights> {
  const abs = path.resolve(dir);
  const log = stderrLogger(opts.verbose === true);
  const files = new NodeFileAccessor();
  const project = { id: projectIdFor(abs), name: path.basename(abs), path: abs };
  const model = new ProjectModel({ project, files, log, homeDir: cliHomeDir(), isPidAlive, now: Date.now });
  await model.loadAll();
  const snapshot = model.snapshot();
  const events: LokiEvent[] = model.drainEvents();
  let store: StoreApi | null = null;
  let tmp: string | null = null;
  if (opts.storeFile) {
    tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'loki-dashboard-export-'));
    const copy = path.join(tmp, 'dashboard.db');
    await fs.copyFile(opts.storeFile, copy);
    store = await Store.open({ file: copy, log });
  }
  const source: InsightsSource = {
    projects: () => [project],
    snapshot: id => (id === project.id ? snapshot : undefined),
    history: () => store?.listSessions(project.id) ?? [],
    sessionTasks: (projectId, sessionId) => store?.listTasks(projectId, sessionId) ?? [],
    events: () => (store ? [...store.listEvents(project.id, 5000), ...events] : events),
  };
  return {
    projectId: project.id,
    service: new InsightsService({ source, files, version: PACKAGE_VERSION }),
    close: async () => {
      await store?.close();
      if (tmp) await fs.rm(tmp, { recursive: true, force: true });
    },
  };
}

/** Checks `<dir>` is a directory; returns an error message otherwise. */
export async function checkProjectDir(dir: string): Promise<string | null> {
  const st = await fs.stat(dir).catch(() => null);
  return st?.isDirectory() ? null : `${path.resolve(dir)} does not exist or is not a directory`;
}
