// The language server measured as the editor sees it: `dist/server.js --stdio` in its own process, driven over
// JSON-RPC by a client that declares what VS Code declares (pull diagnostics, incremental sync, semantic tokens
// full and range). Every figure is a client-side round trip (serialisation and transport included).
//
//   node lspBench.js FILE LINES [FAMILY]     (bundled by bench/run.mjs; prints one JSON line, an LspBenchResult)
//
// Environment: BENCH_LSP_SAMPLES (point requests per kind, default 200), BENCH_LSP_WHOLE (whole-document requests
// per kind, default 20), BENCH_LSP_TIMEOUT_S (cap of one request and of one metric's sampling, default 180),
// BENCH_LSP_DIAGNOSTICS=push (measure the push mode instead of pull), BENCH_LSP_SERVER (server bundle).
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  CancellationTokenSource,
  createProtocolConnection,
  ResponseError,
  StreamMessageReader,
  StreamMessageWriter,
  type ProtocolConnection,
} from 'vscode-languageserver-protocol/node';
import type { CodeLens, InitializeResult, LogMessageParams, PublishDiagnosticsParams, ServerCapabilities } from 'vscode-languageserver-protocol';
import packageJson from '../package.json';
import { PREVIEW_MIN_LINES } from '../server/src/engine/preview';

export type Family = 'pluto' | 'waas' | 'iag';

/** A figure in milliseconds (a p99 for repeated requests, the one time for a single event), or why there is none. */
export type Measured = { ms: number; median?: number; count: number; note?: string } | { failed: string };

export const METRICS = [
  'firstDiagnostics',
  'wholeDiagnostics',
  'hover',
  'definition',
  'references',
  'codeLensList',
  'codeLensResolve',
  'documentSymbols',
  'semanticTokensFull',
  'semanticTokensRange',
  'foldingRanges',
  'appendDiagnostics',
] as const;
export type MetricKey = (typeof METRICS)[number];

export interface LspBenchOptions {
  serverPath: string;
  file: string;
  lines: number;
  family: Family;
  samples?: number;
  wholeSamples?: number;
  timeoutS?: number;
  appendLines?: number;
  diagnostics?: 'pull' | 'push';
  /** The URI the document is opened under (its file name picks nothing: the language id is given). */
  uri?: string;
}

export interface LspBenchResult {
  family: Family;
  lines: number;
  bytes: number;
  diagnosticsMode: 'pull' | 'push';
  /** What the server announced, as read from its initialize result. */
  sync: string;
  lensResolve: boolean;
  semanticRange: boolean;
  /** The server answers semantic tokens for the whole document. */
  semanticFull: boolean;
  metrics: Record<MetricKey, Measured>;
  /** VmHWM of the server process (bytes), and that over the document's UTF-8 size. */
  peakBytes: number | null;
  peakRatio: number | null;
  /** Errors the server logged (window/logMessage of type Error): runSafe answers a fallback, this says why. */
  serverErrors: string[];
  timeoutS: number;
}

const LANGUAGE: Record<Family, string> = { pluto: 'pluto-log', waas: 'waas-log', iag: 'iag-trace' };
/** Where a flow id is written on a line, so definition and references have a flow to follow. */
const FLOW_ID: Record<Family, RegExp> = {
  pluto: /#[1-9]\d*/g,
  waas: /fl=\d+/g,
  iag: /[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}/g,
};

class Timeout extends Error {}

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

/** Deterministic (a linear congruential generator): same seed, same positions, runs comparable across commits. */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 4294967296;
}

/** The first `lines` lines of the file as the document, and the next `appendLines` as the append. */
export function cutDocument(path: string, lines: number, appendLines: number): { text: string; appended: string; lineTexts: string[] } {
  const all = readFileSync(path, 'utf8');
  const endOf = (from: number, count: number): number => {
    let at = from;
    for (let n = 0; n < count; n++) {
      const next = all.indexOf('\n', at);
      if (next < 0) throw new Error(`${path} has fewer than ${lines + appendLines} lines`);
      at = next + 1;
    }
    return at;
  };
  const cut = endOf(0, lines);
  const text = all.slice(0, cut);
  const appended = all.slice(cut, endOf(cut, appendLines));
  return { text, appended, lineTexts: text.split('\n').slice(0, lines).map((l) => l.replace(/\r$/, '')) };
}

