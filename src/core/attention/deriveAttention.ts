// The "Needs you" model: every condition of one project that waits on a person, as attention items. Pure: the same
// snapshot, config and clock always give the same items, and an item is gone as soon as its condition is.
import { ATTENTION_KINDS } from '../domain';
import type { AttentionAction, AttentionFacts, AttentionItem, AttentionKind, AttentionSeverity, FactFile, ProjectSnapshot } from '../domain';
import type { AttentionConfig } from './attentionConfig';

/** Files written before the session started belong to an earlier run (a little slack for clock rounding). */
const START_SLACK_MS = 5000;
const SEVERITY_ORDER: Record<AttentionSeverity, number> = { high: 0, medium: 1, low: 2 };
const KIND_ORDER = new Map<AttentionKind, number>(ATTENTION_KINDS.map((k, i) => [k, i]));
const EMPTY_FACTS: AttentionFacts = {
  markers: [], checkpointRequestedAt: null, signals: [], escalations: [], rejectedInputs: [], acceptedInputAt: null, councilBlocks: [], sessionEnded: false,
};

const iso = (ms: number | null | undefined): string | null => (ms === null || ms === undefined || !Number.isFinite(ms) ? null : new Date(ms).toISOString());
const money = (x: number): string => `$${x.toFixed(2)}`;
const oneLine = (s: string, max = 160): string => {
  const t = s.replace(/\s+/g, ' ').trim();
  return t.length > max ? `${t.slice(0, max - 1)}…` : t;
};

/** Items sorted for display: severity, then kind (a pause before what it blocks on, as ATTENTION_KINDS lists them), then oldest first, then id. */
export function sortAttention(items: AttentionItem[]): AttentionItem[] {
  return items.sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] || KIND_ORDER.get(a.kind)! - KIND_ORDER.get(b.kind)!
    || (a.since ?? '').localeCompare(b.since ?? '') || a.id.localeCompare(b.id));
}

