// Parsers for the files behind the "Needs you" lane that the board does not read: `signals/*`,
// `escalations/handoff-*.md`, `logs/human-input-*.md` and `council/*-block.json` (contract §1.2, §4.3, §4.5).
// Only a short excerpt is kept: the lane needs a reason in one line, the full text is one click away.
import { ok } from './parseResult';
import type { ParseResult } from './parseResult';

/** Longest excerpt kept from one of these files. */
export const EXCERPT_CHARS = 500;

/** A signal, council block or escalation file as the model keeps it: its excerpt. */
export interface ExcerptFile {
  text: string;
}

/** Keeps the first EXCERPT_CHARS characters (signals are one-liners or small JSON; anything is accepted). */
export function parseExcerpt(text: string): ParseResult<ExcerptFile> {
  return ok({ text: text.slice(0, EXCERPT_CHARS) });
}

/** An escalation hand-off: its first Markdown heading is the excerpt (the whole first line when none). */
export function parseEscalation(text: string): ParseResult<ExcerptFile> {
  const lines = text.split('\n').map(l => l.trim()).filter(Boolean);
  const heading = lines.find(l => l.startsWith('#'));
  return ok({ text: (heading ?? lines[0] ?? '').replace(/^#+\s*/, '').slice(0, 200) });
}

/** A consumed or quarantined HUMAN_INPUT: only its name matters (accepted, REJECTED, REJECTED-TOOLARGE). */
export function parseHumanInputLog(): ParseResult<ExcerptFile> {
  return ok({ text: '' });
}

/** True when `name` (under `logs/`) is a rejected human input, as the runner names them. */
export function isRejectedInputName(name: string): boolean {
  return /^human-input-REJECTED-/.test(name);
}
