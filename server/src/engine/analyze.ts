import { scoreFormats } from '../formats/detect';
import { regionFolds } from '../formats/parser';
import { builtInFormatRegistry, type CompiledFormat } from '../formats/registry';
import { builtInKnowledgeBase } from '../knowledge/knowledgeBase';
import type { ParseOptions } from '../formats/parser';
import type { FormatRegistry } from '../formats/registry';
import type { KnowledgeBase } from '../knowledge/knowledgeBase';
import type { RuleSeverity } from '../knowledge/matcher';
import type { Finding, ParsedLog, Section } from '../model/log';
import { EntryFacts } from './facts';
import { indexFindings, type IndexPeer } from './findings';
import { containerOutcomes, outcomeKinds, type OutcomeView } from '../correlation/flows';
import { buildFlowTable, STATUS, STATUS_CODE } from './flowTable';
import { lineStarts, TextLines } from './lines';
import { LogIndex } from './logIndex';
import { Scanner } from './scan';
import { resolveTimes } from './times';

/** Same limits as the parser: the first lines vote; small documents also try every other format. */
const DETECTION_LINES = 2000;
const SMALL_DOCUMENT_LINES = 20000;

export interface IndexOptions extends ParseOptions {
  uri?: string;
  version?: number;
  registry?: FormatRegistry;
  knowledge?: KnowledgeBase;
  severity?: Record<string, RuleSeverity>;
  /** Other documents, for conditions that look into them (`seenInOtherFile`). */
  peers?: () => IndexPeer[];
  /** Unlimited when undefined. */
  maxFindings?: number;
  levelFindings?: boolean;
}

/** The largest section: its format names the document. */
export function mainSection(sections: Section[]): Section | undefined {
  let best: Section | undefined;
  for (const section of sections) {
    if (!best || section.endLine - section.startLine > best.endLine - best.startLine) best = section;
  }
  return best;
}

export interface IndexedLog {
  index: LogIndex;
  findings: Finding[];
  capped: boolean;
  notices: string[];
}

/** The whole analysis of one text into a columnar index, its flows and its findings. */
export function indexText(text: string, options: IndexOptions = {}): IndexedLog {
  const registry = options.registry ?? builtInFormatRegistry();
  const knowledge = options.knowledge ?? builtInKnowledgeBase();
  const lines = new TextLines(text, lineStarts(text));
  let candidates: CompiledFormat[];
  if (options.formatId) {
    const forced = registry.byId.get(options.formatId);
    candidates = forced ? [forced] : [];
  } else {
    const first: string[] = [];
    for (let i = 0; i < Math.min(lines.count, DETECTION_LINES); i++) first.push(lines.line(i));
    const voted = scoreFormats(registry, first, options.fileName).map((s) => s.format);
    candidates = lines.count <= SMALL_DOCUMENT_LINES ? [...voted, ...registry.formats.filter((f) => !voted.includes(f))] : voted;
  }
  const facts = new EntryFacts(registry, knowledge, options.severity, candidates);
  const scan = new Scanner(candidates, facts);
  facts.scan = scan;
  if (candidates.length > 0) {
    for (let i = 0; i < lines.count; i++) scan.pushLine(lines.line(i), i);
    scan.finishInput();
  }
  const { time, newestFirst } = resolveTimes(scan, options.referenceYear ?? new Date().getUTCFullYear(), scan.current?.def.order);
  for (const section of scan.sections) {
    const format = candidates.find((f) => f.id === section.formatId);
    if (format) scan.folds.push(...regionFolds(format, section, (line) => lines.line(line)));
  }
  const index = new LogIndex(
    lines,
    candidates,
    scan.count,
    scan.startLine.done(),
    scan.endLine.done(),
    scan.startChar.done(),
    scan.endChar.done(),
    scan.format.done(),
    scan.pattern.done(),
    scan.level.done(),
    time,
    scan.keyStart.done(),
    scan.keyOf.done(),
    scan.keys,
    scan.sections,
    scan.folds,
    scan.notices,
    scan.declaredLayouts,
  );
  index.newestFirst = newestFirst;
  index.facts = facts;
  const main = mainSection(scan.sections);
  index.family = main?.family;
  index.formatId = main?.formatId;
  index.flows = buildFlowTable(scan, facts, registry, time, newestFirst);
  const { findings, capped } = indexFindings(index, {
    knowledge,
    severity: options.severity,
    peers: options.peers,
    maxFindings: options.maxFindings,
    levelFindings: options.levelFindings,
  });
  const table = index.flows;
  for (const finding of findings) {
    const f = finding.flowId ? index.flowNumber(finding.flowId) : undefined;
    if (f === undefined || finding.severity !== 'error') continue;
    const status = table.status.data[f]!;
    if (status !== STATUS_CODE.failed && status !== STATUS_CODE.ok) {
      table.status.data[f] = STATUS_CODE.failed;
      table.outcomeText[f] = `failed: ${finding.message.split(':')[0]}`;
    }
  }
  // Connections without an outcome of their own take their security associations' (as applyContainerOutcomes).
  const kinds = outcomeKinds(registry);
  const views: OutcomeView[] = [];
  for (let f = 0; f < table.count; f++) views.push({ kind: index.flowKind(f), entries: table.membersOf(f), status: STATUS[table.status.data[f]!]!, text: table.outcomeText[f]! });
  for (const [f, outcome] of containerOutcomes(views, kinds.hasOwnOutcomes, kinds.groupOf, newestFirst)) {
    table.status.data[f] = STATUS_CODE[outcome.status];
    table.outcomeText[f] = outcome.text;
  }
  const notices = [...scan.notices];
  if (capped) notices.push(`Only the first ${options.maxFindings ?? 10000} findings are shown (logsleuth.maxFindings).`);
  return { index, findings, capped, notices };
}

/** Today's `ParsedLog` from the index: every entry and flow built (for features not yet on the index, and tests). */
export function toParsedLog(indexed: IndexedLog, options: { uri?: string; version?: number } = {}): ParsedLog {
  const { index } = indexed;
  const entries = [];
  for (let i = 0; i < index.entryCount; i++) entries.push(index.entry(i));
  const entryAtLine = new Int32Array(index.lineCount).fill(-1);
  for (let i = 0; i < index.entryCount; i++) {
    for (let line = index.startLine[i]!; line <= index.endLine[i]!; line++) if (entryAtLine[line] === -1) entryAtLine[line] = i;
  }
  return {
    uri: options.uri ?? 'untitled:log',
    version: options.version ?? 0,
    lineCount: index.lineCount,
    family: index.family,
    formatId: index.formatId,
    sections: index.sections,
    entries,
    entryAtLine,
    flows: index.flowMap(),
    findings: indexed.findings,
    folds: index.folds,
    newestFirst: index.newestFirst,
    notices: indexed.notices,
  };
}
