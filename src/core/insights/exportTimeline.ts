// `timeline` export: a JSON array in time order, like `loki export timeline`: iterations, council verdicts (with
// Loki's `_type: "council_vote"`) and events.jsonl records, each tagged with `_type`.
import type { ExportSource } from './exportSource';

/** One timeline entry. */
export interface TimelineEntry {
  _type: 'iteration' | 'council_vote' | 'event';
  timestamp: string | null;
  [key: string]: unknown;
}

/** The entries, oldest first; entries without a usable time keep their relative order at the end. */
export function timelineEntries(src: ExportSource): TimelineEntry[] {
  const out: TimelineEntry[] = [];
  for (const r of src.rows) {
    out.push({
      _type: 'iteration', timestamp: r.startedAt ?? r.endedAt, iteration: r.iteration, started_at: r.startedAt, ended_at: r.endedAt,
      phase: r.phase, model: r.model, status: r.status, input_tokens: r.inputTokens, output_tokens: r.outputTokens,
      cost_usd: r.costUsd, duration_ms: r.durationMs,
    });
  }
  for (const v of src.quality?.council?.verdicts ?? []) {
    out.push({ _type: 'council_vote', timestamp: v.timestamp, iteration: v.iteration, result: v.result, approve: v.approve, reject: v.reject });
  }
  for (const e of src.events) out.push({ _type: 'event', timestamp: e.timestamp, type: e.type, source: e.source, data: e.data });
  const time = (e: TimelineEntry): number => (e.timestamp ? Date.parse(e.timestamp) : NaN);
  return out
    .map((e, i) => ({ e, i, t: time(e) }))
    .sort((a, b) => {
      const an = Number.isNaN(a.t), bn = Number.isNaN(b.t);
      if (an || bn) return an === bn ? a.i - b.i : an ? 1 : -1;
      return a.t - b.t || a.i - b.i;
    })
    .map(x => x.e);
}

/** Renders the timeline export. */
export function exportTimeline(src: ExportSource): string {
  return JSON.stringify(timelineEntries(src), null, 2) + '\n';
}
