// Pure formatting of the status bar item (no vscode import) so plain mocha covers every state.
import type { ProjectSnapshot } from '../core/domain';
import { isStale, runState } from './sessionRules';

/** What the status bar item shows. */
export interface StatusView {
  text: string;
  /** Markdown lines for the tooltip. */
  tooltip: string[];
  /** warning | error background, or none. */
  severity: 'none' | 'warning' | 'error';
}

function money(v: number | null): string | null {
  return v === null || !Number.isFinite(v) ? null : `$${v.toFixed(2)}`;
}

function counts(s: ProjectSnapshot): { done: number; total: number } {
  const c = s.columns;
  const total = c.pending.length + c.in_progress.length + c.review.length + c.completed.length + c.failed.length;
  return { done: c.completed.length, total };
}

/** Escapes Markdown so file content cannot inject links or formatting into a tooltip. */
export function escapeMd(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>~]/g, ch => `\\${ch}`);
}

/** One project: `$(sync~spin) Loki: BUILDING · iter 3 · 12/30 · $1.24`, paused, stale, stopped, idle. */
export function projectStatus(s: ProjectSnapshot, now: number, exitedCode?: number): StatusView {
  const sess = s.session;
  const state = runState(sess);
  const { done, total } = counts(s);
  const parts: string[] = [];
  if (sess.iteration !== null) parts.push(`iter ${sess.iteration}`);
  if (total > 0) parts.push(`${done}/${total}`);
  const cost = money(sess.costUsd);
  if (cost) parts.push(cost);
  const rest = parts.length ? ' · ' + parts.join(' · ') : '';
  const detail = (sess.phase ? ` · ${sess.phase}` : '') + rest;
  const tooltip = [
    `**Loki — ${escapeMd(s.project.name)}**`,
    '',
    `Status: ${escapeMd(sess.status)}${sess.alive ? ' (runner alive)' : ''}`,
  ];
  if (sess.phase) tooltip.push(`Phase: ${escapeMd(sess.phase)}`);
  if (sess.iteration !== null) tooltip.push(`Iteration: ${sess.iteration}`);
  if (total > 0) tooltip.push(`Tasks: ${done} completed of ${total} (${s.columns.failed.length} failed)`);
  if (sess.provider) tooltip.push(`Provider: ${escapeMd(sess.provider)}`);
  if (cost) tooltip.push(`Cost: ${escapeMd(cost)}${sess.budget?.limit != null ? ` of ${escapeMd(money(sess.budget.limit) ?? '')}` : ''}`);
  if (s.problems.length) tooltip.push(`Unreadable files: ${s.problems.length} (see the Loki output channel)`);

  if (state === 'paused') {
    return { text: `$(debug-pause) Loki: paused${detail}`, tooltip: [...tooltip, '', 'Paused: resume from the menu.'], severity: 'warning' };
  }
  if (state === 'running') {
    if (isStale(sess, now)) {
      const secs = Math.round((now - (sess.lastWriteAt ?? now)) / 1000);
      return { text: `$(warning) Loki: stale${detail}`, tooltip: [...tooltip, '', `Nothing written for ${secs} s.`], severity: 'warning' };
    }
    return { text: `$(sync~spin) Loki: ${sess.phase ?? 'running'}${rest}`, tooltip, severity: 'none' };
  }
  if (exitedCode !== undefined && exitedCode !== 0 && sess.status !== 'completed') {
    return { text: `$(error) Loki: exited (${exitedCode})`, tooltip: [...tooltip, '', `The session terminal exited with code ${exitedCode}.`], severity: 'error' };
  }
  if (sess.status === 'failed') return { text: `$(error) Loki: failed${detail}`, tooltip, severity: 'error' };
  if (sess.status === 'completed') return { text: `$(pass) Loki: completed${detail}`, tooltip, severity: 'none' };
  if (sess.status === 'stopped') return { text: `$(debug-stop) Loki: stopped${detail}`, tooltip, severity: 'none' };
  return { text: `$(circle-outline) Loki: idle`, tooltip, severity: 'none' };
}

/** Several projects at work: an aggregate, with one line per running project in the tooltip. */
export function aggregateStatus(running: ProjectSnapshot[], now: number): StatusView {
  const paused = running.filter(s => runState(s.session) === 'paused').length;
  const active = running.length - paused;
  const text = paused && !active ? `$(debug-pause) Loki: ${paused} paused` : `$(sync~spin) Loki: ${active} running${paused ? `, ${paused} paused` : ''}`;
  const tooltip = ['**Loki sessions**', ''];
  for (const s of running) tooltip.push(`- ${escapeMd(s.project.name)}: ${escapeMd(projectStatus(s, now).text.replace(/^\$\([^)]+\) Loki: /, ''))}`);
  return { text, tooltip, severity: 'none' };
}
