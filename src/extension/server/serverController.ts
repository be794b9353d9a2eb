// Owns the one API server of this window: start/stop, restart on settings changes, start on trust when enabled.
import * as vscode from 'vscode';
import { ApiError } from '../../server/httpUtil';
import { ApiServer } from '../../server/apiServer';
import type { TokenStore } from '../../server/tokens';
import { config } from '../config';
import type { ExtensionServices } from '../services';
import { sessionControl } from './sessionControl';
import { errorMessage } from '../../core/errors';

/** `lokiDashboard.serverRunning` decides which server commands the palette offers (Start or Stop/Copy URL). */
function setServerRunningKey(running: boolean): Thenable<unknown> {
  return vscode.commands.executeCommand('setContext', 'lokiDashboard.serverRunning', running);
}

/** Start, stop and restart of the API server with the current `lokiDashboard.server.*` settings. */
export class ServerController implements vscode.Disposable {
  private server: ApiServer | undefined;
  /** Serialises start/stop so a settings change during a start cannot leave two servers. */
  private queue: Promise<unknown> = Promise.resolve();
  private readonly subs: vscode.Disposable[] = [];
  private disposed = false;

  constructor(private readonly svc: ExtensionServices, readonly tokens: TokenStore) {
    this.subs.push(
      config.onDidChange(affects => {
        if (!affects('server')) return;
        this.applySettings(affects('server.enabled')).catch(err => svc.log.warn(`API server: ${errorMessage(err)}`));
      }),
      vscode.workspace.onDidGrantWorkspaceTrust(() => {
        this.applySettings().catch(err => svc.log.warn(`API server: ${errorMessage(err)}`));
      }),
    );
  }

  /** The base URL (`http://host:port`) while running. */
  get url(): string | undefined {
    return this.server?.url;
  }

  /** The running server, if any (tests read its stats). */
  get running(): ApiServer | undefined {
    return this.server;
  }

  /** Starts the server if it is not running; resolves to its URL. Refused in Restricted Mode. */
  start(): Promise<string> {
    return this.serial(async () => {
      if (this.server) return this.server.url;
      if (!this.svc.isTrusted()) throw new Error('The API server is disabled in Restricted Mode: trust this workspace first.');
      this.server = await ApiServer.start({
        source: this.svc.core,
        attention: this.svc.attention?.monitor,
        control: sessionControl(this.svc.sessions, this.svc.core),
        checkpoints: {
          service: this.svc.checkpoints.service,
          rollbackRefusal: () => (this.svc.isTrusted() ? null : new ApiError(403, 'untrusted', 'rollback is disabled while the workspace is in Restricted Mode')),
        },
        tokens: this.tokens,
        log: this.svc.log,
        host: config.serverHost,
        port: config.serverPort,
        allowedOrigins: config.serverAllowedOrigins,
        limits: { maxConnections: config.serverMaxConnections },
      });
      this.svc.log.info(`API server listening on ${this.server.url} (WebSocket ${this.server.wsUrl})`);
      await setServerRunningKey(true);
      return this.server.url;
    });
  }

  /** Stops the server; resolves once the port is free. */
  stop(): Promise<void> {
    return this.serial(async () => {
      const s = this.server;
      this.server = undefined;
      if (s) {
        await s.close();
        this.svc.log.info('API server stopped');
        await setServerRunningKey(false);
      }
    });
  }

  /**
   * Brings the server in line with the settings: runs when enabled (and trusted); a server started by command keeps
   * running across other setting changes, restarted with the new values, until `enabled` itself is switched off.
   */
  async applySettings(enabledChanged = false): Promise<void> {
    if (this.disposed) return;
    const wasRunning = this.server !== undefined;
    const wanted = config.serverEnabled || (wasRunning && !enabledChanged);
    if (wasRunning) await this.stop();
    if (wanted && this.svc.isTrusted()) await this.start();
  }

  dispose(): void {
    this.disposed = true;
    for (const s of this.subs.splice(0)) s.dispose();
    this.server?.dispose();
    this.server = undefined;
  }

  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const p = this.queue.then(fn, fn);
    this.queue = p.catch(() => undefined);
    return p;
  }
}