/** VS Code's answer to workspace/configuration: the section with every setting at its default. */
function defaultSettings(): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  const properties = packageJson.contributes.configuration.properties as Record<string, { default?: unknown }>;
  for (const [key, schema] of Object.entries(properties)) {
    const path = key.split('.').slice(1);
    let node = root;
    for (const part of path.slice(0, -1)) node = (node[part] ??= {}) as Record<string, unknown>;
    node[path[path.length - 1]!] = schema.default;
  }
  return root;
}

/** What VS Code 1.9x declares for the features measured here. */
const CLIENT_CAPABILITIES = {
  workspace: { configuration: true, codeLens: { refreshSupport: true }, diagnostics: { refreshSupport: true }, semanticTokens: { refreshSupport: true } },
  textDocument: {
    synchronization: { dynamicRegistration: true, didSave: true, willSave: true },
    hover: { contentFormat: ['markdown', 'plaintext'] },
    definition: { linkSupport: true },
    references: {},
    codeLens: {},
    documentSymbol: { hierarchicalDocumentSymbolSupport: true },
    foldingRange: { rangeLimit: 5000, lineFoldingOnly: true },
    semanticTokens: {
      requests: { range: true, full: { delta: true } },
      tokenTypes: ['namespace', 'type', 'class', 'enum', 'interface', 'struct', 'typeParameter', 'parameter', 'variable', 'property', 'enumMember', 'event', 'function', 'method', 'macro', 'keyword', 'modifier', 'comment', 'string', 'number', 'regexp', 'operator', 'decorator'],
      tokenModifiers: ['declaration', 'definition', 'readonly', 'static', 'deprecated', 'abstract', 'async', 'modification', 'documentation', 'defaultLibrary'],
      formats: ['relative'],
      multilineTokenSupport: false,
      overlappingTokenSupport: false,
    },
    diagnostic: { dynamicRegistration: true, relatedDocumentSupport: false },
    publishDiagnostics: { relatedInformation: true, versionSupport: true },
  },
};

function peakOf(pid: number | undefined): number | null {
  if (pid === undefined) return null;
  try {
    const line = readFileSync(`/proc/${pid}/status`, 'utf8')
      .split('\n')
      .find((l) => l.startsWith('VmHWM:'));
    return line ? Number(line.split(/\s+/)[1]) * 1024 : null;
  } catch {
    return null;
  }
}

/** A stdio client of the language server with a deadline on every request. */
class Session {
  readonly process: ChildProcess;
  readonly connection: ProtocolConnection;
  readonly serverErrors: string[] = [];
  readonly published = new Map<string, PublishDiagnosticsParams>();
  /** Publications so far, and diagnostic refresh requests so far (a pull client then pulls again). */
  publishCount = 0;
  refreshCount = 0;
  /** Documents whose format the server announced (after the whole analysis of a long one). */
  readonly announced = new Set<string>();
  private publishWaiters: Array<() => void> = [];
  exited: string | undefined;
  private stderr = '';
  /** Rejects when the server process ends: every request races it, so none waits on a dead server. */
  private readonly exit: Promise<never>;

