import { SymbolKind, type WorkspaceSymbol } from 'vscode-languageserver-types';
import type { LogAnalysis } from '../../model/log';
import { firstEntryOfFlow } from '../navigation';

/** Flows of every analysed log whose id or label contains the query. */
export function findWorkspaceSymbols(documents: readonly LogAnalysis[], query: string, max: number): WorkspaceSymbol[] {
  const needle = query.toLowerCase();
  const result: WorkspaceSymbol[] = [];
  for (const parsed of documents) {
    for (const flow of parsed.flows()) {
      if (needle && !flow.label.toLowerCase().includes(needle) && !flow.value.toLowerCase().includes(needle)) continue;
      const first = firstEntryOfFlow(parsed, flow);
      result.push({
        name: flow.label,
        kind: flow.outcome.status === 'failed' ? SymbolKind.Event : SymbolKind.Object,
        containerName: `${parsed.uri.split('/').pop()} · ${flow.entries.length} entries · ${flow.outcome.text}`,
        location: { uri: parsed.uri, range: { start: { line: first.startLine, character: 0 }, end: { line: first.startLine, character: 0 } } },
      });
      if (result.length >= max) return result;
    }
  }
  return result;
}
