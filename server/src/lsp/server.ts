import {
  DocumentDiagnosticReportKind,
  type Diagnostic,
  TextDocumentSyncKind,
  TextDocuments,
  type ClientCapabilities,
  type Connection,
  type InitializeResult,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { ANALYSED_LANGUAGES } from '../../../shared/languages';
import { createLogLanguageService } from '../service/languageService';
import { flattenSettings, settingsFrom } from '../service/settings';
import { SEMANTIC_LEGEND } from '../service/features/semanticTokens';
import { registerCodeActions } from './handlers/codeActions';
import { registerCodeLens } from './handlers/codeLens';
import { registerFlowViews } from './handlers/flowViews';
import { registerFormats } from './handlers/formats';
import { registerHover } from './handlers/hover';
import { registerInlayHints } from './handlers/inlayHints';
import { registerLargeFiles } from './handlers/largeFile';
import { LargeLogs } from './largeLogs';
import { registerSummary } from './handlers/summary';
import { registerNavigation } from './handlers/navigation';
import { registerRules } from './handlers/rules';
import { registerSemanticTokens } from './handlers/semanticTokens';
import { registerSymbols } from './handlers/symbols';
import { DocumentFormatNotification, NoticeNotification } from '../../../shared/customMessages';
import { runSafe } from './runSafe';
import type { ServerContext } from './context';
import { WorkspaceFiles } from './workspaceFiles';
import { EditHistory } from './editHistory';
import { languageServerWorkerCount, ScanWorkers } from '../node/scanWorkers';
import { longDocumentHead } from '../engine/preview';

const ANALYSED = new Set(ANALYSED_LANGUAGES);

const PUSH_DEBOUNCE_MS = 300;
/** Time for the preview's answer to a pull to be written before the whole analysis holds the thread. */
const PREVIEW_ANSWER_MS = 30;
/** How long a pull client's first pull of a long document is awaited before its whole analysis starts anyway. */
const PREVIEW_PULL_WAIT_MS = 250;

/** One thin module per feature, in lsp/handlers/, named like its service feature. */
const FEATURES: Array<(context: ServerContext) => void> = [
  registerHover,
  registerCodeLens,
  registerNavigation,
  registerSymbols,
  registerSemanticTokens,
  registerCodeActions,
  registerInlayHints,
  registerFlowViews,
  registerFormats,
  registerRules,
  registerLargeFiles,
  registerSummary,
];

export function startServer(connection: Connection): void {
  const edits = new EditHistory();
  const documents = new TextDocuments(edits.configuration);
  const workspaceFiles = new WorkspaceFiles();
  const service = createLogLanguageService({
    unchangedPrefix: (uri, since) => edits.unchangedPrefix(uri, since),
    workspace: {
      documents: () => documents.all().filter((d) => ANALYSED.has(d.languageId)),
      files: (load) => workspaceFiles.documents(load),
    },
  });
  const noticesShown = new Set<string>();
  let pullDiagnostics = false;
  let configurationPull = false;
  const pending = new Map<string, NodeJS.Timeout>();
  /** Preview diagnostics of long documents whose whole analysis is still to come, by URI. */
  const previews = new Map<string, { version: number; diagnostics: Diagnostic[]; startWhole: () => void }>();
  /** Whole analyses of long documents running over worker threads, by URI; requests wait for them (see runSafe). */
  const wholeAnalyses = new Map<string, Promise<void>>();
  const logger = {
    error: (message: string) => connection.console.error(message),
    analysing: () => (wholeAnalyses.size > 0 ? Promise.allSettled([...wholeAnalyses.values()]).then(() => undefined) : undefined),
  };
  const workers = new ScanWorkers(languageServerWorkerCount());

  const isOurs = (document: TextDocument | undefined): document is TextDocument => document !== undefined && ANALYSED.has(document.languageId);
  /** Runs a feature on an open document of ours, or answers the fallback. */
  const withDocument = <T>(uri: string, fallback: T, run: (document: TextDocument) => T): T => {
    const document = documents.get(uri);
    return isOurs(document) ? run(document) : fallback;
  };

  function notifyOnce(message: string, severity: 'info' | 'warning' | 'error' = 'info'): void {
    if (noticesShown.has(message)) return;
    noticesShown.add(message);
    void connection.sendNotification(NoticeNotification, { message, severity });
  }

  function announce(document: TextDocument): void {
    try {
      const info = service.describe(document);
      void connection.sendNotification(DocumentFormatNotification, info);
      for (const notice of service.parse(document).notices) notifyOnce(notice);
    } catch (error) {
      logger.error(`analysis of ${document.uri} failed: ${String(error)}`);
    }
  }

  function pushDiagnostics(document: TextDocument): void {
    clearTimeout(pending.get(document.uri));
    pending.set(
      document.uri,
      setTimeout(() => {
        pending.delete(document.uri);
        const current = documents.get(document.uri);
        if (isOurs(current)) publishNow(current);
      }, PUSH_DEBOUNCE_MS),
    );
  }

  function publishNow(document: TextDocument): void {
    clearTimeout(pending.get(document.uri));
    pending.delete(document.uri);
    try {
      void connection.sendDiagnostics({ uri: document.uri, version: document.version, diagnostics: service.doValidation(document) });
    } catch (error) {
      logger.error(`diagnostics for ${document.uri} failed: ${String(error)}`);
    }
  }

  const isLong = (document: TextDocument) => longDocumentHead(document.getText()) !== undefined;

  /**
   * The whole analysis of a long document, its lines split over worker threads; then its format is announced
   * and its diagnostics replace any preview (pushed, or the editor is asked to pull again).
   */
  function analyseWhole(document: TextDocument): void {
    const { uri } = document;
    if (wholeAnalyses.has(uri)) return;
    const analysis: Promise<void> = service
      .analyseInParallel(document, workers.run, workers.parts)
      .catch((error: unknown) => logger.error(`analysis of ${uri} in worker threads failed, analysing it here: ${String(error)}`))
      .finally(() => {
        wholeAnalyses.delete(uri);
        previews.delete(uri);
        const now = documents.get(uri);
        if (!isOurs(now)) return;
        announce(now);
        if (pullDiagnostics) void connection.languages.diagnostics.refresh();
        else publishNow(now);
      });
    wholeAnalyses.set(uri, analysis);
  }

  /**
   * A long document just opened: the diagnostics of its first lines go out at once (pushed, or the answer to
   * the editor's first pull), then the whole analysis runs and its diagnostics replace them. False for a
   * document short enough to be analysed whole at once.
   */
  function openWithPreview(document: TextDocument): boolean {
    let diagnostics: Diagnostic[] | undefined;
    try {
      diagnostics = service.previewValidation(document);
    } catch (error) {
      logger.error(`preview of ${document.uri} failed: ${String(error)}`);
    }
    if (!diagnostics) return false;
    const { uri, version } = document;
    let started = false;
    const whole = () => {
      if (started) return;
      started = true;
      const current = documents.get(uri);
      if (isOurs(current)) analyseWhole(current);
      else previews.delete(uri);
    };
    previews.set(uri, { version, diagnostics, startWhole: whole });
    // A pull client gets the preview as the answer to its first pull (see the diagnostics handler), which the
    // whole analysis must not hold up; it starts once that answer is out, or after a while without a pull.
    if (pullDiagnostics) setTimeout(whole, PREVIEW_PULL_WAIT_MS);
    else void connection.sendDiagnostics({ uri, version, diagnostics }).then(() => setImmediate(whole), whole);
    return true;
  }

  /** Settings or rules changed: every open log again; a long one over worker threads (one just opened already is). */
  function refreshAll(): void {
    const open = documents.all().filter(isOurs);
    const short = open.filter((d) => !isLong(d));
    for (const document of open) if (isLong(document) && !previews.has(document.uri)) analyseWhole(document);
    if (pullDiagnostics) void connection.languages.diagnostics.refresh();
    else for (const document of short) pushDiagnostics(document);
    void connection.sendRequest('workspace/codeLens/refresh').catch(() => undefined);
    for (const document of short) announce(document);
  }

  async function loadSettings(): Promise<void> {
    if (!configurationPull) return;
    try {
      const section = await connection.workspace.getConfiguration('logsleuth');
      service.configure(settingsFrom(flattenSettings(section)));
    } catch (error) {
      logger.error(`reading settings failed: ${String(error)}`);
    }
  }

  connection.onInitialize((params): InitializeResult => {
    const capabilities: ClientCapabilities = params.capabilities;
    pullDiagnostics = capabilities.textDocument?.diagnostic !== undefined;
    workspaceFiles.setFolders((params.workspaceFolders ?? []).map((f) => f.uri).concat(params.rootUri ? [params.rootUri] : []));
    configurationPull = capabilities.workspace?.configuration === true;
    return {
      capabilities: {
        textDocumentSync: TextDocumentSyncKind.Incremental,
        hoverProvider: true,
        codeLensProvider: { resolveProvider: true },
        definitionProvider: true,
        referencesProvider: true,
        documentHighlightProvider: true,
        documentSymbolProvider: true,
        foldingRangeProvider: true,
        // Ranges only: the editor asks for what it shows; a whole-document answer on a large log costs seconds
        // in which every other request waits.
        semanticTokensProvider: { legend: SEMANTIC_LEGEND, full: false, range: true },
        codeActionProvider: { codeActionKinds: ['quickfix'] },
        inlayHintProvider: true,
        workspaceSymbolProvider: true,
        diagnosticProvider: pullDiagnostics ? { identifier: 'logsleuth', interFileDependencies: true, workspaceDiagnostics: false } : undefined,
      },
      serverInfo: { name: 'Log Sleuth' },
    };
  });

  connection.onInitialized(() => {
    void loadSettings().then(refreshAll);
  });

  connection.onDidChangeConfiguration(() => {
    void loadSettings().then(refreshAll);
  });

  documents.onDidOpen(({ document }) => {
    if (!isOurs(document) || openWithPreview(document)) return;
    announce(document);
    if (!pullDiagnostics) pushDiagnostics(document);
  });

  documents.onDidChangeContent(({ document }) => {
    if (!isOurs(document)) return;
    service.invalidateCrossFile();
    if (!pullDiagnostics) pushDiagnostics(document);
  });

  documents.onDidClose(({ document }) => {
    edits.forget(document.uri);
    previews.delete(document.uri);
    clearTimeout(pending.get(document.uri));
    pending.delete(document.uri);
    service.forget(document.uri);
    service.invalidateCrossFile();
    if (!pullDiagnostics) void connection.sendDiagnostics({ uri: document.uri, diagnostics: [] });
  });

  connection.languages.diagnostics.on((params, token) => {
    // A preview is answered at once, while the whole analysis runs.
    const preview = previews.get(params.textDocument.uri);
    const previewed = documents.get(params.textDocument.uri);
    if (isOurs(previewed) && preview?.version === previewed.version) {
      setTimeout(preview.startWhole, PREVIEW_ANSWER_MS);
      return { kind: DocumentDiagnosticReportKind.Full, items: preview.diagnostics };
    }
    return runSafe(
      logger,
      () => {
        const document = documents.get(params.textDocument.uri);
        const items = isOurs(document) ? service.doValidation(document, token) : [];
        return { kind: DocumentDiagnosticReportKind.Full, items };
      },
      { kind: DocumentDiagnosticReportKind.Full, items: [] },
      'diagnostics',
      token,
    );
  });

  const context: ServerContext = { connection, documents, service, notifyOnce, logger, withDocument, refreshAll, largeLogs: new LargeLogs() };
  for (const register of FEATURES) register(context);

  documents.listen(connection);
  connection.listen();
}
