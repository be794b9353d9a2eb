/**
 * Atomic-write residue and lock artefacts the runner leaves in `.loki` (contract §0.2). Watchers ignore them and
 * parsers never read them: they are half-written copies or mutexes, not state.
 */
const RESIDUE = [
  /\.tmp\.\d+(\.\d+)?$/, // foo.json.tmp.<pid>[.<rand>]
  /\.tmp\.[^/]*$/, // dashboard-state.json.tmp.$$.$RANDOM and friends
  /(^|\/)\.tmp_[^/]*\.json$/, // memory writers
  /(^|\/)tmp[a-z0-9_]{6,}\.json$/i, // tempfile.mkstemp
  /\.lock$/, // events.jsonl.lock, *.json.lock
  /\.lockdir(\/|$)/, // mkdir mutexes
  /(^|\/)\.[a-z-]+\.lock(\/|$)/, // queue/.pending.lock/ (mkdir mutex)
  /\.corrupt\.\d+$/, // quarantined files
  /\.swp$|~$/,
];

/** True when a `.loki`-relative path (forward slashes) is residue to ignore. */
export function isResidue(relPath: string): boolean {
  const p = relPath.replace(/\\/g, '/');
  return RESIDUE.some(re => re.test(p));
}
