import type { Finding } from '../model/log';

/** What a report needs of an analysis. */
export interface Analysis {
  formatId?: string;
  family?: string;
  lineCount: number;
  entryCount: number;
  flowCount: number;
  /** The readable label of a flow by id. */
  flowLabel(id: string): string | undefined;
  findings: Finding[];
  notices: string[];
}

export interface FileReport {
  path: string;
  format: string | null;
  family: string | null;
  lines: number;
  entries: number;
  flows: number;
  notices: string[];
  findings: Array<{ line: number; endLine: number; severity: string; rule: string; message: string; flow: string | null }>;
}

/** One file's analysis as the CLI prints it (1-based lines). */
export function reportOf(path: string, parsed: Analysis): FileReport {
  return {
    path,
    format: parsed.formatId ?? null,
    family: parsed.family ?? null,
    lines: parsed.lineCount,
    entries: parsed.entryCount,
    flows: parsed.flowCount,
    notices: parsed.notices,
    findings: parsed.findings.map((f) => ({
      line: f.line + 1,
      endLine: f.endLine + 1,
      severity: f.severity,
      rule: f.rule,
      message: f.message,
      flow: f.flowId ? (parsed.flowLabel(f.flowId) ?? f.flowId) : null,
    })),
  };
}
