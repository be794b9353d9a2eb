// Session start and end as run.sh does them: init_loki_dir, liveness files, PRD population, council verdict,
// global learnings, and the terminal writes.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { readQueueFile, updateQueueFile } from '../core/write/queueWriter';
import { isPidAlive } from '../core/liveness';
import { isoZ, pyJson } from './formats';
import { storiesFromPrd } from './prd';
import type { SimRun } from './run';
import type { LokiFiles } from './writers';

const DIRS = ['state', 'queue', 'messages', 'logs', 'config', 'prompts', 'artifacts', 'scripts', 'state/checkpoints', 'artifacts/releases', 'artifacts/reports', 'artifacts/backups',
  'memory/ledgers', 'memory/handoffs', 'memory/learnings', 'memory/episodic', 'memory/semantic', 'memory/skills', 'metrics/efficiency', 'rules', 'signals', 'pids'];
const QUEUES = ['pending.json', 'in-progress.json', 'completed.json', 'failed.json', 'dead-letter.json'];
const STALE_CONTROL = ['PAUSE', 'STOP', 'HUMAN_INPUT.md', 'PAUSE_AT_CHECKPOINT', 'PAUSED.md', 'COMPLETED', 'loki.pid'];

/** The pid of a live runner that already owns `.loki/loki.pid`, if any. */
export async function liveOwner(files: LokiFiles): Promise<number | null> {
  const pid = Number.parseInt((await files.readText('loki.pid'))?.trim() ?? '', 10);
  return Number.isInteger(pid) && pid > 0 && pid !== process.pid && isPidAlive(pid) ? pid : null;
}

/** init_loki_dir (run.sh:6308-6438) plus the pid files written in main. */
export async function initLokiDir(run: SimRun): Promise<void> {
  const f = run.files;
  for (const name of STALE_CONTROL) await f.remove(name); // no live session owns loki.pid (checked by the caller)
  await f.mkdirs(DIRS);
  for (const name of await fs.readdir(f.abs('metrics/efficiency')).catch(() => [] as string[])) {
    if (/^iteration-\d+\.json$/.test(name)) await f.remove(`metrics/efficiency/${name}`);
  }
  for (const q of QUEUES) {
    const ok = await readQueueFile(f.abs(`queue/${q}`)).then(() => true, () => false);
    if (!ok || !(await f.exists(`queue/${q}`))) await f.inPlace(`queue/${q}`, '[]');
  }
  await f.inPlace('queue/current-task.json', '{}\n');
  await f.atomic('state/orchestrator.json', pyJson({ version: run.version, currentPhase: 'BOOTSTRAP', startedAt: isoZ(run.startedAt), agents: {}, metrics: { tasksCompleted: 0, tasksFailed: 0, retries: 0 } }));
  await f.atomic('pricing.json', JSON.stringify({ provider: 'claude', updated: isoZ().slice(0, 10), source: 'static', models: {
    opus: { input: 5.0, output: 25.0, label: 'Opus (latest)', provider: 'claude' },
    sonnet: { input: 3.0, output: 15.0, label: 'Sonnet (latest)', provider: 'claude' },
    haiku: { input: 1.0, output: 5.0, label: 'Haiku (latest)', provider: 'claude' },
  } }, null, 2) + '\n');
  await run.writeBudget();
  await f.inPlace('loki.pid', `${process.pid}\n`);
  await f.inPlace(`pids/${process.pid}.json`, JSON.stringify({ pid: process.pid, label: 'loki-wrapper', started: isoZ(run.startedAt), ppid: process.ppid, kind: 'wrapper', extra: '' }));
  await f.inPlace('state/provider', `${run.provider}\n`);
  await f.atomic('council/state.json', JSON.stringify(councilInit(), null, 2) + '\n');
  await f.atomic('notifications/active.json', JSON.stringify({ notifications: [], summary: { total: 0, unacknowledged: 0, critical: 0, warning: 0, info: 0 } }, null, 2) + '\n');
}

