/**
 * The large-file path in the language server: a file named by the client is read from disk by the engine
 * (`FileIndex`: the editor never syncs files over 50 MB to extensions), which keeps the index and the byte
 * offset of each line, not the text; views and entries are read back from disk on demand, and the file is
 * watched so appended lines are analysed as they arrive.
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
  type LargeFlowItem,
  type LargeLogSummary,
  type LargeViewResult,
} from '../../../../shared/customMessages';
import { STATUS, STATUS_CODE } from '../../engine/flowTable';
import { AnalysisCancelled, FileIndex } from '../../engine/indexFile';
import { LEVEL_CODE } from '../../engine/scan';
import type { LargeLog } from '../largeLogs';

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

function summaryOf(log: LargeLog): LargeLogSummary {
  const { index, findings, capped } = log.file.indexed;
  return {
    uri: log.uri,
    bytes: log.file.bytes,
    lineCount: index.lineCount,
    entries: index.entryCount,
    flows: index.flows.count - index.flows.dropped.size,
    findings: findings.length,
    formatId: index.formatId,
    family: index.family,
    encoding: log.file.encoding,
    notices: log.file.notices,
    capped,
    seconds: log.seconds,
  };
}

/** Merges line ranges into runs and reads them from disk, at most `max` lines. */
function readRanges(log: LargeLog, ranges: Array<[number, number]>, max: number): { lines: string[]; source: number[]; capped: boolean } {
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
  const file = log.file.lines;
  for (const [from, toRaw] of runs) {
    if (lines.length >= max) {
      capped = true;
      break;
    }
    const to = Math.min(toRaw, file.count - 1, from + (max - lines.length) - 1);
    if (to < toRaw) capped = true;
    for (let line = from; line <= to; line++) {
      lines.push(file.line(line));
      source.push(line);
    }
  }
  return { lines, source, capped };
}

/** Flows for the picker: most errors first, then failed ones, then the longest (document order among equals). */
function flowItems(log: LargeLog, max: number): LargeFlowItem[] {
  const { index } = log.file.indexed;
  const table = index.flows;
  const flows: number[] = [];
  for (let f = 0; f < table.count; f++) if (!table.dropped.has(f)) flows.push(f);
  const failed = (f: number) => (table.status.data[f] === STATUS_CODE.failed ? -1 : 0);
  const size = (f: number) => table.memberStart[f + 1]! - table.memberStart[f]!;
  flows.sort((a, b) => table.errors.data[b]! - table.errors.data[a]! || failed(a) - failed(b) || size(b) - size(a));
  return flows.slice(0, max).map((f) => ({
    id: index.flowId(f),
    label: index.flowLabel(f),
    status: STATUS[table.status.data[f]!]!,
    outcome: table.outcomeText[f]!,
    entries: size(f),
    errors: table.errors.data[f]!,
  }));
}

