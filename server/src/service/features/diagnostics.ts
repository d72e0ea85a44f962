import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver-types';
import type { LogDocument } from '../document';
import { lineLength } from '../document';
import type { ParsedLog, Severity } from '../model';

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
};

export function doValidation(document: LogDocument, parsed: ParsedLog): Diagnostic[] {
  return parsed.findings.map((finding) => {
    const endChar = Math.min(finding.endChar, lineLength(document, finding.endLine));
    const diagnostic: Diagnostic = {
      range: { start: { line: finding.line, character: Math.min(finding.startChar, endChar) }, end: { line: finding.endLine, character: endChar } },
      severity: SEVERITY[finding.severity],
      code: finding.rule,
      source: 'Log Sleuth',
      message: finding.message,
      data: { flowId: finding.flowId, entryIndex: finding.entryIndex },
    };
    if (finding.related.length > 0) {
      diagnostic.relatedInformation = finding.related.map((r) => ({
        location: { uri: r.uri ?? document.uri, range: { start: { line: r.line, character: 0 }, end: { line: r.line, character: 0 } } },
        message: r.message,
      }));
    }
    return diagnostic;
  });
}
