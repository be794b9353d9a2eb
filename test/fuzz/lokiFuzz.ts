// Seeded fuzzing of the read side (and the queue writer's read-back) on a copy of a real runner `.loki`.
// Every file kind the model reads is mutated in turn: torn at byte offsets, wrong JSON types, huge and deeply
// nested values, invalid UTF-8, a symlink to a secret outside the project, a FIFO, a directory. Invariants:
//   1. nothing throws out of the core (ProjectModel.applyFile / snapshot, readQueueFile throws only ControlError);
//   2. nothing from outside the project is read (the secret never appears in a snapshot, problem or log line);
//   3. a file that is not valid JSON (torn or broken) is reported as a problem;
//   4. while it is reported, the last good value stays (the snapshot without `problems` equals the baseline);
//   5. restoring the file restores the baseline and clears the problem.
import { execFileSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { NodeFileAccessor } from '../../src/core/adapters/nodeFileAccessor';
import { kindOf } from '../../src/core/parsers/lokiPaths';
import { ProjectModel } from '../../src/core/projectModel';
import { ControlError } from '../../src/core/write/control';
import { readQueueFile } from '../../src/core/write/queueWriter';
import { RecordingLogger } from '../fakes/recordingLogger';

/** The real runner tree the fuzzer copies. */
export const FUZZ_FIXTURE = path.join(__dirname, '..', 'fixtures', 'loki-runs', 'claude-todo', 'snapshots', 't-0019', '.loki');

const SECRET = 'FUZZ-SECRET-9c1f';

/** Counts by mutation kind, and the invariant violations found (empty when all held). */
export interface FuzzReport {
  seed: number;
  files: number;
  cases: Record<string, number>;
  reported: number;
  failures: string[];
}

/** How hard to fuzz: `tornEvery` 1 tears every file at every offset; larger values sample every n-th offset. */
export interface FuzzOptions {
  seed: number;
  tornEvery: number;
  /** Random wrong-type / huge / UTF-8 mutations per file. */
  randomPerFile: number;
  /** Only files up to this size are torn at offsets (larger ones are sampled at 64 offsets). */
  maxTornBytes?: number;
}

/** mulberry32: small, seeded, good enough to pick mutations reproducibly. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WRONG_VALUES: unknown[] = [null, true, 0, -1, 1e308, -1e16, 1e16, 1.7e18, '', 'x'.repeat(5000), [], {}, { toString: 1 }, { valueOf: {} }, [[[]]], '\u0000\u001b[2J', '2026-13-45T99:99:99Z', 'NaN'];

function mutateJson(value: unknown, rnd: () => number): unknown {
  const pick = <T>(xs: T[]): T => xs[Math.floor(rnd() * xs.length)] as T;
  if (Array.isArray(value) && value.length && rnd() < 0.7) {
    const i = Math.floor(rnd() * value.length);
    const copy: unknown[] = [...(value as unknown[])];
    copy[i] = mutateJson(copy[i], rnd);
    return copy;
  }
  if (value && typeof value === 'object' && !Array.isArray(value) && rnd() < 0.8) {
    const keys = Object.keys(value);
    if (keys.length) {
      const k = pick(keys);
      return { ...(value as Record<string, unknown>), [k]: mutateJson((value as Record<string, unknown>)[k], rnd) };
    }
  }
  return pick(WRONG_VALUES);
}

function deepValue(depth: number): string {
  return '['.repeat(depth) + ']'.repeat(depth);
}

/**
 * Snapshot without the problem list, as comparable text. Agents are left out while agents.json itself is fuzzed:
 * the model deliberately remembers every agent a session has shown, so a mistyped but valid file adds to them.
 */
function body(model: ProjectModel, rel = ''): string {
  const { problems: _p, agents, ...rest } = model.snapshot();
  return JSON.stringify(rel === 'state/agents.json' ? rest : { ...rest, agents });
}

/** Runs the fuzzer once; never throws (violations are returned). */
export async function runFuzz(opts: FuzzOptions): Promise<FuzzReport> {
  const rnd = prng(opts.seed);
  const root = await fs.realpath(await fs.mkdtemp(path.join(os.tmpdir(), 'loki-fuzz-')));
  const project = path.join(root, 'project');
  const loki = path.join(project, '.loki');
  const secretFile = path.join(root, 'secret.json');
  const report: FuzzReport = { seed: opts.seed, files: 0, cases: {}, reported: 0, failures: [] };
  const count = (k: string): void => { report.cases[k] = (report.cases[k] ?? 0) + 1; };
  try {
    await fs.cp(FUZZ_FIXTURE, loki, { recursive: true });
    await fs.writeFile(secretFile, JSON.stringify([{ id: SECRET, title: SECRET, mode: SECRET }]));
    const log = new RecordingLogger();
    const newModel = (): ProjectModel => new ProjectModel({
      project: { id: 'fuzz', name: 'fuzz', path: project }, files: new NodeFileAccessor(), log, homeDir: null,
      isPidAlive: () => false, now: () => 1_800_000_000_000, transientGraceMs: 0,
    });
    let model = newModel();
    const targets = (await listFiles(loki)).filter(rel => { const k = kindOf(rel); return k !== null && k !== 'control' && k !== 'events'; });
    report.files = targets.length;
    // Whole-second mtimes, so a restored file gets exactly its old time back (the session's last write comes from them).
    const mtime = new Date('2026-11-22T03:00:00Z');
    const mtimes = new Map<string, Date>();
    for (const rel of targets) {
      await fs.utimes(path.join(loki, rel), mtime, mtime);
      mtimes.set(rel, mtime);
    }
    await model.loadAll();
    const baselineAll = body(model);
    let baseline = baselineAll;

    const check = async (rel: string, kind: string, expectProblem: boolean): Promise<void> => {
      count(kind);
      const abs = path.join(loki, rel);
      const where = `${kind} ${rel}`;
      try {
        await model.applyFile(abs);
        const snap = model.snapshot();
        const text = JSON.stringify(snap);
        if (text.includes(SECRET) || log.lines.some(l => l.message.includes(SECRET))) report.failures.push(`${where}: read outside the project`);
        const problem = snap.problems.some(p => p.file === rel);
        if (problem) report.reported++;
        if (expectProblem && !problem) report.failures.push(`${where}: not reported`);
        if (problem && body(model, rel) !== baseline) report.failures.push(`${where}: last good value not kept (${firstDiff(baseline, body(model, rel))})`);
      } catch (err) {
        report.failures.push(`${where}: threw ${(err as Error).message}`);
      }
      if (rel.startsWith('queue/') && rel.endsWith('.json')) {
        try {
          await readQueueFile(abs);
        } catch (err) {
          if (!ControlError.is(err)) report.failures.push(`${where}: writer read threw ${(err as Error).message}`);
        }
      }
    };
    const restore = async (rel: string, original: Buffer): Promise<void> => {
      const abs = path.join(loki, rel);
      await fs.rm(abs, { recursive: true, force: true });
      await fs.writeFile(abs, original);
      const times = mtimes.get(rel);
      if (times) await fs.utimes(abs, times, times); // the session's last-write time comes from file mtimes
      await model.applyFile(abs);
      const now = body(model, rel);
      if (now !== baseline) report.failures.push(`restore ${rel}: baseline not restored (${firstDiff(baseline, now)})`);
      else if (model.snapshot().problems.some(p => p.file === rel)) report.failures.push(`restore ${rel}: problem not cleared`);
    };

    for (const rel of targets) {
      // A fresh model per file: what one file's fuzzing leaves in memory (agents) must not blur the next file's check.
      model = newModel();
      await model.loadAll();
      if (body(model) !== baselineAll) report.failures.push(`before ${rel}: the fixture did not read back to its baseline`);
      baseline = body(model, rel);
      const abs = path.join(loki, rel);
      const original = await fs.readFile(abs);
      const isJson = rel.endsWith('.json');
      const parses = (b: Buffer): boolean => { try { JSON.parse(b.toString('utf8')); return true; } catch { return false; } };
      // Torn writes: the file as a reader catches it mid-write, at (every n-th) byte offset.
      const step = original.length > (opts.maxTornBytes ?? Infinity) ? Math.max(1, Math.floor(original.length / 64)) : opts.tornEvery;
      for (let off = 0; off < original.length; off += step) {
        const torn = original.subarray(0, off);
        await fs.writeFile(abs, torn);
        await check(rel, 'torn', isJson && !parses(torn));
      }
      await restore(rel, original);
      for (let i = 0; i < opts.randomPerFile; i++) {
        const r = rnd();
        let data: Buffer;
        let kind: string;
        if (r < 0.45 && isJson && parses(original)) {
          data = Buffer.from(JSON.stringify(mutateJson(JSON.parse(original.toString('utf8')), rnd)));
          kind = 'wrong-type';
        } else if (r < 0.6) {
          data = Buffer.from(isJson ? `{"tasks": ${deepValue(20_000 + Math.floor(rnd() * 80_000))}, "title": "${'y'.repeat(1 << 20)}"}` : 'z'.repeat(1 << 20));
          kind = 'huge-deep';
        } else {
          data = Buffer.from(original);
          for (let k = 0; k < 1 + Math.floor(rnd() * 8); k++) data[Math.floor(rnd() * data.length)] = [0xff, 0xc3, 0x80, 0xed, 0xa0, 0x00][Math.floor(rnd() * 6)]!;
          kind = 'invalid-utf8';
        }
        await fs.writeFile(abs, data);
        await check(rel, kind, isJson && !parses(data));
        await restore(rel, original);
      }
      // Special files in place of the real one.
      await fs.rm(abs);
      await fs.symlink(secretFile, abs);
      await check(rel, 'symlink-outside', true);
      await fs.rm(abs);
      execFileSync('mkfifo', [abs]);
      await check(rel, 'fifo', true);
      await fs.rm(abs);
      await fs.mkdir(abs);
      await check(rel, 'directory', false);
      await restore(rel, original);
    }
    // A folder link out of the project: `queue/` itself.
    const queue = path.join(loki, 'queue');
    await fs.rename(queue, path.join(root, 'queue-real'));
    await fs.mkdir(path.join(root, 'elsewhere'));
    await fs.copyFile(secretFile, path.join(root, 'elsewhere', 'pending.json'));
    await fs.symlink(path.join(root, 'elsewhere'), queue);
    await check('queue/pending.json', 'folder-link-outside', true);
  } finally {
    await fs.rm(root, { recursive: true, force: true });
  }
  return report;
}

async function listFiles(dir: string, base = ''): Promise<string[]> {
  const out: string[] = [];
  for (const e of await fs.readdir(dir, { withFileTypes: true })) {
    const rel = base ? `${base}/${e.name}` : e.name;
    if (e.isDirectory()) out.push(...(await listFiles(path.join(dir, e.name), rel)));
    else if (e.isFile()) out.push(rel);
  }
  return out.sort();
}

/** Where two texts first differ, for a readable failure. */
function firstDiff(a: string, b: string): string {
  let i = 0;
  while (i < a.length && a[i] === b[i]) i++;
  return `at ${i}: …${a.slice(Math.max(0, i - 40), i + 40)}… vs …${b.slice(Math.max(0, i - 40), i + 40)}…`;
}
