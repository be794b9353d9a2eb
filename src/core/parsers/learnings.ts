import type { Learning } from '../domain';
import type { ParseResult } from './parseResult';
import { fail, isRecord, isoTime, num, ok, parseJson, str, jsonlRecords } from './parseResult';

/** Longest learning text kept; descriptions are extracted from CONTINUITY.md and can be whole sections. */
const MAX_TEXT = 10_000;
const MAX_LABEL = 200;
/** More learnings than any real store holds; the rest is dropped rather than flooding the tree. */
const MAX_LEARNINGS = 10_000;

/** Global store file kinds (`~/.loki/learnings/<kind>s.jsonl`) and the bash relevant-learnings keys. */
const KINDS: Record<string, string> = { patterns: 'pattern', mistakes: 'mistake', successes: 'success' };

/**
 * A stable 53-bit hash (cyrb53) as hex: learning ids must survive restarts without a crypto dependency in core.
 * Not for security.
 */
export function stableHash(s: string): string {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(16).padStart(14, '0');
}

/** `pattern` | `mistake` | `success` from a file name such as `~/.loki/learnings/mistakes.jsonl`, else null. */
function kindFromOrigin(origin: string): string | null {
  const m = /([a-z]+)\.jsonl?$/i.exec(origin);
  return (m && KINDS[(m[1] ?? '').toLowerCase()]) ?? null;
}

/**
 * Parses one global store file, `~/.loki/learnings/{patterns,mistakes,successes}.jsonl` (contract §3.5.1).
 * Line 1 is a `{"version","created"}` header and every line without a `description` is skipped, as Loki's own
 * readers do. The category is the file kind (pattern|mistake|success): entries all say `"category":"session"`.
 * Ids hash origin + description, so they are stable and the store's own dedup (by description) carries over.
 * Bad lines are skipped; never throws.
 */
export function parseGlobalLearnings(text: string, origin: string): Learning[] {
  const out = new Map<string, Learning>();
  if (typeof text !== 'string') return [];
  const category = kindFromOrigin(origin);
  for (const rec of jsonlRecords(text)) {
    if (out.size >= MAX_LEARNINGS) break;
    const description = str(rec.description, MAX_TEXT)?.trim();
    if (!description) continue;
    const id = `learning-${stableHash(`${origin}\n${description.toLowerCase()}`)}`;
    out.set(id, {
      id,
      projectId: null,
      projectName: str(rec.project, MAX_LABEL) ?? null,
      category: category ?? str(rec.category, MAX_LABEL) ?? 'learning',
      text: description,
      timestamp: isoTime(rec.timestamp),
      origin,
    });
  }
  return [...out.values()];
}

/**
 * Parses `state/relevant-learnings.json` in either shape (contract §3.5.2): bash `{patterns,mistakes,successes}`
 * holding global-store entries (or plain strings), or Bun `{"version":1,"learnings":[{id,trigger,rootCause,fix,
 * preventInFuture,...}]}`. A bare array (or `{entries:[...]}`) of either kind of entry is accepted too.
 */
export function parseRelevantLearnings(text: string, projectId: string, origin: string): ParseResult<Learning[]> {
  const parsed = parseJson(text);
  if (!parsed.ok) return parsed;
  const doc = parsed.value;
  const out = new Map<string, Learning>();
  const add = (entry: unknown, category: string): void => {
    if (out.size >= MAX_LEARNINGS) return;
    const l = relevantEntry(entry, category, projectId, origin);
    if (l) out.set(l.id, l);
  };
  if (Array.isArray(doc)) {
    doc.forEach(e => add(e, 'learning'));
  } else if (isRecord(doc)) {
    let known = false;
    for (const [key, cat] of Object.entries(KINDS)) {
      if (Array.isArray(doc[key])) {
        known = true;
        (doc[key] as unknown[]).forEach(e => add(e, cat));
      }
    }
    for (const key of ['learnings', 'entries']) {
      if (Array.isArray(doc[key])) {
        known = true;
        (doc[key] as unknown[]).forEach(e => add(e, 'learning'));
      }
    }
    if (!known) return fail('relevant learnings: expected {patterns,mistakes,successes} or {version,learnings}');
  } else {
    return fail('relevant learnings: expected a JSON object or array');
  }
  return ok([...out.values()]);
}

