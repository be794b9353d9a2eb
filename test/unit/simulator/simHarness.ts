// Helpers for simulator tests: temp projects, reading results through the real ProjectModel, polling.
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { NodeFileAccessor } from '../../../src/core/adapters/nodeFileAccessor';
import { nullLogger } from '../../../src/core/logger';
import { isPidAlive } from '../../../src/core/liveness';
import { projectIdFor } from '../../../src/core/projectId';
import { ProjectModel } from '../../../src/core/projectModel';
import type { ProjectSnapshot } from '../../../src/core/domain';

/** A temp project folder and a temp home for learnings. */
export async function tempProject(): Promise<{ root: string; dir: string; home: string; loki: string }> {
  const root = await fs.mkdtemp(path.join(os.tmpdir(), 'loki-sim-'));
  const dir = path.join(root, 'proj');
  const home = path.join(root, 'home');
  await fs.mkdir(dir);
  return { root, dir, home, loki: path.join(dir, '.loki') };
}

/** Reads `<dir>/.loki` the way the product does. */
export async function readWithCore(dir: string, home: string | null = null): Promise<Omit<ProjectSnapshot, 'version'>> {
  const model = new ProjectModel({
    project: { id: projectIdFor(dir), name: path.basename(dir), path: dir },
    files: new NodeFileAccessor(), log: nullLogger, homeDir: home, isPidAlive, now: Date.now,
  });
  await model.loadAll();
  return model.snapshot();
}

/** Ids per board column. */
export function columnIds(s: Omit<ProjectSnapshot, 'version'>): Record<string, string[]> {
  return Object.fromEntries(Object.entries(s.columns).map(([k, v]) => [k, v.map(t => t.id).sort()]));
}

/** Parsed JSON of a `.loki`-relative file, or null. */
export async function readJson<T = Record<string, unknown>>(loki: string, rel: string): Promise<T | null> {
  try {
    return JSON.parse(await fs.readFile(path.join(loki, rel), 'utf8')) as T;
  } catch {
    return null;
  }
}

/** True when the path exists (lstat). */
export async function exists(p: string): Promise<boolean> {
  return (await fs.lstat(p).catch(() => null)) !== null;
}


/** events.jsonl records. */
export async function events(loki: string): Promise<Array<{ type: string; data: Record<string, unknown> }>> {
  const text = await fs.readFile(path.join(loki, 'events.jsonl'), 'utf8').catch(() => '');
  return text.split('\n').filter(Boolean).map(l => JSON.parse(l) as { type: string; data: Record<string, unknown> });
}
