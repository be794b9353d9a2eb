/**
 * How many leading items of `fresh` the store already holds: the longest prefix of `fresh` that equals a suffix
 * of `stored`. A full re-read starts every log from its last 256 KiB, which the store usually has from the
 * previous run; only the rest is new. `same` compares two items.
 */
export function overlapLength<A, B>(stored: readonly A[], fresh: readonly B[], same: (a: A, b: B) => boolean): number {
  const last = stored[stored.length - 1];
  if (last === undefined) return 0;
  const max = Math.min(stored.length, fresh.length);
  // Candidates end where `fresh` holds the last stored item; try the longest first.
  for (let k = max; k > 0; k--) {
    const candidate = fresh[k - 1];
    if (candidate === undefined || !same(last, candidate)) continue;
    let ok = true;
    for (let i = 0; i < k - 1 && ok; i++) ok = same(stored[stored.length - k + i]!, fresh[i]!);
    if (ok) return k;
  }
  return 0;
}
