// The documented shape of `loki-dashboard snapshot --json`, as the CLI tests read it back.
export const COLUMNS = ['pending', 'in_progress', 'review', 'completed', 'failed'] as const;

/** One card as the JSON prints it. */
export interface SnapshotCard { id: string; title: string; status: string; readOnly: boolean; [key: string]: unknown }

/** The whole document. */
export interface SnapshotJson {
  project: { name: string; path: string };
  hasLoki: boolean;
  session: { phase: string | null; iteration: number | null; alive: boolean; [key: string]: unknown };
  columns: Record<(typeof COLUMNS)[number], SnapshotCard[]>;
  agents: unknown;
  learnings: unknown;
  problems: Array<{ file: string; message: string }>;
}

/** One entry of a fixture run's `expected.json` (written by hand from the real run). */
export interface ExpectedTree { columns: Record<(typeof COLUMNS)[number], string[]>; iteration: number | null; phase: string | null }
