// `Loki: Manage API Tokens`: generate (shown once), list, revoke. With an argument it runs without UI (tests, keybindings).
import * as vscode from 'vscode';
import type { TokenInfo, TokenScope, TokenStore } from '../../server/tokens';
import { isTokenScope } from '../../server/tokens';

/** Arguments of `lokiDashboard.manageTokens` that skip the quick pick. */
export type ManageTokensArg =
  | { action: 'generate'; scope: TokenScope; name?: string }
  | { action: 'list' }
  | { action: 'revoke'; id: string };

/** What the command resolves to: the new token (only here, once), the list, whether a revoke hit, or undefined when cancelled. */
export type ManageTokensResult = { id: string; scope: TokenScope; token: string } | TokenInfo[] | boolean | undefined;

function isArg(x: unknown): x is ManageTokensArg {
  if (typeof x !== 'object' || x === null) return false;
  const o = x as Record<string, unknown>;
  return (o.action === 'generate' && isTokenScope(o.scope) && (o.name === undefined || typeof o.name === 'string'))
    || o.action === 'list'
    || (o.action === 'revoke' && typeof o.id === 'string');
}

const describe = (t: TokenInfo): string => `${t.scope} · created ${t.createdAt.slice(0, 16).replace('T', ' ')}`;

/** Runs the token management flow. */
export async function manageTokens(tokens: TokenStore, arg: unknown): Promise<ManageTokensResult> {
  await tokens.ready();
  if (arg !== undefined) {
    if (!isArg(arg)) throw new Error('manageTokens expects {action:"generate",scope:"read"|"control"}, {action:"list"} or {action:"revoke",id}');
    switch (arg.action) {
      case 'generate': {
        const { token, info } = await tokens.create(arg.scope, arg.name ?? '');
        return { id: info.id, scope: info.scope, token };
      }
      case 'list':
        return tokens.list();
      case 'revoke':
        return tokens.revoke(arg.id);
    }
  }
  const pick = await vscode.window.showQuickPick(
    [
      { label: '$(key) Generate read token', description: 'REST reads and WebSocket events', action: 'read' as const },
      { label: '$(key) Generate control token', description: 'also pause/resume/stop, input, add and move tasks', action: 'control' as const },
      { label: '$(list-unordered) List / revoke tokens', description: `${tokens.list().length} token(s)`, action: 'list' as const },
    ],
    { title: 'Loki API tokens', placeHolder: 'Tokens are shown once and stored only as hashes' },
  );
  if (!pick) return undefined;
  if (pick.action === 'list') return revokeFlow(tokens);
  const name = await vscode.window.showInputBox({ title: `New ${pick.action} token`, prompt: 'A name to recognise it later (optional)', value: '' });
  if (name === undefined) return undefined;
  const { token, info } = await tokens.create(pick.action, name);
  const copy = await vscode.window.showInformationMessage(
    `New ${info.scope} API token`,
    { modal: true, detail: `${token}\n\nThis is the only time it is shown. Send it as "Authorization: Bearer <token>" (or ?token= for a browser WebSocket).` },
    'Copy',
  );
  if (copy === 'Copy') await vscode.env.clipboard.writeText(token);
  return { id: info.id, scope: info.scope, token };
}

async function revokeFlow(tokens: TokenStore): Promise<boolean | undefined> {
  const list = tokens.list();
  if (list.length === 0) {
    void vscode.window.showInformationMessage('No API tokens yet.');
    return false;
  }
  const pick = await vscode.window.showQuickPick(
    list.map(t => ({ label: t.name || t.id, description: describe(t), detail: `id ${t.id}`, id: t.id })),
    { title: 'Loki API tokens', placeHolder: 'Pick a token to revoke (open connections using it are closed at once)' },
  );
  if (!pick) return undefined;
  const ok = await vscode.window.showWarningMessage(`Revoke token ${pick.label}?`, { modal: true }, 'Revoke');
  if (ok !== 'Revoke') return undefined;
  return tokens.revoke(pick.id);
}
