import { applyContainerOutcomes, buildFlows } from '../correlation/flows';
import { parseDocument, type ParseOptions, type ParseResult } from '../formats/parser';
import { builtInFormatRegistry, type FormatRegistry } from '../formats/registry';
import { builtInKnowledgeBase, type KnowledgeBase } from '../knowledge/knowledgeBase';
import { matchFindings, type PeerDocument, type RuleSeverity } from '../knowledge/matcher';
import type { ParsedLog } from '../model/log';
import { IndexedAnalysis } from '../engine/analysis';
import { indexText, mainSection, toParsedLog, type IndexOptions } from '../engine/analyze';

export interface AnalyzeOptions extends ParseOptions {
  uri?: string;
  version?: number;
  registry?: FormatRegistry;
  knowledge?: KnowledgeBase;
  severity?: Record<string, RuleSeverity>;
  peers?: () => PeerDocument[];
  maxFindings?: number;
  levelFindings?: boolean;
}

export { mainSection };

/** The whole pipeline on one text (formats → index → flows → findings), as the features read it. */
export function analyzeLog(text: string, options: IndexOptions = {}): IndexedAnalysis {
  return new IndexedAnalysis(indexText(text, options), options.uri ?? 'untitled:log', options.version ?? 0);
}

/** The same analysis with every entry and flow built, for reports and tests. */
export function analyzeText(text: string, options: IndexOptions = {}): ParsedLog {
  return toParsedLog(indexText(text, options), { uri: options.uri, version: options.version });
}

/**
 * The object-per-entry engine (one object per entry, flows and findings over them). It is kept only until the
 * indexed engine has replaced it on every path: the equality test compares the two.
 */
export function legacyAnalyzeText(text: string, options: AnalyzeOptions = {}): ParsedLog {
  return completeAnalysis(parseDocument(text, options.registry ?? builtInFormatRegistry(), options), options);
}

/** Flows and findings over parsed entries (the whole text, or kept entries plus an appended tail). */
export function completeAnalysis(parsed: ParseResult, options: AnalyzeOptions): ParsedLog {
  const registry = options.registry ?? builtInFormatRegistry();
  const knowledge = options.knowledge ?? builtInKnowledgeBase();
  const flows = buildFlows(parsed.entries, registry, parsed.newestFirst);
  const { findings, capped } = matchFindings(
    { entries: parsed.entries, flows, newestFirst: parsed.newestFirst },
    { registry, knowledge, severity: options.severity, peers: options.peers, maxFindings: options.maxFindings, levelFindings: options.levelFindings },
  );
  for (const finding of findings) {
    const flow = finding.flowId ? flows.get(finding.flowId) : undefined;
    if (flow && finding.severity === 'error' && flow.outcome.status !== 'failed' && flow.outcome.status !== 'ok') {
      flow.outcome = { status: 'failed', text: `failed: ${finding.message.split(':')[0]}` };
    }
  }
  applyContainerOutcomes(flows, registry, parsed.newestFirst);
  const notices = [...parsed.notices];
  if (capped) notices.push(`Only the first ${options.maxFindings ?? 10000} findings are shown (logsleuth.maxFindings).`);
  const main = mainSection(parsed.sections);
  return {
    uri: options.uri ?? 'untitled:log',
    version: options.version ?? 0,
    lineCount: parsed.lineCount,
    family: main?.family,
    formatId: main?.formatId,
    sections: parsed.sections,
    entries: parsed.entries,
    entryAtLine: parsed.entryAtLine,
    flows,
    findings,
    folds: parsed.folds,
    newestFirst: parsed.newestFirst,
    notices,
  };
}
