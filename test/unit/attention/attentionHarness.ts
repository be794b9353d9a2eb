// A temp copy of a real fixture tree read by the real ProjectModel, with a controllable clock and liveness, and the
// attention items derived from its snapshot.
import { cpSync, mkdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { NodeFileAccessor } from '../../../src/core/adapters/nodeFileAccessor';
import { DEFAULT_ATTENTION_CONFIG } from '../../../src/core/attention/attentionConfig';
import type { AttentionConfig } from '../../../src/core/attention/attentionConfig';
import { deriveAttention } from '../../../src/core/attention/deriveAttention';
import type { AttentionItem, ProjectSnapshot } from '../../../src/core/domain';
import { ProjectModel } from '../../../src/core/projectModel';
import { RecordingLogger } from '../../fakes/recordingLogger';
import { makeTempDir } from '../../fakes/tempDir';

export const RUNS = path.resolve(__dirname, '../../fixtures/loki-runs');

/** One loaded tree. */
export interface AttentionHarness {
  dir: string;
  loki: string;
  model: ProjectModel;
  clock: { now: number };
  /** Whether every pid counts as alive. */
  live: { alive: boolean };
  snapshot(): ProjectSnapshot;
  items(config?: AttentionConfig): AttentionItem[];
  kinds(config?: AttentionConfig): string[];
  write(rel: string, text: string, mtimeMs?: number): Promise<void>;
  remove(rel: string): Promise<void>;
  reload(): Promise<void>;
}

const cleanups: Array<() => void> = [];
/** Removes every tree made since the last call (call in afterEach). */
export function cleanupHarnesses(): void {
  while (cleanups.length) cleanups.pop()!();
}

/** Loads a copy of `tree` (relative to test/fixtures/loki-runs, containing `.loki`), runner alive unless told otherwise. */
export async function attentionHarness(tree: string, opts: { alive?: boolean } = {}): Promise<AttentionHarness> {
  const { dir, cleanup } = makeTempDir('loki-attention-');
  cleanups.push(cleanup);
  cpSync(path.join(RUNS, tree, '.loki'), path.join(dir, '.loki'), { recursive: true });
  const loki = path.join(dir, '.loki');
  const clock = { now: Date.now() };
  const live = { alive: opts.alive ?? true };
  const model = new ProjectModel({
    project: { id: 'p', name: 'proj', path: dir }, files: new NodeFileAccessor(), log: new RecordingLogger(), homeDir: null,
    isPidAlive: () => live.alive, now: () => clock.now,
  });
  await model.loadAll();
  const h: AttentionHarness = {
    dir, loki, model, clock, live,
    snapshot: () => ({ ...model.snapshot(), version: 0 }),
    items: (config = DEFAULT_ATTENTION_CONFIG) => deriveAttention(h.snapshot(), config, clock.now),
    kinds: config => h.items(config).map(i => i.kind),
    async write(rel, text, mtimeMs) {
      const abs = path.join(loki, rel);
      mkdirSync(path.dirname(abs), { recursive: true });
      writeFileSync(abs, text);
      if (mtimeMs !== undefined) utimesSync(abs, mtimeMs / 1000, mtimeMs / 1000);
      await model.applyFile(abs);
    },
    async remove(rel) {
      rmSync(path.join(loki, rel), { recursive: true, force: true });
      await model.applyFile(path.join(loki, rel));
    },
    reload: () => model.loadAll(),
  };
  return h;
}
