import type { QualityInfo } from '../domain';
import type { ParseResult } from './parseResult';
import { fail, isRecord, isoTime, num, ok, parseJson, str } from './parseResult';

const MAX_TEXT = 10_000;
const MAX_LABEL = 200;
/** Lists are capped: a runaway verdict or notification history must not flood the webview. */
const MAX_ITEMS = 1_000;

type Council = NonNullable<QualityInfo['council']>;
type Notification = QualityInfo['notifications'][number];
type Gate = QualityInfo['gates'][number];

function objectDoc(text: string, what: string): ParseResult<Record<string, unknown>> {
  const parsed = parseJson(text);
  if (!parsed.ok) return parsed;
  if (!isRecord(parsed.value)) return fail(`${what}: expected a JSON object`);
  return ok(parsed.value);
}

function count(x: unknown): number {
  const n = num(x);
  return n !== undefined && n >= 0 ? Math.floor(n) : 0;
}

/**
 * Parses `council/state.json` (contract §2.4): enabled flag, vote totals and the `verdicts` history. A file with
 * `initialized` but no `enabled` counts as enabled (the council writes it only when it runs). Never throws.
 */
export function parseCouncil(text: string): ParseResult<QualityInfo['council']> {
  const doc = objectDoc(text, 'council state');
  if (!doc.ok) return doc;
  const r = doc.value;
  const enabled = typeof r.enabled === 'boolean' ? r.enabled : r.enabled === 'true' || r.initialized === true;
  const verdicts: Council['verdicts'] = [];
  if (Array.isArray(r.verdicts)) {
    for (const v of r.verdicts.slice(-MAX_ITEMS)) {
      if (!isRecord(v)) continue;
      const it = num(v.iteration);
      verdicts.push({
        iteration: it !== undefined && it >= 0 ? Math.floor(it) : null,
        result: str(v.result, MAX_LABEL) ?? str(v.verdict, MAX_LABEL) ?? 'UNKNOWN',
        approve: count(v.approve),
        reject: count(v.reject),
        timestamp: isoTime(v.timestamp),
      });
    }
  }
  return ok({ enabled, approve: count(r.approve_votes), reject: count(r.reject_votes), verdicts });
}

/** critical|warning|info from what notification writers (and hand edits) use. */
function severity(x: unknown): Notification['severity'] {
  const s = (str(x, 50) ?? '').toLowerCase();
  if (s === 'critical' || s === 'error' || s === 'high') return 'critical';
  if (s === 'warning' || s === 'warn' || s === 'medium') return 'warning';
  return 'info';
}

/**
 * Parses `notifications/active.json` (`{"notifications":[{id,trigger_id,severity,message,timestamp,acknowledged}],
 * "summary":{...}}`; a bare array is accepted). Records without a message are skipped; a missing id is derived
 * from the trigger and timestamp so it stays stable between reads.
 */
export function parseNotifications(text: string): ParseResult<QualityInfo['notifications']> {
  const parsed = parseJson(text);
  if (!parsed.ok) return parsed;
  const doc = parsed.value;
  const list = Array.isArray(doc) ? doc : isRecord(doc) && Array.isArray(doc.notifications) ? doc.notifications : isRecord(doc) ? [] : null;
  if (list === null) return fail('notifications: expected a JSON object or array');
  const out: Notification[] = [];
  const seen = new Set<string>();
  for (const [i, n] of list.slice(-MAX_ITEMS).entries()) {
    if (!isRecord(n)) continue;
    const message = str(n.message, MAX_TEXT)?.trim();
    if (!message) continue;
    const timestamp = isoTime(n.timestamp);
    let id = str(n.id, MAX_LABEL) ?? `${str(n.trigger_id, MAX_LABEL) ?? 'notification'}@${timestamp ?? i}`;
    if (seen.has(id)) id = `${id}#${i}`;
    seen.add(id);
    out.push({ id, severity: severity(n.severity), message, timestamp, acknowledged: n.acknowledged === true || n.acknowledged === 'true' });
  }
  return ok(out);
}

/**
 * Parses `checklist/verification-results.json`: the `summary{total,verified,failing,pending}` block, or counts of
 * `categories[].items[].status` when the summary is missing. `ok(null)` when the file holds neither.
 */
