import type { CodeAction, CodeLens, Diagnostic, DocumentHighlight, DocumentSymbol, FoldingRange, Hover, InlayHint, Location, Position, SemanticTokens, WorkspaceSymbol } from 'vscode-languageserver-types';
import { splitLines } from '../formats/parser';
import { getCodeActions } from './features/codeActions';
import type { DocumentFormatInfo, FlowPosition, LogSummary, LogView } from '../../../shared/customMessages';
import { errorsView, flowAt, flowView, mergeByTime, stepInFlow } from './features/flowViews';
import { getInlayHints } from './features/inlayHints';
import { summarize } from './features/summary';
import { getSemanticTokens } from './features/semanticTokens';
import { findWorkspaceSymbols } from './features/workspaceSymbols';
import { builtInFormatRegistry, LANGUAGE_BY_FAMILY, type FormatRegistry } from '../formats/registry';
import { builtInKnowledgeBase, type KnowledgeBase } from '../knowledge/knowledgeBase';
import { IndexedAnalysis } from '../engine/analysis';
import { longDocumentHead, PREVIEW_LINES, previewFindings } from '../engine/preview';
import { indexTextInParallel, type PartRunner } from '../engine/parallel';
import { scanAll, type IndexOptions, type LineIndexer } from '../engine/analyze';
import { lineStarts, TextLines } from '../engine/lines';
import type { IndexPeer } from '../engine/findings';
import { documentOfLines, lineText, linesContaining, type CancellationLike, type LogDocument } from './document';
import { getCodeLenses, resolveCodeLens } from './features/codeLens';
import { doValidation } from './features/diagnostics';
import { doHover } from './features/hover';
import { findDefinition, findDocumentHighlights, findReferences, type NavigationContext } from './features/navigation';
import { findDocumentSymbols, getFoldingRanges } from './features/symbols';
import type { LogAnalysis } from '../model/log';
import { defaultSettings, type LogSettings } from './settings';

/** Other documents the service may correlate with. */
export interface LogWorkspace {
  /** Documents open in the editor. */
  documents(): LogDocument[];
  /**
   * Log files of the workspace folders that are not open, read from disk. `load` false returns only what is
   * already indexed (cheap requests such as code lenses must not trigger a scan).
   */
  files?(load: boolean): LogDocument[];
}

export interface LanguageServiceOptions {
  registry?: FormatRegistry;
  knowledge?: KnowledgeBase;
  workspace?: LogWorkspace;
  /** Year assumed by formats that omit it (tests pin it). */
  referenceYear?: number;
  /**
   * How many characters at the start of a document are as they were in its version `since` (undefined: not
   * known). The editor knows where its changes began; without it an append is told by comparing the texts.
   */
  unchangedPrefix?: (uri: string, since: number) => number | undefined;
}

