// What a person watching a run wants next to the board: the RARV step and the memory summary
// (topic counts, key decisions, token savings). One line; the decisions open on demand.
import { useState } from 'preact/hooks';
import type { MemoryInfo, Session } from '../../core/domain';

const RARV = ['Reason', 'Act', 'Reflect', 'Verify'];

/** Props of the strip. */
export interface RunStripProps {
  session: Session;
  memory: MemoryInfo | null;
}

/** The strip; nothing when neither the step nor memory is known. */
export function RunStrip({ session, memory }: RunStripProps) {
  const [open, setOpen] = useState(false);
  const step = session.rarvStep;
  if (step === null && !memory) return null;
  const types = memory ? Object.entries(memory.topicsByType).map(([t, n]) => `${n} ${t}${n === 1 ? '' : 's'}`).join(', ') : '';
  return (
    <div class="run-strip" role="group" aria-label="Run details">
      {step !== null && (
        <span class="rarv" aria-label={`RARV step ${RARV[step] ?? step}`}>
          {RARV.map((name, i) => <span key={name} class={`rarv-step${i === step ? ' current' : ''}`}>{name}</span>)}
        </span>
      )}
      {memory && (
        <span class="memory">
          <span class="codicon codicon-database" aria-hidden="true" /> Memory: {memory.topics} topic{memory.topics === 1 ? '' : 's'}{types ? ` (${types})` : ''}
          {memory.episodes !== null && ` · ${memory.episodes} episodes`}
          {memory.economics && ` · ${Math.round(memory.economics.savingsPercent)} % tokens saved`}
          {memory.keyDecisions.length > 0 && (
            <button type="button" class="link-btn" aria-expanded={open} onClick={() => setOpen(o => !o)}> · {memory.keyDecisions.length} key decision{memory.keyDecisions.length === 1 ? '' : 's'}</button>
          )}
        </span>
      )}
      {open && memory && (
        <ul class="decisions">
          {memory.keyDecisions.map((d, i) => <li key={i}>{d.text}{d.timestamp ? <span class="need-meta"> · {d.timestamp.slice(0, 16).replace('T', ' ')}</span> : null}</li>)}
        </ul>
      )}
    </div>
  );
}
