import { LANGUAGE_BY_FAMILY } from '../../formats/registry';
import { ListFormatsRequest, SetFormatRequest } from '../../../../shared/customMessages';
import type { ServerContext } from '../context';

/** The format list and "Set Log Format". */
export function registerFormats({ connection, service, documents, refreshAll }: ServerContext): void {
  connection.onRequest(ListFormatsRequest, () =>
    service.registry.formats.map((f) => ({ id: f.id, family: f.family, title: f.def.title, languageId: LANGUAGE_BY_FAMILY[f.family] })),
  );

  connection.onRequest(SetFormatRequest, (params) => {
    service.setFormat(params.uri, params.formatId);
    const document = documents.get(params.uri);
    if (!document) return null;
    refreshAll();
    return service.describe(document);
  });
}
