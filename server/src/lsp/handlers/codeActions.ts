import { runSafe } from '../runSafe';
import type { ServerContext } from '../context';

/** Quick fixes on our diagnostics. */
export function registerCodeActions({ connection, service, logger, withDocument }: ServerContext): void {
  connection.onCodeAction((params, token) =>
    runSafe(logger, () => withDocument(params.textDocument.uri, [], (d) => service.getCodeActions(d, params.context.diagnostics, token)), [], 'code actions', token),
  );
}
