import type { BudgetInfo, TokenInfo } from '../domain';
import { fail, isRecord, isoTime, num, ok, parseJson, str } from './parseResult';
import type { ParseResult } from './parseResult';

/** Notification counters embedded in `dashboard-state.json` (`notifications/active.json` summary). */
export interface NotificationSummary {
  total: number;
  unacknowledged: number;
  critical: number;
  warning: number;
  info: number;
}

/**
 * The parts of `dashboard-state.json` (contract §2) the product uses. Its `iteration`, `complexity` and `rarv` are
 * frozen by the writer's fork (§9.1), so they are deliberately not exposed.
 */
export interface DashboardState {
  /** Heartbeat: when the 2 s writer last ran (ISO). */
  timestamp: string | null;
  version: string | null;
  /** autonomous|paused|stopped, as written. */
  mode: string | null;
  provider: string | null;
  phase: string | null;
  startedAtRaw: string | null;
  tokens: TokenInfo | null;
  costUsd: number | null;
  budget: BudgetInfo | null;
  contextPct: number | null;
  /** Embedded `council/state.json` as written (null when absent). */
  council: Record<string, unknown> | null;
  /** Embedded `checklist/verification-results.json` summary. */
  checklist: { total: number; verified: number; failing: number; pending: number } | null;
  notifications: NotificationSummary | null;
}

const count = (x: unknown): number => {
  const n = num(x);
  return n !== undefined && n >= 0 ? Math.floor(n) : 0;
};

const text = (x: unknown, max = 200): string | null => {
  const s = str(x, max)?.trim();
  return s ? s : null;
};

/** Reads a `metrics/budget.json`-shaped object (`limit`/`budget_limit`, `budget_used`, `exceeded`). */
export function budgetFrom(x: unknown): BudgetInfo | null {
  if (!isRecord(x)) return null;
  const limit = num(x.limit) ?? num(x.budget_limit);
  const used = num(x.budget_used) ?? num(x.used);
  return { limit: limit ?? null, used: used ?? null, exceeded: x.exceeded === true || x.exceeded === 'true' };
}

/** Context window use from a `context/tracking.json`-shaped object (`current.context_window_pct`). */
export function contextPctFrom(x: unknown): number | null {
  if (!isRecord(x) || !isRecord(x.current)) return null;
  const pct = num(x.current.context_window_pct);
  return pct !== undefined && pct >= 0 ? pct : null;
}

function tokensFrom(x: unknown): { tokens: TokenInfo | null; costUsd: number | null } {
  if (!isRecord(x)) return { tokens: null, costUsd: null };
  const input = num(x.input);
  const output = num(x.output);
  const cost = num(x.cost_usd);
  return {
    tokens: input !== undefined || output !== undefined ? { input: input ?? 0, output: output ?? 0 } : null,
    costUsd: cost ?? null,
  };
}

/** Parses `dashboard-state.json`. A half-written file (an embedded file was mid-write, §2.3) fails; keep the last good value. */
export function parseDashboardState(input: string): ParseResult<DashboardState> {
  const json = parseJson(input);
  if (!json.ok) return json;
  const o = json.value;
  if (!isRecord(o)) return fail('dashboard-state.json is not a JSON object');
  const { tokens, costUsd } = tokensFrom(o.tokens);
  const checklist = isRecord(o.checklist) && isRecord(o.checklist.summary) ? o.checklist.summary : null;
  const notes = isRecord(o.notifications) ? o.notifications : null;
  return ok({
    timestamp: isoTime(o.timestamp),
    version: text(o.version, 100),
    mode: text(o.mode, 50),
    provider: text(o.provider, 50),
    phase: text(o.phase),
    startedAtRaw: text(o.startedAt, 100),
    tokens,
    costUsd,
    budget: budgetFrom(o.budget),
    contextPct: contextPctFrom(o.context),
    council: isRecord(o.council) ? o.council : null,
    checklist: checklist
      ? { total: count(checklist.total), verified: count(checklist.verified), failing: count(checklist.failing), pending: count(checklist.pending) }
      : null,
    notifications: notes
      ? { total: count(notes.total), unacknowledged: count(notes.unacknowledged), critical: count(notes.critical), warning: count(notes.warning), info: count(notes.info) }
      : null,
  });
}
