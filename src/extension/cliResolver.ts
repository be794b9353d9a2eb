// Pure Node (no vscode import) so plain mocha can test it.
import { promises as fs, constants as fsConstants } from 'node:fs';
import * as path from 'node:path';

/** Where the `loki` executable was found, or why not. */
export type CliResolution =
  | { ok: true; path: string; from: 'setting' | 'path' }
  | { ok: false; reason: 'setting-invalid' | 'not-found'; message: string };

async function isExecutableFile(p: string, platform: NodeJS.Platform): Promise<boolean> {
  try {
    const st = await fs.stat(p);
    if (!st.isFile()) return false;
    if (platform === 'win32') return true;
    await fs.access(p, fsConstants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * Resolves the `loki` CLI: the `cliPath` setting when set (it must exist and be executable), else a search of
 * PATH done in-process, because spawning `which` would need a shell or one more process per lookup.
 */
export async function resolveCli(opts: {
  setting: string;
  envPath: string | undefined;
  platform?: NodeJS.Platform;
  pathExt?: string | undefined;
  name?: string;
}): Promise<CliResolution> {
  const platform = opts.platform ?? process.platform;
  const name = opts.name ?? 'loki';
  if (opts.setting) {
    if (!path.isAbsolute(opts.setting)) {
      return { ok: false, reason: 'setting-invalid', message: `The setting lokiDashboard.cliPath must be an absolute path (it is "${opts.setting}").` };
    }
    if (await isExecutableFile(opts.setting, platform)) return { ok: true, path: opts.setting, from: 'setting' };
    return { ok: false, reason: 'setting-invalid', message: `The Loki CLI set in lokiDashboard.cliPath was not found or is not executable: ${opts.setting}` };
  }
  const sep = platform === 'win32' ? ';' : ':';
  const dirs = (opts.envPath ?? '').split(sep).filter(d => d !== '' && path.isAbsolute(d));
  const exts = platform === 'win32' ? (opts.pathExt ?? '.CMD;.EXE;.BAT').split(';').filter(Boolean) : [''];
  for (const dir of dirs) {
    for (const ext of exts) {
      const candidate = path.join(dir, name + ext);
      if (await isExecutableFile(candidate, platform)) return { ok: true, path: candidate, from: 'path' };
    }
  }
  return { ok: false, reason: 'not-found', message: 'The Loki CLI "loki" was not found on PATH. Install Loki Mode (npm install -g loki-mode) or set lokiDashboard.cliPath.' };
}

/** True when `execPath` is a plain Node binary (in the VS Code server it is; in desktop VS Code it is Electron). */
export function isPlainNode(execPath: string, versions: NodeJS.ProcessVersions = process.versions): boolean {
  if (versions.electron) return false;
  const base = path.basename(execPath).toLowerCase();
  return base === 'node' || base === 'node.exe' || base.startsWith('node');
}
