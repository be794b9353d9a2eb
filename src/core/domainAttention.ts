// The "Needs you" part of the domain: attention items, the facts they are derived from, and memory. Import-free like
// domain.ts, which re-exports it (the webview bundles both).

// ---------------------------------------------------------------------------------------------
// "Needs you": what waits on a person (derived in core/attention from the snapshot and these facts)
// ---------------------------------------------------------------------------------------------

/** Kinds of attention items, one per condition that waits on a person. */
export const ATTENTION_KINDS = [
  'paused', 'checkpoint-pause', 'waiting-input', 'input-rejected', 'gate-blocked', 'task-failed', 'escalation',
  'budget-warning', 'budget-exceeded', 'context-high', 'stale-runner', 'runner-died', 'unreadable-file',
] as const;
/** What kind of condition an attention item is. */
export type AttentionKind = (typeof ATTENTION_KINDS)[number];

/** How urgent an item is; `high` items raise a notification. */
export type AttentionSeverity = 'high' | 'medium' | 'low';

/** Actions that resolve an item (buttons in the lane, notification buttons). */
export const ATTENTION_ACTIONS = ['resume', 'sendInput', 'openEscalation', 'retryTask', 'openFile', 'raiseBudget', 'stop'] as const;
/** One resolving action. */
export type AttentionAction = (typeof ATTENTION_ACTIONS)[number];

/** One thing that needs a person. It disappears when its condition ends. */
export interface AttentionItem {
  /** Stable while the condition lasts: `<projectId>:<kind>[:<subject>]`. */
  id: string;
  kind: AttentionKind;
  severity: AttentionSeverity;
  projectId: string;
  projectName: string;
  sessionId: string;
  /** ISO time the condition started (file mtime or record time), when known. */
  since: string | null;
  /** One line in plain words. */
  reason: string;
  /** Where it shows: a `.loki`-relative file and the field (null for "the file itself"). */
  evidence: { file: string; field: string | null };
  actions: AttentionAction[];
  /** The task a `task-failed` item is about. */
  taskId?: string;
}

/** A file the attention facts keep: `.loki`-relative path, mtime (ms) and a short excerpt of its text. */
export interface FactFile {
  file: string;
  at: number;
  text: string;
}

/** Files beyond the board and session that tell whether a run waits on a person. */
export interface AttentionFacts {
  /** Control/marker files present (PAUSE, PAUSE_AT_CHECKPOINT, PAUSED.md, ...) with their mtimes. */
  markers: Array<{ name: string; at: number }>;
  /** When PAUSE_AT_CHECKPOINT was last seen (ms); it vanishes when the runner turns it into PAUSE. */
  checkpointRequestedAt: number | null;
  /** `signals/*` present. */
  signals: FactFile[];
  /** `escalations/handoff-*.md`; text is the first heading. */
  escalations: FactFile[];
  /** `logs/human-input-REJECTED-*.md` (text empty). */
  rejectedInputs: FactFile[];
  /** Newest accepted `logs/human-input-<ts>.md` (ms), if any. */
  acceptedInputAt: number | null;
  /** `council/*-block.json`. */
  councilBlocks: FactFile[];
  /** The last session_start/session_end seen in events.jsonl was a session_end. */
  sessionEnded: boolean;
}

/** What a person watching a run wants from `memory/`: topic counts, key decisions, token savings. */
export interface MemoryInfo {
  topics: number;
  /** Topic counts by type (episode/pattern/skill; `topic` when the index names none). */
  topicsByType: Record<string, number>;
  episodes: number | null;
  keyDecisions: Array<{ timestamp: string | null; text: string }>;
  recentActions: number;
  economics: { discoveryTokens: number; readTokens: number; savingsPercent: number } | null;
}