export interface LogLanguageService {
  configure(settings: LogSettings): void;
  setKnowledge(knowledge: KnowledgeBase): void;
  readonly knowledge: KnowledgeBase;
  readonly registry: FormatRegistry;
  /** The settings in force (the large-file path analyses with them too). */
  readonly settings: LogSettings;
  /** Forces a format for a document (undefined: detect again). */
  setFormat(uri: string, formatId: string | undefined): void;
  parse(document: LogDocument): LogAnalysis;
  forget(uri: string): void;
  /** Drops analyses that depended on other documents; call when any document changes. */
  invalidateCrossFile(): void;
  describe(document: LogDocument): DocumentFormatInfo;
  doValidation(document: LogDocument, token?: CancellationLike): Diagnostic[];
  /**
   * For a long document not analysed yet: diagnostics from its first lines that the whole analysis gives too,
   * shown while the whole document is analysed; undefined for a short or analysed document.
   */
  previewValidation(document: LogDocument): Diagnostic[] | undefined;
  /**
   * Analyses a document with its lines split over `run` (worker threads) in `parts` ranges, continuing its
   * preview; the result is what `parse` gives, kept for the requests that follow.
   */
  analyseInParallel(document: LogDocument, run: PartRunner, parts: number): Promise<void>;
  doHover(document: LogDocument, position: Position, token?: CancellationLike): Hover | null;
  getCodeLenses(document: LogDocument, token?: CancellationLike): { lenses: CodeLens[]; capped: boolean };
  /** Fills a lens's title and command (the editor resolves the lenses it shows). */
  resolveCodeLens(document: LogDocument, lens: CodeLens, token?: CancellationLike): CodeLens;
  findDefinition(document: LogDocument, position: Position, token?: CancellationLike): Location[];
  findReferences(document: LogDocument, position: Position, token?: CancellationLike): Location[];
  findDocumentHighlights(document: LogDocument, position: Position, token?: CancellationLike): DocumentHighlight[];
  findDocumentSymbols(document: LogDocument, token?: CancellationLike): DocumentSymbol[];
  getFoldingRanges(document: LogDocument, token?: CancellationLike): FoldingRange[];
  /** Every token, or those of a line range (the server offers the editor ranges only). */
  getSemanticTokens(document: LogDocument, token?: CancellationLike, range?: { startLine: number; endLine: number }): SemanticTokens;
  getCodeActions(document: LogDocument, diagnostics: Diagnostic[], token?: CancellationLike): CodeAction[];
  getInlayHints(document: LogDocument, startLine: number, endLine: number, token?: CancellationLike): InlayHint[];
  findWorkspaceSymbols(query: string, token?: CancellationLike): WorkspaceSymbol[];
  flowAt(document: LogDocument, position: Position, flowId?: string): FlowPosition | undefined;
  stepInFlow(document: LogDocument, position: Position, direction: 1 | -1, flowId?: string): { line: number; character: number; position: FlowPosition } | undefined;
  flowView(document: LogDocument, flowId: string): LogView | undefined;
  errorsView(document: LogDocument): LogView;
  /** Findings by rule and flows by outcome, for the summary view. */
  summarize(document: LogDocument): LogSummary;
  mergeByTime(documents: Array<{ document: LogDocument; label: string; offsetMs: number }>): LogView;
}

interface CacheEntry {
  version: number;
  generation: number;
  parsed: IndexedAnalysis;
  /** The analysis looked at other documents (a cross-file condition), so it is stale when they change. */
  peersUsed: { value: boolean };
  /** The text analysed, so that a change that only appends can continue the scan. */
  text: string;
  /** The scan of that text, which an append continues (a log being written, a pasted continuation). */
  indexer: LineIndexer;
  starts: Int32Array;
  /** What the scan was made with, for an analysis that continues it elsewhere. */
  options: IndexOptions;
}

