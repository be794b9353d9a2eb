// Markdown tasks `queue/{pending,active,review,done}/<id>.md` (contract §3.2 f), read the way dashboard/server.py:2133-2223
// reads them: `# Title`, `## Metadata` (`- Priority: high`, `- Team: ...`), `## Specification`, `## Acceptance Criteria`,
// `## Context Files`. The id is the file name without `.md`; the column is the directory.
import type { Task, TaskStatus } from '../domain';
import { mapPriority } from '../statusVocabulary';
import type { ReportUnknown } from '../statusVocabulary';
import { fail, ok } from './parseResult';
import type { ParseResult } from './parseResult';

const MAX_TEXT = 20_000;

/** Markdown-specific fields beyond Task (kept in `raw`). */
export interface MarkdownTaskRaw {
  metadata: Record<string, string>;
  specification: string;
  contextFiles: string[];
}

function sections(lines: string[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  let current: string[] | null = null;
  for (const line of lines) {
    if (line.startsWith('## ')) {
      current = [];
      out.set(line.slice(3).trim().toLowerCase(), current);
    } else if (current) {
      current.push(line);
    }
  }
  return out;
}

function bullets(lines: string[] | undefined, numbered: boolean): string[] {
  const out: string[] = [];
  for (const raw of lines ?? []) {
    const line = raw.trim();
    if (!(line.startsWith('- ') || line.startsWith('* ') || (numbered && /^\d/.test(line)))) continue;
    const item = line.replace(/^(\d+[.)]|[-*])\s*/, '').trim();
    if (item) out.push(item.slice(0, 2000));
  }
  return out;
}

/**
 * Parses one markdown task. `file` is `.loki`-relative (`queue/<dir>/<id>.md`), `column` the status its directory means.
 * Fails only on an empty file (a writer mid-write); anything else yields a task, title falling back to the id.
 */
export function parseMarkdownTask(text: string, file: string, column: TaskStatus, report?: ReportUnknown): ParseResult<Task> {
  const id = file.replace(/^.*\//, '').replace(/\.md$/i, '');
  if (text.trim() === '') return fail('empty file (being written?)');
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const heading = lines.find(l => l.startsWith('# '));
  const secs = sections(lines);
  const metadata: Record<string, string> = {};
  for (const line of secs.get('metadata') ?? []) {
    const m = /^\s*[-*]\s+([^:]+):\s*(.*)$/.exec(line);
    if (m && m[1] && m[2] !== undefined) metadata[m[1].trim().toLowerCase().replace(/\s+/g, '_')] = m[2].trim();
  }
  const specification = (secs.get('specification') ?? []).join('\n').trim().slice(0, MAX_TEXT);
  const firstPara = specification.split(/\n\s*\n/).find(p => p.trim() !== '')?.trim();
  const criteria = bullets(secs.get('acceptance criteria') ?? secs.get('acceptance_criteria'), true);
  const contextFiles = bullets(secs.get('context files') ?? secs.get('context files to read') ?? secs.get('context_files'), false);
  const title = heading?.slice(2).trim().slice(0, 500);
  const task: Task = {
    id,
    title: title ? title : id,
    status: column,
    priority: mapPriority(metadata.priority, report),
    source: 'markdown',
    readOnly: false,
    file,
    type: metadata.team ?? 'task',
  };
  if (firstPara) task.description = firstPara;
  if (criteria.length) task.acceptanceCriteria = criteria;
  const raw: MarkdownTaskRaw = { metadata, specification, contextFiles };
  task.raw = raw;
  return ok(task);
}
