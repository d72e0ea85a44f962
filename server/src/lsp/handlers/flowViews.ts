import { FlowAtRequest, MergeRequest, StepInFlowRequest, ViewRequest } from '../../../../shared/customMessages';
import { runSafe } from '../runSafe';
import type { ServerContext } from '../context';

/** Flow position, next/previous entry, flow-only, errors-only and merged views. */
export function registerFlowViews({ connection, service, logger, withDocument }: ServerContext): void {
  connection.onRequest(FlowAtRequest, (params, token) =>
    runSafe(logger, () => withDocument(params.uri, null, (d) => service.flowAt(d, params.position, params.flowId) ?? null), null, 'flow position', token),
  );

  connection.onRequest(StepInFlowRequest, (params, token) =>
    runSafe(logger, () => withDocument(params.uri, null, (d) => service.stepInFlow(d, params.position, params.direction, params.flowId) ?? null), null, 'step in flow', token),
  );

  connection.onRequest(ViewRequest, (params, token) =>
    runSafe(
      logger,
      () =>
        withDocument(params.uri, null, (d) => {
          if (params.kind === 'errors') return service.errorsView(d);
          const flowId = params.flowId ?? (params.position ? service.flowAt(d, params.position)?.flowId : undefined);
          return flowId ? (service.flowView(d, flowId) ?? null) : null;
        }),
      null,
      'view',
      token,
    ),
  );

  connection.onRequest(MergeRequest, (params, token) =>
    runSafe(
      logger,
      () => service.mergeByTime(params.sources.flatMap((s) => withDocument(s.uri, [], (document) => [{ document, label: s.label, offsetMs: s.offsetMs }]))),
      { content: '# Nothing to merge\n', links: [] },
      'merge',
      token,
    ),
  );
}
