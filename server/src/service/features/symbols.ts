import { SymbolKind, type DocumentSymbol, type FoldingRange } from 'vscode-languageserver-types';
import type { FormatRegistry } from '../../formats/registry';
import { firstLine, truncate } from '../../util/text';
import type { Flow, FlowHead, LogAnalysis, LogEntry } from '../../model/log';
import { flowTitle } from './codeLens';

type Range = { start: { line: number; character: number }; end: { line: number; character: number } };

/** The smallest range holding all of them (VS Code rejects a child outside its parent's range). */
function cover(ranges: Range[]): Range {
  const before = (a: Range['start'], b: Range['start']) => a.line < b.line || (a.line === b.line && a.character < b.character);
  let start = ranges[0]!.start;
  let end = ranges[0]!.end;
  for (const r of ranges) {
    if (before(r.start, start)) start = r.start;
    if (before(end, r.end)) end = r.end;
  }
  return { start, end };
}

function entryRange(entry: LogEntry): Range {
  return { start: { line: entry.startLine, character: 0 }, end: { line: entry.endLine, character: entry.endChar } };
}

function entryName(entry: LogEntry): string {
  return truncate(firstLine(entry.message).trim() || `line ${entry.startLine + 1}`, 100);
}

/** An entry's range from the index columns, without building the entry. */
function indexedRange(parsed: LogAnalysis, i: number): Range {
  return { start: { line: parsed.startLineOf(i), character: 0 }, end: { line: parsed.endLineOf(i), character: parsed.endCharOf(i) } };
}

function flowSymbol(parsed: LogAnalysis, flow: Flow, budget: { left: number }): DocumentSymbol {
  const first = indexedRange(parsed, flow.entries[0]!);
  const last = indexedRange(parsed, flow.entries[flow.entries.length - 1]!);
  const notable: number[] = [];
  for (const i of flow.entries) {
    const level = parsed.levelOf(i);
    if (level === 'error' || level === 'warning' || parsed.findingsOfEntry(i).some((f) => f.entryIndex === i)) notable.push(i);
    if (notable.length >= 20) break;
  }
  const children: DocumentSymbol[] = [];
  for (const entry of notable.map((i) => parsed.entry(i))) {
    if (budget.left-- <= 0) break;
    children.push({ name: entryName(entry), detail: entry.level, kind: entry.level === 'error' ? SymbolKind.Event : SymbolKind.Field, range: entryRange(entry), selectionRange: entryRange(entry) });
  }
  return {
    name: flow.label,
    detail: flowTitle(flow).slice(flow.label.length + 2),
    kind: flow.outcome.status === 'failed' ? SymbolKind.Event : SymbolKind.Object,
    range: cover([first, last, ...children.map((c) => c.range)]),
    selectionRange: first,
    children,
  };
}

/**
 * The outline: findings first, then flows grouped by kind (sessions, connections, security associations);
 * a log without flows lists its entries.
 */
export function findDocumentSymbols(parsed: LogAnalysis, registry: FormatRegistry, max: number): DocumentSymbol[] {
  const budget = { left: max };
  const symbols: DocumentSymbol[] = [];
  if (parsed.findings.length > 0) {
    const children: DocumentSymbol[] = [];
    for (const finding of parsed.findings) {
      if (budget.left-- <= 0) break;
      const range = { start: { line: finding.line, character: 0 }, end: { line: finding.line, character: 0 } };
      children.push({ name: finding.message.slice(0, 120), detail: finding.rule, kind: finding.severity === 'error' ? SymbolKind.Event : SymbolKind.Field, range, selectionRange: range });
    }
    symbols.push({ name: 'Findings', detail: `${parsed.findings.length}`, kind: SymbolKind.Namespace, range: cover(children.map((c) => c.range)), selectionRange: children[0]!.range, children });
  }
  // Flows are grouped by their heads; only those the budget shows are built (a log has tens of thousands).
  const groups = new Map<string, FlowHead[]>();
  for (const head of parsed.flowHeads()) {
    const group = registry.byId.get(parsed.formatIdOf(head.firstEntry))?.keyByKind.get(head.kind)?.group ?? head.kind;
    const list = groups.get(group);
    if (list) list.push(head);
    else groups.set(group, [head]);
  }
  for (const [group, heads] of groups) {
    if (budget.left <= 0) break;
    const children: DocumentSymbol[] = [];
    for (const head of heads) {
      if (budget.left-- <= 0) break;
      const flow = parsed.flow(head.id);
      if (flow) children.push(flowSymbol(parsed, flow, budget));
    }
    if (children.length === 0) continue;
    const name = group.charAt(0).toUpperCase() + group.slice(1);
    symbols.push({ name, detail: `${heads.length}`, kind: SymbolKind.Namespace, range: cover(children.map((c) => c.range)), selectionRange: children[0]!.selectionRange, children });
  }
  if (parsed.flowCount === 0) {
    for (let i = 0; i < parsed.entryCount; i++) {
      if (budget.left-- <= 0) break;
      const entry = parsed.entry(i);
      symbols.push({ name: entryName(entry), detail: entry.rawLevel ?? entry.level, kind: entry.level === 'error' ? SymbolKind.Event : SymbolKind.String, range: entryRange(entry), selectionRange: entryRange(entry) });
    }
  }
  return symbols;
}

export function getFoldingRanges(parsed: LogAnalysis, max: number): FoldingRange[] {
  const ranges: FoldingRange[] = [];
  const seen = new Set<string>();
  const add = (startLine: number, endLine: number, kind?: string) => {
    const key = `${startLine}:${endLine}`;
    if (endLine <= startLine || seen.has(key) || ranges.length >= max) return;
    seen.add(key);
    ranges.push(kind ? { startLine, endLine, kind } : { startLine, endLine });
  };
  if (parsed.sections.length > 1) for (const s of parsed.sections) add(s.startLine, s.endLine, 'region');
  for (const fold of parsed.folds) add(fold.startLine, fold.endLine, fold.kind);
  return ranges;
}
