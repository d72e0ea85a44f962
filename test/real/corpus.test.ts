/**
 * The real-text corpus: log text written by other people (forum and mailing-list posts, Q&A sites, issues,
 * vendor docs), each `.log` with an answer key saying which lines an engineer calls failures and which are benign
 * look-alikes. Every file goes through the language service as the editor sees a file from disk, and the targets
 * of issue 9 are asserted per family. Set LOGSLEUTH_CORPUS_VERBOSE=1 to print every miss; LOGSLEUTH_CORPUS_DIR=<dir>
 * measures another collection laid out the same way (a blind one, before it joins this corpus).
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import Ajv from 'ajv';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver-types';
import keySchema from './corpus-key.schema.json';
import { decodeBytes } from '../../server/src/service/decode';
import { createLogLanguageService } from '../../server/src/service/languageService';
import { fixturePath } from '../support/paths';
import type { LogAnalysis } from '../../server/src/model/log';

interface KeyLine {
  level: 'error' | 'warning' | 'benign';
  rule?: string;
  why: string;
}

interface CorpusKey {
  source: string;
  author?: string;
  licence: string;
  notes: string;
  family: string;
  format?: string;
  lines: Record<string, KeyLine>;
}

interface Tally {
  files: number;
  recognised: number;
  errorLines: number;
  errorFlagged: number;
  warnLines: number;
  warnFlagged: number;
  ruleLines: number;
  ruleMatched: number;
  benignLines: number;
  benignErrors: number;
  unlistedLines: number;
  falseErrors: number;
  misses: string[];
}

const TARGET = { recognised: 0.99, errorRecall: 0.95, warningRecall: 0.95, falseErrorsPer10k: 1 };
const root = process.env.LOGSLEUTH_CORPUS_DIR ?? fixturePath('real');
const validateKey = new Ajv({ allErrors: true, strict: false }).compile(keySchema);

function filesUnder(dir: string, suffix: string): string[] {
  if (!existsSync(dir)) return [];
  const found: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) found.push(...filesUnder(path, suffix));
    else if (name.endsWith(suffix)) found.push(path);
  }
  return found;
}

const keyFiles = filesUnder(root, '.key.json');
const logFiles = filesUnder(root, '.log');
const logOf = (keyFile: string) => keyFile.slice(0, -'.key.json'.length) + '.log';

function emptyTally(): Tally {
  return { files: 0, recognised: 0, errorLines: 0, errorFlagged: 0, warnLines: 0, warnFlagged: 0, ruleLines: 0, ruleMatched: 0, benignLines: 0, benignErrors: 0, unlistedLines: 0, falseErrors: 0, misses: [] };
}

/**
 * A diagnostic is on physical line `line` (0-based) when its range spans it, or when it stands for a repeat of
 * itself on that line (the same failure logged again in one flow is one diagnostic naming every line).
 */
function onLine(diagnostics: Diagnostic[], line: number): Diagnostic[] {
  return diagnostics.filter((d) => (d.range.start.line <= line && line <= d.range.end.line) || (d.data as { repeatLines?: number[] } | undefined)?.repeatLines?.includes(line));
}

/**
 * The diagnostics that speak for a line: those on it, and for a line inside an entry of several lines (an
 * event's details, a trace record with its body) those on any line of that entry: the entry carries one
 * diagnosis, marked on the line that states it, and the engineer's key may name any line of it.
 */
function forLine(diagnostics: Diagnostic[], analysis: LogAnalysis, line: number): Diagnostic[] {
  const entry = analysis.entryAtLine(line);
  if (entry < 0 || analysis.startLineOf(entry) === analysis.endLineOf(entry)) return onLine(diagnostics, line);
  const first = analysis.startLineOf(entry);
  const last = analysis.endLineOf(entry);
  return diagnostics.filter((d) => (d.range.start.line <= last && first <= d.range.end.line) || onLine([d], line).length > 0);
}

const SEVERITY_NAME: Record<number, string> = { [DiagnosticSeverity.Error]: 'error', [DiagnosticSeverity.Warning]: 'warning', [DiagnosticSeverity.Information]: 'info', [DiagnosticSeverity.Hint]: 'hint' };

function describeFound(found: Diagnostic[]): string {
  if (found.length === 0) return 'nothing';
  return found.map((d) => `${d.code} (${SEVERITY_NAME[d.severity ?? DiagnosticSeverity.Information]})`).join(', ');
}

