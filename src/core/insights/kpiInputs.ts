// Reads the two inputs of the KPIs from a `.loki` directory: efficiency records and council round files. Read
// directly (not from the model's last good values) so a run's KPIs match what Loki would compute from the same files.
import type { FileAccessor } from '../fileAccess';
import { parseIterationMetric } from '../parsers/metrics';
import { isRecord, num, parseJson, str } from '../parsers/parseResult';
import type { CouncilRound, KpiInputs } from './kpis';

/** Largest metrics or round file read (real ones are a few hundred bytes). */
const MAX_BYTES = 1024 * 1024;

/** Parses `council/votes/round-N.json`; a file that is not a JSON object is a problem string. */
export function parseCouncilRound(text: string): CouncilRound | string {
  const parsed = parseJson(text);
  if (!parsed.ok) return parsed.problem;
  if (!isRecord(parsed.value)) return 'expected a JSON object';
  const r = parsed.value;
  const round: CouncilRound = {};
  const verdict = str(r.verdict, 100);
  if (typeof r.verdict === 'string' && verdict !== undefined) round.verdict = verdict;
  if (typeof r.complete_votes === 'number') round.completeVotes = num(r.complete_votes);
  if (typeof r.total_members === 'number') round.totalMembers = num(r.total_members);
  return round;
}

/** Reads the KPI inputs of `lokiDir` (absolute). Missing files and directories are normal and become notes. */
export async function readKpiInputs(files: FileAccessor, lokiDir: string): Promise<KpiInputs> {
  const out: KpiInputs = { lokiDir, efficiencyDir: false, records: [], councilDir: false, rounds: [], skipped: [] };
  const effDir = `${lokiDir}/metrics/efficiency`;
  out.efficiencyDir = (await files.stat(effDir))?.isDirectory === true;
  for (const name of (await files.list(effDir)).filter(n => n.endsWith('.json')).sort(byNumber)) {
    const read = await files.readText(`${effDir}/${name}`, MAX_BYTES);
    if (!read.ok) {
      if (read.reason !== 'missing') out.skipped.push({ file: `metrics/efficiency/${name}`, problem: read.message });
      continue;
    }
    const parsed = parseIterationMetric(read.text);
    if (parsed.ok) out.records.push(parsed.value);
    else out.skipped.push({ file: `metrics/efficiency/${name}`, problem: parsed.problem });
  }
  out.councilDir = (await files.stat(`${lokiDir}/council`))?.isDirectory === true;
  const votes = `${lokiDir}/council/votes`;
  for (const name of (await files.list(votes)).filter(n => n.startsWith('round-') && n.endsWith('.json')).sort(byNumber)) {
    const read = await files.readText(`${votes}/${name}`, MAX_BYTES);
    if (!read.ok) {
      if (read.reason !== 'missing') out.skipped.push({ file: `council/votes/${name}`, problem: read.message });
      continue;
    }
    const round = parseCouncilRound(read.text);
    if (typeof round === 'string') out.skipped.push({ file: `council/votes/${name}`, problem: round });
    else out.rounds.push(round);
  }
  return out;
}

/** `iteration-2` before `iteration-10`. */
function byNumber(a: string, b: string): number {
  return a.localeCompare(b, 'en', { numeric: true });
}