export function createLogLanguageService(options: LanguageServiceOptions = {}): LogLanguageService {
  const registry = options.registry ?? builtInFormatRegistry();
  let knowledge = options.knowledge ?? builtInKnowledgeBase();
  let settings = defaultSettings();
  /** Bumped whenever settings or rules change, so every cached parse is redone once. */
  let generation = 0;
  const cache = new Map<string, CacheEntry>();
  const forcedFormats = new Map<string, string>();
  /** Documents being parsed right now: peers skip them, which also breaks cycles between two open logs. */
  const inProgress = new Set<string>();

  /** Open documents, and with `withFiles` the workspace's log files on disk (`load`: index them if needed). */
  function peerDocuments(self: string, withFiles = false, load = false): IndexedAnalysis[] {
    const docs = options.workspace?.documents() ?? [];
    const open = new Set(docs.map((d) => d.uri));
    const all = withFiles ? [...docs, ...(options.workspace?.files?.(load) ?? []).filter((d) => !open.has(d.uri))] : docs;
    const result: IndexedAnalysis[] = [];
    for (const doc of all) {
      if (doc.uri === self || inProgress.has(doc.uri)) continue;
      result.push(parse(doc));
    }
    return result;
  }

  function parse(document: LogDocument): IndexedAnalysis {
    const cached = cache.get(document.uri);
    const text = document.getText();
    // The text is compared too: a closed untitled document's URI and version 1 come back with other content.
    if (cached && cached.version === document.version && cached.generation === generation && cached.text === text) return cached.parsed;
    inProgress.add(document.uri);
    try {
      if (cached && cached.generation === generation) {
        const grown = appendToAnalysis(cached, document, text);
        if (grown) return grown;
      }
      const entry = analyseFresh(document, text);
      cache.set(document.uri, entry);
      return entry.parsed;
    } finally {
      inProgress.delete(document.uri);
    }
  }

  function optionsFor(document: LogDocument, peersUsed: { value: boolean }): IndexOptions {
    return {
      uri: document.uri,
      version: document.version,
      fileName: decodeURIComponent(document.uri),
      formatId: forcedFormats.get(document.uri),
      registry,
      knowledge,
      severity: settings.ruleSeverity,
      maxFindings: settings.maxFindings,
      levelFindings: settings.levelFindings,
      referenceYear: options.referenceYear,
      peers: (): IndexPeer[] => {
        peersUsed.value = true;
        return peerDocuments(document.uri).map((p) => ({ uri: p.uri, family: p.family, index: p.index }));
      },
    };
  }

  /**
   * The analysis of `text` from its first line, as the document's cache entry; `settled`: the formats are
   * chosen as for a long log, whatever the length of `text` (a preview of one).
   */
  function analyseFresh(document: LogDocument, text: string, settled = false): CacheEntry {
    const peersUsed = { value: false };
    const analyzeOptions = optionsFor(document, peersUsed);
    const starts = lineStarts(text);
    const lines = new TextLines(text, starts);
    const indexer = scanAll(lines, analyzeOptions);
    if (settled) indexer.settle();
    const parsed = new IndexedAnalysis(indexer.index(lines), document.uri, document.version);
    return { version: document.version, generation, parsed, peersUsed, text, indexer, starts, options: analyzeOptions };
  }

  /**
   * The whole analysis of a document, its lines scanned in `parts` ranges by `run` (worker threads) and merged:
   * the same analysis as `parse`, made while this thread stays free. A preview's scan is continued. Nothing
   * is kept when the document, the settings or the cache changed meanwhile (a request analysed it here).
   */
  async function analyseInParallel(document: LogDocument, run: PartRunner, parts: number): Promise<void> {
    const text = document.getText();
    const cached = cache.get(document.uri);
    const startGeneration = generation;
    if (cached && cached.version === document.version && cached.generation === generation && cached.text === text) return;
    const preview = cached && cached.version === document.version && cached.generation === generation && scanContinuesInto(cached, document, text) ? cached : undefined;
    const peersUsed = preview?.peersUsed ?? { value: false };
    const analyzeOptions = preview?.options ?? optionsFor(document, peersUsed);
    // The preview's scan is this analysis's from now on: a request in the meantime analyses the document afresh.
    if (preview) {
      cache.delete(document.uri);
      preview.indexer.takeBackLastLine();
    }
    inProgress.add(document.uri);
    try {
      const result = await indexTextInParallel(text, analyzeOptions, run, parts, {}, preview?.indexer);
      const now = cache.get(document.uri);
      if (generation !== startGeneration || (now && now.version >= document.version)) return;
      const parsed = new IndexedAnalysis(result.indexed, document.uri, document.version);
      cache.set(document.uri, { version: document.version, generation, parsed, peersUsed, text, indexer: result.indexer, starts: result.starts, options: analyzeOptions });
    } finally {
      inProgress.delete(document.uri);
    }
  }

  /**
   * For a document not analysed yet and much longer than a preview: the analysis of its first lines, kept as
   * its cache entry so that the whole analysis goes on from there (the append path), and the diagnostics of it
   * that the whole analysis will give too. Undefined when the document is short or already analysed.
   */
  function previewValidation(document: LogDocument): Diagnostic[] | undefined {
    const cached = cache.get(document.uri);
    if (cached && cached.version === document.version && cached.generation === generation) return undefined;
    const text = document.getText();
    // The document's head only: counting every line of a long document is what the preview saves.
    const head = longDocumentHead(text);
    if (!head) return undefined;
    const prefix = text.slice(0, head[PREVIEW_LINES]);
    inProgress.add(document.uri);
    try {
      const entry = analyseFresh(document, prefix, true);
      cache.set(document.uri, entry);
      const preview = previewFindings(entry.parsed.findings, knowledge, PREVIEW_LINES - 1, entry.parsed.newestFirst);
      return doValidation(documentOfLines(document.uri, document.version, prefix, entry.starts), entry.parsed, [], preview);
    } finally {
      inProgress.delete(document.uri);
    }
  }

  /** Whether `text` (the document's) only adds lines to the text a cached scan read, which that scan can go on with. */
  function scanContinuesInto(cached: CacheEntry, document: LogDocument, text: string): boolean {
    const previous = cached.text;
    if (!cached.indexer.resumable || previous.charCodeAt(previous.length - 1) !== 10 || text.length < previous.length) return false;
    // Where the editor says what it changed, a long text is not compared whole.
    const kept = options.unchangedPrefix?.(document.uri, cached.version);
    return kept !== undefined ? kept >= previous.length : text.startsWith(previous);
  }

  /**
   * A text that only grew after a line break, over a scan that can go on (formats settled, no entry left
   * open): the appended lines are scanned alone, then flows and findings are built over the whole. The
   * result is the analysis of the whole text (the property test checks it); undefined when it cannot be.
   */
  function appendToAnalysis(cached: CacheEntry, document: LogDocument, text: string): IndexedAnalysis | undefined {
    const previous = cached.text;
    if (text.length <= previous.length || !scanContinuesInto(cached, document, text)) return undefined;
    const tail = text.slice(previous.length);
    const tailStarts = lineStarts(tail);
    // The empty line after the old last break is taken back: the appended lines take its place.
    const kept = cached.starts.length - 1;
    const starts = new Int32Array(kept + tailStarts.length);
    starts.set(cached.starts.subarray(0, kept));
    for (let i = 0; i < tailStarts.length; i++) starts[kept + i] = previous.length + tailStarts[i]!;
    const lines = new TextLines(text, starts);
    cached.indexer.takeBackLastLine();
    for (let i = kept; i < starts.length; i++) cached.indexer.pushLine(lines.line(i));
    const parsed = new IndexedAnalysis(cached.indexer.index(lines), document.uri, document.version);
    cache.set(document.uri, { ...cached, version: document.version, parsed, text, starts });
    return parsed;
  }

  const cancelled = (token?: CancellationLike) => token?.isCancellationRequested === true;
  const symbolsByAnalysis = new WeakMap<LogAnalysis, { max: number; symbols: DocumentSymbol[] }>();
  const navigationContext = (document: LogDocument): NavigationContext => ({
    registry,
    lineText: (line) => lineText(document, line),
    linesContaining: (value, from, to) => linesContaining(document, value, from, to),
  });

  return {
    get knowledge() {
      return knowledge;
    },
    get settings() {
      return settings;
    },
    registry,
    configure(next) {
      // The same settings again (the editor sends them at start and on every change of any setting): the
      // analyses made with them stand.
      if (JSON.stringify(next) === JSON.stringify(settings)) return;
      settings = next;
      generation++;
    },
    setKnowledge(next) {
      knowledge = next;
      generation++;
    },
    setFormat(uri, formatId) {
      if (formatId) forcedFormats.set(uri, formatId);
      else forcedFormats.delete(uri);
      cache.delete(uri);
    },
    parse,
    forget(uri) {
      cache.delete(uri);
    },
    invalidateCrossFile() {
      for (const [uri, entry] of cache) if (entry.peersUsed.value) cache.delete(uri);
    },
    describe(document) {
      const parsed = parse(document);
      // A forced format is the document's format even where none of its lines matches it yet.
      const forced = registry.byId.get(forcedFormats.get(document.uri) ?? '');
      const formatId = forced?.id ?? parsed.formatId;
      const family = forced?.family ?? parsed.family;
      return {
        uri: document.uri,
        family,
        formatId,
        languageId: family ? LANGUAGE_BY_FAMILY[family] : undefined,
        title: formatId ? registry.byId.get(formatId)?.def.title : undefined,
        entries: parsed.entryCount,
        flows: parsed.flowCount,
        forced: forcedFormats.has(document.uri),
      };
    },
    doValidation(document, token) {
      if (cancelled(token)) return [];
      return doValidation(document, parse(document), peerDocuments(document.uri));
    },
    previewValidation,
    analyseInParallel,
    doHover(document, position, token) {
      if (cancelled(token)) return null;
      return doHover(parse(document), position.line, position.character, knowledge, lineText(document, position.line), registry);
    },
    getCodeLenses(document, token) {
      if (cancelled(token)) return { lenses: [], capped: false };
      return getCodeLenses(parse(document), registry, settings);
    },
    resolveCodeLens(document, lens, token) {
      if (cancelled(token)) return lens;
      return resolveCodeLens(parse(document), lens, peerDocuments(document.uri, true, false));
    },
    findDefinition(document, position, token) {
      if (cancelled(token)) return [];
      return findDefinition(parse(document), position.line, position.character, peerDocuments(document.uri, true, true), navigationContext(document));
    },
    findReferences(document, position, token) {
      if (cancelled(token)) return [];
      return findReferences(parse(document), position.line, position.character, peerDocuments(document.uri, true, true), settings.maxResults, navigationContext(document));
    },
    findDocumentHighlights(document, position, token) {
      if (cancelled(token)) return [];
      return findDocumentHighlights(parse(document), position.line, position.character, settings.maxResults, navigationContext(document));
    },
    findDocumentSymbols(document, token) {
      if (cancelled(token)) return [];
      // The outline, breadcrumbs and sticky scroll each ask for the same version: answered once per analysis.
      const parsed = parse(document);
      const known = symbolsByAnalysis.get(parsed);
      if (known && known.max === settings.maxResults) return known.symbols;
      const symbols = findDocumentSymbols(parsed, registry, settings.maxResults);
      symbolsByAnalysis.set(parsed, { max: settings.maxResults, symbols });
      return symbols;
    },
    getFoldingRanges(document, token) {
      if (cancelled(token)) return [];
      return getFoldingRanges(parse(document), settings.maxResults);
    },
    getSemanticTokens(document, token, range) {
      if (cancelled(token)) return { data: [] };
      return getSemanticTokens(parse(document), range);
    },
    getCodeActions(document, diagnostics, token) {
      if (cancelled(token)) return [];
      return getCodeActions(parse(document), diagnostics, knowledge);
    },
    getInlayHints(document, startLine, endLine, token) {
      if (cancelled(token)) return [];
      return getInlayHints(parse(document), startLine, endLine, settings.gapThresholdMs, settings.maxResults);
    },
    findWorkspaceSymbols(query, token) {
      if (cancelled(token)) return [];
      return findWorkspaceSymbols(peerDocuments('', true, true), query, settings.maxResults);
    },
    flowAt(document, position, flowId) {
      return flowAt(parse(document), position.line, position.character, flowId, lineText(document, position.line));
    },
    stepInFlow(document, position, direction, flowId) {
      return stepInFlow(parse(document), position.line, position.character, direction, flowId, lineText(document, position.line));
    },
    flowView(document, flowId) {
      return flowView(parse(document), splitLines(document.getText()), flowId);
    },
    summarize(document) {
      return summarize(parse(document), registry, knowledge);
    },
    errorsView(document) {
      return errorsView(parse(document), splitLines(document.getText()), settings.maxResults);
    },
    mergeByTime(documents) {
      return mergeByTime(
        documents.map((d) => ({ parsed: parse(d.document), lines: splitLines(d.document.getText()), label: d.label, offsetMs: d.offsetMs })),
        settings.maxResults * 20,
      );
    },
  };
}
