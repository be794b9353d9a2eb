// `loki-dashboard kpis` and `export` as a user runs them: real child process, real fixture tree, exit codes.
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import type { KpiSnapshot } from '../../../src/core/domain';
import { REPO, runCli } from './cliHarness';

const FIXTURE = path.join(REPO, 'test/fixtures/loki-runs/codex-stop/snapshots/t-0062');

describe('loki-dashboard kpis / export', function () {
  this.timeout(60_000);
  let tmp: string;
  const env = (): Record<string, string> => ({ LOKI_DASHBOARD_HOME: path.join(tmp, 'home') });
  beforeEach(async () => { tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'loki-cli-insights-')); });
  afterEach(async () => fs.rm(tmp, { recursive: true, force: true }));

  it('kpis --json prints Loki\'s snapshot shape for a real codex run', async () => {
    const res = await runCli(['kpis', FIXTURE, '--json'], env());
    assert.equal(res.code, 0, res.stderr);
    const k = JSON.parse(res.stdout) as KpiSnapshot;
    assert.deepEqual(Object.keys(k), ['schema_version', 'generated_at', 'loki_dir', 'efficiency', 'accuracy', 'notes']);
    assert.equal(k.loki_dir, path.join(FIXTURE, '.loki'));
    assert.equal(k.efficiency.iteration_count, 3);
    assert.equal(k.efficiency.total_input_tokens, 46513);
    assert.equal(k.efficiency.total_cost_usd, 0);
  });

  it('kpis prints text with UNKNOWN for a project that measured nothing', async () => {
    await fs.mkdir(path.join(tmp, 'p/.loki'), { recursive: true });
    const res = await runCli(['kpis', path.join(tmp, 'p')], env());
    assert.equal(res.code, 0, res.stderr);
    assert.match(res.stdout, /Total cost USD: +UNKNOWN \(not measured\)/);
  });

  it('export csv --out writes the file; a second run refuses to overwrite without --force', async () => {
    const out = path.join(tmp, 'tasks.csv');
    const first = await runCli(['export', FIXTURE, 'csv', '--out', out], env());
    assert.equal(first.code, 0, first.stderr);
    const rows = parseCsv<Record<string, string>>(await fs.readFile(out, 'utf8'), { columns: true });
    assert.ok(rows.some(r => r.id === 'iteration-3' && r.status === 'completed'));
    const again = await runCli(['export', FIXTURE, 'csv', '--out', out], env());
    assert.equal(again.code, 1);
    assert.match(again.stderr, /exists \(pass --force to overwrite\)/);
    assert.equal((await runCli(['export', FIXTURE, 'md', '--out', out, '--force'], env())).code, 0);
    assert.match(await fs.readFile(out, 'utf8'), /^# Loki Mode Session Export/);
  });

  it('export prints to stdout; bad format, missing dir and unknown session are clear errors', async () => {
    const ok = await runCli(['export', FIXTURE, 'timeline'], env());
    assert.equal(ok.code, 0, ok.stderr);
    assert.ok(Array.isArray(JSON.parse(ok.stdout)));
    const badFormat = await runCli(['export', FIXTURE, 'xml'], env());
    assert.equal(badFormat.code, 2);
    assert.match(badFormat.stderr, /unknown format 'xml' \(supported: json, markdown, csv, timeline\)/);
    const noDir = await runCli(['kpis', path.join(tmp, 'missing')], env());
    assert.equal(noDir.code, 2);
    assert.match(noDir.stderr, /does not exist or is not a directory/);
    const noSession = await runCli(['export', FIXTURE, 'json', '--session', 'x:2020'], env());
    assert.equal(noSession.code, 3);
    assert.match(noSession.stderr, /Unknown session: x:2020 \(past sessions need --store\)/);
    const help = await runCli(['export', '--help'], env());
    assert.equal(help.code, 0);
    assert.match(help.stdout, /Usage: loki-dashboard export <dir> <format>/);
  });
});
