import type * as vscode from 'vscode';
import type { Logger } from '../core/logger';

/** Adapts the `Loki` LogOutputChannel to the core Logger; Errors keep their stacks. */
export function channelLogger(channel: vscode.LogOutputChannel): Logger {
  return {
    debug: (m, ...a) => channel.debug(m, ...a),
    info: (m, ...a) => channel.info(m, ...a),
    warn: (m, ...a) => channel.warn(m, ...a),
    error: (m, ...a) => channel.error(m, ...a),
  };
}