function councilInit(): Record<string, unknown> {
  return { initialized: true, enabled: true, total_votes: 0, approve_votes: 0, reject_votes: 0, last_check_iteration: 0, consecutive_no_change: 0, done_signals: 0, convergence_history: [], verdicts: [] };
}

/** populate_prd_queue: appends the PRD's stories to pending.json once (the `.prd-populated` marker), keeping its shape. */
export async function populatePrdQueue(run: SimRun): Promise<number> {
  const f = run.files;
  if (await f.exists('queue/.prd-populated')) return 0;
  const stories = storiesFromPrd(run.prdText);
  let added = 0;
  await updateQueueFile(f.abs('queue/pending.json'), q => {
    const have = new Set(q.tasks.map(t => (t && typeof t === 'object' ? String((t as { id?: unknown }).id) : '')));
    for (const s of stories) if (!have.has(s.id)) { q.tasks.push(s); added++; }
  });
  await f.inPlace('queue/.prd-populated', '');
  return added;
}

/** Sets `state/orchestrator.json` `currentPhase` (_advance_current_phase rewrites the whole object). */
export async function setPhase(run: SimRun, phase: string): Promise<void> {
  const orch = await run.files.readJson<Record<string, unknown>>('state/orchestrator.json', {});
  await run.files.atomic('state/orchestrator.json', pyJson({ ...orch, currentPhase: phase }));
}

/** The completion council votes on the last iteration (completion-council.sh): state, a round file and an event. */
export async function councilVote(run: SimRun, iteration: number, approved: boolean): Promise<void> {
  const f = run.files;
  const state = await f.readJson<Record<string, unknown>>('council/state.json', councilInit());
  const approve = approved ? 3 : 1;
  const reject = 3 - approve;
  const verdicts = Array.isArray(state.verdicts) ? state.verdicts : [];
  verdicts.push({ iteration, timestamp: isoZ(), approve, reject, result: approved ? 'APPROVED' : 'REJECTED' });
  await f.atomic('council/state.json', JSON.stringify({
    ...state, total_votes: Number(state.total_votes ?? 0) + 3, approve_votes: Number(state.approve_votes ?? 0) + approve,
    reject_votes: Number(state.reject_votes ?? 0) + reject, last_check_iteration: iteration, done_signals: Number(state.done_signals ?? 0) + 1, verdicts,
  }, null, 2) + '\n');
  const round = verdicts.length;
  const members = [['architect', 'Architecture'], ['qa', 'Quality'], ['product', 'Product']];
  await f.atomic(`council/votes/round-${round}.json`, JSON.stringify({
    round, timestamp: isoZ(), complete_votes: approve, continue_votes: reject, total_members: 3, threshold: 2, verdict: approved ? 'COMPLETE' : 'CONTINUE',
    votes: members.map(([member, role], i) => ({ member, role, vote: i < approve ? 'COMPLETE' : 'CONTINUE', reason: i < approve ? 'Acceptance criteria met and tests pass.' : 'Work remains in pending.json.' })),
  }, null, 2) + '\n');
  await f.event('council_vote', { iteration, approve, reject, threshold: 2 });
}

/** extract_learnings_from_session: one entry in `<home>/.loki/learnings/patterns.jsonl`, header lines created when missing. */
export async function recordGlobalLearning(homeDir: string, project: string, description: string): Promise<void> {
  const dir = path.join(homeDir, '.loki', 'learnings');
  await fs.mkdir(dir, { recursive: true });
  for (const name of ['patterns.jsonl', 'mistakes.jsonl', 'successes.jsonl']) {
    const file = path.join(dir, name);
    const st = await fs.stat(file).catch(() => null);
    if (!st || st.size === 0) await fs.appendFile(file, `${JSON.stringify({ version: '1.0', created: isoZ() })}\n`);
  }
  await fs.appendFile(path.join(dir, 'patterns.jsonl'), `${JSON.stringify({ timestamp: isoZ(), project, category: 'session', description })}\n`);
}

/** Counts of the JSON queues, for the end-of-run summary and completion check. */
export async function pendingCount(files: LokiFiles): Promise<number> {
  return readQueueFile(files.abs('queue/pending.json')).then(q => q.tasks.length, () => 0);
}

