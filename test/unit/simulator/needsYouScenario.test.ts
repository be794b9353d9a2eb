import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import { DEFAULT_ATTENTION_CONFIG } from '../../../src/core/attention/attentionConfig';
import { deriveAttention } from '../../../src/core/attention/deriveAttention';
import { resumeSession } from '../../../src/core/write/control';
import { retryTask } from '../../../src/core/write/retryTask';
import { runSimulation } from '../../../src/simulator/simulation';
import { waitFor } from '../../fakes/waitFor';
import { readJson, readWithCore, tempProject } from './simHarness';

const kinds = async (dir: string): Promise<string[]> => deriveAttention({ ...(await readWithCore(dir)), version: 0 }, DEFAULT_ATTENTION_CONFIG, Date.now()).map(i => i.kind).sort();

describe('simulator: --scenario needs-you', function () {
  this.timeout(120_000);
  let t: Awaited<ReturnType<typeof tempProject>>;
  beforeEach(async () => (t = await tempProject()));
  afterEach(async () => fs.rm(t.root, { recursive: true, force: true }));

  it('drives the run into a pause, a gate block and a dead-letter task, each of which a person can resolve', async () => {
    const run = runSimulation({ dir: t.dir, speed: 25, iterations: 3, homeDir: t.home, scenario: 'needs-you' });
    await waitFor('the blocking pause', async () => (await readJson(t.loki, 'autonomy-state.json'))?.status === 'paused');
    assert.deepEqual(await kinds(t.dir), ['gate-blocked', 'paused', 'task-failed']);
    const dead = (await readJson<Array<{ id: string }>>(t.loki, 'queue/dead-letter.json'))!;
    assert.equal(dead.length, 1);
    await retryTask(t.loki, dead[0]!.id);
    assert.deepEqual(await kinds(t.dir), ['gate-blocked', 'paused']);
    await resumeSession(t.loki);
    await waitFor('the run going on', async () => (await readJson(t.loki, 'autonomy-state.json'))?.status !== 'paused');
    const result = await run;
    assert.equal(result.exitCode, 0);
    assert.deepEqual(await kinds(t.dir), []);
  });
});
