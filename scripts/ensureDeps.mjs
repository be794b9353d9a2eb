// Pre-hook of `npm start` and `npm test`: on a fresh clone, install the locked dependencies first, so the README's
// two commands work as written. A no-op when node_modules matches package-lock.json.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const lock = path.join(root, 'package-lock.json');
const installed = path.join(root, 'node_modules', '.package-lock.json');

/** True when node_modules is missing or does not hold exactly the locked versions. */
function stale() {
  if (!existsSync(installed)) return true;
  // npm rewrites node_modules/.package-lock.json on every install: compare it with the lock file.
  const want = JSON.parse(readFileSync(lock, 'utf8')).packages ?? {};
  const have = JSON.parse(readFileSync(installed, 'utf8')).packages ?? {};
  return Object.entries(want).some(([name, meta]) => name !== '' && !meta.optional && have[name]?.version !== meta.version);
}

if (stale()) {
  process.stderr.write('Installing dependencies (npm ci)...\n');
  execFileSync(process.platform === 'win32' ? 'npm.cmd' : 'npm', ['ci', '--loglevel=error'], { cwd: root, stdio: 'inherit' });
}
