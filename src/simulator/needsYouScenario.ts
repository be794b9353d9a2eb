// `--scenario needs-you`: drives a simulated run into the three states a person must resolve, the way the runner and
// agent get there: a task the agent gave up on lands in dead-letter, the code_review gate escalates and run.sh's
// gate-pause path writes signals/GATE_ESCALATION(.json) and PAUSE. After the person resumes, the gate passes again
// and the escalation signals are cleared.
import { updateQueueFile } from '../core/write/queueWriter';
import { isoZ } from './formats';
import type { LokiFiles } from './writers';

/** Scenarios the simulator can play. */
export const SCENARIOS = ['needs-you'] as const;
/** One scenario. */
export type Scenario = (typeof SCENARIOS)[number];

type Rec = Record<string, unknown>;
const isRec = (x: unknown): x is Rec => !!x && typeof x === 'object' && !Array.isArray(x);

/** Before the boundary check of the second iteration: dead-letter one pending task, escalate the gate, pause. */
export async function driveIntoNeedsYou(files: LokiFiles): Promise<void> {
  let taken: Rec | undefined;
  await updateQueueFile(files.abs('queue/pending.json'), q => {
    const i = q.tasks.findIndex(isRec);
    if (i >= 0) taken = q.tasks.splice(i, 1)[0] as Rec;
  });
  if (taken) {
    const dead = { ...taken, status: 'failed', retries: 3, lastError: 'Timed out three times waiting for the package registry', failedAt: isoZ() };
    await updateQueueFile(files.abs('queue/dead-letter.json'), q => { q.tasks.push(dead); });
  }
  await files.atomic('signals/GATE_ESCALATION.json', JSON.stringify({ action: 'escalate', gate: 'code_review', count: 3, threshold: 3, latest_artifact: null }, null, 2) + '\n');
  await files.inPlace('signals/GATE_ESCALATION', 'PAUSE\ncode_review gate failed 3 consecutive times\n');
  await files.inPlace('PAUSE', '');
}

/** After a resume: the review passes again, so the escalation signals go away. */
export async function clearGateEscalation(files: LokiFiles): Promise<void> {
  await files.remove('signals/GATE_ESCALATION.json');
  await files.remove('signals/GATE_ESCALATION');
}
