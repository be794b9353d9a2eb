import type { LogLevel } from '../domain';
import { isRecord, isoOrNull, isoTime, num, str } from './parseResult';

/** A decoded log line before the monitor assigns `seq` and `projectId`. */
export interface DrainedLog {
  timestamp: string | null;
  level: LogLevel;
  /** `.loki`-relative file. */
  source: string;
  message: string;
}

/** Longest message kept from one line: a stream-json line can hold a whole file. */
const MAX_MESSAGE = 10_000;
/** A tool result is shown as its first line; errors get more room because they are what the reader looks for. */
const MAX_RESULT_LINE = 300;
const MAX_ERROR_TEXT = 2_000;

// CSI sequences (colours, cursor moves) and OSC sequences (titles, hyperlinks) that terminals print.
const ANSI = /\u001b\[[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)|\u001b[@-Z\\-_]/g;
/** Lines made only of rule characters (run.sh banners, Codex `--------`, pytest `=====`). */
const SEPARATOR = /^[\s═─━=\-_*#~+|•·.]*$/;

/**
 * Which `.loki`-relative paths are tailed as logs: `logs/*.log` (agent.log, autonomy-*.log, background-*.log,
 * session-*.log, Bun iter-output-*.log) and the runner's extension-less `logs/iter-output-XXXXXX` captures.
 * Not the `logs/*.jsonl` audit files (pretty-printed JSON, see {@link parseAuditStream}) and not the archived
 * `human-input-*.md` directives.
 */
export function isLogFile(rel: string): boolean {
  const path = rel.replace(/\\/g, '/').replace(/^(\.\/)+/, '');
  const m = /^logs\/([^/]+)$/.exec(path);
  if (!m) return false;
  const name = m[1] ?? '';
  if (name.startsWith('.') || /\.tmp(\.|$)|\.lock$/.test(name)) return false;
  return name.endsWith('.log') || (name.startsWith('iter-output-') && !/\.(jsonl?|md)$/.test(name));
}

/**
 * Decodes one line of a log into a readable entry. Claude stream-json events (the runner tees raw NDJSON into
 * `agent.log` and `autonomy-*.log`, contract §9.12) become one message each; streaming deltas are dropped because
 * the complete `assistant` message follows them. Plain text passes through without ANSI escapes, with a level
 * guessed from its markers. Returns null for noise: blank lines and pure separators. Never throws.
 */
export function decodeLogLine(line: string, source: string): DrainedLog | null {
  if (typeof line !== 'string') return null;
  const trimmed = line.trim();
  if (trimmed.startsWith('{') && trimmed.endsWith('}')) {
    const rec = tryParse(trimmed);
    if (isRecord(rec)) return decodeJsonRecord(rec, source);
  }
  return decodePlain(line, source);
}

function tryParse(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function entry(level: LogLevel, message: string, source: string, timestamp: string | null = null): DrainedLog {
  return { timestamp, level, source, message: clip(message, MAX_MESSAGE) };
}

function clip(s: string, max: number): string {
  return s.length > max ? s.slice(0, max) + '…' : s;
}

// ---------------------------------------------------------------------------------------------
// Plain text
// ---------------------------------------------------------------------------------------------

function decodePlain(line: string, source: string): DrainedLog | null {
  // Most lines hold neither escapes nor carriage returns: skip those passes (log ingest runs this per line).
  let text = line.includes('\u001b') ? line.replace(ANSI, '') : line;
  if (text.includes('\r')) text = text.replace(/\r/g, '');
  text = text.trimEnd();
  if (SEPARATOR.test(text)) return null;
  const message = text.trimStart();
  return entry(guessLevel(message), message, source, plainTimestamp(message));
}

/** A level from the markers run.sh, pytest, Codex and shells print. Case-sensitive on purpose: "0 errors" is not an error. */
export function guessLevel(text: string): LogLevel {
  if (/\[(ERROR|FATAL|CRITICAL)\]|^(ERROR|FATAL|CRITICAL)\b|\b(ERROR|FATAL):|✗|❌|✘|^FAILED\b|^Traceback \(most recent call last\)|\b[A-Z][A-Za-z]*(Error|Exception)\b:|^E {2,}\S/.test(text)) {
    return 'error';
  }
  if (/\[(WARN|WARNING)\]|^(WARN|WARNING)\b|\b(WARN|WARNING):|⚠|\bexited [1-9]\d* in\b|\bexit code [1-9]/.test(text)) return 'warn';
  if (/\[DEBUG\]|^DEBUG\b|\bDEBUG:/.test(text)) return 'debug';
  return 'info';
}

let lastIso: { raw: string; value: string | null } = { raw: '', value: null };

/** Leading ISO (`2026-11-22T02:45:38Z`, `[2026-11-22 02:45:38]`) or run.sh banner dates (`... at Sun Nov 22 02:45:39 UTC 2026`). */
function plainTimestamp(text: string): string | null {
  const iso = /^\[?(\d{4}-\d\d-\d\d[T ]\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:?\d\d)?)\]?/.exec(text);
  if (iso?.[1]) {
    // Consecutive lines share their second: remember the last conversion (Date parse + format is the cost).
    if (iso[1] !== lastIso.raw) lastIso = { raw: iso[1], value: isoTime(iso[1].replace(' ', 'T')) };
    return lastIso.value;
  }
  const banner = /(?:NEW SESSION -|Session (?:started|ended) at) ([A-Z][a-z]{2} [A-Z][a-z]{2} +\d{1,2} \d\d:\d\d:\d\d UTC \d{4})/.exec(text);
  if (banner?.[1]) {
    return isoOrNull(Date.parse(banner[1]));
  }
  return null;
}

// ---------------------------------------------------------------------------------------------
// Stream-json and other JSON lines
// ---------------------------------------------------------------------------------------------

function decodeJsonRecord(rec: Record<string, unknown>, source: string): DrainedLog | null {
  const ts = isoTime(rec.timestamp);
  switch (rec.type) {
    case 'stream_event':
      return null;
    case 'system':
      return decodeSystem(rec, source, ts);
    case 'assistant':
      return decodeAssistant(rec, source, ts);
    case 'user':
      return decodeUser(rec, source, ts);
    case 'result':
      return decodeResult(rec, source, ts);
    default:
      return decodeOtherJson(rec, source, ts);
  }
}

function decodeSystem(rec: Record<string, unknown>, source: string, ts: string | null): DrainedLog {
  const subtype = str(rec.subtype, 100) ?? 'event';
  if (subtype !== 'init') return entry('debug', `System: ${subtype}`, source, ts);
  const parts: string[] = [];
  const model = str(rec.model, 200);
  if (model) parts.push(`model ${model}`);
  if (Array.isArray(rec.tools)) parts.push(`${rec.tools.length} tools`);
  const cwd = str(rec.cwd, 1000);
  if (cwd) parts.push(`cwd ${cwd}`);
  return entry('info', `Session init${parts.length ? ': ' + parts.join(', ') : ''}`, source, ts);
}

function contentBlocks(message: unknown): unknown[] {
  if (!isRecord(message)) return [];
  if (Array.isArray(message.content)) return message.content;
  return typeof message.content === 'string' ? [{ type: 'text', text: message.content }] : [];
}

function decodeAssistant(rec: Record<string, unknown>, source: string, ts: string | null): DrainedLog | null {
  const parts: string[] = [];
  let thinkingOnly = true;
  for (const block of contentBlocks(rec.message)) {
    if (!isRecord(block)) continue;
    if (block.type === 'text') {
      const text = str(block.text, MAX_MESSAGE)?.trim();
      if (text) {
        parts.push(text);
        thinkingOnly = false;
      }
    } else if (block.type === 'tool_use') {
      parts.push(describeToolUse(str(block.name, 100) ?? 'tool', block.input));
      thinkingOnly = false;
    } else if (block.type === 'thinking') {
      const text = str(block.thinking, MAX_MESSAGE)?.trim();
      if (text) parts.push(`Thinking: ${text}`);
    }
  }
  if (parts.length === 0) return null;
  return entry(thinkingOnly ? 'debug' : 'info', parts.join('\n'), source, ts);
}

/** `Tool: Edit /abs/src/app.ts`, `Tool: Bash python3 -m pytest -q`, `Tool: Task general-purpose: Scaffold ...`. */
export function describeToolUse(name: string, input: unknown): string {
  const head = `Tool: ${name}`;
  if (!isRecord(input)) return head;
  const s = (k: string): string | undefined => str(input[k], 1000)?.trim() || undefined;
  const firstLine = (x: string): string => clip(x.split('\n')[0] ?? '', 200);
  if (name === 'TodoWrite' && Array.isArray(input.todos)) {
    const todos = input.todos.filter(isRecord);
    const active = todos.filter(t => t.status === 'in_progress').length;
    const done = todos.filter(t => t.status === 'completed').length;
    return `${head} ${todos.length} todos (${active} in progress, ${done} done)`;
  }
  if (name === 'Task' || name === 'Agent') {
    const who = s('subagent_type');
    const what = s('description');
    return [head, who && `${who}:`, what && firstLine(what)].filter(Boolean).join(' ');
  }
  const command = s('command');
  if (command) {
    const desc = s('description');
    return `${head} ${firstLine(command)}${desc ? ` (${firstLine(desc)})` : ''}`;
  }
  const path = s('file_path') ?? s('notebook_path') ?? s('path');
  const pattern = s('pattern') ?? s('query') ?? s('url');
  const detail = [pattern && firstLine(pattern), path].filter(Boolean).join(' in ');
  if (detail) return `${head} ${detail}`;
  const firstString = Object.values(input).find((v): v is string => typeof v === 'string' && v.trim() !== '');
  return firstString ? `${head} ${firstLine(firstString)}` : head;
}

function resultText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) {
    return content
      .map(c => (isRecord(c) && typeof c.text === 'string' ? c.text : ''))
      .filter(Boolean)
      .join('\n');
  }
  return '';
}

