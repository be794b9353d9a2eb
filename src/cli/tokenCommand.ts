// `loki-dashboard token create|list|revoke`: manages the API tokens `serve` accepts (the same token file).
import path from 'node:path';
import { defaultTokenFile, openFileTokenStore } from '../server/fileTokenStore';
import { isTokenScope } from '../server/tokens';
import { parseOrUsage } from './args';
import type { CliCommand } from './command';
import { EXIT_USAGE } from './command';

const USAGE = `Usage:
  loki-dashboard token create --scope read|control [--name NAME]   prints the new token once on stdout
  loki-dashboard token list [--json]
  loki-dashboard token revoke <id>
Options:
  --token-file FILE  token file (default $XDG_CONFIG_HOME/loki-dashboard/tokens.json, mode 0600)
Only SHA-256 hashes are stored: a lost token cannot be shown again; revoke it and create another.
`;

/** The `token` command module. */
export const tokenCommand: CliCommand = {
  name: 'token',
  summary: 'create, list or revoke API tokens for `serve`',
  usage: 'create --scope read|control | list | revoke <id>',
  async run(args) {
    const parsed = parseOrUsage('token', args, { scope: { type: 'string' }, name: { type: 'string' }, json: { type: 'boolean' }, 'token-file': { type: 'string' } }, USAGE);
    if (typeof parsed === 'number') return parsed;
    const fail = (message: string): number => {
      process.stderr.write(`loki-dashboard token: ${message}\n${USAGE}`);
      return EXIT_USAGE;
    };
    const v = parsed.values as Record<string, unknown>;
    const [action, ...rest] = parsed.positionals;
    const file = path.resolve((v['token-file'] as string | undefined) ?? defaultTokenFile());
    switch (action) {
      case 'create': {
        if (rest.length) return fail('create takes no positional arguments');
        if (!isTokenScope(v.scope)) return fail('--scope read|control is required');
        const store = await openFileTokenStore(file);
        try {
          const { token, info } = await store.create(v.scope, (v.name as string | undefined) ?? '');
          // stdout carries only the token so `TOKEN=$(loki-dashboard token create --scope read)` works.
          process.stdout.write(token + '\n');
          process.stderr.write(`Created ${info.scope} token ${info.id} in ${file}. It is shown only this once.\n`);
          return 0;
        } finally {
          store.dispose();
        }
      }
      case 'list': {
        if (rest.length) return fail('list takes no positional arguments');
        const store = await openFileTokenStore(file);
        try {
          const list = store.list();
          if (v.json) process.stdout.write(JSON.stringify(list, null, 2) + '\n');
          else if (list.length === 0) process.stdout.write(`No tokens in ${file}\n`);
          else for (const t of list) process.stdout.write(`${t.id}  ${t.scope.padEnd(7)}  ${t.createdAt}  ${t.name}\n`);
          return 0;
        } finally {
          store.dispose();
        }
      }
      case 'revoke': {
        if (rest.length !== 1) return fail('revoke takes exactly one token id (see `token list`)');
        const store = await openFileTokenStore(file);
        try {
          if (!(await store.revoke(rest[0]!))) {
            process.stderr.write(`loki-dashboard token: no token with id ${rest[0]}\n`);
            return 1;
          }
          // A running `serve` on this token file checks it before every request, so the revocation holds from its
          // next request; its open WebSocket connections close when its file watcher reports the change (milliseconds).
          process.stdout.write(`Revoked ${rest[0]}. A running serve using ${file} refuses it from its next request; its open WebSocket connections close within a moment.\n`);
          return 0;
        } finally {
          store.dispose();
        }
      }
      default:
        return fail(action ? `unknown action '${action}'` : 'expected create, list or revoke');
    }
  },
};
