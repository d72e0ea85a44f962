import {
  DocumentDiagnosticReportKind,
  TextDocumentSyncKind,
  TextDocuments,
  type ClientCapabilities,
  type Connection,
  type InitializeResult,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { builtInSignatureSources, createKnowledgeBase } from '../knowledge/knowledgeBase';
import { LANGUAGE_BY_FAMILY } from '../formats/registry';
import { createLogLanguageService } from '../service/languageService';
import { flattenSettings, settingsFrom } from '../service/settings';
import { SEMANTIC_LEGEND } from '../service/features/semanticTokens';
import {
  DocumentFormatNotification,
  FlowAtRequest,
  ListFormatsRequest,
  MergeRequest,
  NoticeNotification,
  SetFormatRequest,
  SetRulesRequest,
  StepInFlowRequest,
  ViewRequest,
} from './protocol';
import { WorkspaceFiles } from './workspaceFiles';
import { runSafe } from './runSafe';
import { validateRuleFiles } from './userRules';

/** Languages the server analyses: ours, and the generic ones a log often opens as. */
export const ANALYSED_LANGUAGES = new Set(['log', 'plaintext', ...Object.values(LANGUAGE_BY_FAMILY)]);

const PUSH_DEBOUNCE_MS = 300;

/** What a feature module gets to register its handlers. */
export interface ServerContext {
  connection: Connection;
  documents: TextDocuments<TextDocument>;
  service: ReturnType<typeof createLogLanguageService>;
  notifyOnce(message: string, severity?: 'info' | 'warning' | 'error'): void;
  logger: { error(message: string): void };
}

const extraFeatures: Array<(context: ServerContext) => void> = [];

export function registerServerFeature(register: (context: ServerContext) => void): void {
  extraFeatures.push(register);
}

export function startServer(connection: Connection): void {
  const documents = new TextDocuments(TextDocument);
  const workspaceFiles = new WorkspaceFiles();
  const service = createLogLanguageService({
    workspace: {
      documents: () => documents.all().filter((d) => ANALYSED_LANGUAGES.has(d.languageId)),
      files: (load) => workspaceFiles.documents(load),
    },
  });
  const noticesShown = new Set<string>();
  let pullDiagnostics = false;
  let configurationPull = false;
  const pending = new Map<string, NodeJS.Timeout>();
  const logger = { error: (message: string) => connection.console.error(message) };

  const isOurs = (document: TextDocument | undefined): document is TextDocument => document !== undefined && ANALYSED_LANGUAGES.has(document.languageId);
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
        codeLensProvider: { resolveProvider: false },
        definitionProvider: true,
        referencesProvider: true,
        documentHighlightProvider: true,
        documentSymbolProvider: true,
        foldingRangeProvider: true,
        semanticTokensProvider: { legend: SEMANTIC_LEGEND, full: true },
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

  connection.onHover((params, token) =>
    runSafe(logger, () => withDocument(params.textDocument.uri, null, (d) => service.doHover(d, params.position, token)), null, 'hover', token),
  );

  connection.onCodeLens((params, token) =>
    runSafe(logger, () => {
      const document = documents.get(params.textDocument.uri);
      if (!isOurs(document)) return [];
      const { lenses, capped } = service.getCodeLenses(document, token);
      if (capped) notifyOnce('Log Sleuth shows code lenses for the first flows only (logsleuth.codeLens.max); set logsleuth.codeLens.mode to "errors" to see the failing ones.');
      return lenses;
    }, [], 'code lens', token),
  );

  connection.onDefinition((params, token) =>
    runSafe(logger, () => withDocument(params.textDocument.uri, [], (d) => service.findDefinition(d, params.position, token)), [], 'definition', token),
  );

  connection.onReferences((params, token) =>
    runSafe(logger, () => withDocument(params.textDocument.uri, [], (d) => service.findReferences(d, params.position, token)), [], 'references', token),
  );

  connection.onDocumentHighlight((params, token) =>
    runSafe(logger, () => withDocument(params.textDocument.uri, [], (d) => service.findDocumentHighlights(d, params.position, token)), [], 'document highlight', token),
  );

  connection.onDocumentSymbol((params, token) =>
    runSafe(logger, () => withDocument(params.textDocument.uri, [], (d) => service.findDocumentSymbols(d, token)), [], 'document symbols', token),
  );

  connection.onFoldingRanges((params, token) =>
    runSafe(logger, () => withDocument(params.textDocument.uri, [], (d) => service.getFoldingRanges(d, token)), [], 'folding ranges', token),
  );

  connection.languages.semanticTokens.on((params, token) =>
    runSafe(logger, () => withDocument(params.textDocument.uri, { data: [] }, (d) => service.getSemanticTokens(d, token)), { data: [] }, 'semantic tokens', token),
  );

  connection.onCodeAction((params, token) =>
    runSafe(logger, () => withDocument(params.textDocument.uri, [], (d) => service.getCodeActions(d, params.context.diagnostics, token)), [], 'code actions', token),
  );

  connection.languages.inlayHint.on((params, token) =>
    runSafe(logger, () => withDocument(params.textDocument.uri, [], (d) => service.getInlayHints(d, params.range.start.line, params.range.end.line, token)), [], 'inlay hints', token),
  );

  connection.onWorkspaceSymbol((params, token) => runSafe(logger, () => service.findWorkspaceSymbols(params.query, token), [], 'workspace symbols', token));

  connection.onRequest(FlowAtRequest, (params, token) =>
    runSafe(logger, () => withDocument(params.uri, null, (d) => service.flowAt(d, params.position, params.flowId) ?? null), null, 'flow position', token),
  );

  connection.onRequest(StepInFlowRequest, (params, token) =>
    runSafe(logger, () => withDocument(params.uri, null, (d) => service.stepInFlow(d, params.position, params.direction, params.flowId) ?? null), null, 'step in flow', token),
  );

  connection.onRequest(ViewRequest, (params, token) =>
    runSafe(
      logger,
      () =>
        withDocument(params.uri, null, (d) => {
          if (params.kind === 'errors') return service.errorsView(d);
          const flowId = params.flowId ?? (params.position ? service.flowAt(d, params.position)?.flowId : undefined);
          return flowId ? (service.flowView(d, flowId) ?? null) : null;
        }),
      null,
      'view',
      token,
    ),
  );

  connection.onRequest(MergeRequest, (params, token) =>
    runSafe(
      logger,
      () => service.mergeByTime(params.sources.flatMap((s) => withDocument(s.uri, [], (document) => [{ document, label: s.label, offsetMs: s.offsetMs }]))),
      { content: '# Nothing to merge\n', links: [] },
      'merge',
      token,
    ),
  );

  connection.onRequest(ListFormatsRequest, () =>
    service.registry.formats.map((f) => ({ id: f.id, family: f.family, title: f.def.title, languageId: LANGUAGE_BY_FAMILY[f.family] })),
  );

  connection.onRequest(SetFormatRequest, (params) => {
    service.setFormat(params.uri, params.formatId);
    const document = documents.get(params.uri);
    if (!document) return null;
    refreshAll();
    return service.describe(document);
  });

  connection.onRequest(SetRulesRequest, (params) => {
    const { sources, errors } = validateRuleFiles(params.files);
    const knowledge = createKnowledgeBase([...builtInSignatureSources(), ...sources]);
    const rejected = knowledge.errors.filter((e) => !e.origin.startsWith('built-in')).map((e) => `${e.origin}: ${e.message}`);
    service.setKnowledge(knowledge);
    refreshAll();
    return { loaded: sources.length, errors: [...errors, ...rejected] };
  });

  // Feature modules that register their own handlers (large files, flows) plug in here.
  for (const register of extraFeatures) register({ connection, documents, service, notifyOnce, logger });

  documents.listen(connection);
  connection.listen();
}
