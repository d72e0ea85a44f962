import { IndexedAnalysis } from '../engine/analysis';
import { indexText, toParsedLog, type IndexOptions } from '../engine/analyze';
import type { ParsedLog } from '../model/log';

/** The whole pipeline on one text (formats → index → flows → findings), as the features read it. */
export function analyzeLog(text: string, options: IndexOptions = {}): IndexedAnalysis {
  return new IndexedAnalysis(indexText(text, options), options.uri ?? 'untitled:log', options.version ?? 0);
}

/** The same analysis with every entry and flow built, for reports and tests. */
export function analyzeText(text: string, options: IndexOptions = {}): ParsedLog {
  return toParsedLog(indexText(text, options), { uri: options.uri, version: options.version });
}