/** The editor's view of a file from disk: bytes decoded as the disk path does, the file's URI naming it. */
function analyseFile(keyFile: string, key: CorpusKey, tally: Tally): void {
  const logFile = logOf(keyFile);
  const name = relative(root, logFile);
  const decoded = decodeBytes(readFileSync(logFile));
  tally.files++;
  if (decoded.binary) {
    tally.misses.push(`${name}: decoded as binary`);
    return;
  }
  const service = createLogLanguageService();
  const document = TextDocument.create(pathToFileURL(logFile).href, 'log', 1, decoded.text);
  const info = service.describe(document);
  const diagnostics = service.doValidation(document);
  const analysis = service.parse(document);
  const formatOk = key.format === undefined || info.formatId === key.format;
  if (info.family === key.family && formatOk) tally.recognised++;
  else tally.misses.push(`${name}: detected as ${info.family ?? 'nothing'}/${info.formatId ?? '-'}, key says ${key.family}${key.format ? `/${key.format}` : ''}`);

  const lines = decoded.text.split(/\r\n|\r|\n/);
  // A final line break ends the last line; it does not start another one.
  if (lines.length > 1 && lines[lines.length - 1] === '') lines.pop();
  for (const [number, expected] of Object.entries(key.lines)) {
    const line = Number(number) - 1;
    const where = `${name}:${number}`;
    if (line >= lines.length) {
      tally.misses.push(`${where}: the key names a line beyond the file's ${lines.length} lines`);
      continue;
    }
    const found = forLine(diagnostics, analysis, line);
    const hasError = found.some((d) => d.severity === DiagnosticSeverity.Error);
    const hasWarningOrError = found.some((d) => d.severity === DiagnosticSeverity.Error || d.severity === DiagnosticSeverity.Warning);
    const text = lines[line]!.trim().slice(0, 120);
    if (expected.level === 'benign') {
      tally.benignLines++;
      if (hasError) {
        tally.benignErrors++;
        tally.misses.push(`${where}: benign line has an error finding: ${describeFound(found)} | ${text}`);
      }
      continue;
    }
    tally.warnLines++;
    if (hasWarningOrError) tally.warnFlagged++;
    if (expected.level === 'error') {
      tally.errorLines++;
      if (hasError) tally.errorFlagged++;
      else tally.misses.push(`${where}: error line has ${describeFound(found)} | ${text}`);
    } else if (!hasWarningOrError) {
      tally.misses.push(`${where}: warning line has ${describeFound(found)} | ${text}`);
    }
    if (expected.rule) {
      tally.ruleLines++;
      if (found.some((d) => d.code === expected.rule)) tally.ruleMatched++;
      else tally.misses.push(`${where}: expected rule ${expected.rule}, found ${describeFound(found)}`);
    }
  }
  const keyedEntries = new Set<number>();
  for (const [number, expected] of Object.entries(key.lines)) {
    const entry = Number(number) <= lines.length ? analysis.entryAtLine(Number(number) - 1) : -1;
    if (expected.level !== 'benign' && entry >= 0 && analysis.startLineOf(entry) !== analysis.endLineOf(entry)) keyedEntries.add(entry);
  }
  lines.forEach((text, line) => {
    if (key.lines[String(line + 1)] || text.trim().length === 0) return;
    tally.unlistedLines++;
    // A line of an entry the key calls a failure carries that entry's diagnosis; elsewhere an error is false.
    if (keyedEntries.has(analysis.entryAtLine(line))) return;
    const errors = onLine(diagnostics, line).filter((d) => d.severity === DiagnosticSeverity.Error);
    if (errors.length > 0) {
      tally.falseErrors++;
      tally.misses.push(`${name}:${line + 1}: unlisted line has an error finding: ${describeFound(errors)} | ${text.trim().slice(0, 120)}`);
    }
  });
}

function ratio(part: number, whole: number): number {
  return whole === 0 ? 1 : part / whole;
}

function percent(part: number, whole: number): string {
  return whole === 0 ? '-' : `${part}/${whole} ${(100 * part / whole).toFixed(1)}%`;
}

function falseRate(tally: Tally): number {
  return tally.unlistedLines === 0 ? 0 : (10000 * tally.falseErrors) / tally.unlistedLines;
}

function tableRow(family: string, t: Tally): string[] {
  return [family, String(t.files), percent(t.recognised, t.files), percent(t.errorFlagged, t.errorLines), percent(t.warnFlagged, t.warnLines), percent(t.ruleMatched, t.ruleLines), `${t.benignErrors}/${t.benignLines}`, `${falseRate(t).toFixed(1)} (${t.falseErrors}/${t.unlistedLines})`];
}

function formatTable(rows: string[][]): string {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  return rows.map((r) => r.map((cell, c) => cell.padEnd(widths[c]!)).join('  ')).join('\n');
}

