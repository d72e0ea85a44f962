import { runSafe } from '../runSafe';
import type { ServerContext } from '../context';

/** Semantic tokens for correlation ids in the range the editor shows (the legend is announced in initialize). */
export function registerSemanticTokens({ connection, service, logger, withDocument }: ServerContext): void {
  connection.languages.semanticTokens.onRange((params, token) =>
    runSafe(
      logger,
      () => withDocument(params.textDocument.uri, { data: [] }, (d) => service.getSemanticTokens(d, token, { startLine: params.range.start.line, endLine: params.range.end.line })),
      { data: [] },
      'semantic tokens',
      token,
    ),
  );
}
