import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { ControlError, pauseSession, sendHumanInput, stopSession } from '../../../src/core/write/control';
import { addTask, moveTask } from '../../../src/core/write/queueWriter';
import { tempProject } from './helpers';

const outsideProject = (e: unknown): boolean => ControlError.is(e) && e.reason === 'outside-project';

describe('writers never follow links out of the project (issue 15 #5)', () => {
  let t: Awaited<ReturnType<typeof tempProject>>;
  beforeEach(async () => { t = await tempProject(); });
  afterEach(async () => { await t.cleanup(); });

  it('refuses to add a task when .loki/queue links outside the project', async () => {
    await fs.rm(t.queue, { recursive: true });
    await fs.symlink(t.outside, t.queue);
    await assert.rejects(addTask(t.loki, { title: 'x', description: '', priority: 'low' }), outsideProject);
    assert.deepEqual(await fs.readdir(t.outside), []);
  });

  it('refuses pause, stop and input when .loki itself links outside the project', async () => {
    await fs.rm(t.loki, { recursive: true });
    await fs.symlink(t.outside, t.loki);
    await assert.rejects(pauseSession(t.loki), outsideProject);
    await assert.rejects(stopSession(t.loki), outsideProject);
    await assert.rejects(sendHumanInput(t.loki, 'hello'), outsideProject);
    await assert.rejects(addTask(t.loki, { title: 'x', description: '', priority: 'low' }), outsideProject);
    assert.deepEqual(await fs.readdir(t.outside), []);
  });

  it('refuses to move a task through a queue link leading outside', async () => {
    await fs.writeFile(path.join(t.outside, 'pending.json'), JSON.stringify([{ id: 'a', title: 'A' }]));
    await fs.rm(t.queue, { recursive: true });
    await fs.symlink(t.outside, t.queue);
    await assert.rejects(moveTask(t.loki, 'a', 'completed'), outsideProject);
    assert.deepEqual(await fs.readdir(t.outside), ['pending.json']);
  });

  it('follows a .loki link that stays inside the project', async () => {
    const real = path.join(t.project, 'state', 'loki');
    await fs.mkdir(path.dirname(real), { recursive: true });
    await fs.rename(t.loki, real);
    await fs.symlink(real, t.loki);
    const id = await addTask(t.loki, { title: 'inside', description: '', priority: 'low' });
    await pauseSession(t.loki);
    const stored = JSON.parse(await fs.readFile(path.join(real, 'queue', 'pending.json'), 'utf8')) as Array<{ id: string }>;
    assert.deepEqual(stored.map(x => x.id), [id]);
    assert.ok((await fs.stat(path.join(real, 'PAUSE'))).isFile());
  });

  it('replaces a HUMAN_INPUT.md link instead of writing through it', async () => {
    const target = path.join(t.outside, 'victim.md');
    await fs.writeFile(target, 'keep');
    await fs.symlink(target, path.join(t.loki, 'HUMAN_INPUT.md'));
    await sendHumanInput(t.loki, 'do it');
    assert.equal(await fs.readFile(target, 'utf8'), 'keep');
    assert.ok((await fs.lstat(path.join(t.loki, 'HUMAN_INPUT.md'))).isFile());
  });
});
