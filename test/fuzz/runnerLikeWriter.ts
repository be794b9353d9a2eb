// A runner-like queue writer, run as its own process (plain JS: starts fast, no tsx). It speaks the same lock
// scheme as src/core/write/mkdirLock.ts: mkdir `<target>.lockdir` + owner.pid; a dead owner's lock is broken under
// the break guard `<target>.break.lockdir` (re-judged there, then renamed to a unique grave); re-read inside the lock,
// temp file + rename. It adds `runner-<i>` tasks and claims every third one (in-progress first, then out of
// pending, as the runner does), printing `ack <id>` once each write has returned.
export const RUNNER_LIKE_WRITER = `
const fs = require('fs'); const path = require('path');
const [queue, adds] = [process.argv[1], Number(process.argv[2])];
const sleep = ms => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
const alive = pid => { try { process.kill(pid, 0); return true; } catch (e) { return e.code === 'EPERM'; } };
function lock(name) {
  const dir = path.join(queue, '.' + name + '.lock.lockdir');
  for (;;) {
    try { fs.mkdirSync(dir); fs.writeFileSync(path.join(dir, 'owner.pid'), process.pid + '\\n'); return dir; }
    catch (e) { if (e.code !== 'EEXIST') throw e; }
    let st; try { st = fs.statSync(dir); } catch { continue; }
    let pid = NaN; try { pid = parseInt(fs.readFileSync(path.join(dir, 'owner.pid'), 'utf8'), 10); } catch {}
    const stale = Number.isInteger(pid) && pid > 0 ? !alive(pid) : Date.now() - st.mtimeMs > 2000;
    if (stale) breakStale(dir, st);
    else sleep(1 + Math.random() * 3);
  }
}
function breakStale(dir, judged) {
  const guard = dir.slice(0, -8) + '.break.lockdir';
  let mine;
  try { fs.mkdirSync(guard); mine = fs.statSync(guard).ino; fs.writeFileSync(path.join(guard, 'owner.pid'), process.pid + '\\n'); }
  catch (e) {
    let g; try { g = fs.statSync(guard); } catch { return; }
    let gpid = NaN; try { gpid = parseInt(fs.readFileSync(path.join(guard, 'owner.pid'), 'utf8'), 10); } catch {}
    const dead = Number.isInteger(gpid) && gpid > 0 ? !alive(gpid) : Date.now() - g.mtimeMs > 2000;
    if (dead || Date.now() - g.mtimeMs > 5000) {
      const grave = guard.slice(0, -8) + '.broken.' + process.pid + '.' + Math.floor(Math.random() * 1e9) + '.lockdir';
      try { fs.renameSync(guard, grave); fs.rmSync(grave, { recursive: true, force: true }); } catch {}
    }
    sleep(1 + Math.random() * 3);
    return;
  }
  try {
    let st; try { st = fs.statSync(dir); } catch { return; }
    if (st.ino !== judged.ino) return;
    let pid = NaN; try { pid = parseInt(fs.readFileSync(path.join(dir, 'owner.pid'), 'utf8'), 10); } catch {}
    const stale = Number.isInteger(pid) && pid > 0 ? !alive(pid) : Date.now() - st.mtimeMs > 2000;
    if (!stale) return;
    const grave = dir.slice(0, -8) + '.broken.' + process.pid + '.' + Math.floor(Math.random() * 1e9) + '.lockdir';
    try { fs.renameSync(dir, grave); } catch { return; }
    fs.rmSync(grave, { recursive: true, force: true }); process.stdout.write('broke\\n');
  } finally {
    let g; try { g = fs.statSync(guard); } catch {}
    if (g && g.ino === mine) { fs.rmSync(path.join(guard, 'owner.pid'), { force: true }); try { fs.rmdirSync(guard); } catch {} }
  }
}
function unlock(dir) { fs.rmSync(path.join(dir, 'owner.pid'), { force: true }); try { fs.rmdirSync(dir); } catch {} }
function update(name, fn) {
  const dir = lock(name);
  try {
    const file = path.join(queue, name + '.json');
    let text = ''; try { text = fs.readFileSync(file, 'utf8'); } catch {}
    const v = text.trim() ? JSON.parse(text) : [];
    const tasks = Array.isArray(v) ? v : v.tasks;
    fn(tasks);
    const tmp = file + '.tmp.' + process.pid + '.' + Math.floor(Math.random() * 1e9);
    fs.writeFileSync(tmp, JSON.stringify(v, null, 2)); fs.renameSync(tmp, file);
  } finally { unlock(dir); }
}
for (let i = 0; i < adds; i++) {
  const rec = { id: 'runner-' + i, title: 'Runner task ' + i, status: 'pending', source: 'prd' };
  update('pending', t => { t.push(rec); });
  process.stdout.write('ack runner-' + i + '\\n');
  if (i % 3 === 0) {
    update('in-progress', t => { t.push({ ...rec, status: 'in_progress' }); });
    update('pending', t => { const k = t.findIndex(x => x && x.id === rec.id); if (k >= 0) t.splice(k, 1); });
    process.stdout.write('moved runner-' + i + '\\n');
  }
}
`;
