// Thresholds of the "Needs you" lane. Plain values: the extension maps its settings onto them, the CLI uses the defaults.

/** When budget, context and silence become attention items. */
export interface AttentionConfig {
  /** Budget use (percent of the limit) that raises a warning; 100 % and over is always "exceeded". */
  budgetWarnPercent: number;
  /** Context window use (percent) that raises an item. */
  contextWarnPercent: number;
  /** A live runner that wrote nothing for this long is stale (the bash runner writes every 2 s). */
  staleAfterSeconds: number;
}

/** The defaults (also the settings' defaults). */
export const DEFAULT_ATTENTION_CONFIG: AttentionConfig = { budgetWarnPercent: 80, contextWarnPercent: 80, staleAfterSeconds: 300 };

/** A config with out-of-range values replaced by the defaults. */
export function normalizeAttentionConfig(c: Partial<AttentionConfig>): AttentionConfig {
  const pick = (v: number | undefined, d: number, min: number, max: number): number =>
    typeof v === 'number' && Number.isFinite(v) && v >= min && v <= max ? v : d;
  return {
    budgetWarnPercent: pick(c.budgetWarnPercent, DEFAULT_ATTENTION_CONFIG.budgetWarnPercent, 1, 100),
    contextWarnPercent: pick(c.contextWarnPercent, DEFAULT_ATTENTION_CONFIG.contextWarnPercent, 1, 100),
    staleAfterSeconds: pick(c.staleAfterSeconds, DEFAULT_ATTENTION_CONFIG.staleAfterSeconds, 10, 86_400),
  };
}
