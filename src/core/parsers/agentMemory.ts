// state/agents.json is clobbered to `[]` every 2 s and the stream parser's list only holds what it currently tracks
// (contract §3.4, §9.2): a session's known agents must survive both.
import type { Agent } from '../domain';

/** Sessions whose agents are remembered (the current one and a few before it). */
const MAX_SESSIONS = 5;

/** Agents per session, keyed by tool_id, updated only by non-empty lists. */
export class AgentMemory {
  private readonly bySession = new Map<string, Map<string, Agent>>();

  /** Merges a parsed list into the session's agents; an empty list changes nothing, absent agents keep their last record. */
  remember(sessionId: string, list: readonly Agent[]): void {
    if (list.length === 0) return;
    let known = this.bySession.get(sessionId);
    if (!known) {
      known = new Map();
      this.bySession.set(sessionId, known);
      for (const old of this.bySession.keys()) {
        if (this.bySession.size <= MAX_SESSIONS) break;
        this.bySession.delete(old);
      }
    }
    for (const a of list) known.set(a.id, a);
  }

  /** The session's agents in first-seen order. */
  agents(sessionId: string): Agent[] {
    return [...(this.bySession.get(sessionId)?.values() ?? [])];
  }
}
