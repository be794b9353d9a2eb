import type { Agent, AgentStatus } from '../domain';
import type { ParseResult } from './parseResult';
import { fail, isRecord, isoTime, num, ok, parseJson, str } from './parseResult';

/** Longest text kept from one agent field: agent files are runner-written, but a runaway description must not bloat the UI. */
const MAX_TEXT = 10_000;
/** Ids and names are keys and labels, never prose. */
const MAX_ID = 500;
/** More records than any real run spawns; the rest is dropped rather than flooding the tree view. */
const MAX_AGENTS = 1_000;

/**
 * Parses `state/agents.json` (contract §3.4). The file alternates between the stream parser's list and `[]`
 * every 2 s, and is truncated and rewritten in place, so an empty file is reported as a problem (keep the last
 * good value) while `[]` is a valid, empty list.
 *
 * `Agent.id` is the record's `tool_id`: every sub-agent of a run shares the same `agent_id` (`agent-toolu_01`,
 * from `tool_id[:8]`), so only `tool_id` tells them apart. Records without any id are skipped; duplicate ids keep
 * the last record (the stream parser upserts, so the later one is newer).
 */
export function parseAgents(text: string, ctx: { projectId: string; sessionId: string }): ParseResult<Agent[]> {
  const parsed = parseJson(text);
  if (!parsed.ok) return parsed;
  const list = agentList(parsed.value);
  if (!list) return fail(`expected a JSON array of agents, got ${describe(parsed.value)}`);
  const byId = new Map<string, Agent>();
  for (const rec of list.slice(0, MAX_AGENTS)) {
    const agent = toAgent(rec, ctx);
    if (agent) {
      byId.delete(agent.id);
      byId.set(agent.id, agent);
    }
  }
  return ok([...byId.values()]);
}

/** The array itself, or the list inside an `{"agents": [...]}` wrapper (the Bun SDK parser and hand edits). */
function agentList(x: unknown): unknown[] | null {
  if (Array.isArray(x)) return x as unknown[];
  if (isRecord(x) && Array.isArray(x.agents)) return x.agents as unknown[];
  return null;
}

function toAgent(rec: unknown, ctx: { projectId: string; sessionId: string }): Agent | null {
  if (!isRecord(rec)) return null;
  const agentId = str(rec.agent_id, MAX_ID) ?? str(rec.id, MAX_ID);
  const id = str(rec.tool_id, MAX_ID) ?? agentId;
  if (id === undefined || id.trim() === '') return null;
  const type = str(rec.agent_type, MAX_ID) ?? str(rec.type, MAX_ID) ?? 'agent';
  const count = num(rec.tool_count);
  return {
    id,
    projectId: ctx.projectId,
    sessionId: ctx.sessionId,
    name: agentName(id, agentId, type),
    type,
    model: str(rec.model, MAX_ID) ?? null,
    status: agentStatus(rec),
    currentTask: str(rec.current_task, MAX_TEXT) ?? str(rec.task, MAX_TEXT) ?? null,
    spawnedAt: isoTime(rec.spawned_at),
    completedAt: isoTime(rec.completed_at) ?? isoTime(rec.crashed_at),
    toolCount: count !== undefined && count >= 0 ? Math.floor(count) : null,
  };
}

/**
 * A label that tells sub-agents apart: the orchestrator's `agent_id` equals its `tool_id` and is used as is;
 * sub-agents share one `agent_id`, so they are named by type plus the tail of their unique tool id.
 */
function agentName(id: string, agentId: string | undefined, type: string): string {
  if (agentId !== undefined && agentId === id) return agentId;
  const tail = id.length > 6 ? id.slice(-6) : id;
  return `${type} ${tail}`;
}

/** active|completed|crashed; anything else (missing, `running`, `failed`...) is mapped onto the nearest. */
function agentStatus(rec: Record<string, unknown>): AgentStatus {
  const s = (str(rec.status, 50) ?? '').toLowerCase();
  if (s === 'crashed' || s === 'failed' || s === 'error' || s === 'killed' || rec.crashed_at !== undefined) return 'crashed';
  if (s === 'completed' || s === 'done' || s === 'finished' || s === 'stopped') return 'completed';
  if (s === '' && rec.completed_at !== undefined) return 'completed';
  return 'active';
}

function describe(x: unknown): string {
  if (x === null) return 'null';
  if (Array.isArray(x)) return 'an array';
  return typeof x === 'object' ? 'an object' : `a ${typeof x}`;
}
