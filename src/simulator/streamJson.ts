// Claude Code `--output-format stream-json` lines, as the runner tees them raw into logs/agent.log and
// logs/autonomy-YYYYMMDD.log (contract §9.12). Shapes copied from the claude-todo fixture.
import { pyJson, uuid, hex } from './formats';

/** Token usage of one turn or a whole iteration. */
export interface Usage {
  input: number;
  output: number;
  cacheRead: number;
  cacheCreation: number;
}

const MODEL = 'claude-sonnet-4-5-20250929';
/** Sonnet list prices in USD per token (pricing.json: input 3, output 15 per 1M; cache read 0.1x, cache write 1.25x). */
const PRICE = { input: 3e-6, output: 15e-6, cacheRead: 0.3e-6, cacheCreation: 3.75e-6 };

/** Cost in USD of `u`, rounded like the CLI's `total_cost_usd`. */
export function costOf(u: Usage): number {
  return Math.round((u.input * PRICE.input + u.output * PRICE.output + u.cacheRead * PRICE.cacheRead + u.cacheCreation * PRICE.cacheCreation) * 1e6) / 1e6;
}

const rnd = (lo: number, hi: number): number => lo + Math.floor(Math.random() * (hi - lo + 1));

/** One Claude session (one iteration): builds its lines and accumulates usage. */
export class ClaudeStream {
  readonly sessionId = uuid();
  readonly total: Usage = { input: 0, output: 0, cacheRead: 0, cacheCreation: 0 };
  turns = 0;
  private context = rnd(15_000, 20_000);

  constructor(private readonly cwd: string) {}

  /** Tokens in the model's context now (what the context tracker reports as window use). */
  get contextTokens(): number {
    return this.context;
  }

  private envelope(extra: Record<string, unknown>): string {
    return pyJson({ ...extra, parent_tool_use_id: null, session_id: this.sessionId, uuid: uuid() });
  }

  private turnUsage(output: number): Record<string, unknown> {
    const u = { input: rnd(2, 12), output, cacheRead: this.context, cacheCreation: rnd(300, 2500) };
    this.context += u.cacheCreation + rnd(500, 3000);
    this.total.input += u.input;
    this.total.output += u.output;
    this.total.cacheRead += u.cacheRead;
    this.total.cacheCreation += u.cacheCreation;
    this.turns++;
    return { input_tokens: u.input, cache_creation_input_tokens: u.cacheCreation, cache_read_input_tokens: u.cacheRead, output_tokens: u.output, service_tier: 'standard' };
  }

  private assistant(content: unknown[], output: number): string {
    return this.envelope({
      type: 'assistant',
      message: { model: MODEL, id: `msg_${hex(24)}`, type: 'message', role: 'assistant', content, stop_reason: null, stop_sequence: null, usage: this.turnUsage(output) },
    });
  }

  /** The `system/init` line. */
  init(): string {
    return pyJson({
      type: 'system', subtype: 'init', cwd: this.cwd, session_id: this.sessionId,
      tools: ['Task', 'Bash', 'Glob', 'Grep', 'Read', 'Edit', 'Write', 'TodoWrite', 'WebFetch'], mcp_servers: [], model: MODEL,
      permissionMode: 'bypassPermissions', slash_commands: [], apiKeySource: 'none', claude_code_version: '2.1.170',
      output_style: 'default', agents: ['general-purpose'], uuid: uuid(),
    });
  }

  /** An assistant text message. */
  text(text: string): string {
    return this.assistant([{ type: 'text', text }], rnd(30, 120));
  }

  /** An assistant tool call; returns the line and the tool id for its result. */
  toolUse(name: string, input: Record<string, unknown>): { line: string; id: string } {
    const id = `toolu_${hex(24)}`;
    return { line: this.assistant([{ type: 'tool_use', id, name, input }], rnd(40, 600)), id };
  }

  /** The user-role tool_result line for `id`. */
  toolResult(id: string, content: string, isError = false): string {
    return this.envelope({ type: 'user', message: { role: 'user', content: [{ tool_use_id: id, type: 'tool_result', content, is_error: isError }] } });
  }

  /** The final `result` line with usage and total_cost_usd. */
  result(text: string, durationMs: number, isError: boolean): string {
    const t = this.total;
    const cost = costOf(t);
    return pyJson({
      type: 'result', subtype: isError ? 'error_during_execution' : 'success', is_error: isError, duration_ms: durationMs,
      duration_api_ms: Math.round(durationMs * 0.8), num_turns: this.turns, result: text, session_id: this.sessionId, total_cost_usd: cost,
      usage: { input_tokens: t.input, output_tokens: t.output, cache_read_input_tokens: t.cacheRead, cache_creation_input_tokens: t.cacheCreation, server_tool_use: { web_search_requests: 0 }, service_tier: 'standard' },
      modelUsage: { [MODEL]: { inputTokens: t.input, outputTokens: t.output, cacheReadInputTokens: t.cacheRead, cacheCreationInputTokens: t.cacheCreation, webSearchRequests: 0, costUSD: cost, contextWindow: 200000 } },
      permission_denials: [], uuid: uuid(),
    });
  }
}
