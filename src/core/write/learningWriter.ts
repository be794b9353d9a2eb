// Appends a learning to the machine-wide store `~/.loki/learnings/<category>.jsonl` the way Loki does (contract §3.5):
// a header line on a new file, entries `{"timestamp","project","category","description"}`, de-duplicated by the MD5 of
// the lower-cased description, under a mkdir lock so two writers never interleave.
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { ControlError, isoSeconds } from './control';
import { withMkdirLock } from './mkdirLock';

/** The categories (files) of the global store. */
export const LEARNING_CATEGORIES = ['patterns', 'mistakes', 'successes'] as const;
/** One of them. */
export type LearningCategory = (typeof LEARNING_CATEGORIES)[number];

const md5 = (s: string): string => createHash('md5').update(s.toLowerCase()).digest('hex');

/** Appends unless an entry with the same description exists; resolves to whether it was added. */
export async function appendGlobalLearning(homeDir: string, entry: { category: LearningCategory; description: string; project: string | null }, now = new Date()): Promise<boolean> {
  const description = entry.description.trim();
  if (!description) throw new ControlError('invalid', 'A learning needs text.');
  const dir = path.join(homeDir, '.loki', 'learnings');
  await fs.mkdir(dir, { recursive: true });
  const file = path.join(dir, `${entry.category}.jsonl`);
  return withMkdirLock(path.join(dir, `.${entry.category}.lock`), async () => {
    const text = await fs.readFile(file, 'utf8').catch((err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT') return null;
      throw new ControlError('io', `Could not read ${file}: ${err.message}`);
    });
    const key = md5(description);
    for (const line of (text ?? '').split('\n')) {
      try {
        const rec = JSON.parse(line) as { description?: unknown };
        if (typeof rec.description === 'string' && md5(rec.description) === key) return false;
      } catch {
        // a torn or foreign line is skipped, as Loki's readers do
      }
    }
    const header = text === null || text.trim() === '' ? `${JSON.stringify({ version: '1.0', created: isoSeconds(now) })}\n` : '';
    const sep = text && !text.endsWith('\n') ? '\n' : '';
    await fs.appendFile(file, `${sep}${header}${JSON.stringify({ timestamp: isoSeconds(now), project: entry.project ?? 'dashboard', category: entry.category, description })}\n`);
    return true;
  });
}
