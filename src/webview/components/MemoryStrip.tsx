// Memory next to the board: topic counts (`memory/index.json`), token savings (`token_economics.json`) and the key
// decisions (`timeline.json`), on one line; the decisions open on demand. (The RARV step is in the header.)
import { useState } from 'preact/hooks';
import type { MemoryInfo } from '../../core/domain';

/** Props of the strip. */
export interface MemoryStripProps {
  memory: MemoryInfo | null;
}

/** The strip; nothing when the run keeps no memory files. */
export function MemoryStrip({ memory }: MemoryStripProps) {
  const [open, setOpen] = useState(false);
  if (!memory) return null;
  const types = Object.entries(memory.topicsByType).map(([t, n]) => `${n} ${t}${n === 1 ? '' : 's'}`).join(', ');
  const decisions = memory.keyDecisions.length;
  return (
    <div class="run-strip" role="group" aria-label="Memory">
      <span class="memory">
        <span class="codicon codicon-database" aria-hidden="true" /> Memory: {memory.topics} topic{memory.topics === 1 ? '' : 's'}{types ? ` (${types})` : ''}
        {memory.episodes !== null && ` · ${memory.episodes} episodes`}
        {memory.economics && ` · ${Math.round(memory.economics.savingsPercent)} % tokens saved`}
        {decisions > 0 && (
          <button type="button" class="link-btn" aria-expanded={open} onClick={() => setOpen(o => !o)}> · {decisions} key decision{decisions === 1 ? '' : 's'}</button>
        )}
      </span>
      {open && (
        <ul class="decisions">
          {memory.keyDecisions.map((d, i) => <li key={i}>{d.text}{d.timestamp ? <span class="need-meta"> · {d.timestamp.slice(0, 16).replace('T', ' ')}</span> : null}</li>)}
        </ul>
      )}
    </div>
  );
}
