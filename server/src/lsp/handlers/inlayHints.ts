import { runSafe } from '../runSafe';
import type { ServerContext } from '../context';

/** Inlay hints with the gap since the previous entry of a flow. */
export function registerInlayHints({ connection, service, logger, withDocument }: ServerContext): void {
  connection.languages.inlayHint.on((params, token) =>
    runSafe(logger, () => withDocument(params.textDocument.uri, [], (d) => service.getInlayHints(d, params.range.start.line, params.range.end.line, token)), [], 'inlay hints', token),
  );
}
