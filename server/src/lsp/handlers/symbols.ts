import { runSafe } from '../runSafe';
import type { ServerContext } from '../context';

/** Outline and folding. */
export function registerSymbols({ connection, service, logger, withDocument }: ServerContext): void {
  connection.onDocumentSymbol((params, token) =>
    runSafe(logger, () => withDocument(params.textDocument.uri, [], (d) => service.findDocumentSymbols(d, token)), [], 'document symbols', token),
  );

  connection.onFoldingRanges((params, token) =>
    runSafe(logger, () => withDocument(params.textDocument.uri, [], (d) => service.getFoldingRanges(d, token)), [], 'folding ranges', token),
  );
}