function decodeUser(rec: Record<string, unknown>, source: string, ts: string | null): DrainedLog | null {
  const out: string[] = [];
  let level: LogLevel = 'info';
  for (const block of contentBlocks(rec.message)) {
    if (!isRecord(block)) continue;
    if (block.type === 'tool_result') {
      const text = resultText(block.content).trim();
      if (block.is_error === true) {
        level = 'error';
        out.push(`Tool error: ${clip(text || '(no output)', MAX_ERROR_TEXT)}`);
      } else {
        const lines = text.split('\n');
        const more = lines.length > 1 ? ` (+${lines.length - 1} more lines)` : '';
        out.push(`↳ ${clip(lines[0]?.trim() || '(no output)', MAX_RESULT_LINE)}${more}`);
      }
    } else if (block.type === 'text') {
      const text = str(block.text, MAX_MESSAGE)?.trim();
      if (text) out.push(`User: ${clip(text, MAX_RESULT_LINE)}`);
    }
  }
  return out.length ? entry(level, out.join('\n'), source, ts) : null;
}

function decodeResult(rec: Record<string, unknown>, source: string, ts: string | null): DrainedLog {
  const subtype = str(rec.subtype, 100) ?? 'done';
  const failed = rec.is_error === true || subtype.startsWith('error');
  const facts: string[] = [];
  const cost = num(rec.total_cost_usd) ?? num(rec.cost_usd);
  if (cost !== undefined) facts.push(`$${cost.toFixed(4)}`);
  const usage = isRecord(rec.usage) ? rec.usage : {};
  const tin = num(usage.input_tokens);
  const tout = num(usage.output_tokens);
  if (tin !== undefined || tout !== undefined) facts.push(`${(tin ?? 0).toLocaleString('en-US')} in / ${(tout ?? 0).toLocaleString('en-US')} out tokens`);
  const ms = num(rec.duration_ms);
  if (ms !== undefined) facts.push(`${(ms / 1000).toFixed(1)} s`);
  const turns = num(rec.num_turns);
  if (turns !== undefined) facts.push(`${turns} turns`);
  const text = str(rec.result, MAX_ERROR_TEXT)?.trim();
  const message = `Result (${subtype})${text ? ': ' + text : ''}${facts.length ? ` [${facts.join(', ')}]` : ''}`;
  return entry(failed ? 'error' : 'info', message, source, ts);
}

