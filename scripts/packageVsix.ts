// `npm run package`: a production build, then `vsce package --no-dependencies` (the bundles need no node_modules),
// then a check of what went in: every file the extension loads at run time, no source maps, at most 2 MB.
//   --out FILE   where to write the .vsix (default: loki-dashboard-<version>.vsix in the repository root)
import { spawnSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { repoRoot } from './lib/vscodeServer';

/** Largest .vsix we ship. */
export const MAX_VSIX_BYTES = 2 * 1024 * 1024;

/** Files the installed extension needs (paths inside the .vsix). */
export const REQUIRED_ENTRIES = [
  'extension/package.json', 'extension/readme.md', 'extension/changelog.md', 'extension/LICENSE.txt',
  'extension/dist/extension.js', 'extension/dist/cli.js', 'extension/dist/webview.js', 'extension/dist/webview.css',
  'extension/dist/sql-wasm.wasm', 'extension/dist/codicon.css', 'extension/dist/codicon.ttf', 'extension/media/loki.svg',
];

/** One file in a zip's central directory. */
export interface ZipEntry {
  name: string;
  compressedSize: number;
  size: number;
}

/** Reads a zip's central directory (no zip64: a .vsix of a few MB never needs it). */
export function listZip(bytes: Buffer): ZipEntry[] {
  let eocd = -1;
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 0xffff); i--) {
    if (bytes.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new Error('not a zip file (no end of central directory record)');
  const count = bytes.readUInt16LE(eocd + 10);
  let at = bytes.readUInt32LE(eocd + 16);
  const entries: ZipEntry[] = [];
  for (let n = 0; n < count; n++) {
    if (bytes.readUInt32LE(at) !== 0x02014b50) throw new Error(`corrupt central directory at entry ${n}`);
    const nameLength = bytes.readUInt16LE(at + 28);
    const extraLength = bytes.readUInt16LE(at + 30);
    const commentLength = bytes.readUInt16LE(at + 32);
    entries.push({
      name: bytes.toString('utf8', at + 46, at + 46 + nameLength),
      compressedSize: bytes.readUInt32LE(at + 20),
      size: bytes.readUInt32LE(at + 24),
    });
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/** What is wrong with a packaged .vsix: missing run-time files, source maps, size over the limit. */
export function vsixProblems(entries: ZipEntry[], fileBytes: number): string[] {
  const names = new Set(entries.map(e => e.name));
  const problems = REQUIRED_ENTRIES.filter(r => !names.has(r)).map(r => `missing ${r}`);
  problems.push(...entries.filter(e => e.name.endsWith('.map')).map(e => `source map packaged: ${e.name}`));
  if (fileBytes > MAX_VSIX_BYTES) {
    const biggest = [...entries].sort((a, b) => b.compressedSize - a.compressedSize).slice(0, 5);
    problems.push(`${(fileBytes / 1024 / 1024).toFixed(2)} MB is over the 2 MB limit; largest entries: ${biggest.map(e => `${e.name} (${Math.round(e.compressedSize / 1024)} KB)`).join(', ')}`);
  }
  return problems;
}

function run(command: string, args: string[]): void {
  const r = spawnSync(command, args, { cwd: repoRoot, stdio: 'inherit' });
  if (r.status !== 0) throw new Error(`${path.basename(command)} ${args.join(' ')} failed (exit ${r.status ?? r.signal})`);
}

/** Builds and packages; returns the .vsix path. */
export function packageVsix(out?: string): string {
  const { version } = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { version: string };
  const vsix = path.resolve(out ?? path.join(repoRoot, `loki-dashboard-${version}.vsix`));
  run(process.execPath, ['esbuild.mjs', '--production']);
  run(process.execPath, [require.resolve('@vscode/vsce/vsce'), 'package', '--no-dependencies', '--no-rewrite-relative-links', '--out', vsix]);
  const size = statSync(vsix).size;
  const entries = listZip(readFileSync(vsix));
  const problems = vsixProblems(entries, size);
  if (problems.length) throw new Error(`${vsix}:\n  ${problems.join('\n  ')}`);
  process.stdout.write(`${vsix}: ${entries.length} files, ${(size / 1024).toFixed(0)} KB (limit ${MAX_VSIX_BYTES / 1024 / 1024} MB)\n`);
  return vsix;
}

if (require.main === module) {
  try {
    const { values } = parseArgs({ args: process.argv.slice(2), options: { out: { type: 'string' } }, strict: true });
    packageVsix(values.out);
  } catch (error) {
    process.stderr.write(`npm run package: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  }
}
