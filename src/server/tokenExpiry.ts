// `--expires 30d`: durations for token expiry.

const UNIT_MS: Record<string, number> = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 7 * 86_400_000 };

/** Milliseconds of `<n>m|h|d|w` (e.g. `30d`, `12h`), or null when malformed or zero. At most ten years. */
export function parseDuration(text: string): number | null {
  const m = /^(\d{1,6})([mhdw])$/.exec(text.trim());
  if (!m) return null;
  const ms = Number(m[1]) * UNIT_MS[m[2]!]!;
  return ms > 0 && ms <= 3650 * 86_400_000 ? ms : null;
}