  constructor(serverPath: string, private readonly timeoutMs: number) {
    this.process = spawn(process.execPath, [serverPath, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
    this.process.stderr!.on('data', (chunk: Buffer) => (this.stderr = (this.stderr + chunk.toString()).slice(-2000)));
    this.exit = new Promise<never>((_, reject) =>
      this.process.on('exit', (code, signal) => {
        this.exited = `server exited (${signal ?? `code ${code}`})${this.stderr ? `: ${this.stderr.trim().split('\n').slice(-2).join(' ')}` : ''}`;
        reject(new Error(this.exited));
      }),
    );
    this.exit.catch(() => undefined);
    this.connection = createProtocolConnection(new StreamMessageReader(this.process.stdout!), new StreamMessageWriter(this.process.stdin!));
    this.connection.onNotification('window/logMessage', (params: LogMessageParams) => {
      if (params.type === 1 && this.serverErrors.length < 20) this.serverErrors.push(params.message.slice(0, 300));
    });
    this.connection.onNotification('textDocument/publishDiagnostics', (params: PublishDiagnosticsParams) => {
      this.published.set(params.uri, params);
      this.publishCount++;
      this.wake();
    });
    const settings = defaultSettings();
    this.connection.onRequest('workspace/configuration', (params: { items: Array<{ section?: string }> }) => params.items.map((i) => (i.section === 'logsleuth' ? settings : null)));
    // Refresh requests, registrations, progress: VS Code accepts them; so does this client.
    this.connection.onNotification('logsleuth/documentFormat', (params: { uri: string }) => {
      this.announced.add(params.uri);
      this.wake();
    });
    this.connection.onRequest('workspace/diagnostic/refresh', () => {
      this.refreshCount++;
      this.wake();
      return null;
    });
    for (const method of ['workspace/codeLens/refresh', 'workspace/semanticTokens/refresh', 'workspace/inlayHint/refresh', 'client/registerCapability', 'client/unregisterCapability', 'window/workDoneProgress/create']) {
      this.connection.onRequest(method, () => null);
    }
    this.connection.listen();
  }

  /** One request with a deadline; on timeout it is cancelled and a Timeout thrown. */
  async request<T>(method: string, params: unknown, timeoutMs = this.timeoutMs): Promise<T> {
    if (this.exited) throw new Error(this.exited);
    const cancel = new CancellationTokenSource();
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        cancel.cancel();
        reject(new Timeout(`timed out after ${timeoutMs / 1000} s`));
      }, timeoutMs);
    });
    try {
      return await Promise.race([this.connection.sendRequest<T>(method, params, cancel.token), deadline, this.exit]);
    } finally {
      clearTimeout(timer);
      cancel.dispose();
    }
  }

  private wake(): void {
    const waiters = this.publishWaiters;
    this.publishWaiters = [];
    for (const w of waiters) w();
  }

  /** Waits until `check` gives a value, woken by the server's publications and refresh requests. */
  async waitFor<T>(check: () => T | undefined, timeoutMs = this.timeoutMs): Promise<T> {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const got = check();
      if (got !== undefined) return got;
      if (this.exited) throw new Error(this.exited);
      const left = until - Date.now();
      if (left <= 0) throw new Timeout(`timed out after ${timeoutMs / 1000} s`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, Math.min(left, 500));
        this.publishWaiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
  }

  waitPublished(uri: string, version: number, timeoutMs = this.timeoutMs): Promise<PublishDiagnosticsParams> {
    return this.waitFor(() => {
      const got = this.published.get(uri);
      return got && (got.version === undefined || got.version === version) ? got : undefined;
    }, timeoutMs);
  }

  /** After a timeout the server may still be busy: wait until it answers again (an unknown method is answered at once). */
  async settle(): Promise<boolean> {
    try {
      await this.request('logsleuth/benchPing', {}, Math.max(this.timeoutMs * 3, 60_000));
      return true;
    } catch (error) {
      return !(error instanceof Timeout) && !this.exited;
    }
  }

  async stop(): Promise<void> {
    if (!this.exited) {
      try {
        await this.request('shutdown', null, Math.min(10_000, this.timeoutMs));
        await this.connection.sendNotification('exit');
      } catch {
        // a server that does not shut down is killed below
      }
    }
    await new Promise<void>((resolve) => {
      if (this.process.exitCode !== null || this.process.signalCode !== null) return resolve();
      const kill = setTimeout(() => this.process.kill('SIGKILL'), Math.min(5000, this.timeoutMs));
      this.process.once('exit', () => {
        clearTimeout(kill);
        resolve();
      });
    });
    this.connection.dispose();
  }
}

function describeError(error: unknown): string {
  if (error instanceof ResponseError) return `error ${error.code}: ${error.message}`;
  return error instanceof Error ? error.message : String(error);
}

