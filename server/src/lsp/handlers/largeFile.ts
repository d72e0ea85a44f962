/**
 * The large-file path in the language server: a file named by the client is read from disk in one streaming
 * pass (the editor never syncs files over 50 MB to extensions), only its compact index is kept, views are read
 * back from disk on demand, and the file is watched so appended lines are analysed as they arrive.
 */
import { unwatchFile, watchFile, type Stats } from 'node:fs';
import { open } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { LSPErrorCodes, ResponseError } from 'vscode-languageserver';
import type { ServerContext } from '../context';
import {
  LargeChangedNotification,
  LargeCloseRequest,
  LargeContextRequest,
  LargeFindingsRequest,
  LargeFlowsRequest,
  LargeOpenRequest,
  LargeProgressNotification,
  LargeViewRequest,
  type LargeFinding,
  type LargeLogSummary,
  type LargeViewResult,
} from '../../../../shared/customMessages';
import { AnalysisCancelled, analyzeFile, readFileLines, StreamAnalyzer, type StreamResult } from '../../stream/streamAnalyzer';

/** Most lines a view shows; the Problems panel still lists every finding (up to maxFindings). */
const MAX_VIEW_LINES = 20000;
const TAIL_POLL_MS = 1000;
const PROGRESS_EVERY_MS = 250;
/** Lines shown before and after each finding in the context document. */
const CONTEXT_LINES = 6;
/** Most lines of the context document (about 13 per finding at the default logsleuth.maxFindings). */
const MAX_CONTEXT_LINES = 100_000;

/** `   1234 │ ` before each line of a view: the number links back to the line (the client makes the link). */
function numbered(lines: string[], source: number[]): string[] {
  return lines.map((line, i) => `${String(source[i]! + 1).padStart(8)} │ ${line}`);
}

interface LargeLog {
  uri: string;
  path: string;
  analyzer: StreamAnalyzer;
  result: StreamResult;
  size: number;
  seconds: number;
  tailing: boolean;
}

function summaryOf(log: LargeLog): LargeLogSummary {
  const r = log.result;
  return {
    uri: log.uri,
    bytes: log.size,
    lineCount: r.lineCount,
    entries: r.entryCount,
    flows: r.flows.size,
    findings: r.findings.length,
    formatId: r.formatId,
    family: r.family,
    encoding: r.encoding,
    notices: r.notices,
    capped: r.capped,
    seconds: log.seconds,
  };
}

/** Merges line ranges into runs and reads them from disk, at most `max` lines. */
async function readRanges(log: LargeLog, ranges: Array<[number, number]>, max: number): Promise<{ lines: string[]; source: number[]; capped: boolean }> {
  const lines: string[] = [];
  const source: number[] = [];
  let capped = false;
  ranges.sort((a, b) => a[0] - b[0]);
  const runs: Array<[number, number]> = [];
  for (const [from, to] of ranges) {
    const last = runs[runs.length - 1];
    if (last && from <= last[1] + 1) last[1] = Math.max(last[1], to);
    else runs.push([from, to]);
  }
  for (const [from, toRaw] of runs) {
    if (lines.length >= max) {
      capped = true;
      break;
    }
    const to = Math.min(toRaw, from + (max - lines.length) - 1);
    if (to < toRaw) capped = true;
    const text = await readFileLines(log.path, log.analyzer, from, to);
    text.forEach((line, i) => {
      lines.push(line);
      source.push(from + i);
    });
  }
  return { lines, source, capped };
}

