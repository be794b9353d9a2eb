import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';

const root = path.resolve(__dirname, '..', '..', '..');
const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as {
  contributes: { commands: Array<{ command: string; title: string; category: string }>; configuration: { properties: Record<string, { default: unknown }> } };
};
const readme = readFileSync(path.join(root, 'README.md'), 'utf8');

/** Rows of the Markdown table whose header starts with `header`. */
function tableRows(header: string): string[][] {
  const lines = readme.split('\n');
  const start = lines.findIndex(l => l.startsWith(`| ${header} |`));
  assert.ok(start >= 0, `README has no table starting with "${header}"`);
  const rows: string[][] = [];
  for (const l of lines.slice(start + 2)) {
    if (!l.startsWith('|')) break;
    rows.push(l.split(/(?<!\\)\|/).slice(1, -1).map(c => c.trim()));
  }
  return rows;
}

describe('README commands and settings tables', () => {
  it('lists exactly the contributed commands, in order, with their titles', () => {
    const rows = tableRows('Command');
    assert.deepEqual(rows.map(r => r[1]), pkg.contributes.commands.map(c => `\`${c.command}\``));
    assert.deepEqual(rows.map(r => r[0]), pkg.contributes.commands.map(c => `${c.category}: ${c.title}`));
  });
  it('lists exactly the contributed settings with their defaults', () => {
    const rows = tableRows('Setting');
    const props = Object.entries(pkg.contributes.configuration.properties);
    assert.deepEqual(rows.map(r => r[0]), props.map(([k]) => `\`${k}\``));
    assert.deepEqual(rows.map(r => r[2]), props.map(([, v]) => `\`${JSON.stringify(v.default)}\``));
  });
});
