// `log-sleuth analyze <file...> [--format text|json|sarif] [--max-findings N] [--workers N]`: the analysis, headless.
import { isAscii } from 'node:buffer';
import { readFile } from 'node:fs/promises';
import { relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { builtInFormatRegistry } from '../formats/registry';
import { builtInKnowledgeBase } from '../knowledge/knowledgeBase';
import { indexTextInParallel } from '../engine/parallel';
import type { IndexPeer } from '../engine/findings';
import { decodeBytes, looksBinary, sniffEncoding } from '../service/decode';
import { writeJson } from './jsonOut';
import { defaultWorkerCount, ScanWorkers } from './scanWorkers';
import { reportOf, type FileReport } from './report';
import { toSarif } from './sarif';

type OutputFormat = 'text' | 'json' | 'sarif';

const USAGE = 'usage: log-sleuth analyze <file...> [--format text|json|sarif] [--max-findings N] [--workers N]';

/** The file's text: ASCII bytes as they are (one byte a character), anything else through the log decoder. */
async function readText(path: string): Promise<{ text: string; binary: boolean; replaced: boolean; encoding: string }> {
  const bytes = await readFile(path);
  const { encoding, bomLength } = sniffEncoding(bytes);
  if (encoding === 'utf-8' && bomLength === 0 && isAscii(bytes)) {
    return { text: bytes.toString('latin1'), binary: looksBinary(bytes, encoding), replaced: false, encoding };
  }
  return decodeBytes(bytes);
}

function printText(reports: FileReport[]): void {
  for (const report of reports) {
    const format = report.format ? `${report.format} (${report.family})` : 'unknown format';
    process.stdout.write(`${report.path}: ${format}, ${report.lines} lines, ${report.entries} entries, ${report.flows} flows, ${report.findings.length} findings\n`);
    for (const notice of report.notices) process.stdout.write(`${report.path}: note: ${notice}\n`);
    for (const f of report.findings) process.stdout.write(`${report.path}:${f.line}: ${f.severity} ${f.rule} ${f.message}\n`);
  }
}

export async function main(argv: string[]): Promise<number> {
  const args = argv.slice(2);
  if (args[0] !== 'analyze') {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  let output: OutputFormat = 'text';
  let maxFindings: number | undefined;
  let workers = defaultWorkerCount();
  const files: string[] = [];
  for (let i = 1; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--workers' || arg.startsWith('--workers=')) {
      const value = Number(arg.includes('=') ? arg.slice('--workers='.length) : args[++i]);
      if (!Number.isInteger(value) || value < 0 || value > 64) {
        process.stderr.write(`log-sleuth: --workers must be a whole number from 0 to 64\n${USAGE}\n`);
        return 2;
      }
      workers = value;
    } else if (arg === '--max-findings' || arg.startsWith('--max-findings=')) {
      const value = Number(arg.includes('=') ? arg.slice('--max-findings='.length) : args[++i]);
      if (!Number.isInteger(value) || value < 0) {
        process.stderr.write(`log-sleuth: --max-findings must be a whole number\n${USAGE}\n`);
        return 2;
      }
      maxFindings = value;
    } else if (arg === '--format') {
      const value = args[++i];
      if (value !== 'text' && value !== 'json' && value !== 'sarif') {
        process.stderr.write(`log-sleuth: --format must be text, json or sarif\n${USAGE}\n`);
        return 2;
      }
      output = value;
    } else if (arg.startsWith('--format=')) {
      const value = arg.slice('--format='.length);
      if (value !== 'text' && value !== 'json' && value !== 'sarif') {
        process.stderr.write(`log-sleuth: --format must be text, json or sarif\n${USAGE}\n`);
        return 2;
      }
      output = value;
    } else files.push(arg);
  }
  if (files.length === 0) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  const registry = builtInFormatRegistry();
  const knowledge = builtInKnowledgeBase();
  const reports: FileReport[] = [];
  const analysed: IndexPeer[] = [];
  // A large log is split over these threads and this one (the result is the same as in one piece).
  const pool = new ScanWorkers(workers);
  let failed = false;
  for (const path of files) {
    try {
      const { text, binary, replaced, encoding } = await readText(path);
      if (binary) {
        process.stderr.write(`log-sleuth: ${path}: looks like a binary file, not a text log; skipped\n`);
        failed = true;
        continue;
      }
      // Every finding is listed unless --max-findings caps them.
      const options = { fileName: path, registry, knowledge, maxFindings, peers: () => analysed, leanFindings: true, once: true };
      const { index, findings, notices } = (await indexTextInParallel(text, options, pool.run, pool.parts)).indexed;
      const capped = notices.findIndex((n) => n.includes('(logsleuth.maxFindings)'));
      if (capped >= 0) notices[capped] = notices[capped]!.replace('(logsleuth.maxFindings)', '(--max-findings)');
      if (replaced) notices.push(`invalid ${encoding} byte sequences were replaced by U+FFFD`);
      analysed.push({ uri: pathToFileURL(path).href, family: index.family, index });
      reports.push(
        reportOf(path, {
          formatId: index.formatId,
          family: index.family,
          lineCount: index.lineCount,
          entryCount: index.entryCount,
          flowCount: index.flows.count - index.flows.dropped.size,
          flowLabel: (id) => {
            const flow = index.flowNumber(id);
            return flow === undefined ? undefined : index.flowLabel(flow);
          },
          findings,
          notices,
        }),
      );
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      const reason = code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : code === 'EISDIR' ? 'is a directory' : (error as Error).message;
      process.stderr.write(`log-sleuth: ${path}: cannot read: ${reason}\n`);
      failed = true;
    }
  }
  await pool.close();
  const write = (text: string) => process.stdout.write(text);
  if (output === 'text') printText(reports);
  else {
    writeJson(output === 'json' ? { files: reports } : toSarif(reports, knowledge, (p) => relative(process.cwd(), p)), write);
    write('\n');
  }
  return failed ? 1 : 0;
}

if (require.main === module) {
  // `log-sleuth analyze big.log | head` closes the pipe early: that is not an error.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
  main(process.argv).then(
    (code) => {
      process.exitCode = code;
    },
    (error) => {
      process.stderr.write(`log-sleuth: ${(error as Error).stack ?? String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
