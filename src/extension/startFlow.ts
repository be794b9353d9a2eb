import * as path from 'node:path';
import * as vscode from 'vscode';
import { PROVIDERS } from '../core/domain';
import type { ProjectInfo, Provider } from '../core/domain';
import type { StartInput } from './launchPlan';
import { RefusedError } from './trust';

const SPEC_EXCLUDE = '**/{node_modules,.loki,.git,dist,out,build,.vscode-test,coverage}/**';
const SPEC_NAME = /(prd|spec|requirement|brief|product|feature|story|plan)/i;

/** Turns a command argument into a start input: a path to a spec, `{ brief }`, `'none'`, or an object of ours. */
export function inputFromArg(arg: unknown, projectPath: string): StartInput | undefined {
  if (arg === 'none') return { kind: 'none' };
  if (typeof arg === 'string' && arg.trim()) {
    const p = path.isAbsolute(arg) ? arg : path.join(projectPath, arg);
    return /\.(md|json|ya?ml|txt)$/i.test(arg) ? { kind: 'spec', path: p } : { kind: 'brief', text: arg };
  }
  if (typeof arg === 'object' && arg !== null) {
    const o = arg as Record<string, unknown>;
    if (o.kind === 'none') return { kind: 'none' };
    if (o.kind === 'spec' && typeof o.path === 'string') return { kind: 'spec', path: path.isAbsolute(o.path) ? o.path : path.join(projectPath, o.path) };
    if (o.kind === 'brief' && typeof o.text === 'string' && o.text.trim()) return { kind: 'brief', text: o.text };
  }
  return undefined;
}

/** Asks what to start from: a spec file found in the project, a one-line brief, or nothing (Loki analyses the code). */
export async function pickInput(project: ProjectInfo): Promise<StartInput> {
  const files = await vscode.workspace.findFiles(new vscode.RelativePattern(project.path, '**/*.{md,json,yaml,yml}'), SPEC_EXCLUDE, 400);
  const specs = files
    .map(u => u.fsPath)
    .filter(f => /\.md$/i.test(f) ? !/(^|[\\/])(CHANGELOG|LICENSE|CONTRIBUTING|CODE_OF_CONDUCT)[^\\/]*$/i.test(f) : SPEC_NAME.test(path.basename(f)))
    .sort((a, b) => Number(SPEC_NAME.test(path.basename(b))) - Number(SPEC_NAME.test(path.basename(a))) || a.length - b.length)
    .slice(0, 100);
  type Item = vscode.QuickPickItem & { input?: StartInput; brief?: true };
  const items: Item[] = [
    { label: '$(edit) One-line brief…', description: 'describe what to build in one sentence', brief: true },
    { label: '$(search) None', description: 'let Loki analyse the codebase and generate a PRD', input: { kind: 'none' } },
  ];
  if (specs.length) {
    items.push({ label: 'Spec files', kind: vscode.QuickPickItemKind.Separator });
    for (const f of specs) items.push({ label: `$(file) ${path.basename(f)}`, description: path.relative(project.path, path.dirname(f)) || '.', input: { kind: 'spec', path: f } });
  }
  const choice = await vscode.window.showQuickPick(items, { placeHolder: `Start Loki in ${project.name} from…`, matchOnDescription: true });
  if (!choice) throw new RefusedError('cancelled', 'Cancelled');
  if (choice.input) return choice.input;
  const text = await vscode.window.showInputBox({
    title: `Loki brief for ${project.name}`,
    prompt: 'One sentence describing what Loki should build',
    placeHolder: 'A CLI todo app with add, list and done commands',
    validateInput: v => (v.trim().length < 3 ? 'Write a few words' : undefined),
  });
  if (!text?.trim()) throw new RefusedError('cancelled', 'Cancelled');
  return { kind: 'brief', text };
}

/** Asks for the provider with the configured default on top. */
export async function pickProvider(defaultProvider: Provider): Promise<Provider> {
  const items = [defaultProvider, ...PROVIDERS.filter(p => p !== defaultProvider)].map(p => ({ label: p, description: p === defaultProvider ? 'default' : undefined }));
  const choice = await vscode.window.showQuickPick(items, { placeHolder: 'AI provider for this session' });
  if (!choice) throw new RefusedError('cancelled', 'Cancelled');
  return choice.label;
}

/** A provider named by a command argument, if valid. */
export function providerFromArg(arg: unknown): Provider | undefined {
  return typeof arg === 'string' && (PROVIDERS as readonly string[]).includes(arg) ? (arg as Provider) : undefined;
}
