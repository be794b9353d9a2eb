// `markdown` export: a summary a person pastes into a PR or an issue. Starts like `loki export markdown` (title,
// Exported, Directory, Status, Task Queue Summary), then KPIs, tasks by column, iterations, quality gates, learnings.
// Every string from `.loki` is escaped so it renders as text (no links, HTML or table breaks it did not ask for).
import type { EfficiencyRow, KpiSnapshot, TaskStatus } from '../domain';
import type { ExportSource } from './exportSource';
import { EXPORT_COLUMN_ORDER, QUEUE_NAME } from './exportSource';

const COLUMN_TITLE: Record<TaskStatus, string> = { pending: 'Pending', in_progress: 'In progress', review: 'Review', completed: 'Completed', failed: 'Failed' };
/** Cards listed per column before "and N more". */
const MAX_CARDS = 50;

/**
 * Escapes text for inline Markdown (never at a line start, so `#`, `-` and `1.` are harmless): backslash-escapes
 * what makes emphasis, code, links, HTML, entities or table cells, and flattens line breaks.
 */
export function mdText(s: string): string {
  return s.replace(/\r\n?|\n/g, ' ').replace(/([\\`*_[\]|<>~&])/g, '\\$1');
}

const dash = '—';
const money = (x: number | null): string => (x === null ? 'not measured' : `$${x.toFixed(4)}`);
const num = (x: number | null): string => (x === null ? 'not measured' : x.toLocaleString('en-US'));
const rate = (x: number | null): string => (x === null ? 'n/a' : `${(x * 100).toFixed(1)}%`);
const secs = (ms: number | null): string => (ms === null ? dash : `${(ms / 1000).toFixed(1)} s`);

/** The KPI table (and notes) as Markdown lines, under a `## KPIs` heading. */
export function kpiSection(k: KpiSnapshot): string[] {
  const e = k.efficiency;
  const a = k.accuracy;
  const lines = [
    '## KPIs', '',
    '| KPI | Value |', '| --- | --- |',
    `| Iterations | ${e.iteration_count} |`,
    `| Total cost | ${money(e.total_cost_usd)} |`,
    `| Average cost per iteration | ${money(e.avg_cost_per_iteration)} |`,
    `| Input tokens | ${num(e.total_input_tokens)} |`,
    `| Output tokens | ${num(e.total_output_tokens)} |`,
    `| Total duration | ${secs(e.total_duration_ms)} |`,
    `| Average duration per iteration | ${secs(e.avg_duration_ms_per_iteration)} |`,
    `| Iteration success rate | ${rate(a.iteration_success_rate)} |`,
    `| Council rounds | ${a.council_rounds} |`,
    `| Council approval rate | ${rate(a.approval_rate)} |`,
    `| Council unanimous rate | ${rate(a.unanimous_rate)} |`,
  ];
  if (k.notes.length) lines.push('', ...k.notes.map(n => `- ${mdText(n)}`));
  return lines;
}

function iterationSection(rows: readonly EfficiencyRow[]): string[] {
  if (rows.length === 0) return ['## Iterations', '', 'No iteration records.'];
  return [
    '## Iterations', '',
    '| # | Phase | Model | Status | Input tokens | Output tokens | Cost | Duration | Ended |',
    '| ---: | --- | --- | --- | ---: | ---: | ---: | ---: | --- |',
    ...rows.map(r => `| ${r.iteration} | ${mdText(r.phase ?? dash)} | ${mdText(r.model ?? dash)} | ${mdText(r.status ?? dash)} | ${num(r.inputTokens)} | ${num(r.outputTokens)} | ${money(r.costUsd)} | ${secs(r.durationMs)} | ${mdText(r.endedAt ?? dash)} |`),
  ];
}

/** Renders the markdown export. */
export function exportMarkdown(src: ExportSource): string {
  const s = src.session;
  const cost = src.kpis.efficiency.total_cost_usd ?? s.costUsd;
  const lines = [
    '# Loki Mode Session Export', '',
    `**Exported:** ${new Date(src.exportedAt).toISOString()}  `,
    `**Directory:** ${mdText(src.project.path)}  `,
    `**Session:** ${mdText(s.id)}${src.live ? '' : ' (past session)'}`, '',
    '## Status', '',
    `- **Outcome:** ${mdText(s.status)}${'runnerStatus' in s && s.runnerStatus ? ` (${mdText(s.runnerStatus)})` : ''}`,
    `- **Phase:** ${mdText(s.phase ?? dash)}`,
    `- **Iteration:** ${s.iteration ?? dash}`,
    `- **Provider:** ${mdText(s.provider ?? dash)}`,
    `- **Started:** ${mdText(s.startedAt ?? dash)}`,
    `- **Ended:** ${mdText(s.endedAt ?? dash)}`,
    `- **Cost:** ${cost === null ? 'not measured' : `$${cost.toFixed(4)}`}`,
    '',
    '## Task Queue Summary', '',
    ...EXPORT_COLUMN_ORDER.map(c => `- **${QUEUE_NAME[c]}:** ${src.columns[c].length} tasks`),
    '',
    ...kpiSection(src.kpis),
    '',
    '## Tasks', '',
  ];
  for (const c of EXPORT_COLUMN_ORDER) {
    const cards = src.columns[c];
    lines.push(`### ${COLUMN_TITLE[c]} (${cards.length})`, '');
    if (cards.length === 0) lines.push('None.');
    for (const t of cards.slice(0, MAX_CARDS)) {
      const figures = [t.costUsd !== undefined ? `$${t.costUsd.toFixed(4)}` : null, t.tokens ? `${t.tokens.input + t.tokens.output} tokens` : null].filter(Boolean).join(', ');
      lines.push(`- ${mdText(t.id)}: ${mdText(t.title)}${figures ? ` (${figures})` : ''}`);
    }
    if (cards.length > MAX_CARDS) lines.push(`- and ${cards.length - MAX_CARDS} more`);
    lines.push('');
  }
  lines.push(...iterationSection(src.rows), '', '## Quality Gates', '');
  const gates = src.quality?.gates ?? [];
  if (gates.length === 0) lines.push('No quality gate results.');
  for (const g of gates) lines.push(`- **${mdText(g.name)}:** ${mdText(g.status)}${g.detail ? `: ${mdText(g.detail)}` : ''}`);
  const council = src.quality?.council;
  if (council?.enabled) lines.push(`- **Council:** ${council.approve} approve / ${council.reject} reject`);
  lines.push('', '## Learnings', '');
  if (src.learnings.length === 0) lines.push('No learnings recorded.');
  for (const l of src.learnings.slice(0, MAX_CARDS)) lines.push(`- ${mdText(l.category)}: ${mdText(l.text)}`);
  return lines.join('\n') + '\n';
}
