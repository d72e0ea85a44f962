import { SummaryRequest } from '../../../../shared/customMessages';
import { runSafe } from '../runSafe';
import type { ServerContext } from '../context';

/** The summary view: findings by rule, flows by outcome; of a large log read from disk when the URI names one. */
export function registerSummary({ connection, service, logger, withDocument, largeLogs }: ServerContext): void {
  connection.onRequest(SummaryRequest, (params, token) =>
    runSafe(logger, () => largeLogs.summary(params.uri, service.registry, service.knowledge) ?? withDocument(params.uri, null, (d) => service.summarize(d)), null, 'summary', token),
  );
}
