import { runSafe } from '../runSafe';
import type { ServerContext } from '../context';

/** Hover: what a finding means and how to fix it, or the flow of the id under the cursor. */
export function registerHover({ connection, service, logger, withDocument }: ServerContext): void {
  connection.onHover((params, token) =>
    runSafe(logger, () => withDocument(params.textDocument.uri, null, (d) => service.doHover(d, params.position, token)), null, 'hover', token),
  );
}
