import { fillMarkdown, fillText } from '../knowledge/fill';
import type { KnowledgeBase } from '../knowledge/knowledgeBase';
import { LEVEL_RULE } from '../knowledge/findingParts';
import type { FileReport } from './report';

const SARIF_LEVEL: Record<string, string> = { error: 'error', warning: 'warning', info: 'note' };

/** SARIF 2.1.0: one run, the rules that fired, one result per finding. */
export function toSarif(reports: FileReport[], knowledge: KnowledgeBase, toUri: (path: string) => string): object {
  const ruleIds = [...new Set(reports.flatMap((r) => r.findings.map((f) => f.rule)))].sort();
  const rules = ruleIds.map((id) => {
    const def = knowledge.byId.get(id)?.def;
    if (!def) {
      const level = id === LEVEL_RULE.error ? 'error' : 'warning';
      return { id, name: id, shortDescription: { text: `A ${level} line with no known cause` }, defaultConfiguration: { level } };
    }
    return {
      id,
      name: id,
      shortDescription: { text: def.title },
      fullDescription: { text: def.cause },
      // A rule's help is the same for every result: its placeholders show as `<name>`.
      help: { text: def.fix.map((step, i) => `${i + 1}. ${fillText(step, {})}`).join('\n'), markdown: def.fix.map((step, i) => `${i + 1}. ${fillMarkdown(step, {})}`).join('\n') },
      helpUri: def.references?.[0]?.url,
      defaultConfiguration: { level: SARIF_LEVEL[def.severity] },
    };
  });
  const results = reports.flatMap((report) =>
    report.findings.map((f) => ({
      ruleId: f.rule,
      ruleIndex: ruleIds.indexOf(f.rule),
      level: SARIF_LEVEL[f.severity],
      message: { text: f.message },
      locations: [{ physicalLocation: { artifactLocation: { uri: toUri(report.path).split('\\').join('/') }, region: { startLine: f.line, endLine: f.endLine } } }],
      properties: f.flow ? { flow: f.flow } : undefined,
    })),
  );
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [{ tool: { driver: { name: 'Log Sleuth', informationUri: 'https://github.com/logsleuth/log-sleuth', rules } }, results }],
  };
}