export function registerLargeFiles(context: ServerContext): void {
  const { connection, logger, service, largeLogs: logs } = context;

  const stopTail = (log: LargeLog) => {
    if (log.tailing) unwatchFile(log.path);
    log.tailing = false;
  };

  /** Live tail: the appended bytes are read and the analysis becomes that of the whole file (`FileIndex.grow`). */
  const startTail = (log: LargeLog) => {
    let busy = false;
    log.tailing = true;
    watchFile(log.path, { interval: TAIL_POLL_MS }, (current: Stats) => {
      if (busy || current.size === log.file.bytes) return;
      busy = true;
      void (async () => {
        try {
          const { file } = await log.file.grow();
          if (file !== log.file) {
            log.file.close();
            log.file = file;
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
    // The same formats, knowledge (user rules included) and settings as for the documents the editor syncs.
    const { settings, knowledge, registry } = service;
    const options = { registry, knowledge, severity: settings.ruleSeverity, maxFindings: settings.maxFindings, levelFindings: settings.levelFindings };
    let file: FileIndex;
    try {
      file = await FileIndex.read(
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
    // Cancelled while the last part was read: the user asked for nothing, so nothing is opened.
    if (token.isCancellationRequested) {
      file.close();
      return new ResponseError(LSPErrorCodes.RequestCancelled, `reading ${path} was cancelled`);
    }
    if (file.binary) {
      file.close();
      throw new Error(`${path} looks like a binary file, not a text log`);
    }
    previous?.file.close();
    const log: LargeLog = { uri, path, file, seconds: (performance.now() - t0) / 1000, tailing: false };
    logs.set(log);
    startTail(log);
    return summaryOf(log);
  });

  connection.onRequest(LargeFindingsRequest, ({ uri }) => {
    const log = logs.get(uri);
    if (!log) return [];
    return log.file.indexed.findings.map(
      (f): LargeFinding => ({ line: f.line, startChar: f.startChar, endLine: f.endLine, endChar: Math.min(f.endChar, 1 << 20), severity: f.severity, rule: f.rule, message: f.message, flowId: f.flowId }),
    );
  });

  connection.onRequest(LargeFlowsRequest, ({ uri, max }) => {
    const log = logs.get(uri);
    return log ? flowItems(log, max ?? 2000) : [];
  });

  connection.onRequest(LargeViewRequest, ({ uri, view, flowId, maxLines }): LargeViewResult => {
    const log = logs.get(uri);
    if (!log) return { text: '', lines: [], notice: 'This log is not open in Log Sleuth any more: run "Open Large Log..." again.' };
    const { index, findings } = log.file.indexed;
    const ranges: Array<[number, number]> = [];
    let title: string;
    if (view === 'flow') {
      const f = flowId ? index.flowNumber(flowId) : undefined;
      if (f === undefined) return { text: '', lines: [], notice: `No flow ${flowId ?? ''} in this log.` };
      const members = index.flows.membersOf(f);
      for (const e of members) ranges.push([index.startLine[e]!, index.endLine[e]!]);
      title = `flow ${index.flowLabel(f)}: ${members.length} entries, ${index.flows.outcomeText[f]}`;
    } else {
      const flagged = new Set<number>();
      for (let e = 0; e < index.entryCount; e++) {
        const level = index.level[e]!;
        if (level === LEVEL_CODE.error || level === LEVEL_CODE.warning) flagged.add(e);
      }
      for (const f of findings) if (f.severity !== 'info') flagged.add(f.entryIndex);
      for (const e of flagged) ranges.push([index.startLine[e]!, index.endLine[e]!]);
      title = `errors and warnings: ${flagged.size} entries`;
    }
    const max = maxLines ?? MAX_VIEW_LINES;
    const { lines, source, capped } = readRanges(log, ranges, max);
    const notice = capped ? `Showing the first ${max} lines; the Problems panel lists every finding.` : undefined;
    const header = `# Log Sleuth — ${log.path} — ${title}${notice ? ` — ${notice}` : ''}`;
    return { text: [header, ...numbered(lines, source)].join('\n') + '\n', lines: [-1, ...source], notice };
  });

  connection.onRequest(LargeContextRequest, ({ uri, context: around }) => {
    const log = logs.get(uri);
    if (!log) return { text: '', lines: [], lineCount: 0, notice: 'This log is not open in Log Sleuth any more: run "Open Large Log..." again.' };
    const { index, findings } = log.file.indexed;
    const k = around ?? CONTEXT_LINES;
    const last = index.lineCount - 1;
    const ranges = findings.map((f): [number, number] => [Math.max(0, f.line - k), Math.min(last, f.endLine + k)]);
    const { lines, source, capped } = readRanges(log, ranges, MAX_CONTEXT_LINES);
    const notice = capped ? `Only the lines around the first findings are shown (${MAX_CONTEXT_LINES} lines).` : undefined;
    return { text: lines.join('\n'), lines: source, lineCount: index.lineCount, formatId: index.formatId, notice };
  });

  connection.onRequest(LargeCloseRequest, ({ uri }) => {
    const log = logs.get(uri);
    if (log) {
      stopTail(log);
      log.file.close();
    }
    logs.delete(uri);
  });
}

