// The parser for each kind of `.loki` file the model reads whole (tails and control files are handled elsewhere).
import type { ReportUnknown } from '../statusVocabulary';
import { markdownDirStatus, queueFileStatus } from '../statusVocabulary';
import { parseAgents } from './agents';
import { parseEscalation, parseExcerpt, parseHumanInputLog } from './attentionFiles';
import { parseContinuity } from './continuity';
import { parseMemoryIndex, parseMemoryTimeline, parseTokenEconomics } from './memory';
import { parseAutonomyState } from './autonomyState';
import { parseCurrentTask } from './currentTask';
import { parseDashboardState } from './dashboardState';
import { parseLearningSignal, parseRelevantLearnings } from './learnings';
import type { FileKind } from './lokiPaths';
import { parseMarkdownTask } from './markdownTasks';
import { parseBudget, parseContextTracking, parseIterationMetric } from './metrics';
import { parseOrchestrator } from './orchestrator';
import { ok } from './parseResult';
import type { ParseResult } from './parseResult';
import { parseChecklist, parseCouncil, parseNotifications, parseQualityGates } from './quality';
import { parseQueue } from './queue';
import { parsePidFile, parsePidRecord, parseProviderFile, parseRunnerRoute, parseSessionJson } from './sessionFiles';

/** What some parsers need beyond the text. */
export interface ParserContext {
  projectId: string;
  /** The session id agents are filed under, computed when the file is read. */
  sessionId: () => string;
  report: ReportUnknown;
}

/** A text parser for a file kind at `rel`, or null when the model does not read that kind whole (yet). */
export function parserFor(kind: FileKind, rel: string, ctx: ParserContext): ((text: string) => ParseResult<unknown>) | null {
  switch (kind) {
    case 'dashboard':
      return parseDashboardState;
    case 'autonomy':
      return parseAutonomyState;
    case 'orchestrator':
      return parseOrchestrator;
    case 'currentTask':
      return parseCurrentTask;
    case 'queue': {
      const column = queueFileStatus(rel.slice('queue/'.length));
      return column ? text => parseQueue(text, rel, column, ctx.report) : null;
    }
    case 'markdownTask': {
      const column = markdownDirStatus(rel.split('/')[1] ?? '');
      return column ? text => parseMarkdownTask(text, rel, column, ctx.report) : null;
    }
    case 'lokiPid':
    case 'sessionPid':
      return parsePidFile;
    case 'sessionJson':
      return parseSessionJson;
    case 'pidRecord':
      return parsePidRecord;
    case 'runnerRoute':
      return text => ok(parseRunnerRoute(text));
    case 'provider':
      return text => ok(parseProviderFile(text));
    case 'agents':
      return text => parseAgents(text, { projectId: ctx.projectId, sessionId: ctx.sessionId() });
    case 'tracking':
      return parseContextTracking;
    case 'budget':
      return parseBudget;
    case 'iterationMetric':
      return parseIterationMetric;
    case 'council':
      return parseCouncil;
    case 'notifications':
      return parseNotifications;
    case 'checklist':
      return parseChecklist;
    case 'gates':
      return parseQualityGates;
    case 'relevantLearnings':
      return text => parseRelevantLearnings(text, ctx.projectId, `.loki/${rel}`);
    case 'learningSignal':
      return text => parseLearningSignal(text, ctx.projectId, `.loki/${rel}`);
    case 'signal':
    case 'councilBlock':
      return parseExcerpt;
    case 'escalation':
      return parseEscalation;
    case 'humanInputLog':
      return parseHumanInputLog;
    case 'memoryIndex':
      return parseMemoryIndex;
    case 'memoryTimeline':
      return parseMemoryTimeline;
    case 'memoryEconomics':
      return parseTokenEconomics;
    case 'continuity':
      return parseContinuity;
    default:
      return null;
  }
}
