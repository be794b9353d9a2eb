import { projectIdFor } from '../core/projectId';

const KEY_PREFIX = 'lokiDashboard.registered:';

/** A folder the user added by hand; shown in every window. */
export interface Registration {
  path: string;
  name: string;
}

/** The part of `ExtensionContext.globalState` this needs (tests pass a Map-backed fake). */
export interface GlobalMemento {
  keys(): readonly string[];
  get<T>(key: string): T | undefined;
  update(key: string, value: unknown): PromiseLike<void>;
}

/**
 * Machine-wide list of projects added by hand, kept in `globalState` with one key per project. VS Code writes
 * `globalState` for all windows and hands each window the other windows' updates, and a key per project means two
 * windows that register different projects at the same moment write different keys, so neither loses the other's.
 * History (sessions, tasks, logs) stays in each workspace's own database.
 */
export class Registrations {
  constructor(private readonly state: GlobalMemento) {}

  /** Every registration, in a stable order (by path). */
  list(): Registration[] {
    const out: Registration[] = [];
    for (const key of this.state.keys()) {
      if (!key.startsWith(KEY_PREFIX)) continue;
      const v = this.state.get<unknown>(key);
      if (isRegistration(v)) out.push({ path: v.path, name: v.name });
    }
    return out.sort((a, b) => a.path.localeCompare(b.path));
  }

  has(folder: string): boolean {
    return isRegistration(this.state.get<unknown>(keyFor(folder)));
  }

  async add(folder: string, name: string): Promise<void> {
    await this.state.update(keyFor(folder), { path: folder, name } satisfies Registration);
  }

  async remove(folder: string): Promise<void> {
    await this.state.update(keyFor(folder), undefined);
  }
}

const keyFor = (folder: string): string => KEY_PREFIX + projectIdFor(folder);

function isRegistration(v: unknown): v is Registration {
  if (typeof v !== 'object' || v === null) return false;
  const r = v as Record<string, unknown>;
  return typeof r.path === 'string' && typeof r.name === 'string';
}