/** Every attention item of one project now. `now` is ms since epoch (stale detection). */
export function deriveAttention(snap: ProjectSnapshot, config: AttentionConfig, now: number): AttentionItem[] {
  const s = snap.session;
  const facts = snap.facts ?? EMPTY_FACTS;
  const out: AttentionItem[] = [];
  const add = (kind: AttentionKind, severity: AttentionSeverity, reason: string, evidence: AttentionItem['evidence'], actions: AttentionAction[], since: string | null, subject?: string, taskId?: string): void => {
    out.push({
      id: `${snap.project.id}:${kind}${subject ? `:${subject}` : ''}`, kind, severity, projectId: snap.project.id, projectName: snap.project.name,
      sessionId: s.id, since, reason: oneLine(reason, 240), evidence, actions, ...(taskId !== undefined ? { taskId } : {}),
    });
  };
  const startMs = s.startedAt ? Date.parse(s.startedAt) : NaN;
  const current = (f: { at: number }): boolean => Number.isNaN(startMs) || f.at >= startMs - START_SLACK_MS;
  const marker = (name: string): { name: string; at: number } | undefined => facts.markers.find(m => m.name === name);
  const signal = (name: string): FactFile | undefined => facts.signals.find(f => f.file === `signals/${name}` && current(f));
  const live = s.alive;
  const blockingPause = live && (s.runnerStatus === 'paused' || !!marker('PAUSED.md'));
  const paused = live && (s.status === 'paused' || s.control.pause);
  const runActions: AttentionAction[] = live ? ['stop'] : [];

  // Paused, and why.
  if (paused) {
    const pauseFile = marker('PAUSE');
    const budgetSignal = signal('BUDGET_EXCEEDED');
    const gate = signal('GATE_ESCALATION');
    const checkpoint = facts.checkpointRequestedAt !== null && !marker('PAUSE_AT_CHECKPOINT') && pauseFile !== undefined && pauseFile.at >= facts.checkpointRequestedAt - 2000;
    const why = budgetSignal || s.budget?.exceeded ? 'the budget is spent' : gate?.text.startsWith('PAUSE') ? 'a quality gate kept failing' : checkpoint ? 'the checkpoint you asked for was reached' : 'someone asked for a pause';
    const reason = blockingPause ? `Paused because ${why}; the runner waits for you to resume.` : `Pause requested (${why}); the runner stops at the end of this iteration.`;
    add('paused', blockingPause ? 'high' : 'medium', reason, pauseFile ? { file: 'PAUSE', field: null } : { file: 'autonomy-state.json', field: 'status' },
      ['resume', 'sendInput', 'stop'], iso(pauseFile?.at ?? s.lastWriteAt));
  }
  const atCheckpoint = marker('PAUSE_AT_CHECKPOINT');
  if (atCheckpoint && live) {
    add('checkpoint-pause', 'low', 'A pause at the next checkpoint is requested (PAUSE_AT_CHECKPOINT).', { file: 'PAUSE_AT_CHECKPOINT', field: null }, ['openFile', 'stop'], iso(atCheckpoint.at));
  }

  // The agent asked for a person.
  for (const name of ['HUMAN_REVIEW_NEEDED', 'UNCERTAINTY_ESCALATION']) {
    const f = signal(name);
    if (!f || !live) continue;
    const what = name === 'HUMAN_REVIEW_NEEDED' ? 'The agent asked for a human review' : 'The agent is unsure and asked for guidance';
    add('waiting-input', 'high', `${what}${f.text.trim() ? `: ${f.text}` : '.'}`, { file: f.file, field: null }, ['sendInput', 'openFile', ...runActions], iso(f.at), name);
  }

  // Input the runner refused, newer than anything it accepted and not yet replaced by a new HUMAN_INPUT.md.
  const rejected = facts.rejectedInputs.filter(current).sort((a, b) => a.at - b.at).at(-1);
  if (rejected && rejected.at > (facts.acceptedInputAt ?? 0) && !s.control.humanInput) {
    const tooLarge = rejected.file.includes('REJECTED-TOOLARGE');
    const reason = tooLarge ? 'Your input was rejected: it is over 1 MiB.' : 'Your input was rejected: the runner was started without LOKI_PROMPT_INJECTION=true.';
    add('input-rejected', 'medium', reason, { file: rejected.file, field: null }, ['openFile', 'sendInput'], iso(rejected.at));
  }

  // Quality gate escalation and council blocks.
  const gateJson = signal('GATE_ESCALATION.json');
  const gateText = signal('GATE_ESCALATION');
  if ((gateJson || gateText) && live) {
    const detail = gateJson ? gateDetail(gateJson.text) : null;
    const line = gateText?.text.split('\n').map(l => l.trim()).find(l => l && l !== 'PAUSE' && l !== 'ESCALATE');
    const reason = `Quality gate blocked${detail ? `: ${detail}` : line ? `: ${line}` : ''}${gateText?.text.startsWith('PAUSE') ? '; the runner paused for a person.' : '.'}`;
    const file = (gateJson ?? gateText)!;
    add('gate-blocked', 'high', reason, { file: file.file, field: gateJson ? 'gate' : null }, [...(paused ? ['resume' as const] : []), 'openFile', ...runActions], iso(file.at), 'gate');
  }
  for (const b of facts.councilBlocks.filter(current)) {
    if (!live) break;
    const name = b.file.replace(/^council\//, '').replace(/-block\.json$/, '');
    add('gate-blocked', 'high', `The completion council is blocked by the ${name} check.`, { file: b.file, field: null }, ['openFile', ...runActions], iso(b.at), b.file);
  }

  // Failed and dead-letter tasks a person can retry (runner-owned iteration cards retry themselves).
  for (const t of snap.columns.failed) {
    if (t.readOnly) continue;
    const dead = t.file.endsWith('dead-letter.json');
    const reason = `Task "${t.title || t.id}" ${dead ? 'ran out of retries (dead-letter)' : 'failed'}.`;
    add('task-failed', 'high', reason, { file: t.file, field: 'status' }, ['retryTask', 'openFile'], t.completedAt ?? t.startedAt ?? null, t.id, t.id);
  }

  // The newest escalation hand-off of this run while the run waits on it.
  const handoff = facts.escalations.filter(current).sort((a, b) => a.file.localeCompare(b.file)).at(-1);
  if (handoff && paused) {
    add('escalation', 'high', `Escalation hand-off written${handoff.text ? `: ${handoff.text}` : ''}.`, { file: handoff.file, field: null }, ['openEscalation', 'resume', 'stop'], iso(handoff.at));
  }

  // Budget.
  const b = s.budget;
  const pct = b && b.limit !== null && b.limit > 0 && b.used !== null ? (b.used / b.limit) * 100 : null;
  const budgetSignal = signal('BUDGET_EXCEEDED');
  if (live && (b || budgetSignal)) {
    const spent = b && b.used !== null && b.limit !== null ? ` (${money(b.used)} of ${money(b.limit)})` : '';
    if (b?.exceeded || (pct !== null && pct >= 100) || budgetSignal) {
      add('budget-exceeded', 'high', `The budget is spent${spent}.`, { file: 'metrics/budget.json', field: 'budget_used' }, ['raiseBudget', 'openFile', 'stop'], iso(s.lastWriteAt));
    } else if (pct !== null && pct >= config.budgetWarnPercent) {
      add('budget-warning', 'medium', `${Math.floor(pct)} % of the budget is used${spent}.`, { file: 'metrics/budget.json', field: 'budget_used' }, ['raiseBudget', 'openFile'], iso(s.lastWriteAt));
    }
  }

  // Context window.
  if (live && s.contextPct !== null && s.contextPct >= config.contextWarnPercent) {
    add('context-high', 'medium', `The context window is ${Math.round(s.contextPct)} % full; the agent may lose track.`, { file: 'context/tracking.json', field: 'current.context_window_pct' }, ['openFile'], iso(s.lastWriteAt));
  }

  // A live runner that stopped writing, or a runner that died without finishing.
  if (live && !paused && (s.status === 'running' || s.status === 'starting') && s.lastWriteAt !== null && now - s.lastWriteAt > config.staleAfterSeconds * 1000) {
    const mins = Math.floor((now - s.lastWriteAt) / 60_000);
    add('stale-runner', 'medium', `The runner has written nothing for ${mins >= 1 ? `${mins} min` : `${Math.floor((now - s.lastWriteAt) / 1000)} s`}; it may be stuck.`, { file: 'dashboard-state.json', field: 'timestamp' }, ['openFile', 'stop'], iso(s.lastWriteAt));
  }
  if (snap.hasLoki && !live && !facts.sessionEnded && died(snap)) {
    add('runner-died', 'high', `The runner stopped without finishing (last status "${s.runnerStatus ?? 'unknown'}", no live process).`, { file: 'autonomy-state.json', field: 'status' }, ['openFile'], iso(s.lastWriteAt));
  }

  for (const p of snap.problems) {
    // Files outside `.loki` (global learnings) are named by absolute path: nothing here may open those.
    const outside = /^([a-zA-Z]:[\\/]|\/|~)/.test(p.file);
    add('unreadable-file', 'medium', `Cannot read ${p.file}: ${p.message}. The last good value stays in use.`, { file: p.file, field: null }, outside ? [] : ['openFile'], null, p.file);
  }
  return sortAttention(out);
}

/** A run whose last saved status says it was still going, with no completion marker. */
function died(snap: ProjectSnapshot): boolean {
  const s = snap.session;
  const going = s.runnerStatus === 'running' || s.runnerStatus === 'exited' || s.runnerStatus === 'paused';
  const done = s.phase?.toUpperCase() === 'COMPLETED' || !!snap.facts?.markers.some(m => m.name === 'COMPLETED');
  return going && !done;
}

/** "<gate> failed <count> times (threshold <n>)" from GATE_ESCALATION.json, or null. */
function gateDetail(text: string): string | null {
  try {
    const o = JSON.parse(text) as unknown;
    if (!o || typeof o !== 'object') return null;
    const r = o as Record<string, unknown>;
    const gate = typeof r.gate === 'string' ? r.gate : null;
    const count = typeof r.count === 'number' ? r.count : null;
    const threshold = typeof r.threshold === 'number' ? r.threshold : null;
    if (!gate) return null;
    return `${gate}${count !== null ? ` failed ${count} times` : ''}${threshold !== null ? ` (threshold ${threshold})` : ''}`;
  } catch {
    return null;
  }
}