export async function runLspBench(options: LspBenchOptions): Promise<LspBenchResult> {
  const samples = options.samples ?? 200;
  const wholeSamples = options.wholeSamples ?? 20;
  const timeoutS = options.timeoutS ?? 180;
  const timeoutMs = timeoutS * 1000;
  const appendLines = options.appendLines ?? 1000;
  const mode = options.diagnostics ?? 'pull';
  const { text, appended, lineTexts } = cutDocument(options.file, options.lines, appendLines);
  const bytes = Buffer.byteLength(text);
  const uri = options.uri ?? pathToFileURL(options.file).href;
  const metrics = Object.fromEntries(METRICS.map((k) => [k, { failed: 'not measured' }])) as Record<MetricKey, Measured>;
  const session = new Session(options.serverPath, timeoutMs);
  let unresponsive: string | undefined;

  /** Times `count` calls of `one`, capped per call and in total at the timeout; p99 and median of the round trips. */
  const sample = async (key: MetricKey, count: number, one: (i: number) => Promise<string | void>): Promise<void> => {
    if (unresponsive) return void (metrics[key] = { failed: unresponsive });
    const times: number[] = [];
    const notes = new Map<string, number>();
    const start = performance.now();
    try {
      for (let i = 0; i < count; i++) {
        const t = performance.now();
        const note = await one(i);
        times.push(performance.now() - t);
        if (note) notes.set(note, (notes.get(note) ?? 0) + 1);
        if (performance.now() - start > timeoutMs) break;
      }
      const stopped = times.length < count ? `, stopped after ${times.length} of ${count} (${timeoutS} s budget)` : '';
      const note = [...notes].map(([n, c]) => `${c} ${n}`).join(', ');
      metrics[key] = { ms: percentile(times, 99), median: percentile(times, 50), count: times.length, note: `${note}${stopped}` || undefined };
    } catch (error) {
      metrics[key] = { failed: describeError(error) };
      if (error instanceof Timeout && !(await session.settle())) unresponsive = `not measured: the server stopped answering after a ${key} request timed out`;
      if (session.exited) unresponsive = session.exited;
    }
  };

  const once = async (key: MetricKey, run: () => Promise<string>): Promise<void> => {
    if (unresponsive) return void (metrics[key] = { failed: unresponsive });
    const t = performance.now();
    try {
      const note = await run();
      metrics[key] = { ms: performance.now() - t, count: 1, note };
    } catch (error) {
      metrics[key] = { failed: describeError(error) };
      if (error instanceof Timeout && !(await session.settle())) unresponsive = `not measured: the server stopped answering after ${key} timed out`;
      if (session.exited) unresponsive = session.exited;
    }
  };

  let version = 1;
  const diagnosticsNow = async (): Promise<number> => {
    if (mode === 'pull') {
      const report = await session.request<{ kind: string; items?: unknown[] }>('textDocument/diagnostic', { textDocument: { uri }, identifier: 'logsleuth' });
      return report.items?.length ?? 0;
    }
    return (await session.waitPublished(uri, version)).diagnostics.length;
  };

  let capabilities: ServerCapabilities = {};
  try {
    const init = await session.request<InitializeResult>('initialize', {
      processId: process.pid,
      rootUri: null,
      workspaceFolders: null,
      capabilities: mode === 'pull' ? CLIENT_CAPABILITIES : { ...CLIENT_CAPABILITIES, textDocument: { ...CLIENT_CAPABILITIES.textDocument, diagnostic: undefined } },
    });
    capabilities = init.capabilities;
    await session.connection.sendNotification('initialized', {});
  } catch (error) {
    unresponsive = `initialize failed: ${describeError(error)}`;
  }
  const syncKind = typeof capabilities.textDocumentSync === 'object' ? capabilities.textDocumentSync.change : capabilities.textDocumentSync;
  const incremental = syncKind === 2;
  const lensResolve = capabilities.codeLensProvider?.resolveProvider === true;
  const semantic = capabilities.semanticTokensProvider;
  const semanticRange = semantic?.range !== undefined && semantic.range !== false;
  const semanticFull = semantic?.full !== undefined && semantic.full !== false;
  if (mode === 'pull' && !capabilities.diagnosticProvider && !unresponsive) unresponsive = 'the server offers no pull diagnostics to a client that supports them';

  // Open, then pull at once (as VS Code does), or wait for the push. A long document's first answer is the
  // preview of its first lines; the whole follows (pushed again, or a refresh and a second pull).
  const previewed = lineTexts.length > PREVIEW_MIN_LINES;
  const opened = performance.now();
  const refreshesBefore = session.refreshCount;
  const publishesBefore = session.publishCount;
  await once('firstDiagnostics', async () => {
    await session.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: LANGUAGE[options.family], version, text } });
    return `${await diagnosticsNow()} diagnostics${previewed ? ' (preview of the first lines)' : ''}`;
  });
  await once('wholeDiagnostics', async () => {
    if (!previewed) return 'no preview: the first diagnostics were the whole';
    // The server announces a long document's format once its whole analysis is done, then pushes or asks for a pull.
    if (mode === 'pull') await session.waitFor(() => (session.announced.has(uri) && session.refreshCount > refreshesBefore ? true : undefined));
    else await session.waitFor(() => (session.announced.has(uri) && session.publishCount >= publishesBefore + 2 ? true : undefined));
    return `${await diagnosticsNow()} diagnostics`;
  });
  // From didOpen, as the first diagnostics are.
  const whole = metrics.wholeDiagnostics;
  if ('ms' in whole && previewed) whole.ms = performance.now() - opened;

  // Positions: a deterministic walk over the document; every other one on a flow id written on its line.
  const next = lcg(7);
  const positions = Array.from({ length: samples }, (_, i) => {
    const line = Math.floor(next() * lineTexts.length);
    const lineText = lineTexts[line]!;
    const ids = [...lineText.matchAll(FLOW_ID[options.family])];
    if (i % 2 === 0 && ids.length > 0) {
      const id = ids[Math.floor(next() * ids.length)]!;
      return { line, character: id.index! + 1 + Math.floor(next() * (id[0].length - 1)), onId: true };
    }
    return { line, character: Math.floor(next() * Math.max(1, lineText.length)), onId: false };
  });
  const textDocument = { uri };
  await sample('hover', samples, async (i) => ((await session.request('textDocument/hover', { textDocument, position: positions[i] })) ? 'with a hover' : 'empty'));
  await sample('definition', samples, async (i) => {
    const found = await session.request<unknown[] | object | null>('textDocument/definition', { textDocument, position: positions[i] });
    return (Array.isArray(found) ? found.length > 0 : found !== null) ? 'found' : positions[i]!.onId ? 'on an id, none found' : 'none';
  });
  await sample('references', samples, async (i) => {
    const found = await session.request<unknown[] | null>('textDocument/references', { textDocument, position: positions[i], context: { includeDeclaration: true } });
    return found && found.length > 0 ? 'with references' : 'none';
  });

  // Code lenses as a screen shows them: the list, then the 30 nearest the viewed line resolved.
  const lensResolves: number[] = [];
  let resolveFailed: string | undefined;
  await sample('codeLensList', wholeSamples, async (i) => {
    const lenses = (await session.request<CodeLens[] | null>('textDocument/codeLens', { textDocument })) ?? [];
    if (!lensResolve || resolveFailed) return `lists of ${lenses.length} lenses`;
    const line = positions[i % positions.length]!.line;
    const screen = [...lenses].sort((a, b) => Math.abs(a.range.start.line - line) - Math.abs(b.range.start.line - line)).slice(0, 30);
    for (const lens of screen) {
      const t = performance.now();
      try {
        await session.request('codeLens/resolve', lens);
      } catch (error) {
        resolveFailed = describeError(error);
        if (error instanceof Timeout) await session.settle();
        break;
      }
      lensResolves.push(performance.now() - t);
    }
    return `lists of ${lenses.length} lenses`;
  });
  if (!lensResolve) metrics.codeLensResolve = { failed: 'not offered by the server (codeLensProvider.resolveProvider is not true)' };
  else if (resolveFailed) metrics.codeLensResolve = { failed: resolveFailed };
  else if (lensResolves.length > 0) metrics.codeLensResolve = { ms: percentile(lensResolves, 99), median: percentile(lensResolves, 50), count: lensResolves.length, note: 'up to 30 nearest the viewed line per list' };
  else if (!('failed' in metrics.codeLensList)) metrics.codeLensResolve = { failed: 'no lens to resolve' };
  else metrics.codeLensResolve = { failed: `not measured: ${metrics.codeLensList.failed}` };

  await sample('documentSymbols', wholeSamples, async () => `lists of ${((await session.request<unknown[] | null>('textDocument/documentSymbol', { textDocument })) ?? []).length} symbols`);
  if (semanticFull) {
    await sample('semanticTokensFull', wholeSamples, async () => `responses of ${((await session.request<{ data: number[] } | null>('textDocument/semanticTokens/full', { textDocument }))?.data.length ?? 0) / 5} tokens`);
  } else metrics.semanticTokensFull = { failed: 'not offered by the server (semanticTokensProvider.full)' };
  if (semanticRange) {
    await sample('semanticTokensRange', samples, async (i) => {
      const start = positions[i]!.line;
      const range = { start: { line: start, character: 0 }, end: { line: Math.min(lineTexts.length, start + 60), character: 0 } };
      const tokens = await session.request<{ data: number[] } | null>('textDocument/semanticTokens/range', { textDocument, range });
      return tokens && tokens.data.length > 0 ? 'with tokens' : 'empty';
    });
  } else metrics.semanticTokensRange = { failed: 'not offered by the server (semanticTokensProvider.range)' };
  await sample('foldingRanges', wholeSamples, async () => `lists of ${((await session.request<unknown[] | null>('textDocument/foldingRange', { textDocument })) ?? []).length} ranges`);

  // The append: one change at the end (a range when the server syncs incrementally, else the whole text).
  await once('appendDiagnostics', async () => {
    version += 1;
    const end = { line: lineTexts.length, character: 0 };
    const contentChanges = incremental ? [{ range: { start: end, end }, text: appended }] : [{ text: text + appended }];
    await session.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges });
    return `${await diagnosticsNow()} diagnostics${incremental ? '' : ' (full sync: the whole text sent)'}`;
  });

  const peakBytes = peakOf(session.process.pid);
  await session.stop();
  return {
    family: options.family,
    lines: options.lines,
    bytes,
    diagnosticsMode: mode,
    sync: syncKind === 2 ? 'incremental' : syncKind === 1 ? 'full' : String(syncKind),
    lensResolve,
    semanticRange,
    semanticFull,
    metrics,
    peakBytes,
    peakRatio: peakBytes === null ? null : peakBytes / bytes,
    serverErrors: session.serverErrors,
    timeoutS,
  };
}

