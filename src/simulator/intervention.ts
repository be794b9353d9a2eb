// `check_human_intervention` (run.sh:25080-25306): control files are read only at iteration boundaries, in the order
// PAUSE → PAUSE_AT_CHECKPOINT → HUMAN_INPUT.md → STOP.
import { promises as fs } from 'node:fs';
import type { Logger } from '../core/logger';
import type { SimClock } from './clock';
import { localStamp } from './formats';
import type { LokiFiles } from './writers';

/** What the boundary check needs from the run. */
export interface InterventionContext {
  files: LokiFiles;
  clock: SimClock;
  log: Logger;
  /** LOKI_PROMPT_INJECTION === 'true' (the exact string; `=1` does not count, contract §9.9). */
  promptInjection: boolean;
  /** save_state with a new status (paused while blocked). */
  saveStatus(status: string): Promise<void>;
}

/** What the boundary decided. `directive` is accepted human input for the next prompt. */
export interface BoundaryResult {
  stop: boolean;
  paused: boolean;
  directive: string | null;
}

const MAX_INPUT = 1024 * 1024;

const PAUSED_MD = `# Loki Mode - Paused

Execution is currently paused. Options:

1. **Resume**: Press Enter in terminal or \`rm .loki/PAUSE\`
2. **Add Instructions**: \`echo "Focus on fixing the login bug" > .loki/HUMAN_INPUT.md\`
3. **Stop**: \`touch .loki/STOP\`

Current state is saved. You can inspect:
- \`.loki/CONTINUITY.md\` - Progress and context
- \`.loki/STATUS.txt\` - Current status
- \`.loki/logs/\` - Session logs
`;

/** Runs the boundary checks; blocks while paused. */
export async function checkHumanIntervention(ctx: InterventionContext): Promise<BoundaryResult> {
  const f = ctx.files;
  const result: BoundaryResult = { stop: false, paused: false, directive: null };
  if (await f.exists('PAUSE_AT_CHECKPOINT')) {
    await f.remove('PAUSE_AT_CHECKPOINT');
    await f.inPlace('PAUSE', '');
  }
  if (await f.exists('PAUSE')) {
    result.paused = true;
    if ((await handlePause(ctx)) === 'stop') {
      await f.remove('STOP');
      result.stop = true;
      return result;
    }
  }
  result.directive = await consumeHumanInput(ctx);
  if (await f.exists('STOP')) {
    ctx.log.info('STOP file found; stopping at the iteration boundary');
    await f.remove('STOP');
    result.stop = true;
  }
  return result;
}

async function handlePause(ctx: InterventionContext): Promise<'resume' | 'stop'> {
  const f = ctx.files;
  const interventions = await f.readJson<{ count?: number }>('state/interventions.json', {});
  await f.atomic('state/interventions.json', JSON.stringify({ count: (interventions.count ?? 0) + 1, basis: 'blocking pauses that waited on a human' }) + '\n');
  await ctx.saveStatus('paused');
  await f.inPlace('PAUSED.md', PAUSED_MD);
  ctx.log.info('PAUSE found; waiting until it is removed');
  for (;;) {
    if (await f.exists('STOP')) return 'stop'; // during a blocking pause STOP wins
    if (!(await f.exists('PAUSE'))) break;
    await ctx.clock.sleep(1);
  }
  await f.remove('PAUSED.md');
  ctx.log.info('PAUSE removed; resuming');
  return 'resume';
}

/** HUMAN_INPUT.md security rules (run.sh:25166-25219): symlink deleted, >1 MiB quarantined, injection only when enabled. */
async function consumeHumanInput(ctx: InterventionContext): Promise<string | null> {
  const f = ctx.files;
  const file = f.abs('HUMAN_INPUT.md');
  const st = await fs.lstat(file).catch(() => null);
  if (!st) return null;
  if (st.isSymbolicLink()) {
    ctx.log.warn('HUMAN_INPUT.md is a symlink; deleted without reading it');
    await fs.rm(file, { force: true });
    return null;
  }
  if (!st.isFile()) return null;
  await f.mkdirs(['logs']);
  const stamp = localStamp();
  if (st.size > MAX_INPUT) {
    await fs.rename(file, f.abs(`logs/human-input-REJECTED-TOOLARGE-${stamp}.md`));
    return null;
  }
  if (!ctx.promptInjection) {
    await fs.rename(file, f.abs(`logs/human-input-REJECTED-${stamp}.md`));
    return null;
  }
  const text = await fs.readFile(file, 'utf8').catch(() => '');
  if (!text.trim()) {
    await fs.rm(file, { force: true });
    return null;
  }
  await fs.rename(file, f.abs(`logs/human-input-${stamp}.md`));
  return text;
}
