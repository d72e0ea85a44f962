import { runSafe } from '../runSafe';
import type { ServerContext } from '../context';

/** Code lenses over each flow's first entry. */
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
}
