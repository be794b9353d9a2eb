// Pure (no vscode import): what a session launch runs, as argv and env, never as a shell string.
import type { Provider } from '../core/domain';

/** What the user chose to start with. */
export type StartInput =
  | { kind: 'spec'; path: string }
  | { kind: 'brief'; text: string }
  | { kind: 'none' };

/** Everything a terminal needs to run `loki start`. */
export interface LaunchPlan {
  shellPath: string;
  shellArgs: string[];
  cwd: string;
  env: Record<string, string>;
  name: string;
}

/** Terminal name of a project's session; also how a terminal is found again after a reload. */
export function terminalName(projectName: string): string {
  return `Loki: ${projectName}`;
}

/** Builds `loki start <input> --yes --provider P [--no-dashboard] [extra...]` with the env the contract asks for (§5.2). */
export function buildLaunchPlan(opts: {
  cliPath: string;
  projectName: string;
  projectPath: string;
  input: StartInput;
  provider: Provider;
  noDashboard: boolean;
  promptInjection: boolean;
  extraArgs: readonly string[];
}): LaunchPlan {
  const args = ['start'];
  if (opts.input.kind === 'spec') args.push(opts.input.path);
  else if (opts.input.kind === 'brief') {
    // One argv item, never re-split: the CLI detects a brief by the whitespace inside it (contract §5.2).
    const text = opts.input.text.replace(/\s+/g, ' ').trim();
    if (text) args.push(text);
  }
  args.push('--yes', '--provider', opts.provider);
  if (opts.noDashboard) args.push('--no-dashboard');
  args.push(...opts.extraArgs);
  const env: Record<string, string> = { LOKI_NO_HANDOFF: '1', LOKI_NO_AUTO_OPEN: '1' };
  if (opts.promptInjection) env.LOKI_PROMPT_INJECTION = 'true';
  return { shellPath: opts.cliPath, shellArgs: args, cwd: opts.projectPath, env, name: terminalName(opts.projectName) };
}
