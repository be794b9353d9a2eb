import { createHash } from 'node:crypto';

/** Stable project id: first 12 hex chars of sha256 of the absolute path (Loki's registry uses the same rule). */
export function projectIdFor(absPath: string): string {
  return createHash('sha256').update(absPath).digest('hex').slice(0, 12);
}
