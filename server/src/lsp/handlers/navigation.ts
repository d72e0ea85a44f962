import { runSafe } from '../runSafe';
import type { ServerContext } from '../context';

/** Definition, references, highlights and workspace symbols on flow ids. */
export function registerNavigation({ connection, service, logger, withDocument }: ServerContext): void {
  connection.onDefinition((params, token) =>
    runSafe(logger, () => withDocument(params.textDocument.uri, [], (d) => service.findDefinition(d, params.position, token)), [], 'definition', token),
  );

  connection.onReferences((params, token) =>
    runSafe(logger, () => withDocument(params.textDocument.uri, [], (d) => service.findReferences(d, params.position, token)), [], 'references', token),
  );

  connection.onDocumentHighlight((params, token) =>
    runSafe(logger, () => withDocument(params.textDocument.uri, [], (d) => service.findDocumentHighlights(d, params.position, token)), [], 'document highlight', token),
  );

  connection.onWorkspaceSymbol((params, token) => runSafe(logger, () => service.findWorkspaceSymbols(params.query, token), [], 'workspace symbols', token));
}
