import {
  DocumentDiagnosticReportKind,
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

const ANALYSED = new Set(ANALYSED_LANGUAGES);

const PUSH_DEBOUNCE_MS = 300;

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
  const documents = new TextDocuments(TextDocument);
  const workspaceFiles = new WorkspaceFiles();
  const service = createLogLanguageService({
    workspace: {
      documents: () => documents.all().filter((d) => ANALYSED.has(d.languageId)),
      files: (load) => workspaceFiles.documents(load),
    },
  });
  const noticesShown = new Set<string>();
  let pullDiagnostics = false;
  let configurationPull = false;
  const pending = new Map<string, NodeJS.Timeout>();
  const logger = { error: (message: string) => connection.console.error(message) };

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
        if (!isOurs(current)) return;
        try {
          void connection.sendDiagnostics({ uri: current.uri, version: current.version, diagnostics: service.doValidation(current) });
        } catch (error) {
          logger.error(`diagnostics for ${current.uri} failed: ${String(error)}`);
        }
      }, PUSH_DEBOUNCE_MS),
    );
  }

  function refreshAll(): void {
    if (pullDiagnostics) void connection.languages.diagnostics.refresh();
    else for (const document of documents.all()) if (isOurs(document)) pushDiagnostics(document);
    void connection.sendRequest('workspace/codeLens/refresh').catch(() => undefined);
    for (const document of documents.all()) if (isOurs(document)) announce(document);
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
    if (!isOurs(document)) return;
    announce(document);
    if (!pullDiagnostics) pushDiagnostics(document);
  });

  documents.onDidChangeContent(({ document }) => {
    if (!isOurs(document)) return;
    service.invalidateCrossFile();
    if (!pullDiagnostics) pushDiagnostics(document);
  });

  documents.onDidClose(({ document }) => {
    clearTimeout(pending.get(document.uri));
    pending.delete(document.uri);
    service.forget(document.uri);
    service.invalidateCrossFile();
    if (!pullDiagnostics) void connection.sendDiagnostics({ uri: document.uri, diagnostics: [] });
  });

  connection.languages.diagnostics.on((params, token) =>
    runSafe(
      logger,
      () => {
        const document = documents.get(params.textDocument.uri);
        const items = isOurs(document) ? service.doValidation(document, token) : [];
        return { kind: DocumentDiagnosticReportKind.Full, items };
      },
      { kind: DocumentDiagnosticReportKind.Full, items: [] },
      'diagnostics',
      token,
    ),
  );

  const context: ServerContext = { connection, documents, service, notifyOnce, logger, withDocument, refreshAll, largeLogs: new LargeLogs() };
  for (const register of FEATURES) register(context);

  documents.listen(connection);
  connection.listen();
}
