// Which `.loki`-relative path is which kind of file, and where the model looks for each kind. Pure routing: the
// model uses it both for the first full read and to map a watcher event to the few files it affects.
import { isResidue } from '../residue';
import { markdownDirStatus, queueFileStatus, QUEUE_FILE_STATUS } from '../statusVocabulary';
import { CONTROL_FILES, isControlFile } from './controlFiles';

/** Kinds of files the model reads. */
export type FileKind =
  | 'dashboard'
  | 'autonomy'
  | 'orchestrator'
  | 'queue'
  | 'currentTask'
  | 'markdownTask'
  | 'control'
  | 'lokiPid'
  | 'sessionPid'
  | 'sessionJson'
  | 'pidRecord'
  | 'runnerRoute'
  | 'provider'
  | 'agents'
  | 'tracking'
  | 'budget'
  | 'iterationMetric'
  | 'council'
  | 'notifications'
  | 'checklist'
  | 'gates'
  | 'relevantLearnings'
  | 'learningSignal'
  | 'events'
  | 'signal'
  | 'escalation'
  | 'humanInputLog'
  | 'councilBlock'
  | 'memoryIndex'
  | 'memoryTimeline'
  | 'memoryEconomics'
  | 'continuity';

/** Single files at fixed places, in the order a full read takes them (agents after the files the session id needs). */
export const FIXED_FILES: ReadonlyArray<readonly [string, FileKind]> = [
  ['runner-route', 'runnerRoute'],
  ['state/orchestrator.json', 'orchestrator'],
  ['dashboard-state.json', 'dashboard'],
  ['autonomy-state.json', 'autonomy'],
  ['session.json', 'sessionJson'],
  ['loki.pid', 'lokiPid'],
  ['state/provider', 'provider'],
  ['state/cli-provider', 'provider'],
  ['queue/current-task.json', 'currentTask'],
  ...Object.keys(QUEUE_FILE_STATUS).map(name => [`queue/${name}`, 'queue'] as const),
  ...CONTROL_FILES.map(name => [name, 'control'] as const),
  ['context/tracking.json', 'tracking'],
  ['metrics/budget.json', 'budget'],
  ['council/state.json', 'council'],
  ['notifications/active.json', 'notifications'],
  ['checklist/verification-results.json', 'checklist'],
  ['state/quality-gates.json', 'gates'],
  ['state/relevant-learnings.json', 'relevantLearnings'],
  ['state/agents.json', 'agents'],
  ['memory/index.json', 'memoryIndex'],
  ['memory/timeline.json', 'memoryTimeline'],
  ['memory/token_economics.json', 'memoryEconomics'],
  ['CONTINUITY.md', 'continuity'],
];

const FIXED = new Map<string, FileKind>(FIXED_FILES.map(([rel, kind]) => [rel, kind]));

/** Directories whose entries are files of one kind (listed on a full read and when the directory itself changes). */
export const SCAN_DIRS: ReadonlyArray<{ dir: string; depth: 1 | 2 }> = [
  { dir: 'queue/pending', depth: 1 },
  { dir: 'queue/active', depth: 1 },
  { dir: 'queue/review', depth: 1 },
  { dir: 'queue/done', depth: 1 },
  { dir: 'pids', depth: 1 },
  { dir: 'sessions', depth: 2 },
  { dir: 'metrics/efficiency', depth: 1 },
  { dir: 'learning/signals', depth: 1 },
  // "Needs you" inputs (core/attention).
  { dir: 'signals', depth: 1 },
  { dir: 'escalations', depth: 1 },
  { dir: 'council', depth: 1 },
  { dir: 'logs', depth: 1 },
];

/** The kind of a `.loki`-relative file path, or null when the model does not read it (residue included). */
export function kindOf(rel: string): FileKind | null {
  if (rel === '' || isResidue(rel)) return null;
  const fixed = FIXED.get(rel);
  if (fixed) return fixed;
  if (isControlFile(rel)) return 'control';
  if (rel === 'events.jsonl' || rel === 'events.jsonl.1') return 'events';
  let m = /^queue\/([^/]+)\/[^/]+\.md$/i.exec(rel);
  if (m && m[1] && markdownDirStatus(m[1])) return 'markdownTask';
  m = /^queue\/([^/]+\.json)$/.exec(rel);
  if (m && m[1] && queueFileStatus(m[1])) return 'queue';
  if (/^pids\/[^/]+\.json$/.test(rel)) return 'pidRecord';
  if (/^sessions\/[^/]+\/loki\.pid$/.test(rel)) return 'sessionPid';
  if (/^metrics\/efficiency\/iteration-\d+\.json$/.test(rel)) return 'iterationMetric';
  if (/^learning\/signals\/[^/]+\.json$/.test(rel)) return 'learningSignal';
  if (/^signals\/[^/]+$/.test(rel)) return 'signal';
  if (/^escalations\/handoff-[^/]+\.md$/.test(rel)) return 'escalation';
  if (/^logs\/human-input-[^/]+\.md$/.test(rel)) return 'humanInputLog';
  if (/^council\/[^/]+-block\.json$/.test(rel)) return 'councilBlock';
  return null;
}

/** True when `rel` is `dir` itself or inside it. */
export function isUnder(rel: string, dir: string): boolean {
  return dir === '' || rel === dir || rel.startsWith(dir + '/');
}