/** Keys that fail the schema are reported by their own test and left out of the measurement. */
const keys = new Map<string, CorpusKey>();
const keyProblems: string[] = [];
for (const keyFile of keyFiles) {
  const name = relative(root, keyFile);
  let key: unknown;
  try {
    key = JSON.parse(readFileSync(keyFile, 'utf8'));
  } catch (error) {
    keyProblems.push(`${name}: not JSON (${(error as Error).message})`);
    continue;
  }
  if (!validateKey(key)) {
    keyProblems.push(`${name}: ${validateKey.errors?.map((e) => `${e.instancePath || '/'} ${e.message}`).join('; ')}`);
    continue;
  }
  if (!existsSync(logOf(keyFile))) keyProblems.push(`${name}: no ${basename(logOf(keyFile))} beside it`);
  else keys.set(keyFile, key as unknown as CorpusKey);
}
const keyed = new Set(keyFiles.map(logOf));
for (const logFile of logFiles) if (!keyed.has(logFile)) keyProblems.push(`${relative(root, logFile)}: no answer key (.key.json) beside it`);

/** Rows by the corpus folder (`real/<folder>/`): one per helper's collection; l2tp is family pluto, for example. */
const byFamily = new Map<string, Tally>();
const total = emptyTally();
for (const [keyFile, key] of keys) {
  const folder = relative(root, keyFile).split(/[\\/]/)[0]!;
  const tally = byFamily.get(folder) ?? emptyTally();
  byFamily.set(folder, tally);
  analyseFile(keyFile, key, tally);
}
for (const t of byFamily.values()) {
  for (const field of Object.keys(total) as Array<keyof Tally>) {
    if (field === 'misses') total.misses.push(...t.misses);
    else total[field] += t[field];
  }
}

const header = ['folder', 'files', 'recognised', 'error recall', 'warning-or-worse recall', 'rule matches', 'benign errors', 'false errors /10k lines'];
const families = [...byFamily.keys()].sort();
console.log(`\nReal-text corpus (${root})\n${formatTable([header, ...families.map((f) => tableRow(f, byFamily.get(f)!)), tableRow('all', total)])}\n`);
if (process.env.LOGSLEUTH_CORPUS_VERBOSE) console.log(total.misses.join('\n'));

/** The first misses of a family, so a failing assertion says which lines to look at. */
function missList(t: Tally): string {
  const shown = t.misses.slice(0, 40);
  return `\n  ${shown.join('\n  ')}${t.misses.length > shown.length ? `\n  ... ${t.misses.length - shown.length} more (LOGSLEUTH_CORPUS_VERBOSE=1)` : ''}`;
}

describe('real-text corpus', () => {
  test('the corpus has files', () => {
    assert.ok(keyFiles.length > 0, `no answer keys under ${root}: add <family>/<slug>.log with <slug>.key.json (see BRIEF §1)`);
  });

  test('every key is valid and sits beside its .log; every .log has a key', () => {
    assert.deepEqual(keyProblems, []);
  });

  for (const family of families) {
    describe(family, () => {
      const t = byFamily.get(family)!;
      test(`at least ${TARGET.recognised * 100}% of the files are recognised as their key's family`, () => {
        assert.ok(ratio(t.recognised, t.files) >= TARGET.recognised, `${percent(t.recognised, t.files)}${missList(t)}`);
      });
      test(`at least ${TARGET.errorRecall * 100}% of the error lines carry an error finding`, () => {
        assert.ok(ratio(t.errorFlagged, t.errorLines) >= TARGET.errorRecall, `${percent(t.errorFlagged, t.errorLines)}${missList(t)}`);
      });
      test(`at least ${TARGET.warningRecall * 100}% of the warning-or-worse lines carry a warning or error finding`, () => {
        assert.ok(ratio(t.warnFlagged, t.warnLines) >= TARGET.warningRecall, `${percent(t.warnFlagged, t.warnLines)}${missList(t)}`);
      });
      test('every line whose key names a rule carries that rule', () => {
        assert.equal(t.ruleMatched, t.ruleLines, missList(t));
      });
      test('no benign look-alike carries an error finding', () => {
        assert.equal(t.benignErrors, 0, missList(t));
      });
      test(`at most ${TARGET.falseErrorsPer10k} error finding per 10,000 lines that show no failure`, () => {
        assert.ok(falseRate(t) <= TARGET.falseErrorsPer10k, `${t.falseErrors} on ${t.unlistedLines} unlisted lines${missList(t)}`);
      });
    });
  }
});
