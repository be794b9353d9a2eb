// Checkpoints per project as the host sends them (`checkpoints/list`), and the actions the dashboard can ask for.
// Kept apart from the board state: checkpoints are not versioned deltas, each message replaces one project's list.
import { createContext } from 'preact';
import { useContext, useEffect, useMemo, useState } from 'preact/hooks';
import type { CheckpointInfo } from '../core/domain';
import { isHostMessage } from '../core/protocol';
import type { CheckpointAction } from '../core/protocol';
import type { VsCodeApi } from './vscodeApi';
import type { UiState } from './model/uiState';

/** What cards and the detail panel read. */
export interface CheckpointsView {
  byProject: Readonly<Record<string, CheckpointInfo[]>>;
  run: (projectId: string, action: CheckpointAction, ids: { checkpointId?: string; taskId?: string }) => void;
}

/** Empty until the host sends lists; cards show no marker then. */
export const Checkpoints = createContext<CheckpointsView>({ byProject: {}, run: () => undefined });

/** Listens for `checkpoints/list` and posts `checkpoint/run`. */
export function useCheckpointsFromHost(api: VsCodeApi<UiState>): CheckpointsView {
  const [byProject, setByProject] = useState<Record<string, CheckpointInfo[]>>({});
  useEffect(() => {
    const onMessage = (ev: MessageEvent) => {
      const msg: unknown = ev.data;
      if (isHostMessage(msg) && msg.type === 'checkpoints/list') setByProject(m => ({ ...m, [msg.projectId]: msg.checkpoints }));
    };
    window.addEventListener('message', onMessage);
    return () => window.removeEventListener('message', onMessage);
  }, []);
  return useMemo(() => ({
    byProject,
    run: (projectId, action, ids) => api.postMessage({ type: 'checkpoint/run', projectId, action, checkpointId: ids.checkpointId ?? null, taskId: ids.taskId ?? null }),
  }), [byProject, api]);
}

/** The checkpoints context. */
export function useCheckpoints(): CheckpointsView {
  return useContext(Checkpoints);
}
