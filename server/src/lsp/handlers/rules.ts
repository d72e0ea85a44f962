import { builtInSignatureSources, createKnowledgeBase } from '../../knowledge/knowledgeBase';
import { SetRulesRequest } from '../../../../shared/customMessages';
import type { ServerContext } from '../context';
import { validateRuleFiles } from '../userRules';

/** The user's rule files, read by the client (which knows whether the workspace is trusted). */
export function registerRules({ connection, service, refreshAll }: ServerContext): void {
  connection.onRequest(SetRulesRequest, (params) => {
    const { sources, errors } = validateRuleFiles(params.files);
    const knowledge = createKnowledgeBase([...builtInSignatureSources(), ...sources]);
    const rejected = knowledge.errors.filter((e) => !e.origin.startsWith('built-in')).map((e) => `${e.origin}: ${e.message}`);
    service.setKnowledge(knowledge);
    refreshAll();
    return { loaded: sources.length, errors: [...errors, ...rejected] };
  });
}
