import type { LogAnalysis } from '../../server/src/model/log';

/** What two analyses of one text must agree on: format, every entry, every flow, every finding. */
export function fingerprint(log: LogAnalysis): unknown {
  const entries: string[] = [];
  for (let i = 0; i < log.entryCount; i++) {
    const e = log.entry(i);
    entries.push(`${e.startLine}:${e.startChar}-${e.endLine}:${e.endChar}:${e.level}:${e.time}:${e.keys.map((k) => `${k.kind}=${k.value}`).join(',')}`);
  }
  return {
    formatId: log.formatId,
    lineCount: log.lineCount,
    entries,
    flows: [...log.flows()].map((f) => `${f.id}:${f.entries.join(',')}:${f.outcome.status}:${f.outcome.text}`),
    findings: log.findings.map((f) => `${f.line}:${f.startChar}:${f.rule}:${f.severity}:${f.message}`),
  };
}
