import { runSafe } from '../runSafe';
import type { ServerContext } from '../context';

/** Code lenses over each flow's first entry, resolved when the editor shows them. */
export function registerCodeLens({ connection, service, logger, withDocument, notifyOnce }: ServerContext): void {
  connection.onCodeLens((params, token) =>
    runSafe(
      logger,
      () =>
        withDocument(params.textDocument.uri, [], (document) => {
          const { lenses, capped } = service.getCodeLenses(document, token);
          if (capped) notifyOnce('Log Sleuth shows code lenses for the first flows only (logsleuth.codeLens.max); set logsleuth.codeLens.mode to "errors" to see the failing ones.');
          return lenses;
        }),
      [],
      'code lens',
      token,
    ),
  );
  connection.onCodeLensResolve((lens, token) => {
    const uri = (lens.data as { uri?: unknown } | undefined)?.uri;
    if (typeof uri !== 'string') return lens;
    return runSafe(logger, () => withDocument(uri, lens, (document) => service.resolveCodeLens(document, lens, token)), lens, 'code lens resolve', token);
  });
}
