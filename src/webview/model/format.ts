// Display formatting for numbers, durations and ages.

/** "1.2k", "3.4M" for token counts. */
export function formatTokens(n: number): string {
  if (n < 1000) return String(Math.round(n));
  if (n < 1_000_000) return `${(n / 1000).toFixed(n < 10_000 ? 1 : 0)}k`;
  return `${(n / 1_000_000).toFixed(1)}M`;
}

/** "$0.042", "$12.30". */
export function formatCost(usd: number): string {
  return usd < 1 ? `$${usd.toFixed(3)}` : `$${usd.toFixed(2)}`;
}

/** "45s", "12m 3s", "2h 5m", "3d 4h". */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '—';
  const s = Math.floor(ms / 1000);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m ${s % 60}s`;
  const h = Math.floor(m / 60);
  if (h < 24) return `${h}h ${m % 60}m`;
  return `${Math.floor(h / 24)}d ${h % 24}h`;
}

/** Time since an ISO timestamp, or null when there is none or it does not parse. */
export function since(iso: string | null | undefined, now: number): number | null {
  if (!iso) return null;
  const t = Date.parse(iso);
  return Number.isNaN(t) ? null : Math.max(0, now - t);
}

/** Whole percent, clamped to 0-100, of used/limit; null when unknown. */
export function percent(used: number | null | undefined, limit: number | null | undefined): number | null {
  if (used == null || !limit || limit <= 0) return null;
  return Math.max(0, Math.min(100, Math.round((used / limit) * 100)));
}

/** RARV step names by index (runner writes 0-3). */
export const RARV_STEPS = ['Reason', 'Act', 'Reflect', 'Verify'] as const;