function relevantEntry(entry: unknown, category: string, projectId: string, origin: string): Learning | null {
  if (typeof entry === 'string') {
    const text = str(entry, MAX_TEXT)?.trim();
    return text ? learning(projectId, origin, text, category, text, null, null) : null;
  }
  if (!isRecord(entry)) return null;
  const description = str(entry.description, MAX_TEXT)?.trim() ?? str(entry.text, MAX_TEXT)?.trim();
  if (description) {
    return learning(projectId, origin, description, category, description, str(entry.project, MAX_LABEL) ?? null, isoTime(entry.timestamp));
  }
  // Bun v1 record: the lesson is spread over rootCause / fix / preventInFuture.
  const parts = [
    ['Root cause', str(entry.rootCause, MAX_TEXT)],
    ['Fix', str(entry.fix, MAX_TEXT)],
    ['Prevent', str(entry.preventInFuture, MAX_TEXT)],
  ]
    .filter((p): p is [string, string] => typeof p[1] === 'string' && p[1].trim() !== '')
    .map(([label, v]) => `${label}: ${v.trim()}`);
  if (parts.length === 0) return null;
  const text = clip(parts.join('\n'));
  const key = str(entry.id, MAX_LABEL) ?? text;
  return learning(projectId, origin, key, str(entry.trigger, MAX_LABEL) ?? category, text, null, isoTime(entry.timestamp));
}

function learning(projectId: string, origin: string, key: string, category: string, text: string, projectName: string | null, timestamp: string | null): Learning {
  return { id: `learning-${stableHash(`${projectId}\n${origin}\n${key}`)}`, projectId, projectName, category, text, timestamp, origin };
}

function clip(s: string): string {
  return s.length > MAX_TEXT ? s.slice(0, MAX_TEXT) + '…' : s;
}

/**
 * Parses one learning signal, `.loki/learning/signals/<ts>_sig-<hex>.json` (contract §3.5.3). The category is the
 * signal type (success_pattern, tool_efficiency, workflow_pattern, error_pattern, user_preference, ...); the text
 * is a one-line summary built from the subtype's own fields. Timestamps in the `...+00:00Z` form are accepted.
 */
export function parseLearningSignal(text: string, projectId: string, origin: string): ParseResult<Learning> {
  const parsed = parseJson(text);
  if (!parsed.ok) return parsed;
  const rec = parsed.value;
  if (!isRecord(rec)) return fail('learning signal: expected a JSON object');
  const type = str(rec.type, MAX_LABEL) ?? 'signal';
  const summary = signalSummary(type, rec);
  if (!summary) return fail('learning signal: no type, action or description to show');
  const key = str(rec.id, MAX_LABEL) ?? `${origin}\n${summary}`;
  return ok({
    id: `learning-${stableHash(`${projectId}\n${key}`)}`,
    projectId,
    projectName: null,
    category: type,
    text: clip(summary),
    timestamp: isoTime(rec.timestamp),
    origin,
  });
}

function signalSummary(type: string, r: Record<string, unknown>): string {
  const s = (k: string): string | undefined => str(r[k], MAX_TEXT)?.trim() || undefined;
  const steps = (k: string): string | undefined => {
    const v = r[k];
    if (!Array.isArray(v)) return undefined;
    const names = v.map(x => str(x, MAX_LABEL)).filter((x): x is string => !!x);
    return names.length ? names.slice(0, 50).join(' → ') : undefined;
  };
  const action = s('action');
  const outcome = s('outcome');
  const ctx = [action, outcome].filter(Boolean).join(', ');
  const tail = ctx ? ` (${ctx})` : '';
  const described = s('description') ?? s('message');
  if (described) return `${described}${tail}`;
  switch (type) {
    case 'success_pattern': {
      const name = s('pattern_name');
      if (name) return `Pattern ${name}${steps('action_sequence') ? ': ' + steps('action_sequence') : ''}${tail}`;
      break;
    }
    case 'workflow_pattern': {
      const name = s('workflow_name');
      if (name) return `Workflow ${name}${steps('steps') ? ': ' + steps('steps') : ''}${tail}`;
      break;
    }
    case 'tool_efficiency': {
      const tool = s('tool_name');
      const ms = num(r.execution_time_ms);
      if (tool) return `Tool ${tool}${ms !== undefined && ms >= 0 ? ` took ${(ms / 1000).toFixed(1)} s` : ''}${tail}`;
      break;
    }
    case 'error_pattern': {
      const err = [s('error_type'), s('error_message')].filter(Boolean).join(': ');
      const fix = s('resolution');
      if (err) return `Error ${err}${fix ? ` — fix: ${fix}` : ''}${tail}`;
      break;
    }
    case 'user_preference': {
      const key = s('preference_key');
      if (key) return `Preference ${key} = ${str(r.preference_value, MAX_LABEL) ?? '?'}${tail}`;
      break;
    }
  }
  return action ? `${type}: ${ctx}` : '';
}
