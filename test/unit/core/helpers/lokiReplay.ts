import { copyFileSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import type { ChangeEnvelope, ProjectSnapshot, TaskStatus } from '../../../../src/core/domain';
import { TASK_STATUSES } from '../../../../src/core/domain';

/** The real runner trees copied by the parsers engineer. */
export const FIXTURES = path.resolve(__dirname, '../../../fixtures/loki-runs');

/** What expected.json says about one snapshot. */
export interface ExpectedState {
  columns: Record<TaskStatus, string[]>;
  iteration: number | null;
  phase: string | null;
}

/** expected.json of a run, in replay order (`snapshots/t-SSSS` ascending, then `final`). */
export function expectedStates(run: string): Array<[string, ExpectedState]> {
  const data = JSON.parse(readFileSync(path.join(FIXTURES, run, 'expected.json'), 'utf8')) as Record<string, ExpectedState>;
  return Object.entries(data).sort(([a], [b]) => (a === 'final' ? 1 : b === 'final' ? -1 : a.localeCompare(b)));
}

function listFiles(root: string, rel = ''): string[] {
  const dir = path.join(root, rel);
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap(e => {
    const r = rel ? `${rel}/${e.name}` : e.name;
    return e.isDirectory() ? listFiles(root, r) : [r];
  });
}

/**
 * Makes `dest` hold exactly the files of `src`, writing only files whose bytes differ and deleting the rest,
 * as the runner's own writes would look to a watcher. Returns the `.loki`-relative paths it wrote or deleted.
 */
export function syncTree(src: string, dest: string): string[] {
  const wanted = new Set(listFiles(src));
  const touched: string[] = [];
  for (const rel of listFiles(dest)) if (!wanted.has(rel)) { rmSync(path.join(dest, rel), { force: true }); touched.push(rel); }
  for (const rel of wanted) {
    const from = path.join(src, rel);
    const to = path.join(dest, rel);
    if (existsSync(to) && statSync(to).size === statSync(from).size && readFileSync(to).equals(readFileSync(from))) continue;
    mkdirSync(path.dirname(to), { recursive: true });
    copyFileSync(from, to);
    touched.push(rel);
  }
  return touched;
}

/** Task ids per column of a snapshot. */
export function columnIds(s: Pick<ProjectSnapshot, 'columns'>): Record<TaskStatus, string[]> {
  return Object.fromEntries(TASK_STATUSES.map(c => [c, s.columns[c].map(t => t.id)])) as Record<TaskStatus, string[]>;
}

/** Same ids per column, order ignored. */
export function sameColumns(a: Record<TaskStatus, string[]>, b: Record<TaskStatus, string[]>): boolean {
  return TASK_STATUSES.every(c => [...a[c]].sort().join('\n') === [...b[c]].sort().join('\n'));
}

/** Applies task envelopes to a board of id -> status, the way a webview keeps its copy; throws on an impossible delta. */
export function applyTaskDeltas(board: Map<string, TaskStatus>, envelopes: ChangeEnvelope[]): void {
  for (const { change: c } of envelopes) {
    if (c.kind === 'task/created') {
      if (board.has(c.task.id)) throw new Error(`duplicate create of ${c.task.id}`);
      board.set(c.task.id, c.task.status);
    } else if (c.kind === 'task/moved' || c.kind === 'task/updated') {
      if (!board.has(c.task.id)) throw new Error(`${c.kind} of unknown ${c.task.id}`);
      if (c.kind === 'task/moved' && board.get(c.task.id) !== c.from) throw new Error(`move of ${c.task.id} from ${c.from}, board has ${board.get(c.task.id)}`);
      board.set(c.task.id, c.task.status);
    } else if (c.kind === 'task/removed') {
      if (board.get(c.id) !== c.from) throw new Error(`removal of ${c.id} from ${c.from}, board has ${board.get(c.id)}`);
      board.delete(c.id);
    }
  }
}

