// Quality: gates, council verdicts, checklist summary and notifications, when the runner writes them.
import type { QualityInfo } from '../../core/domain';

function gateIcon(status: string): string {
  if (/^pass/i.test(status)) return 'codicon-pass ok';
  if (/^fail/i.test(status)) return 'codicon-error bad';
  return 'codicon-circle-large-outline';
}

/** The quality tab of one project. */
export function QualityTab({ quality: q }: { quality: QualityInfo | null }) {
  if (!q) return <p class="empty">Choose a project to see its quality gates.</p>;
  const nothing = q.gates.length === 0 && !q.council && !q.checklist && q.notifications.length === 0;
  if (nothing) return <p class="empty">No quality information yet. Gates, council verdicts and checklists appear when the runner writes them.</p>;
  return (
    <div class="quality">
      {q.gates.length > 0 && (
        <section><h2>Gates</h2>
          <ul class="gates">{q.gates.map(g => (
            <li key={g.name}><span class={`codicon ${gateIcon(g.status)}`} aria-hidden="true" /> <strong>{g.name}</strong>: {g.status}{g.detail && <span class="muted"> — {g.detail}</span>}</li>
          ))}</ul>
        </section>
      )}
      {q.council && (
        <section><h2>Council</h2>
          <p>{q.council.enabled ? 'Enabled' : 'Disabled'} · {q.council.approve} approve · {q.council.reject} reject</p>
          {q.council.verdicts.length > 0 && (
            <table class="grid"><thead><tr><th scope="col">Iteration</th><th scope="col">Result</th><th scope="col">Approve</th><th scope="col">Reject</th><th scope="col">Time</th></tr></thead>
              <tbody>{q.council.verdicts.map((v, i) => (
                <tr key={i}><td>{v.iteration ?? '—'}</td><td>{v.result}</td><td class="num">{v.approve}</td><td class="num">{v.reject}</td><td>{v.timestamp ?? '—'}</td></tr>
              ))}</tbody></table>
          )}
        </section>
      )}
      {q.checklist && (
        <section><h2>Checklist</h2>
          <p>{q.checklist.verified} of {q.checklist.total} verified · {q.checklist.failing} failing · {q.checklist.pending} pending</p>
        </section>
      )}
      {q.notifications.length > 0 && (
        <section><h2>Notifications</h2>
          <ul class="notifications">{q.notifications.map(n => (
            <li key={n.id} class={`sev-${n.severity} ${n.acknowledged ? 'acked' : ''}`}>
              <span class={`codicon ${n.severity === 'critical' ? 'codicon-error bad' : n.severity === 'warning' ? 'codicon-warning warnc' : 'codicon-info'}`} aria-hidden="true" />
              {' '}{n.message}{n.timestamp && <span class="muted"> · {n.timestamp}</span>}
            </li>
          ))}</ul>
        </section>
      )}
    </div>
  );
}
