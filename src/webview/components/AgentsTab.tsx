// Agents table: active agents first; finished ones collapsed unless asked for.
import type { Agent } from '../../core/domain';
import { formatDuration, since } from '../model/format';
import { usePersisted } from '../vscodeApi';
import { useNow } from './useNow';

/** Props of the agents tab. */
export interface AgentsTabProps {
  agents: Agent[];
  projectNames: Readonly<Record<string, string>> | null;
}

function AgentRows({ agents, now, projectNames }: { agents: Agent[]; now: number; projectNames: AgentsTabProps['projectNames'] }) {
  return (
    <>
      {agents.map(a => {
        const end = a.completedAt ? Date.parse(a.completedAt) : now;
        const run = since(a.spawnedAt, Number.isNaN(end) ? now : end);
        return (
          <tr key={a.id} class={`agent st-${a.status}`}>
            <td class="mono">{a.id}</td>
            <td>{a.type || a.name}</td>
            <td>{a.model ?? '—'}</td>
            <td><span class={`codicon ${a.status === 'active' ? 'codicon-play-circle' : a.status === 'crashed' ? 'codicon-error' : 'codicon-pass'}`} aria-hidden="true" /> {a.status}</td>
            <td>{a.currentTask ?? '—'}</td>
            <td>{run != null ? formatDuration(run) : '—'}</td>
            <td class="num">{a.toolCount ?? '—'}</td>
            {projectNames && <td>{projectNames[a.projectId] ?? a.projectId}</td>}
          </tr>
        );
      })}
    </>
  );
}

/** The agents tab. */
export function AgentsTab({ agents, projectNames }: AgentsTabProps) {
  const now = useNow(1000);
  const [showFinished, setShowFinished] = usePersisted('showFinishedAgents', false);
  const active = agents.filter(a => a.status === 'active');
  const finished = agents.filter(a => a.status !== 'active');
  if (agents.length === 0) return <p class="empty">No agents yet. Agents appear while a Loki session runs.</p>;
  return (
    <div class="agents">
      <table class="grid">
        <caption class="sr-only">Agents</caption>
        <thead><tr>
          <th scope="col">Id</th><th scope="col">Type</th><th scope="col">Model</th><th scope="col">Status</th>
          <th scope="col">Current task</th><th scope="col">Running time</th><th scope="col" class="num">Tools</th>
          {projectNames && <th scope="col">Project</th>}
        </tr></thead>
        <tbody>
          <AgentRows agents={active} now={now} projectNames={projectNames} />
        </tbody>
        {finished.length > 0 && (
          <tbody>
            <tr><td colSpan={projectNames ? 8 : 7}>
              <button type="button" class="link-btn finished-toggle" aria-expanded={showFinished} onClick={() => setShowFinished(!showFinished)}>
                <span class={`codicon ${showFinished ? 'codicon-chevron-down' : 'codicon-chevron-right'}`} aria-hidden="true" />
                {' '}{finished.length} finished
              </button>
            </td></tr>
            {showFinished && <AgentRows agents={finished} now={now} projectNames={projectNames} />}
          </tbody>
        )}
      </table>
    </div>
  );
}
