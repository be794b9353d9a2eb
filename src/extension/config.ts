import * as vscode from 'vscode';
import type { Disposable } from '../core/disposable';
import { normalizeAttentionConfig } from '../core/attention/attentionConfig';
import type { AttentionConfig } from '../core/attention/attentionConfig';
import { ATTENTION_KINDS, PROVIDERS } from '../core/domain';
import type { AttentionKind, Provider } from '../core/domain';
import { DEFAULT_SERVER_PORT } from '../server/types';

/** Which session events raise a notification. */
export type NotificationLevel = 'off' | 'errors' | 'all';

const SECTION = 'lokiDashboard';

/**
 * Typed settings of the `lokiDashboard` section. The only caller of `workspace.getConfiguration` in the host,
 * so defaults and validation live in one place (rust-analyzer's Config idea).
 */
export class Config {
  private get raw(): vscode.WorkspaceConfiguration {
    return vscode.workspace.getConfiguration(SECTION);
  }

  /** `loki` executable set by the user; empty means "search PATH". */
  get cliPath(): string {
    const v = this.raw.get<string>('cliPath', '');
    return typeof v === 'string' ? v.trim() : '';
  }

  get defaultProvider(): Provider {
    const v = this.raw.get<string>('defaultProvider', 'claude');
    return (PROVIDERS as readonly string[]).includes(v) ? (v as Provider) : 'claude';
  }

  /** Extra `loki start` arguments; non-strings are dropped rather than coerced. */
  get extraArgs(): string[] {
    const v = this.raw.get<unknown>('extraArgs', []);
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string' && x !== '') : [];
  }

  get disableLokiWebDashboard(): boolean {
    return this.raw.get<boolean>('disableLokiWebDashboard', true) !== false;
  }

  get promptInjection(): boolean {
    return this.raw.get<boolean>('promptInjection', true) !== false;
  }

  get statusBarEnabled(): boolean {
    return this.raw.get<boolean>('statusBar.enabled', true) !== false;
  }

  get notifications(): NotificationLevel {
    const v = this.raw.get<string>('notifications', 'errors');
    return v === 'off' || v === 'all' ? v : 'errors';
  }

  get logRetention(): number {
    const v = this.raw.get<number>('logRetention', 50_000);
    return typeof v === 'number' && Number.isFinite(v) ? Math.max(1000, Math.floor(v)) : 50_000;
  }

  get serverEnabled(): boolean {
    return this.raw.get<boolean>('server.enabled', false) === true;
  }

  get serverPort(): number {
    const v = this.raw.get<number>('server.port', DEFAULT_SERVER_PORT);
    return typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= 65535 ? v : DEFAULT_SERVER_PORT;
  }

  get serverHost(): string {
    const v = this.raw.get<string>('server.host', '127.0.0.1');
    return typeof v === 'string' && v.trim() ? v.trim() : '127.0.0.1';
  }

  get serverAllowedOrigins(): string[] {
    const v = this.raw.get<unknown>('server.allowedOrigins', []);
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
  }

  get serverMaxConnections(): number {
    const v = this.raw.get<number>('server.maxConnections', 100);
    return typeof v === 'number' && Number.isInteger(v) && v >= 1 ? v : 100;
  }

  /** "Needs you" thresholds (core/attention normalises out-of-range values). */
  get attention(): AttentionConfig {
    return normalizeAttentionConfig({
      budgetWarnPercent: this.raw.get<number>('attention.budgetWarnPercent'),
      contextWarnPercent: this.raw.get<number>('attention.contextWarnPercent'),
      staleAfterSeconds: this.raw.get<number>('attention.staleAfterSeconds'),
    });
  }

  /** Attention kinds that never raise a notification. */
  get attentionMutedKinds(): AttentionKind[] {
    const v = this.raw.get<unknown>('attention.mutedKinds', []);
    return Array.isArray(v) ? v.filter((x): x is AttentionKind => typeof x === 'string' && (ATTENTION_KINDS as readonly string[]).includes(x)) : [];
  }

  /** Team database this window publishes its projects to; empty means off (the default). Never holds the password. */
  get teamDatabaseUrl(): string {
    const v = this.raw.get<string>('team.databaseUrl', '');
    return typeof v === 'string' ? v.trim() : '';
  }

  /** This window's machine name in the team; empty means the host name. */
  get teamMachine(): string {
    const v = this.raw.get<string>('team.machine', '');
    return typeof v === 'string' ? v.trim() : '';
  }

  /** Writes a user setting (tests and the "Open settings" flow use it). */
  async update(key: string, value: unknown, target = vscode.ConfigurationTarget.Global): Promise<void> {
    await this.raw.update(key, value, target);
  }

  /** Fires with the changed keys (relative to the section) whenever one of ours changes. */
  onDidChange(listener: (affects: (key: string) => boolean) => void): Disposable {
    return vscode.workspace.onDidChangeConfiguration(e => {
      if (!e.affectsConfiguration(SECTION)) return;
      listener(key => e.affectsConfiguration(`${SECTION}.${key}`));
    });
  }
}

/** The one instance the host uses. */
export const config = new Config();
