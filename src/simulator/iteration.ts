// One runner iteration: track_iteration_start, the provider call (a scripted Claude session that really edits the
// queue the way the fixtures' agent did), then track_iteration_complete and the post-iteration bookkeeping.
import path from 'node:path';
import { updateQueueFile } from '../core/write/queueWriter';
import { dateBanner, isoZ } from './formats';
import type { SimRun } from './run';
import { ClaudeStream, costOf } from './streamJson';
import type { Usage } from './streamJson';

type Rec = Record<string, unknown>;
const isRec = (x: unknown): x is Rec => !!x && typeof x === 'object' && !Array.isArray(x);
const MODEL_ALIAS = 'sonnet';
const TODO_DESCRIPTION = 'Internal task tracked by the agent TodoWrite tool. This is LLM scratch, not a PRD-derived work item, so it has no acceptance criteria or user story. Active form: ';
const RARV = ['REASON', 'ACT', 'REFLECT', 'VERIFY'];

/** What one iteration did. */
export interface IterationOutcome {
  exitCode: number;
  completedIds: string[];
  usage: Usage;
  costUsd: number;
  durationMs: number;
}

/** Runs iteration `n`. `fail` makes the provider exit 1 (tests fail); `take` is how many pending tasks the agent finishes. */
export async function runIteration(run: SimRun, n: number, opts: { fail: boolean; take: number; directive: string | null }): Promise<IterationOutcome> {
  const f = run.files;
  const started = new Date();
  await run.saveState({ iterationCount: n, status: 'running' });

  // track_iteration_start: the card borrows the first pending task as its "current task" context.
  const pending = (await f.readJson<unknown>('queue/pending.json', []));
  const pendingTasks = (Array.isArray(pending) ? pending : isRec(pending) && Array.isArray(pending.tasks) ? pending.tasks : []).filter(isRec);
  const next = pendingTasks[0];
  const card: Rec = {
    id: `iteration-${n}`, type: 'iteration',
    title: run.generatedPrd || !next ? 'Analyzing the codebase and generating a spec' : (typeof next.title === 'string' ? next.title : `Building from ${path.basename(run.prdRel)}`),
    description: run.generatedPrd || !next ? 'Reading the existing code to reverse-engineer a spec, then building against it.' : `Implementing the spec in ${path.basename(run.prdRel)} and verifying it.`,
    status: 'in_progress', priority: 'medium', startedAt: isoZ(started), provider: run.provider,
    acceptance_criteria: !run.generatedPrd && Array.isArray(next?.acceptance_criteria) ? next.acceptance_criteria : [],
    notes: [],
    logs: [{ timestamp: isoZ(started), iteration: n, level: 'info', phase: 'BOOTSTRAP', message: `Iteration ${n} started` }],
  };
  if (!run.generatedPrd && next) Object.assign(card, { user_story: next.user_story, source: next.source, project: next.project });
  await updateQueueFile(f.abs('queue/in-progress.json'), q => { q.tasks = q.tasks.filter(t => !(isRec(t) && t.id === card.id)); q.tasks.push(card); });
  await f.inPlace('queue/current-task.json', JSON.stringify(card, null, 2) + '\n');
  await f.event('iteration_start', { iteration: n, provider: run.provider, prd: run.prdRel });

  const stream = new ClaudeStream(run.projectDir);
  const rarv = RARV[(n - 1) % 4] ?? 'ACT';
  await run.agentLog(`\n════════════════════════════════════════════════════════════════\n  NEW SESSION - ${dateBanner(started)}\n════════════════════════════════════════════════════════════════\n`, 'agent');
  const directive = opts.directive ? `HUMAN_DIRECTIVE (PRIORITY): ${opts.directive.trim()} Execute this directive BEFORE continuing normal tasks.\n` : '';
  await run.agentLog(`=== Session started at ${dateBanner()} ===\n=== Provider: ${run.provider} ===\n=== Prompt (truncated): <loki_system>\n${directive}Loki Mode with PRD at ${run.prdRel.replace(/^\.\//, '')}\nRALPH WIGGUM MODE ACTIVE. Use Reason-Act-Reflect-VERIFY cycle ... ===\n=== RARV Phase: ${rarv}, Tier: development (${MODEL_ALIAS}) ===\n`);
  await run.clock.sleep(1);

  const toFinish = opts.fail ? [] : pendingTasks.slice(0, opts.take);
  const planned = (opts.fail ? pendingTasks.slice(0, 1) : toFinish);
  const titles = planned.map(t => String(t.title ?? t.id));

  // The scripted provider session, one step every ~2 s.
  const orchestrator: Rec = { agent_id: 'orchestrator-main', tool_id: 'orchestrator-main', agent_type: 'orchestrator', model: MODEL_ALIAS, current_task: 'Starting...', status: 'active', spawned_at: `${started.toISOString().slice(0, -1)}000Z`, tasks_completed: [], tool_count: 0 };
  const agents: Rec[] = [orchestrator];
  const writeAgents = async (): Promise<void> => f.inPlace('state/agents.json', JSON.stringify(agents, null, 2) + '\n');
  const tool = async (name: string, input: Rec, result: string, isError = false): Promise<void> => {
    const { line, id } = stream.toolUse(name, input);
    orchestrator.tool_count = Number(orchestrator.tool_count) + 1;
    orchestrator.current_task = name === 'Task' ? 'Using Task...' : `${name}: ${[input.file_path, input.command, input.description].find((v): v is string => typeof v === 'string')?.slice(0, 60) ?? ''}`;
    await run.agentLog(line + '\n');
    await writeAgents();
    await run.clock.sleep(1);
    await run.agentLog(stream.toolResult(id, result, isError) + '\n');
  };

  await run.agentLog(stream.init() + '\n' + stream.text(`I'll review the PRD, .loki/CONTINUITY.md and the queue, then pick the next task (iteration ${n}).`) + '\n');
  await writeAgents();
  await run.clock.sleep(2);
  await tool('Read', { file_path: path.join(run.projectDir, run.prdRel) }, run.prdText.slice(0, 2000));
  await run.clock.sleep(1);

  // TodoWrite: the stream parser replaces all of in-progress.json with the in-progress todos (contract §9.3).
  const todos = [...titles.map((t, i) => ({ content: t, status: i === 0 ? 'in_progress' : 'pending', activeForm: `Working on ${t}` })), { content: 'Run tests and verify', status: 'pending', activeForm: 'Running tests and verifying' }];
  await tool('TodoWrite', { todos }, 'Todos have been modified successfully. Ensure that you continue to use the todo list to track your progress.');
  const active = todos.filter(t => t.status === 'in_progress');
  await f.inPlace('queue/in-progress.json', JSON.stringify(active.map((t, i) => ({
    id: `todo-${i}`, type: 'todo', title: t.content, description: TODO_DESCRIPTION + t.activeForm, source: 'claude_code_todowrite', priority: 'medium',
    payload: { action: t.content, activeForm: t.activeForm },
  })), null, 2) + '\n');
  await run.clock.sleep(1);

  const sub = { agent_id: 'agent-toolu_01', tool_id: '', agent_type: 'general-purpose', model: MODEL_ALIAS, current_task: `Plan: ${titles[0] ?? 'verification'}`, status: 'active', spawned_at: new Date().toISOString(), tasks_completed: [] } as Rec;
  const { line: taskLine, id: taskId } = stream.toolUse('Task', { subagent_type: 'general-purpose', description: sub.current_task, prompt: 'Break the task into small verifiable steps.', model: MODEL_ALIAS });
  sub.tool_id = taskId;
  agents.push(sub);
  orchestrator.current_task = 'Using Task...';
  await run.agentLog(taskLine + '\n');
  await writeAgents();
  await run.clock.sleep(3);
  await run.agentLog(stream.toolResult(taskId, 'Plan ready: one module plus tests.') + '\n');
  Object.assign(sub, { status: 'completed', completed_at: new Date().toISOString() });
  await writeAgents();
  await run.clock.sleep(1);

  const file = `src/${slug(titles[0] ?? 'verification')}.ts`;
  const content = `// ${titles[0] ?? 'verification'} (iteration ${n})\nexport {};\n`;
  await tool('Write', { file_path: path.join(run.projectDir, file), content }, `File created successfully at: ${path.join(run.projectDir, file)}`);
  await run.git.write(file, content);
  await run.clock.sleep(2);
  await tool('Bash', { command: 'npm test', description: 'Run the test suite' }, opts.fail ? '1 failing, 4 passing\nAssertionError: expected 200, got 500' : '5 passing', opts.fail);
  await run.clock.sleep(2);

  // The agent, as instructed, moves what it finished from pending.json to completed.json.
  const finishedIds: string[] = [];
  if (toFinish.length) {
    const ids = new Set(toFinish.map(t => String(t.id)));
    const taken: Rec[] = [];
    await updateQueueFile(f.abs('queue/pending.json'), q => {
      q.tasks = q.tasks.filter(t => {
        if (isRec(t) && ids.has(String(t.id))) { taken.push(t); return false; }
        return true;
      });
    });
    const doneAt = isoZ();
    await updateQueueFile(f.abs('queue/completed.json'), q => {
      for (const t of taken) { q.tasks.push({ ...t, status: 'completed', completedAt: doneAt }); finishedIds.push(String(t.id)); }
    });
  }
  // The agent commits its work (and the previous iteration's PROGRESS.md notes); this iteration's note stays uncommitted.
  await run.git.commit(`iteration ${n}: ${titles[0] ?? 'verification'}`, [file, 'PROGRESS.md']);
  await run.git.note(`- iteration ${n}: ${opts.fail ? 'tests failed' : 'done'} (${titles[0] ?? 'verification'})`);
  const summary = opts.fail ? `Iteration failed: tests are red (${titles[0] ?? 'verification'}).` : `Iteration done. Files written: ${file}. Tasks completed: ${finishedIds.join(', ') || 'none'}. Continuing next iteration.`;
  await run.agentLog(stream.text(summary) + '\n');
  const durationMs = Date.now() - started.getTime();
  await run.agentLog(stream.result(summary, durationMs, opts.fail) + '\n');
  const usage = { ...stream.total };
  const costUsd = costOf(usage);
  await f.atomic(`metrics/result-cost-${n}.json`, JSON.stringify({ total_cost_usd: costUsd, input_tokens: usage.input, output_tokens: usage.output, cache_read_tokens: usage.cacheRead, cache_creation_tokens: usage.cacheCreation }));
  Object.assign(orchestrator, { status: 'completed', completed_at: new Date().toISOString(), current_task: 'Done' });
  await writeAgents();
  const exitCode = opts.fail ? 1 : 0;
  await run.agentLog(`=== Session ended at ${dateBanner()} with exit code ${exitCode} ===\n`, 'autonomy');

  await completeIteration(run, n, card, exitCode, durationMs, usage, costUsd, stream.contextTokens);
  return { exitCode, completedIds: finishedIds, usage, costUsd, durationMs };
}

