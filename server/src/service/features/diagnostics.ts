import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver-types';
import type { LogDocument } from '../document';
import { lineLength } from '../document';
import { linkedFlows } from '../../correlation/crossFile';
import type { Finding, LogAnalysis, Severity } from '../../model/log';
import { firstEntryOfFlow } from '../navigation';

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
};

export function doValidation(document: LogDocument, parsed: LogAnalysis, peers: readonly LogAnalysis[] = [], findings: readonly Finding[] = parsed.findings): Diagnostic[] {
  return findings.map((finding) => {
    // The same conversation in another open log (the other WAE, the other tunnel end) is related evidence.
    const flow = finding.flowId && peers.length > 0 ? parsed.flow(finding.flowId) : undefined;
    const linked = flow ? linkedFlows(parsed, flow, peers) : [];
    const related = [
      ...finding.related,
      ...linked.map((l) => ({ uri: l.parsed.uri, line: firstEntryOfFlow(l.parsed, l.flow).startLine, message: `same conversation in ${l.parsed.uri.split('/').pop()}: ${l.flow.label} (${l.flow.outcome.text})` })),
    ];
    const endChar = Math.min(finding.endChar, lineLength(document, finding.endLine));
    const diagnostic: Diagnostic = {
      range: { start: { line: finding.line, character: Math.min(finding.startChar, endChar) }, end: { line: finding.endLine, character: endChar } },
      severity: SEVERITY[finding.severity],
      code: finding.rule,
      source: 'Log Sleuth',
      message: finding.message,
      // A finding repeated in its flow is one diagnostic; the lines it stands for travel with it.
      data: { flowId: finding.flowId, entryIndex: finding.entryIndex, ...(finding.repeats ? { repeatLines: finding.repeats.entryIndices.map((i) => parsed.startLineOf(i)) } : {}) },
    };
    if (related.length > 0) {
      diagnostic.relatedInformation = related.map((r) => ({
        location: { uri: r.uri ?? document.uri, range: { start: { line: r.line, character: 0 }, end: { line: r.line, character: 0 } } },
        message: r.message,
      }));
    }
    return diagnostic;
  });
}