/** JSON that is not Claude stream-json: structured loggers (`level` + `message`), or anything else in short form. */
function decodeOtherJson(rec: Record<string, unknown>, source: string, ts: string | null): DrainedLog | null {
  const msg = str(rec.message, MAX_MESSAGE) ?? str(rec.msg, MAX_MESSAGE);
  const lvl = (str(rec.level, 20) ?? str(rec.severity, 20) ?? '').toLowerCase();
  const level: LogLevel | null =
    lvl === 'error' || lvl === 'fatal' || lvl === 'critical' ? 'error' : lvl.startsWith('warn') ? 'warn' : lvl === 'debug' || lvl === 'trace' ? 'debug' : lvl === 'info' ? 'info' : null;
  if (msg !== undefined) return entry(level ?? guessLevel(msg), msg, source, ts);
  const type = str(rec.type, 100);
  const raw = clip(JSON.stringify(rec), MAX_RESULT_LINE);
  return entry(level ?? 'debug', type ? `${type}: ${raw}` : raw, source, ts);
}

// ---------------------------------------------------------------------------------------------
// Audit files
// ---------------------------------------------------------------------------------------------

/** Most records taken from one audit text; a runaway file must not exhaust memory. */
const MAX_AUDIT_RECORDS = 50_000;

/**
 * Reads `logs/audit-*.jsonl` and `logs/agent-audit.jsonl`, which hold pretty-printed JSON objects one after another
 * (not one per line). Scans for balanced top-level objects, honouring strings and escapes; an object that does not
 * parse or never closes (half-written tail, garbage) is skipped and scanning goes on. Never throws.
 */
export function parseAuditStream(text: string): Array<Record<string, unknown>> {
  const out: Array<Record<string, unknown>> = [];
  if (typeof text !== 'string') return out;
  let depth = 0;
  let start = -1;
  let inString = false;
  let escaped = false;
  for (let i = 0; i < text.length && out.length < MAX_AUDIT_RECORDS; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (escaped) escaped = false;
      else if (c === 0x5c) escaped = true;
      else if (c === 0x22) inString = false;
      // JSON strings cannot hold a raw newline: this one was cut off, so resume scanning structure.
      else if (c === 0x0a) inString = false;
      if (inString || c !== 0x0a) continue;
    }
    const lineStart = i === 0 || text.charCodeAt(i - 1) === 0x0a;
    if (c === 0x22 && depth > 0) inString = true;
    else if (c === 0x7b) {
      // Records are pretty-printed with nested braces indented, so a brace in column 0 starts a new record even
      // when the previous one was never closed (a writer killed mid-record).
      if (depth === 0 || lineStart) {
        start = i;
        depth = 0;
      }
      depth++;
    } else if (c === 0x7d && depth > 0) {
      depth--;
      if (depth === 0) {
        const rec = tryParse(text.slice(start, i + 1));
        if (isRecord(rec)) out.push(rec);
      }
    }
  }
  return out;
}
