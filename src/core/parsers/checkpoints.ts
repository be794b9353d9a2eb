import { isoTime, jsonlRecords, num, str } from './parseResult';

/** One line of `state/checkpoints/index.jsonl`. */
export interface CheckpointEntry {
  id: string;
  ts: string | null;
  iteration: number | null;
  task: string | null;
  sha: string | null;
}

const MAX_TEXT = 10_000;
const MAX_ID = 500;
/** run.sh keeps the last 50; a larger cap still bounds a runaway or hand-grown index. */
const MAX_ENTRIES = 5_000;

/**
 * Parses `state/checkpoints/index.jsonl` (contract §1.7): one `{"id","ts","iter","task","sha"}` per line
 * (`checkpoints/cp-<iteration>-<epoch>/`). The `metadata.json` spellings (`timestamp`, `iteration`, `task_id`,
 * `task_description`, `git_sha`) are accepted too. Blank, garbage, truncated and id-less lines are skipped; the
 * last record wins for a repeated id. Never throws.
 */
export function parseCheckpointIndex(text: string): CheckpointEntry[] {
  if (typeof text !== 'string') return [];
  const byId = new Map<string, CheckpointEntry>();
  for (const rec of jsonlRecords(text)) {
    const id = str(rec.id, MAX_ID)?.trim();
    if (!id) continue;
    const it = num(rec.iter) ?? num(rec.iteration) ?? iterationFromId(id);
    byId.delete(id);
    byId.set(id, {
      id,
      ts: isoTime(rec.ts) ?? isoTime(rec.timestamp),
      iteration: it !== undefined && it >= 0 ? Math.floor(it) : null,
      task: str(rec.task, MAX_TEXT) ?? str(rec.task_description, MAX_TEXT) ?? str(rec.task_id, MAX_TEXT) ?? null,
      sha: str(rec.sha, MAX_ID) ?? str(rec.git_sha, MAX_ID) ?? null,
    });
    if (byId.size > MAX_ENTRIES) {
      const oldest = byId.keys().next().value;
      if (oldest !== undefined) byId.delete(oldest);
    }
  }
  return [...byId.values()];
}

/** `cp-<iteration>-<epoch>` carries the iteration when the line lacks it. */
function iterationFromId(id: string): number | undefined {
  const m = /^cp-(\d+)-\d+$/.exec(id);
  return m ? Number(m[1]) : undefined;
}
