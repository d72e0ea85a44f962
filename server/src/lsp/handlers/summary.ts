import { SummaryRequest } from '../../../../shared/customMessages';
import { runSafe } from '../runSafe';
import type { ServerContext } from '../context';

/** The summary view: findings by rule, flows by outcome. */
export function registerSummary({ connection, service, logger, withDocument }: ServerContext): void {
  connection.onRequest(SummaryRequest, (params, token) => runSafe(logger, () => withDocument(params.uri, null, (d) => service.summarize(d)), null, 'summary', token));
}