export function registerLargeFiles(context: ServerContext): void {
  const { connection, logger, service } = context;
  const logs = new Map<string, LargeLog>();

  const stopTail = (log: LargeLog) => {
    if (log.tailing) unwatchFile(log.path);
    log.tailing = false;
  };

  /** Live tail: the appended bytes only are read and analysed; findings and flows grow. */
  const startTail = (log: LargeLog) => {
    let busy = false;
    log.tailing = true;
    watchFile(log.path, { interval: TAIL_POLL_MS }, (current: Stats) => {
      if (busy || current.size <= log.size) return;
      busy = true;
      void (async () => {
        try {
          const handle = await open(log.path, 'r');
          try {
            const length = current.size - log.size;
            const buffer = Buffer.alloc(length);
            await handle.read(buffer, 0, length, log.size);
            log.analyzer.resume();
            log.analyzer.writeBytes(buffer);
            log.size = current.size;
            log.result = log.analyzer.checkpoint();
          } finally {
            await handle.close();
          }
          void connection.sendNotification(LargeChangedNotification, summaryOf(log));
        } catch (error) {
          logger.error(`live tail of ${log.path} failed: ${String(error)}`);
        } finally {
          busy = false;
        }
      })();
    });
  };

  connection.onRequest(LargeOpenRequest, async ({ uri }, token) => {
    const previous = logs.get(uri);
    if (previous) stopTail(previous);
    const path = fileURLToPath(uri);
    const handle = await open(path, 'r');
    const total = (await handle.stat()).size;
    await handle.close();
    const t0 = performance.now();
    let lastReport = 0;
    // The same knowledge (user rules included) and settings as for the documents the editor syncs.
    const { settings, knowledge } = service;
    const options = { knowledge, severity: settings.ruleSeverity, maxFindings: settings.maxFindings, levelFindings: settings.levelFindings };
    let analysis: Awaited<ReturnType<typeof analyzeFile>>;
    try {
      analysis = await analyzeFile(
        path,
        options,
        (read, lines) => {
          const now = performance.now();
          if (now - lastReport < PROGRESS_EVERY_MS) return;
          lastReport = now;
          void connection.sendNotification(LargeProgressNotification, { uri, bytes: read, total, lines, seconds: (now - t0) / 1000 });
        },
        () => token.isCancellationRequested,
      );
    } catch (error) {
      if (error instanceof AnalysisCancelled) return new ResponseError(LSPErrorCodes.RequestCancelled, error.message);
      throw error;
    }
    const { analyzer, result, bytes } = analysis;
    if (analyzer.binary) throw new Error(`${path} looks like a binary file, not a text log`);
    const log: LargeLog = { uri, path, analyzer, result, size: bytes, seconds: (performance.now() - t0) / 1000, tailing: false };
    logs.set(uri, log);
    startTail(log);
    return summaryOf(log);
  });

  connection.onRequest(LargeFindingsRequest, ({ uri }) => {
    const log = logs.get(uri);
    if (!log) return [];
    return log.result.findings.map(
      (f): LargeFinding => ({ line: f.line, startChar: f.startChar, endLine: f.endLine, endChar: Math.min(f.endChar, 1 << 20), severity: f.severity, rule: f.rule, message: f.message, flowId: f.flowId }),
    );
  });

  connection.onRequest(LargeFlowsRequest, ({ uri, max }) => {
    const log = logs.get(uri);
    if (!log) return [];
    const flows = [...log.result.flows.values()];
    flows.sort((a, b) => b.errorCount - a.errorCount || (a.outcome.status === 'failed' ? -1 : 0) - (b.outcome.status === 'failed' ? -1 : 0) || b.entries.length - a.entries.length);
    return flows.slice(0, max ?? 2000).map((f) => ({ id: f.id, label: f.label, status: f.outcome.status, outcome: f.outcome.text, entries: f.entries.length, errors: f.errorCount }));
  });

  connection.onRequest(LargeViewRequest, async ({ uri, view, flowId, maxLines }): Promise<LargeViewResult> => {
    const log = logs.get(uri);
    if (!log) return { text: '', lines: [], notice: 'This log is not open in Log Sleuth any more: run "Open Large Log..." again.' };
    const { entryStart, entryEnd, entryLevel } = log.analyzer;
    const ranges: Array<[number, number]> = [];
    let title: string;
    if (view === 'flow') {
      const flow = flowId ? log.result.flows.get(flowId) : undefined;
      if (!flow) return { text: '', lines: [], notice: `No flow ${flowId ?? ''} in this log.` };
      for (const index of flow.entries) ranges.push([entryStart.data[index]!, entryEnd.data[index]!]);
      title = `flow ${flow.label}: ${flow.entries.length} entries, ${flow.outcome.text}`;
    } else {
      const flagged = new Set<number>();
      for (let i = 0; i < log.analyzer.entryCount; i++) {
        const level = entryLevel.data[i]!;
        if (level === 1 || level === 2) flagged.add(i);
      }
      for (const f of log.result.findings) if (f.severity !== 'info') flagged.add(f.entryIndex);
      for (const index of flagged) ranges.push([entryStart.data[index]!, entryEnd.data[index]!]);
      title = `errors and warnings: ${flagged.size} entries`;
    }
    const max = maxLines ?? MAX_VIEW_LINES;
    const { lines, source, capped } = await readRanges(log, ranges, max);
    const notice = capped ? `Showing the first ${max} lines; the Problems panel lists every finding.` : undefined;
    const header = `# Log Sleuth — ${log.path} — ${title}${notice ? ` — ${notice}` : ''}`;
    return { text: [header, ...numbered(lines, source)].join('\n') + '\n', lines: [-1, ...source], notice };
  });

  connection.onRequest(LargeContextRequest, async ({ uri, context: around }) => {
    const log = logs.get(uri);
    if (!log) return { text: '', lines: [], lineCount: 0, notice: 'This log is not open in Log Sleuth any more: run "Open Large Log..." again.' };
    const k = around ?? CONTEXT_LINES;
    const last = log.result.lineCount - 1;
    const ranges = log.result.findings.map((f): [number, number] => [Math.max(0, f.line - k), Math.min(last, f.endLine + k)]);
    const { lines, source, capped } = await readRanges(log, ranges, MAX_CONTEXT_LINES);
    const notice = capped ? `Only the lines around the first findings are shown (${MAX_CONTEXT_LINES} lines).` : undefined;
    return { text: lines.join('\n'), lines: source, lineCount: log.result.lineCount, formatId: log.result.formatId, notice };
  });

  connection.onRequest(LargeCloseRequest, ({ uri }) => {
    const log = logs.get(uri);
    if (log) stopTail(log);
    logs.delete(uri);
  });
}

