// One measurement per process, so peak memory is this measurement's own (bundled by bench/run.mjs).
//   node measure.js service FILE   read + decode + analyzeText (the service API, in memory)
//   node measure.js stream FILE    the large-file path (Open Large Log): the file streamed into the engine, line offsets kept, not the text
//   node measure.js engine FILE    read + decode + the indexed engine (columnar index, findings; no entry objects)
// (The language server is measured over stdio by bench/lspBench.ts.) Prints one JSON line: { ms, findings, entries, flows, maxRssMB, ... }.
import { createReadStream } from 'node:fs';
import { indexText } from '../server/src/engine/analyze';
import { analyzeText } from '../server/src/service/analyze';
import { LogDecoder } from '../server/src/service/decode';
import { FileIndex } from '../server/src/engine/indexFile';
import { defaultSettings } from '../server/src/service/settings';

function rssMB(): number {
  return Math.round(process.resourceUsage().maxRSS / 1024);
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

async function main(): Promise<void> {
  const [mode, path] = process.argv.slice(2);
  if (!mode || !path) throw new Error('usage: measure.js service|stream|engine FILE');
  const result = mode === 'service' ? await service(path) : mode === 'stream' ? await stream(path) : mode === 'engine' ? await engine(path) : undefined;
  if (!result) throw new Error(`unknown mode ${mode}`);
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

main().catch((error) => {
  process.stderr.write(`${(error as Error).stack ?? error}\n`);
  process.exitCode = 1;
});
