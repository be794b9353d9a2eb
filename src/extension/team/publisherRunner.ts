// The extension's team publisher mode without vscode (tested in plain Node against a real PostgreSQL): from the
// settings to a plan, and a runner that starts, replaces and stops one TeamPublisher as the plan changes. The pg
// driver lives in startPublisher.ts, which the extension loads only when publishing is turned on.
import os from 'node:os';
import { errorMessage } from '../../core/errors';
import type { Logger } from '../../core/logger';
import { checkMachineName } from '../../server/team/teamKeys';
import type { AppSource, ControlHandler, DataSource } from '../../server/types';

/** What to do: publish (with where and as whom), or not (with the reason to tell the user, null when simply off). */
export type PublishPlan =
  | { start: true; url: string; password: string | undefined; machine: string }
  | { start: false; reason: string | null };

/** What the plan is made of: the two settings, workspace trust and the password from SecretStorage. */
export interface PublishSettings {
  url: string;
  machine: string;
  trusted: boolean;
  password: string | undefined;
  hostname?: string;
}

/** Decides whether and how to publish. Off by default (empty URL); never in Restricted Mode; never a password in settings. */
export function publishPlan(s: PublishSettings): PublishPlan {
  const url = s.url.trim();
  if (!url) return { start: false, reason: null };
  if (!s.trusted) return { start: false, reason: 'team publishing is off in Restricted Mode: trust this workspace to publish its projects' };
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { start: false, reason: `lokiDashboard.team.databaseUrl is not a URL: ${url}` };
  }
  if (parsed.protocol !== 'postgresql:' && parsed.protocol !== 'postgres:') return { start: false, reason: 'lokiDashboard.team.databaseUrl must be a postgresql:// URL' };
  if (parsed.password) return { start: false, reason: 'lokiDashboard.team.databaseUrl contains a password: settings are plain text, so remove it and use Loki: Set Team Database Password… (kept in SecretStorage)' };
  const machine = s.machine.trim() || (s.hostname ?? os.hostname());
  const bad = checkMachineName(machine);
  if (bad) return { start: false, reason: `lokiDashboard.team.machine: ${bad}` };
  return { start: true, url, password: s.password || undefined, machine };
}

/** What the publisher mirrors and whose control requests it applies. */
export interface LocalSide {
  source: DataSource;
  apps?: AppSource;
  control?: ControlHandler;
}

/** Something running that can be closed. */
export interface Running {
  close(): Promise<void>;
}

/** Keeps at most one publisher running, matching the latest plan. Changes are serialized. */
export class PublisherRunner {
  private current: Running | undefined;
  private currentKey = '';
  private queue: Promise<void> = Promise.resolve();
  private lastReport = '';

  constructor(private readonly deps: { start: (plan: Extract<PublishPlan, { start: true }>) => Promise<Running>; log: Logger; report: (message: string) => void }) {}

  /** True while a publisher runs. */
  get running(): boolean {
    return this.current !== undefined;
  }

  /** Moves to `plan`: an unchanged plan keeps the running publisher; anything else stops it and maybe starts another. */
  apply(plan: PublishPlan): Promise<void> {
    this.queue = this.queue.then(() => this.applyNow(plan));
    return this.queue;
  }

  private async applyNow(plan: PublishPlan): Promise<void> {
    const key = plan.start ? JSON.stringify([plan.url, plan.password ?? '', plan.machine]) : '';
    if (plan.start && key === this.currentKey && this.current) return;
    await this.stopNow();
    if (!plan.start) {
      if (plan.reason) this.tell(plan.reason);
      else this.lastReport = '';
      return;
    }
    try {
      this.current = await this.deps.start(plan);
      this.currentKey = key;
      this.lastReport = '';
      this.deps.log.info(`team: publishing this window's projects to ${plan.url} as ${plan.machine}`);
    } catch (err) {
      this.tell(`team publishing to ${plan.url} failed: ${errorMessage(err)}`);
    }
  }

  /** Says a problem once (not again for every settings event until something changes). */
  private tell(message: string): void {
    if (message === this.lastReport) return;
    this.lastReport = message;
    this.deps.log.warn(message);
    this.deps.report(message);
  }

  private async stopNow(): Promise<void> {
    const c = this.current;
    this.current = undefined;
    this.currentKey = '';
    if (c) await c.close().catch((err: unknown) => this.deps.log.warn(`team: stopping the publisher failed: ${errorMessage(err)}`));
  }

  /** Stops publishing (the hub then shows these projects offline). */
  close(): Promise<void> {
    this.queue = this.queue.then(() => this.stopNow());
    return this.queue;
  }
}
