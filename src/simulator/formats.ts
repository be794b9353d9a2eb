// Byte-level formats the runner's writers produce, so simulated files look exactly like real ones.

/** `date -u +%Y-%m-%dT%H:%M:%SZ`. */
export function isoZ(d: Date = new Date()): string {
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** Python `datetime.now(timezone.utc).isoformat()` (microseconds, `+00:00`). */
export function isoPython(d: Date = new Date()): string {
  return d.toISOString().replace(/\.(\d{3})Z$/, (_m, ms: string) => `.${ms}${String(Math.floor(Math.random() * 1000)).padStart(3, '0')}+00:00`);
}

/** Learning-signal timestamps: `isoformat()+"Z"` on an aware datetime, i.e. `...+00:00Z` (contract §9.15). */
export function isoSignal(d: Date = new Date()): string {
  return `${isoPython(d)}Z`;
}

const pad = (n: number): string => String(n).padStart(2, '0');

/** `date +%Y%m%d-%H%M%S` in local time (human-input archive names). */
export function localStamp(d: Date = new Date()): string {
  return `${d.getFullYear()}${pad(d.getMonth() + 1)}${pad(d.getDate())}-${pad(d.getHours())}${pad(d.getMinutes())}${pad(d.getSeconds())}`;
}

/** `date +%Y%m%d` in local time (daily log names). */
export function localDay(d: Date = new Date()): string {
  return `${d.getFullYear()}${pad(d.getMonth() + 1)}${pad(d.getDate())}`;
}

/** `date` default output in UTC, e.g. `Sun Nov 22 02:45:38 UTC 2026` (log banners, STATUS.txt). */
export function dateBanner(d: Date = new Date()): string {
  const days = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  return `${days[d.getUTCDay()]} ${months[d.getUTCMonth()]} ${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} UTC ${d.getUTCFullYear()}`;
}

/** `2026-11-22T02-45-53` (learning-signal file names). */
export function signalStamp(d: Date = new Date()): string {
  return isoZ(d).slice(0, 19).replace(/:/g, '-');
}

/**
 * Python `json.dumps(v)` with default separators (`", "`, `": "`) and `ensure_ascii`: the stream-json lines the
 * runner tees into agent.log and the single-line JSON files its Python helpers write look like this.
 */
export function pyJson(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'string') return JSON.stringify(v).replace(/[\u007f-\uffff]/g, c => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : 'null';
  if (typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return `[${v.map(pyJson).join(', ')}]`;
  if (typeof v === 'object') {
    return `{${Object.entries(v as Record<string, unknown>).filter(([, x]) => x !== undefined).map(([k, x]) => `${pyJson(k)}: ${pyJson(x)}`).join(', ')}}`;
  }
  return 'null';
}

/** Random lowercase hex of `n` chars. */
export function hex(n: number): string {
  let s = '';
  while (s.length < n) s += Math.floor(Math.random() * 0x100000000).toString(16).padStart(8, '0');
  return s.slice(0, n);
}

/** A v4-looking uuid (Claude session and message ids). */
export function uuid(): string {
  const h = hex(32);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}
