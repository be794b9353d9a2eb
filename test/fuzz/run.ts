// `npm run fuzz`: the long fuzz run (every byte offset of every file, more random cases, several seeds), then
// 50 kill -9 rounds of `serve` during writes (uses dist/cli.js when built). Exits 1 when an invariant failed.
// Usage: npm run fuzz [-- <seed> [<rounds> [<kills>]]].
import { runCrashRounds } from './crashServe';
import { runFuzz } from './lokiFuzz';

async function main(): Promise<number> {
  const seed = Number(process.argv[2] ?? 15);
  const rounds = Number(process.argv[3] ?? 3);
  let failures = 0;
  for (let i = 0; i < rounds; i++) {
    const started = Date.now();
    const r = await runFuzz({ seed: seed + i, tornEvery: 1, randomPerFile: 40 });
    const total = Object.values(r.cases).reduce((a, b) => a + b, 0);
    process.stdout.write(`seed ${r.seed}: ${r.files} files, ${total} cases (${Object.entries(r.cases).map(([k, v]) => `${k} ${v}`).join(', ')}), `
      + `${r.reported} reported as problems, ${r.failures.length} invariant failures, ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
    for (const f of r.failures.slice(0, 20)) process.stdout.write(`  FAIL ${f}\n`);
    failures += r.failures.length;
  }
  const kills = Number(process.argv[4] ?? 50);
  const started = Date.now();
  const c = await runCrashRounds({ rounds: kills, seed });
  process.stdout.write(`crash: ${c.kills} kill -9 of serve during adds, ${c.acknowledged} acknowledged, lost ${c.lost}, duplicated ${c.duplicated}, `
    + `unreadable files ${c.unreadableFiles}, blocked next writes ${c.blockedNextWrites}, leftover temp files ${c.leftovers}, ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
  failures += c.lost + c.duplicated + c.unreadableFiles + c.blockedNextWrites + c.leftovers;
  return failures ? 1 : 0;
}

main().then(code => process.exit(code), (err: unknown) => { process.stderr.write(`${String(err)}\n`); process.exit(2); });