/** The targets of issue 10, in milliseconds, by metric; memory as a multiple of the document. */
export const TARGETS: Record<MetricKey, { ms: number; strict: boolean }> = {
  firstDiagnostics: { ms: 500, strict: false },
  wholeDiagnostics: { ms: 500, strict: false },
  hover: { ms: 20, strict: true },
  definition: { ms: 20, strict: true },
  references: { ms: 20, strict: true },
  codeLensList: { ms: 20, strict: true },
  codeLensResolve: { ms: 20, strict: true },
  documentSymbols: { ms: 20, strict: true },
  semanticTokensFull: { ms: 20, strict: true },
  semanticTokensRange: { ms: 20, strict: true },
  foldingRanges: { ms: 20, strict: true },
  appendDiagnostics: { ms: 100, strict: false },
};
export const MEMORY_TARGET = 3;

async function main(): Promise<void> {
  const [file, lines, family = 'pluto'] = process.argv.slice(2);
  if (!file || !lines) throw new Error('usage: lspBench.js FILE LINES [pluto|waas|iag]');
  const env = process.env;
  const result = await runLspBench({
    serverPath: env.BENCH_LSP_SERVER ?? join(__dirname, '..', '..', 'dist', 'server.js'),
    file,
    lines: Number(lines),
    family: family as Family,
    samples: env.BENCH_LSP_SAMPLES ? Number(env.BENCH_LSP_SAMPLES) : undefined,
    wholeSamples: env.BENCH_LSP_WHOLE ? Number(env.BENCH_LSP_WHOLE) : undefined,
    timeoutS: env.BENCH_LSP_TIMEOUT_S ? Number(env.BENCH_LSP_TIMEOUT_S) : undefined,
    diagnostics: env.BENCH_LSP_DIAGNOSTICS === 'push' ? 'push' : 'pull',
  });
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

// Run as the bundled script (bench/data/lspBench.js), not when a test imports the functions.
if (process.argv[1]?.endsWith('lspBench.js')) {
  main().catch((error) => {
    process.stderr.write(`${(error as Error).stack ?? error}\n`);
    process.exitCode = 1;
  });
}
