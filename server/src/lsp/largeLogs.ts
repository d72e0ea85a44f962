/**
 * The large logs the server has read from disk ("Open Large Log..."), by file URI: the large-file handlers
 * fill it, the summary view reads it.
 */
import type { IndexedLog } from '../engine/analyze';
import { IndexedAnalysis } from '../engine/analysis';
import type { FileIndex } from '../engine/indexFile';
import type { FormatRegistry } from '../formats/registry';
import type { KnowledgeBase } from '../knowledge/knowledgeBase';
import { summarize } from '../service/features/summary';
import type { LogSummary } from '../../../shared/customMessages';

export interface LargeLog {
  uri: string;
  path: string;
  file: FileIndex;
  seconds: number;
  tailing: boolean;
  /** The summary view's content, for the analysis it was made from. */
  summary?: { of: IndexedLog; summary: LogSummary };
}

export class LargeLogs {
  private readonly logs = new Map<string, LargeLog>();

  get(uri: string): LargeLog | undefined {
    return this.logs.get(uri);
  }

  set(log: LargeLog): void {
    this.logs.set(log.uri, log);
  }

  delete(uri: string): void {
    this.logs.delete(uri);
  }

  /** The summary (findings by rule, flows by outcome) of a large log, made once per analysis (entries built on demand). */
  summary(uri: string, registry: FormatRegistry, knowledge: KnowledgeBase): LogSummary | undefined {
    const log = this.logs.get(uri);
    if (!log) return undefined;
    const indexed = log.file.indexed;
    if (log.summary?.of !== indexed) log.summary = { of: indexed, summary: summarize(new IndexedAnalysis(indexed, uri, 0), registry, knowledge) };
    return log.summary.summary;
  }
}
