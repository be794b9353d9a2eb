// Start/pause/resume/stop, send input and add task. The host performs them through svc.sessions.
import { useState } from 'preact/hooks';
import type { SessionAction } from '../../core/protocol';
import type { Session } from '../../core/domain';
import { valueOf } from './elementEvents';

/** Props of the controls. */
export interface SessionControlsProps {
  session: Session;
  /** Null when writing is allowed, else why not (shown as the tooltip). */
  disabledReason: string | null;
  onAction: (action: SessionAction) => void;
  onSendInput: (text: string) => Promise<boolean>;
  onAddTask: () => void;
}

const ACTIONS: Array<{ action: SessionAction; label: string; icon: string; when: (s: Session) => boolean }> = [
  { action: 'start', label: 'Start', icon: 'play', when: s => !['running', 'paused', 'starting', 'stopping'].includes(s.status) },
  { action: 'pause', label: 'Pause', icon: 'debug-pause', when: s => s.status === 'running' },
  { action: 'resume', label: 'Resume', icon: 'debug-continue', when: s => s.status === 'paused' },
  { action: 'stop', label: 'Stop', icon: 'debug-stop', when: s => ['running', 'paused', 'starting'].includes(s.status) },
];

/** The session buttons and the send-input box. */
export function SessionControls({ session, disabledReason, onAction, onSendInput, onAddTask }: SessionControlsProps) {
  const [inputOpen, setInputOpen] = useState(false);
  const [text, setText] = useState('');
  const locked = disabledReason !== null;
  const canInput = ['running', 'paused', 'starting'].includes(session.status);
  const send = async (e: Event) => {
    e.preventDefault();
    if (!text.trim()) return;
    if (await onSendInput(text)) { setText(''); setInputOpen(false); }
  };
  return (
    <div class="controls" role="toolbar" aria-label="Session controls">
      {ACTIONS.map(a => {
        const applicable = a.when(session);
        const tip = disabledReason ?? (applicable ? `${a.label} the session` : `${a.label} is not available while the session is ${session.status}`);
        return (
          <span key={a.action} title={tip}>
            <vscode-button class={`ctl-${a.action}`} icon={a.icon} secondary={a.action !== 'start'} disabled={locked || !applicable}
              aria-label={`${a.label} session`} onClick={() => onAction(a.action)}>{a.label}</vscode-button>
          </span>
        );
      })}
      <span title={disabledReason ?? (canInput ? 'Send text to the running agent' : 'No running session to send input to')}>
        <vscode-button class="ctl-input" icon="comment" secondary disabled={locked || !canInput} onClick={() => setInputOpen(o => !o)}>Send input</vscode-button>
      </span>
      <span title={disabledReason ?? 'Add a task to the queue'}>
        <vscode-button class="ctl-add" icon="add" secondary disabled={locked} onClick={onAddTask}>Add task</vscode-button>
      </span>
      {inputOpen && !locked && (
        <form class="input-form" onSubmit={send} onKeyDown={e => {
          if (e.key === 'Escape') setInputOpen(false);
          else if (e.key === 'Enter') void send(e);
        }}>
          <vscode-textfield class="input-text" placeholder="Message for the agent" aria-label="Message for the agent" value={text} autofocus
            onInput={e => setText(valueOf(e))} />
          <vscode-button class="input-send" disabled={!text.trim()} onClick={send}>Send</vscode-button>
        </form>
      )}
    </div>
  );
}
