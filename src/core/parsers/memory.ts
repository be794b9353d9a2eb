// `memory/index.json`, `memory/timeline.json` and `memory/token_economics.json` (contract §1.8): what a person
// watching a run wants from the memory subsystem, as small summaries.
import type { MemoryInfo } from '../domain';
import { fail, isRecord, isoTime, num, ok, parseJson, str } from './parseResult';
import type { ParseResult } from './parseResult';

/** `memory/index.json`: topic counts. */
export interface MemoryIndex {
  topics: number;
  topicsByType: Record<string, number>;
  /** Sum of `episode_count` when the topics carry it. */
  episodes: number | null;
}

/** `memory/timeline.json`: the key decisions (newest first, as written) and how many recent actions. */
export interface MemoryTimeline {
  keyDecisions: MemoryInfo['keyDecisions'];
  recentActions: number;
}

/** How many key decisions the summary keeps. */
const MAX_DECISIONS = 20;

/** Parses `memory/index.json` (`{"topics":[{"id","type"?,"episode_count"?...}]}`). */
export function parseMemoryIndex(text: string): ParseResult<MemoryIndex> {
  const json = parseJson(text);
  if (!json.ok) return json;
  const o = json.value;
  if (!isRecord(o)) return fail('memory/index.json is not a JSON object');
  const topics = Array.isArray(o.topics) ? o.topics.filter(isRecord) : [];
  const topicsByType: Record<string, number> = {};
  let episodes: number | null = null;
  for (const t of topics) {
    const type = str(t.type, 50)?.trim() || 'topic';
    topicsByType[type] = (topicsByType[type] ?? 0) + 1;
    const n = num(t.episode_count);
    if (n !== undefined && n >= 0) episodes = (episodes ?? 0) + Math.floor(n);
  }
  return ok({ topics: topics.length, topicsByType, episodes });
}

function decisionText(d: unknown): string | null {
  if (typeof d === 'string') return d.trim() || null;
  if (!isRecord(d)) return null;
  const s = str(d.decision, 500) ?? str(d.action, 500) ?? str(d.summary, 500) ?? str(d.description, 500) ?? str(d.text, 500);
  return s?.trim() || null;
}

/** Parses `memory/timeline.json` (`{"recent_actions":[...],"key_decisions":[...]}`); decisions may be strings or records. */
export function parseMemoryTimeline(text: string): ParseResult<MemoryTimeline> {
  const json = parseJson(text);
  if (!json.ok) return json;
  const o = json.value;
  if (!isRecord(o)) return fail('memory/timeline.json is not a JSON object');
  const keyDecisions: MemoryInfo['keyDecisions'] = [];
  for (const d of Array.isArray(o.key_decisions) ? o.key_decisions : []) {
    const t = decisionText(d);
    if (t) keyDecisions.push({ timestamp: isRecord(d) ? isoTime(d.timestamp) : null, text: t });
    if (keyDecisions.length >= MAX_DECISIONS) break;
  }
  return ok({ keyDecisions, recentActions: Array.isArray(o.recent_actions) ? o.recent_actions.length : 0 });
}

/** Parses `memory/token_economics.json` as the dashboard reads it (`discoveryTokens`, `readTokens`, `savingsPercent`). */
export function parseTokenEconomics(text: string): ParseResult<NonNullable<MemoryInfo['economics']>> {
  const json = parseJson(text);
  if (!json.ok) return json;
  const o = json.value;
  if (!isRecord(o)) return fail('memory/token_economics.json is not a JSON object');
  return ok({ discoveryTokens: num(o.discoveryTokens) ?? 0, readTokens: num(o.readTokens) ?? 0, savingsPercent: num(o.savingsPercent) ?? 0 });
}

/** The memory summary from whichever of the three files exist; null when none does. */
export function memoryInfoFrom(index: MemoryIndex | null, timeline: MemoryTimeline | null, economics: MemoryInfo['economics']): MemoryInfo | null {
  if (!index && !timeline && !economics) return null;
  return {
    topics: index?.topics ?? 0,
    topicsByType: index?.topicsByType ?? {},
    episodes: index?.episodes ?? null,
    keyDecisions: timeline?.keyDecisions ?? [],
    recentActions: timeline?.recentActions ?? 0,
    economics,
  };
}
