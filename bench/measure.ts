// One measurement per process, so peak memory is this measurement's own (bundled by bench/run.mjs).
//   node measure.js service FILE   read + decode + analyzeText (the service API, in memory)
//   node measure.js stream FILE    the large-file path (Open Large Log): the file streamed into the engine, line offsets kept, not the text
//   node measure.js engine FILE    read + decode + the indexed engine (columnar index, findings; no entry objects)
//   node measure.js lsp FILE LINES the language service on a document of the first LINES lines
// Prints one JSON line: { ms, findings, entries, flows, maxRssMB, ... }.
import { createReadStream, readFileSync } from 'node:fs';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { indexText } from '../server/src/engine/analyze';
import { analyzeText } from '../server/src/service/analyze';
import { LogDecoder } from '../server/src/service/decode';
import { createLogLanguageService } from '../server/src/service/languageService';
import { FileIndex } from '../server/src/engine/indexFile';
import { defaultSettings } from '../server/src/service/settings';

function rssMB(): number {
  return Math.round(process.resourceUsage().maxRSS / 1024);
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function service(path: string): Promise<object> {
  const t0 = performance.now();
  const decoder = new LogDecoder();
  const parts: string[] = [];
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) parts.push(decoder.write(chunk as Buffer));
  parts.push(decoder.end());
  const parsed = analyzeText(parts.join(''), { fileName: path });
  const ms = performance.now() - t0;
  return { ms, findings: parsed.findings.length, entries: parsed.entries.length, flows: parsed.flows.size, maxRssMB: rssMB() };
}

async function engine(path: string): Promise<object> {
  const t0 = performance.now();
  const decoder = new LogDecoder();
  const parts: string[] = [];
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) parts.push(decoder.write(chunk as Buffer));
  parts.push(decoder.end());
  const text = parts.join('');
  parts.length = 0;
  const t1 = performance.now();
  const { index, findings } = indexText(text, { fileName: path });
  const ms = performance.now() - t0;
  return { ms, readMs: t1 - t0, findings: findings.length, entries: index.entryCount, flows: index.flows.count, maxRssMB: rssMB() };
}

async function stream(path: string): Promise<object> {
  const t0 = performance.now();
  // As Open Large Log runs it: the default logsleuth.maxFindings.
  const file = await FileIndex.read(path, { maxFindings: defaultSettings().maxFindings });
  const ms = performance.now() - t0;
  const { index, findings } = file.indexed;
  file.close();
  return { ms, findings: findings.length, entries: index.entryCount, flows: index.flows.count - index.flows.dropped.size, maxRssMB: rssMB() };
}

function lsp(path: string, lineCount: number): object {
  const all = readFileSync(path, 'utf8').split('\n');
  const text = all.slice(0, lineCount).join('\n') + '\n';
  const appended = all.slice(lineCount, lineCount + 1000).join('\n') + '\n';
  const service = createLogLanguageService();
  const uri = `file://${path}`;
  let document = TextDocument.create(uri, 'log', 1, text);
  const t0 = performance.now();
  const diagnostics = service.doValidation(document);
  const firstDiagnosticsMs = performance.now() - t0;
  // Requests at random lines (deterministic), as a user moving through the file.
  let seed = 7;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  const hover: number[] = [];
  const definition: number[] = [];
  const lens: number[] = [];
  for (let i = 0; i < 300; i++) {
    const line = Math.floor(next() * lineCount);
    const character = 40 + Math.floor(next() * 30);
    let t = performance.now();
    service.doHover(document, { line, character });
    hover.push(performance.now() - t);
    t = performance.now();
    service.findDefinition(document, { line, character });
    definition.push(performance.now() - t);
    if (i % 10 === 0) {
      t = performance.now();
      service.getCodeLenses(document);
      lens.push(performance.now() - t);
    }
  }
  document = TextDocument.update(document, [{ range: { start: document.positionAt(text.length), end: document.positionAt(text.length) }, text: appended }], 2);
  const t1 = performance.now();
  service.doValidation(document);
  const appendMs = performance.now() - t1;
  return {
    bytes: Buffer.byteLength(text),
    diagnostics: diagnostics.length,
    firstDiagnosticsMs,
    hoverP99: percentile(hover, 99),
    definitionP99: percentile(definition, 99),
    codeLensP99: percentile(lens, 99),
    appendMs,
    maxRssMB: rssMB(),
  };
}

async function main(): Promise<void> {
  const [mode, path, extra] = process.argv.slice(2);
  if (!mode || !path) throw new Error('usage: measure.js service|stream|lsp FILE [LINES]');
  const result = mode === 'service' ? await service(path) : mode === 'stream' ? await stream(path) : mode === 'engine' ? await engine(path) : lsp(path, Number(extra ?? 300000));
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

main().catch((error) => {
  process.stderr.write(`${(error as Error).stack ?? error}\n`);
  process.exitCode = 1;
});
