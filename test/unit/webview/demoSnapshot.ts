// A realistic project for the dev harness and screenshots: PRD stories, iteration cards, a TodoWrite mirror, agents, logs, quality.
import type { LogEntry, ProjectSnapshot } from '../../../src/core/domain';
import { agent, logLines, snapshot, task } from './fixtures';

/** A demo project snapshot with a hostile title among the cards. */
export function demoSnapshot(projectId = 'demo1'): { snap: ProjectSnapshot; logs: LogEntry[] } {
  const snap = snapshot(projectId, 0, 10);
  snap.project = { id: projectId, name: 'todo-app', path: '/work/todo-app' };
  snap.columns.pending = [
    task('prd-004', 'pending', { title: 'Add due dates to todos', priority: 'high', userStory: 'As a user I want due dates so that I can plan.', acceptanceCriteria: ['Date picker on the form', 'Overdue items are highlighted'], createdAt: '2025-01-01T00:00:00Z' }),
    task('prd-005', 'pending', { title: '<img src=x onerror=alert(1)>', priority: 'low' }),
    task('vscode-1', 'pending', { title: 'Document the REST API', source: 'vscode', priority: 'medium' }),
  ];
  snap.columns.in_progress = [
    task('prd-003', 'in_progress', { title: 'Persist todos in SQLite', priority: 'critical', agent: 'eng-backend', costUsd: 0.84, tokens: { input: 52_000, output: 9_100 } }),
    task('iteration-7', 'in_progress', { title: 'Iteration 7', source: 'iteration', readOnly: true, file: 'queue/in-progress.json', iteration: 7, logs: [{ timestamp: '2025-01-01T00:10:00Z', level: 'info', message: 'REASON: next task prd-003' }] }),
  ];
  snap.columns.review = [task('prd-002', 'review', { title: 'Todo list UI with filters', priority: 'high', gates: { lint: 'pass', unit: 'pass', e2e: 'not_run' } })];
  snap.columns.completed = [
    task('prd-001', 'completed', { title: 'Project scaffold', gates: { lint: 'pass', unit: 'pass' }, costUsd: 0.31 }),
    task('todo-1', 'completed', { title: 'Run the test suite', source: 'todo', readOnly: true }),
  ];
  snap.columns.failed = [task('prd-006', 'failed', { title: 'Deploy preview to staging', priority: 'medium', gates: { build: 'fail', unit: 'pass' }, exitCode: 1 })];
  snap.agents = [
    agent(projectId, 'toolu_01', { type: 'eng-backend', currentTask: 'prd-003', toolCount: 31 }),
    agent(projectId, 'toolu_02', { type: 'eng-frontend', currentTask: 'prd-002', model: 'haiku' }),
    agent(projectId, 'toolu_00', { type: 'planner', status: 'completed', completedAt: '2025-01-01T00:05:00Z' }),
  ];
  snap.quality = {
    gates: [{ name: 'lint', status: 'pass' }, { name: 'unit', status: 'pass' }, { name: 'build', status: 'fail', detail: 'exit 1' }],
    council: { enabled: true, approve: 2, reject: 1, verdicts: [{ iteration: 6, result: 'approve', approve: 2, reject: 1, timestamp: '2025-01-01T00:09:00Z' }] },
    checklist: { total: 12, verified: 8, failing: 1, pending: 3 },
    notifications: [{ id: 'n1', severity: 'warning', message: 'Budget 80% reached soon', timestamp: null, acknowledged: false }],
  };
  return { snap, logs: logLines(projectId, 1, 400) };
}
