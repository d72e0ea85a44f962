import { runSafe } from '../runSafe';
import type { ServerContext } from '../context';

/** Semantic tokens for correlation ids (the legend is announced in initialize). */
export function registerSemanticTokens({ connection, service, logger, withDocument }: ServerContext): void {
  connection.languages.semanticTokens.on((params, token) =>
    runSafe(logger, () => withDocument(params.textDocument.uri, { data: [] }, (d) => service.getSemanticTokens(d, token)), { data: [] }, 'semantic tokens', token),
  );
}
