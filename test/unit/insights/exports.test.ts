// The four export formats on a real runner tree and on hand-made nasty input: JSON parses, CSV round-trips through a
// real CSV parser, markdown has its sections and escapes what it must, timeline is in time order.
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import { loadInsights } from '../../../src/cli/insightsLoader';
import type { LoadedInsights } from '../../../src/cli/insightsLoader';
import { mdText } from '../../../src/core/insights/exportMarkdown';
import { parseExportFormat } from '../../../src/core/insights/exportFormats';
import type { EfficiencyRow, KpiSnapshot, Task } from '../../../src/core/domain';

/** The json export as these tests read it. */
interface ExportDoc { session: { status: string }; queue: Record<string, Task[]>; kpis: KpiSnapshot; iterations: EfficiencyRow[]; live: boolean; version: string }

const FIXTURE = path.join(__dirname, '../../fixtures/loki-runs/claude-todo/final');

describe('session exports', function () {
  this.timeout(20_000);
  let tmp: string;
  let loaded: LoadedInsights | null = null;
  beforeEach(async () => { tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'loki-export-')); process.env.LOKI_DASHBOARD_HOME = path.join(tmp, 'home'); });
  afterEach(async () => {
    await loaded?.close();
    loaded = null;
    delete process.env.LOKI_DASHBOARD_HOME;
    await fs.rm(tmp, { recursive: true, force: true });
  });

  const load = async (dir: string): Promise<LoadedInsights> => (loaded = await loadInsights(dir));

  it('json: Loki\'s top-level keys plus KPIs and iterations, and every card of the board', async () => {
    const l = await load(FIXTURE);
    const out = await l.service.export(l.projectId, 'json');
    assert.equal(out.contentType, 'application/json; charset=utf-8');
    assert.match(out.fileName, /^final-session-20261122T0245\.json$/);
    const doc = JSON.parse(out.text) as ExportDoc;
    for (const key of ['exported_at', 'version', 'session', 'queue', 'quality', 'config', 'kpis', 'iterations']) assert.ok(key in doc, key);
    assert.deepEqual(Object.keys(doc.queue), ['pending', 'in-progress', 'review', 'completed', 'failed']);
    assert.deepEqual(doc.queue.completed!.map(t => t.id).filter(id => id.startsWith('iteration-')).sort(), ['iteration-1', 'iteration-2', 'iteration-3', 'iteration-4']);
    const it1 = doc.queue.completed!.find(t => t.id === 'iteration-1')!;
    // The card carries its iteration's figures (metrics/efficiency/iteration-1.json): cost 0.107543 -> 0.1075.
    assert.equal(it1.costUsd, 0.1075);
    assert.deepEqual(it1.tokens, { input: 39, output: 1492 });
    assert.equal(it1.durationMs, 15222);
    assert.ok(!('raw' in it1));
    assert.equal(doc.kpis.efficiency.total_cost_usd, 0.4174);
    assert.equal(doc.iterations.length, 4);
    assert.equal(doc.session.status, 'completed');
  });

  it('markdown: the sections a person pastes into a PR, with the iterations table', async () => {
    const l = await load(FIXTURE);
    const out = await l.service.export(l.projectId, 'markdown');
    assert.equal(out.contentType, 'text/markdown; charset=utf-8');
    const headings = out.text.split('\n').filter(line => line.startsWith('#'));
    assert.deepEqual(headings, [
      '# Loki Mode Session Export', '## Status', '## Task Queue Summary', '## KPIs', '## Tasks',
      '### Pending (0)', '### In progress (1)', '### Review (0)', '### Completed (9)', '### Failed (0)',
      '## Iterations', '## Quality Gates', '## Learnings',
    ]);
    assert.match(out.text, /\| 1 \| BOOTSTRAP \| sonnet \| completed \| 39 \| 1,492 \| \$0\.1075 \| 15\.2 s \|/);
    assert.match(out.text, /- \*\*completed:\*\* 9 tasks/);
    assert.match(out.text, /\| Total cost \| \$0\.4174 \|/);
  });

  it('markdown escapes text from .loki so it cannot inject HTML, links or table cells', () => {
    assert.equal(mdText('<img src=x onerror=alert(1)>'), '\\<img src=x onerror=alert(1)\\>');
    assert.equal(mdText('a | b\nc'), 'a \\| b c');
    assert.equal(mdText('[x](javascript:y) *b* `c` &amp;'), '\\[x\\](javascript:y) \\*b\\* \\`c\\` \\&amp;');
  });

  it('csv: titles with commas, quotes and line breaks round-trip through csv-parse', async () => {
    const dir = path.join(tmp, 'proj');
    const titles = ['Plain', 'Comma, here', 'Say "hi"', 'Line one\nline two', 'Both, "and"\r\nmore', '=SUM(A1)', 'Ünïcødé ✓'];
    await fs.mkdir(path.join(dir, '.loki/queue'), { recursive: true });
    await fs.writeFile(path.join(dir, '.loki/queue/pending.json'), JSON.stringify(titles.map((title, i) => ({ id: `t-${i}`, title, created_at: '2026-11-22T02:00:00Z' }))));
    await fs.writeFile(path.join(dir, '.loki/queue/failed.json'), JSON.stringify({ tasks: [{ id: 'f-1', title: 'Broke, badly' }] }));
    const l = await load(dir);
    const out = await l.service.export(l.projectId, 'csv');
    assert.equal(out.contentType, 'text/csv; charset=utf-8');
    const rows = parseCsv<Record<string, string>>(out.text, { columns: true });
    assert.deepEqual(rows.map(r => r.title), [...titles, 'Broke, badly']);
    assert.deepEqual(rows.map(r => r.status), [...titles.map(() => 'pending'), 'failed']);
    assert.equal(rows[0]!.created_at, '2026-11-22T02:00:00.000Z');
    assert.equal(rows.at(-1)!.created_at, '');
    assert.deepEqual(Object.keys(rows[0]!), ['status', 'id', 'title', 'created_at']);
  });

  it('csv of the real run lists every card once with Loki\'s queue names', async () => {
    const l = await load(FIXTURE);
    const rows = parseCsv<Record<string, string>>((await l.service.export(l.projectId, 'csv')).text, { columns: true });
    assert.equal(rows.length, 10);
    assert.deepEqual([...new Set(rows.map(r => r.status))].sort(), ['completed', 'in-progress']);
  });

  it('timeline: iterations and events, oldest first', async () => {
    const l = await load(FIXTURE);
    const entries = JSON.parse((await l.service.export(l.projectId, 'timeline')).text) as Array<{ _type: string; timestamp: string | null; iteration?: number }>;
    assert.deepEqual(entries.filter(e => e._type === 'iteration').map(e => e.iteration), [1, 2, 3, 4]);
    assert.ok(entries.some(e => e._type === 'event'));
    const times = entries.map(e => (e.timestamp ? Date.parse(e.timestamp) : NaN)).filter(t => !Number.isNaN(t));
    assert.deepEqual(times, [...times].sort((a, b) => a - b));
  });

  it('a project without .loki exports empty but valid documents', async () => {
    const dir = path.join(tmp, 'empty');
    await fs.mkdir(dir);
    const l = await load(dir);
    assert.deepEqual(JSON.parse((await l.service.export(l.projectId, 'timeline')).text), []);
    assert.equal((await l.service.export(l.projectId, 'csv')).text, 'status,id,title,created_at\r\n');
    const doc = JSON.parse((await l.service.export(l.projectId, 'json')).text) as { kpis: { efficiency: { total_cost_usd: unknown } } };
    assert.equal(doc.kpis.efficiency.total_cost_usd, null);
  });

  it('an unknown session id is a not-found error', async () => {
    const l = await load(FIXTURE);
    await assert.rejects(l.service.export('nope:2026', 'json'), (e: Error & { reason?: string }) => e.reason === 'not-found');
  });

  it('formats are parsed like `loki export` (md is markdown)', () => {
    assert.equal(parseExportFormat('md'), 'markdown');
    assert.equal(parseExportFormat('CSV'), 'csv');
    assert.equal(parseExportFormat('xml'), null);
  });
});
