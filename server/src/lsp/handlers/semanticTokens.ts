import { runSafe } from '../runSafe';
import type { ServerContext } from '../context';

/** Semantic tokens for correlation ids (the legend is announced in initialize), for the document or a range. */
export function registerSemanticTokens({ connection, service, logger, withDocument }: ServerContext): void {
  connection.languages.semanticTokens.on((params, token) =>
    runSafe(logger, () => withDocument(params.textDocument.uri, { data: [] }, (d) => service.getSemanticTokens(d, token)), { data: [] }, 'semantic tokens', token),
  );
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
