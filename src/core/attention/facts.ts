// Gathers the attention facts (domain AttentionFacts) from what the model read: pure, so the model only hands over
// its entries and control-file times.
import type { AttentionFacts, FactFile } from '../domain';
import type { ExcerptFile } from '../parsers/attentionFiles';
import { isRejectedInputName } from '../parsers/attentionFiles';
import type { FileKind } from '../parsers/lokiPaths';

/** One parsed file as the model keeps it. */
export interface FactEntry {
  rel: string;
  kind: FileKind;
  value: unknown;
  mtimeMs: number;
}

/** What the model remembers beyond its entries. */
export interface FactMemory {
  /** Control/marker file name -> mtime, for those present. */
  control: ReadonlyMap<string, number>;
  checkpointRequestedAt: number | null;
  sessionEnded: boolean;
}

/** File kinds the facts are built from. */
export const FACT_KINDS: ReadonlySet<FileKind> = new Set<FileKind>(['signal', 'escalation', 'councilBlock', 'humanInputLog']);

const byFile = (a: FactFile, b: FactFile): number => a.file.localeCompare(b.file);

/** Builds the facts from the model's entries (any order) and memory. */
export function buildAttentionFacts(entries: Iterable<FactEntry>, memory: FactMemory): AttentionFacts {
  const facts: AttentionFacts = {
    markers: [...memory.control].map(([name, at]) => ({ name, at })).sort((a, b) => a.name.localeCompare(b.name)),
    checkpointRequestedAt: memory.checkpointRequestedAt,
    signals: [],
    escalations: [],
    rejectedInputs: [],
    acceptedInputAt: null,
    councilBlocks: [],
    sessionEnded: memory.sessionEnded,
  };
  for (const e of entries) {
    const file: FactFile = { file: e.rel, at: e.mtimeMs, text: (e.value as ExcerptFile | null)?.text ?? '' };
    switch (e.kind) {
      case 'signal':
        facts.signals.push(file);
        break;
      case 'escalation':
        facts.escalations.push(file);
        break;
      case 'councilBlock':
        facts.councilBlocks.push(file);
        break;
      case 'humanInputLog':
        if (isRejectedInputName(e.rel.slice('logs/'.length))) facts.rejectedInputs.push({ ...file, text: '' });
        else facts.acceptedInputAt = Math.max(facts.acceptedInputAt ?? 0, e.mtimeMs);
        break;
      default:
        break;
    }
  }
  facts.signals.sort(byFile);
  facts.escalations.sort(byFile);
  facts.rejectedInputs.sort(byFile);
  facts.councilBlocks.sort(byFile);
  return facts;
}