/** track_iteration_complete (run.sh:8009-8262): the card leaves in-progress and is upserted into completed or failed. */
async function completeIteration(run: SimRun, n: number, card: Rec, exitCode: number, durationMs: number, usage: Usage, costUsd: number, contextTokens: number): Promise<void> {
  const f = run.files;
  const status = exitCode === 0 ? 'completed' : 'failed';
  const secs = Math.round(durationMs / 1000);
  await f.event('stage_complete', { stage: 'agent', status: exitCode === 0 ? 'pass' : 'fail', duration_s: secs, iteration: n });
  await f.event('iteration_complete', { iteration: n, status, exitCode, provider: run.provider });
  const done: Rec = {
    id: card.id, type: 'iteration',
    title: exitCode === 0 ? `Iteration ${n} complete - BOOTSTRAP` : `Iteration ${n} failed (exit ${exitCode})`,
    description: exitCode === 0 ? `Iteration ${n} finished cleanly in the BOOTSTRAP phase (exit 0, ${secs}s).` : `Iteration ${n} failed in the BOOTSTRAP phase (exit ${exitCode}, ${secs}s).`,
    status, phase: 'BOOTSTRAP', completedAt: isoZ(), exitCode, provider: run.provider, logs: [],
  };
  await updateQueueFile(f.abs('queue/in-progress.json'), q => { q.tasks = q.tasks.filter(t => !(isRec(t) && t.id === card.id)); });
  const [target, other] = exitCode === 0 ? ['completed.json', 'failed.json'] : ['failed.json', 'completed.json'];
  await updateQueueFile(f.abs(`queue/${other}`), q => { q.tasks = q.tasks.filter(t => !(isRec(t) && t.id === card.id)); });
  await updateQueueFile(f.abs(`queue/${target}`), q => {
    q.shape = 'array'; // track_iteration_complete always writes bare arrays (contract §9.17)
    q.tasks = [...q.tasks.filter(t => !(isRec(t) && t.id === card.id)), done].slice(-50);
  });
  await f.inPlace('queue/current-task.json', '{}\n');
  await f.atomic(`metrics/efficiency/iteration-${n}.json`, JSON.stringify({
    iteration: n, model: MODEL_ALIAS, phase: 'BOOTSTRAP', duration_ms: durationMs, provider: run.provider, status,
    input_tokens: usage.input, output_tokens: usage.output, cache_read_tokens: usage.cacheRead, cache_creation_tokens: usage.cacheCreation,
    cost_usd: costUsd, timestamp: isoZ(),
  }, null, 2) + '\n');
  await run.saveState({ status: 'exited', lastExitCode: exitCode });
  await run.recordUsage(n, usage, costUsd, exitCode, contextTokens);
  await run.clock.sleep(1);
  for (const [stage, st] of [['static_analysis', 'pass'], ['security_scan', 'pass'], ['test_suite', exitCode === 0 ? 'pass' : 'fail']] as const) {
    await f.event('stage_complete', { stage, status: st, duration_s: 0, iteration: n });
  }
  if (exitCode !== 0) await f.inPlace('signals/TESTS_FAILED', `${isoZ()}\n`);
  else await f.remove('signals/TESTS_FAILED');
  await run.learningSignal('iteration_complete', 'rarv_iteration', ['reason', 'act', 'reflect', 'verify'], exitCode === 0 ? 'success' : 'failure', secs);
  // run.sh updates CONTINUITY.md first (:23678), then checkpoints (:23681), so the copy holds this iteration's handoff.
  await run.continuity(n, rarvName(n));
  // The runner's own wording (run.sh:23681, :24698).
  if (exitCode === 0) await run.checkpoint(n, `iteration-${n} complete`, `iteration-${n}`);
  else await run.checkpoint(n, `iteration-${n} failed (exit=${exitCode})`, `iteration-${n}-fail`);
  await run.clock.sleep(1);
}

function rarvName(n: number): string {
  return RARV[n % 4] ?? 'REASON';
}

function slug(s: string): string {
  return s.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 40) || 'task';
}
