// Derives the canonical Session from the parsed state files. Pure: every input is a parsed value or null.
import type { Liveness } from '../liveness';
import type { BudgetInfo, IterationMetric, Session, SessionStatus, TokenInfo } from '../domain';
import { mapAutonomyStatus, rarvStepOf } from '../statusVocabulary';
import type { ReportUnknown } from '../statusVocabulary';
import { controlStateFrom } from './controlFiles';
import type { AutonomyState } from './autonomyState';
import type { CurrentTask } from './currentTask';
import type { DashboardState } from './dashboardState';
import type { OrchestratorState } from './orchestrator';
import { isoTime } from './parseResult';
import type { SessionJson } from './sessionFiles';

/** Token, cost and context figures from `context/tracking.json`. */
export interface TrackingFigures {
  tokens: TokenInfo | null;
  costUsd: number | null;
  contextPct: number | null;
}

/** Everything session derivation reads. */
export interface SessionInputs {
  projectId: string;
  hasLoki: boolean;
  liveness: Liveness;
  /** Control/marker files present in `.loki/` (PAUSE, STOP, HUMAN_INPUT.md, PAUSED.md, COMPLETED...). */
  control: ReadonlySet<string>;
  autonomy: AutonomyState | null;
  orchestrator: OrchestratorState | null;
  dashboard: DashboardState | null;
  sessionJson: SessionJson | null;
  runner: 'bash' | 'bun';
  /** `state/cli-provider` or `state/provider`. */
  providerFile: string | null;
  tracking: TrackingFigures | null;
  /** `metrics/budget.json`. */
  budget: BudgetInfo | null;
  iterations: readonly IterationMetric[];
  currentTask: CurrentTask | null;
  /** `- RARV Step:` of CONTINUITY.md (the bash runner's live step), when read. */
  continuityRarv?: string | null;
  lastWriteAt: number | null;
  report?: ReportUnknown;
}

/** Stable session id: `<projectId>:<orchestrator startedAt as written>`, or `<projectId>:current` before one exists. */
export function sessionIdFor(projectId: string, orchestrator: OrchestratorState | null, dashboard: DashboardState | null): string {
  return `${projectId}:${orchestrator?.startedAtRaw ?? dashboard?.startedAtRaw ?? 'current'}`;
}

const isCompletedPhase = (p: string | null | undefined): boolean => p?.toUpperCase() === 'COMPLETED';

/**
 * Session status. Alive: STOP → stopping; PAUSE or autonomy `paused` → paused; a terminal autonomy status → stopping;
 * no dashboard-state/orchestrator yet → starting; else running. Dead: per the autonomy status table, the COMPLETED
 * marker or phase refining a neutral stop; no state files at all → idle.
 */
export function deriveStatus(inp: SessionInputs): SessionStatus {
  if (!inp.hasLoki) return 'idle';
  const meaning = inp.autonomy?.status ? mapAutonomyStatus(inp.autonomy.status, inp.report) : null;
  if (inp.liveness.alive) {
    if (inp.control.has('STOP')) return 'stopping';
    if (inp.control.has('PAUSE') || inp.autonomy?.status === 'paused') return 'paused';
    if (meaning && meaning.alive !== 'running') return meaning.alive;
    // STOP already consumed at a boundary: the runner is winding down.
    if (inp.dashboard?.mode === 'stopped') return 'stopping';
    if (!inp.dashboard && !inp.orchestrator) return 'starting';
    return 'running';
  }
  if (!inp.autonomy && !inp.orchestrator && !inp.dashboard && !inp.sessionJson) return 'idle';
  const phase = inp.orchestrator?.currentPhase ?? inp.dashboard?.phase;
  if (meaning) {
    if (meaning.dead === 'stopped' && (inp.control.has('COMPLETED') || isCompletedPhase(phase))) return 'completed';
    return meaning.dead;
  }
  if (inp.control.has('COMPLETED') || isCompletedPhase(phase)) return 'completed';
  return 'stopped';
}

function sumIterations(iterations: readonly IterationMetric[]): { tokens: TokenInfo | null; costUsd: number | null } {
  let input = 0;
  let output = 0;
  let cost = 0;
  let anyTokens = false;
  let anyCost = false;
  for (const m of iterations) {
    if (m.inputTokens !== null || m.outputTokens !== null) {
      anyTokens = true;
      input += m.inputTokens ?? 0;
      output += m.outputTokens ?? 0;
    }
    if (m.costUsd !== null) {
      anyCost = true;
      cost += m.costUsd;
    }
  }
  return { tokens: anyTokens ? { input, output } : null, costUsd: anyCost ? Math.round(cost * 1e6) / 1e6 : null };
}

/** Builds the Session. Iteration comes only from `autonomy-state.json` (dashboard-state's is frozen at 0). */
export function deriveSession(inp: SessionInputs): Session {
  const status = deriveStatus(inp);
  const { autonomy, orchestrator, dashboard, sessionJson } = inp;
  const summed = sumIterations(inp.iterations);
  const ended = !inp.liveness.alive && (status === 'stopped' || status === 'completed' || status === 'failed');
  const lastWriteIso = inp.lastWriteAt !== null ? isoTime(inp.lastWriteAt) : null;
  const paused = inp.control.has('PAUSED.md') || autonomy?.status === 'paused';
  return {
    id: sessionIdFor(inp.projectId, orchestrator, dashboard),
    projectId: inp.projectId,
    status,
    phase: orchestrator?.currentPhase ?? dashboard?.phase ?? null,
    iteration: autonomy?.iterationCount ?? null,
    provider: dashboard?.provider ?? sessionJson?.provider ?? inp.providerFile ?? null,
    alive: inp.liveness.alive,
    pid: inp.liveness.pid ?? autonomy?.pid ?? sessionJson?.pid ?? null,
    startedAt: orchestrator?.startedAt ?? isoTime(dashboard?.startedAtRaw) ?? sessionJson?.startedAt ?? null,
    endedAt: ended ? (autonomy?.lastRun ?? lastWriteIso) : null,
    tokens: inp.tracking?.tokens ?? dashboard?.tokens ?? summed.tokens,
    costUsd: inp.tracking?.costUsd ?? dashboard?.costUsd ?? summed.costUsd,
    budget: inp.budget ?? dashboard?.budget ?? null,
    // The Bun runner's orchestrator phase, else the bash runner's CONTINUITY.md line; dashboard-state's rarv is frozen (§9.1).
    rarvStep: rarvStepOf(orchestrator?.currentPhase) ?? rarvStepOf(inp.continuityRarv),
    runnerStatus: autonomy?.status ?? null,
    mode: dashboard?.mode ?? null,
    // PAUSE only blocks in checkpoint/supervised runs; a blocking pause or the Bun default proves one of those.
    autonomyMode: paused || inp.runner === 'bun' ? 'checkpoint' : null,
    contextPct: inp.tracking?.contextPct ?? dashboard?.contextPct ?? null,
    runner: inp.runner,
    control: controlStateFrom(inp.control),
    lastWriteAt: inp.lastWriteAt,
    currentTaskId: inp.currentTask?.id ?? null,
    prdPath: autonomy?.prdPath ?? null,
  };
}