export function parseChecklist(text: string): ParseResult<QualityInfo['checklist']> {
  const doc = objectDoc(text, 'checklist');
  if (!doc.ok) return doc;
  const r = doc.value;
  if (isRecord(r.summary)) {
    const s = r.summary;
    return ok({ total: count(s.total), verified: count(s.verified), failing: count(s.failing), pending: count(s.pending) });
  }
  const items: unknown[] = [];
  if (Array.isArray(r.categories)) for (const c of r.categories) if (isRecord(c) && Array.isArray(c.items)) items.push(...(c.items as unknown[]));
  if (Array.isArray(r.items)) items.push(...(r.items as unknown[]));
  if (items.length === 0) return ok(null);
  const tally = { total: 0, verified: 0, failing: 0, pending: 0 };
  for (const it of items) {
    if (!isRecord(it)) continue;
    tally.total++;
    const st = gateStatus(it.status);
    if (st === 'pass') tally.verified++;
    else if (st === 'fail') tally.failing++;
    else tally.pending++;
  }
  return ok(tally);
}

/** pass|fail|not_run for the usual spellings (booleans, passed/verified/ok, failed/error, skipped); others as written. */
function gateStatus(x: unknown): string {
  if (x === true) return 'pass';
  if (x === false) return 'fail';
  const s = (str(x, MAX_LABEL) ?? '').trim().toLowerCase();
  if (['pass', 'passed', 'ok', 'success', 'verified', 'green'].includes(s)) return 'pass';
  if (['fail', 'failed', 'failing', 'error', 'red', 'blocked'].includes(s)) return 'fail';
  if (['not_run', 'skipped', 'skip', 'pending', 'n/a', ''].includes(s)) return 'not_run';
  return s;
}

function gateFrom(name: string, v: unknown): Gate | null {
  if (typeof v === 'boolean' || typeof v === 'string') return { name, status: gateStatus(v) };
  if (!isRecord(v)) return null;
  const raw = v.status ?? v.result ?? v.verdict ?? v.pass ?? v.passed ?? v.ok;
  if (raw === undefined) return null;
  const detail = str(v.detail, MAX_TEXT) ?? str(v.message, MAX_TEXT) ?? str(v.reason, MAX_TEXT) ?? (typeof v.summary === 'string' ? str(v.summary, MAX_TEXT) : undefined);
  const gate: Gate = { name, status: gateStatus(raw) };
  if (detail && detail.trim()) gate.detail = detail.trim();
  return gate;
}

/**
 * Parses `state/quality-gates.json` into named gates. Accepted layouts: a map `{gate: status | {status,...}}`,
 * an array of `{name|gate, status|result|pass, detail|message}`, either inside a `gates` wrapper, or a single gate
 * result such as `quality/test-results.json` (`{pass|status, summary}`; named from `name|gate|runner|tool`, else
 * `result`; the caller may rename it after the file). Non-gate values (numbers, nulls) are skipped.
 */
export function parseQualityGates(text: string): ParseResult<QualityInfo['gates']> {
  const parsed = parseJson(text);
  if (!parsed.ok) return parsed;
  let doc = parsed.value;
  if (isRecord(doc) && (Array.isArray(doc.gates) || isRecord(doc.gates))) doc = doc.gates;
  const out: Gate[] = [];
  if (Array.isArray(doc)) {
    for (const g of doc.slice(0, MAX_ITEMS)) {
      if (!isRecord(g)) continue;
      const name = str(g.name, MAX_LABEL) ?? str(g.gate, MAX_LABEL) ?? str(g.id, MAX_LABEL);
      const gate = name ? gateFrom(name, g) : null;
      if (gate) out.push(gate);
    }
    return ok(out);
  }
  if (!isRecord(doc)) return fail('quality gates: expected a JSON object or array');
  if ('pass' in doc || 'status' in doc || 'passed' in doc) {
    const name = str(doc.name, MAX_LABEL) ?? str(doc.gate, MAX_LABEL) ?? str(doc.runner, MAX_LABEL) ?? str(doc.tool, MAX_LABEL) ?? 'result';
    const gate = gateFrom(name, doc);
    return ok(gate ? [gate] : []);
  }
  for (const [name, v] of Object.entries(doc).slice(0, MAX_ITEMS)) {
    const gate = gateFrom(name.slice(0, MAX_LABEL), v);
    if (gate) out.push(gate);
  }
  return ok(out);
}
