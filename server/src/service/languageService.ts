import type { CodeLens, Diagnostic, DocumentHighlight, DocumentSymbol, FoldingRange, Hover, Location, Position } from 'vscode-languageserver-types';
import { builtInFormatRegistry, LANGUAGE_BY_FAMILY, type FormatRegistry } from '../formats/registry';
import { builtInKnowledgeBase, type KnowledgeBase } from '../knowledge/knowledgeBase';
import type { PeerDocument } from '../knowledge/matcher';
import { analyzeText } from './analyze';
import type { CancellationLike, LogDocument } from './document';
import { getCodeLenses } from './features/codeLens';
import { doValidation } from './features/diagnostics';
import { doHover } from './features/hover';
import { findDefinition, findDocumentHighlights, findReferences } from './features/navigation';
import { findDocumentSymbols, getFoldingRanges } from './features/symbols';
import type { ParsedLog } from './model';
import { defaultSettings, type LogSettings } from './settings';

/** Other documents the service may correlate with (open editors, later the workspace index). */
export interface LogWorkspace {
  documents(): LogDocument[];
}

export interface LanguageServiceOptions {
  registry?: FormatRegistry;
  knowledge?: KnowledgeBase;
  workspace?: LogWorkspace;
  /** Year assumed by formats that omit it (tests pin it). */
  referenceYear?: number;
}

export interface DocumentFormatInfo {
  uri: string;
  family?: string;
  formatId?: string;
  languageId?: string;
  title?: string;
  entries: number;
  flows: number;
  forced: boolean;
}

export interface LogLanguageService {
  configure(settings: LogSettings): void;
  setKnowledge(knowledge: KnowledgeBase): void;
  readonly knowledge: KnowledgeBase;
  readonly registry: FormatRegistry;
  /** Forces a format for a document (undefined: detect again). */
  setFormat(uri: string, formatId: string | undefined): void;
  parse(document: LogDocument): ParsedLog;
  forget(uri: string): void;
  /** Drops analyses that depended on other documents; call when any document changes. */
  invalidateCrossFile(): void;
  describe(document: LogDocument): DocumentFormatInfo;
  doValidation(document: LogDocument, token?: CancellationLike): Diagnostic[];
  doHover(document: LogDocument, position: Position, token?: CancellationLike): Hover | null;
  getCodeLenses(document: LogDocument, token?: CancellationLike): { lenses: CodeLens[]; capped: boolean };
  findDefinition(document: LogDocument, position: Position, token?: CancellationLike): Location[];
  findReferences(document: LogDocument, position: Position, token?: CancellationLike): Location[];
  findDocumentHighlights(document: LogDocument, position: Position, token?: CancellationLike): DocumentHighlight[];
  findDocumentSymbols(document: LogDocument, token?: CancellationLike): DocumentSymbol[];
  getFoldingRanges(document: LogDocument, token?: CancellationLike): FoldingRange[];
}

interface CacheEntry {
  version: number;
  generation: number;
  parsed: ParsedLog;
  /** The analysis looked at other documents (a cross-file condition), so it is stale when they change. */
  usedPeers: boolean;
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

  function peerDocuments(self: string): ParsedLog[] {
    const docs = options.workspace?.documents() ?? [];
    const result: ParsedLog[] = [];
    for (const doc of docs) {
      if (doc.uri === self || inProgress.has(doc.uri)) continue;
      result.push(parse(doc));
    }
    return result;
  }

  function parse(document: LogDocument): ParsedLog {
    const cached = cache.get(document.uri);
    if (cached && cached.version === document.version && cached.generation === generation) return cached.parsed;
    inProgress.add(document.uri);
    let usedPeers = false;
    try {
      const parsed = analyzeText(document.getText(), {
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
        peers: (): PeerDocument[] => {
          usedPeers = true;
          return peerDocuments(document.uri).map((p) => ({ uri: p.uri, family: p.family, entries: p.entries }));
        },
      });
      cache.set(document.uri, { version: document.version, generation, parsed, usedPeers });
      return parsed;
    } finally {
      inProgress.delete(document.uri);
    }
  }

  const cancelled = (token?: CancellationLike) => token?.isCancellationRequested === true;

  return {
    get knowledge() {
      return knowledge;
    },
    registry,
    configure(next) {
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
      for (const [uri, entry] of cache) if (entry.usedPeers) cache.delete(uri);
    },
    describe(document) {
      const parsed = parse(document);
      const family = parsed.family;
      return {
        uri: document.uri,
        family,
        formatId: parsed.formatId,
        languageId: family ? LANGUAGE_BY_FAMILY[family] : undefined,
        title: parsed.formatId ? registry.byId.get(parsed.formatId)?.def.title : undefined,
        entries: parsed.entries.length,
        flows: parsed.flows.size,
        forced: forcedFormats.has(document.uri),
      };
    },
    doValidation(document, token) {
      if (cancelled(token)) return [];
      return doValidation(document, parse(document));
    },
    doHover(document, position, token) {
      if (cancelled(token)) return null;
      return doHover(parse(document), position.line, position.character, knowledge);
    },
    getCodeLenses(document, token) {
      if (cancelled(token)) return { lenses: [], capped: false };
      return getCodeLenses(parse(document), registry, settings);
    },
    findDefinition(document, position, token) {
      if (cancelled(token)) return [];
      return findDefinition(parse(document), position.line, position.character, peerDocuments(document.uri));
    },
    findReferences(document, position, token) {
      if (cancelled(token)) return [];
      return findReferences(parse(document), position.line, position.character, peerDocuments(document.uri), settings.maxResults);
    },
    findDocumentHighlights(document, position, token) {
      if (cancelled(token)) return [];
      return findDocumentHighlights(parse(document), position.line, position.character, settings.maxResults);
    },
    findDocumentSymbols(document, token) {
      if (cancelled(token)) return [];
      return findDocumentSymbols(parse(document), registry, settings.maxResults);
    },
    getFoldingRanges(document, token) {
      if (cancelled(token)) return [];
      return getFoldingRanges(parse(document), settings.maxResults);
    },
  };
}
