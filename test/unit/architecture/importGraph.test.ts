// The layout keeps data flowing one way: no module of src/ may reach itself again through its imports (type-only
// imports included, since a circle of types is still a circle a reader has to untangle).
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

const SRC = path.resolve(__dirname, '../../../src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap(name => {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) return sourceFiles(p);
    return /\.tsx?$/.test(name) && !name.endsWith('.d.ts') ? [p] : [];
  });
}

function localImports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const out: string[] = [];
  for (const m of text.matchAll(/(?:from|import)\s+'(\.{1,2}\/[^']*)'/g)) {
    const base = path.resolve(path.dirname(file), m[1]!);
    const hit = ['.ts', '.tsx', '/index.ts'].map(e => base + e).find(existsSync);
    if (hit) out.push(hit);
  }
  return out;
}

/** Every circle in `graph` found by a depth-first walk, as the list of nodes that form it. */
function circles(graph: Map<string, string[]>): string[][] {
  const state = new Map<string, 'open' | 'done'>();
  const found: string[][] = [];
  const walk = (f: string, stack: string[]): void => {
    state.set(f, 'open');
    stack.push(f);
    for (const next of graph.get(f) ?? []) {
      if (state.get(next) === 'open') found.push([...stack.slice(stack.indexOf(next)), next]);
      else if (!state.has(next)) walk(next, stack);
    }
    stack.pop();
    state.set(f, 'done');
  };
  for (const f of graph.keys()) if (!state.has(f)) walk(f, []);
  return found;
}

describe('import graph of src/', () => {
  it('has no import circle', () => {
    const files = sourceFiles(SRC);
    assert.ok(files.length > 100, 'the walk sees the sources');
    const found = circles(new Map(files.map(f => [f, localImports(f)])));
    assert.deepEqual(found.map(c => c.map(f => path.relative(SRC, f)).join(' -> ')), []);
  });

  it('reports a circle when there is one', () => {
    assert.deepEqual(circles(new Map([['a', ['b']], ['b', ['c']], ['c', ['a']], ['d', ['a']]])), [['a', 'b', 'c', 'a']]);
    assert.deepEqual(circles(new Map([['a', ['b']], ['b', []]])), []);
  });
});
