// The handler table: capabilities, lifecycle, and one line per request wrapped in runSafe.
// Everything with state lives in Session; the features live in their own modules.

import {
  CodeActionKind,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  FileChangeType,
  TextDocuments,
  TextDocumentSyncKind,
  WatchKind,
  type Connection,
  type InitializeParams,
  type InitializeResult,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { CATALOG_FILE_NAMES } from '../catalog/index';
import { SOURCE_EXTENSIONS } from '../fs/walk';
import {
  CatalogRequest,
  CatalogStateRequest,
  RefreshCatalogRequest,
  ServerStatusRequest,
  SetApiKeyNotification,
  UnusedRequest,
  UsagesRequest,
  type CatalogParams,
  type CatalogResult,
  type CatalogStateParams,
  type CatalogStateResult,
  type InitializationOptions,
  type RefreshCatalogParams,
  type ServerStatusResult,
  type SetApiKeyParams,
  type UnusedParams,
  type UnusedResult,
  type UsagesParams,
  type UsagesResult,
} from '../protocol';
import { codeActions } from './codeActions';
import { completion, COMPLETION_TRIGGER_CHARACTERS } from './completion';
import { hover } from './hover';
import { definition, references, workspaceSymbols } from './navigation';
import { logError, runSafe } from './runSafe';
import { setSecret } from './redact';
import { Session } from './session';
import { timingSummaries } from './timings';
import { catalogTree, unused, usages } from './views';

export function startServer(connection: Connection): Session {
  const documents = new TextDocuments(TextDocument);
  const session = new Session(connection, documents);
  let initialFolders: { uri: string; name?: string }[] = [];
  let dynamicWatchers = false;
  let dynamicConfiguration = false;
  let folderEvents = false;

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    const caps = params.capabilities;
    session.initOptions = (params.initializationOptions ?? {}) as InitializationOptions;
    session.supportsConfiguration = !!caps.workspace?.configuration;
    dynamicWatchers = !!caps.workspace?.didChangeWatchedFiles?.dynamicRegistration && !session.initOptions.clientWatchesFiles;
    dynamicConfiguration = !!caps.workspace?.didChangeConfiguration?.dynamicRegistration;
    folderEvents = !!caps.workspace?.workspaceFolders;
    initialFolders = params.workspaceFolders?.length
      ? params.workspaceFolders.map((f) => ({ uri: f.uri, name: f.name }))
      : params.rootUri
        ? [{ uri: params.rootUri }]
        : [];
    if (typeof session.initOptions.storageDir === 'string') session.live.setCacheDir(session.initOptions.storageDir);
    if (typeof session.initOptions.apiUrl === 'string') session.live.configure(undefined, session.initOptions.apiUrl);
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
        completionProvider: { triggerCharacters: COMPLETION_TRIGGER_CHARACTERS, resolveProvider: false },
        hoverProvider: true,
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
        definitionProvider: true,
        referencesProvider: true,
        workspaceSymbolProvider: true,
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
        experimental: { workosAuthz: { catalogRequests: true, liveCatalog: true } },
      },
      serverInfo: { name: 'workos-authz' },
    };
  });

  connection.onInitialized(() => {
    void (async () => {
      if (dynamicConfiguration) {
        await connection.client.register(DidChangeConfigurationNotification.type, { section: 'workosAuthz' }).catch(() => undefined);
      }
      if (dynamicWatchers) {
        const exts = SOURCE_EXTENSIONS.map((e) => e.slice(1)).join(',');
        await connection.client
          .register(DidChangeWatchedFilesNotification.type, {
            watchers: [
              { globPattern: `**/*.{${exts}}`, kind: WatchKind.Create | WatchKind.Change | WatchKind.Delete },
              { globPattern: `**/{${CATALOG_FILE_NAMES.join(',')},.gitignore}` },
            ],
          })
          .catch(() => undefined);
      }
      if (folderEvents) {
        connection.workspace.onDidChangeWorkspaceFolders((e) =>
          guard(() => {
            for (const f of e.removed) session.removeFolder(f.uri);
            for (const f of e.added) void session.addFolder(f.uri, f.name).catch((err) => logError(connection, 'adding a folder', err));
          }),
        );
      }
      await Promise.all(initialFolders.map((f) => session.addFolder(f.uri, f.name)));
    })().catch((err) => logError(connection, 'starting up', err));
  });

  documents.onDidOpen((e) => guard(() => session.didOpen(e.document)));
  documents.onDidChangeContent((e) => guard(() => session.didChange(e.document)));
  documents.onDidClose((e) => guard(() => session.didClose(e.document)));

  connection.onDidChangeWatchedFiles((params) =>
    guard(() =>
      session.didChangeWatchedFiles(
        params.changes.map((c) => ({
          uri: c.uri,
          type: c.type === FileChangeType.Created ? 'created' : c.type === FileChangeType.Deleted ? 'deleted' : 'changed',
        })),
      ),
    ),
  );
  connection.onDidChangeConfiguration((params) => {
    void session.reloadSettings(params?.settings).catch((err) => logError(connection, 'applying settings', err));
  });
  connection.onNotification(SetApiKeyNotification.method, (params: SetApiKeyParams) => {
    const key = typeof params?.apiKey === 'string' ? params.apiKey : null;
    setSecret(key);
    const apiUrl = typeof params?.apiUrl === 'string' ? params.apiUrl : undefined;
    void session.setApiKey(key, apiUrl).catch((err) => logError(connection, 'setting the API key', err));
  });

  connection.onCompletion((p, token) => runSafe(connection, 'completion', null, token, () => completion(session, p)));
  connection.onHover((p, token) => runSafe(connection, 'hover', null, token, () => hover(session, p)));
  connection.onCodeAction((p, token) => runSafe(connection, 'code actions', [], token, () => codeActions(session, p)));
  connection.onDefinition((p, token) => runSafe(connection, 'definition', null, token, () => definition(session, p)));
  connection.onReferences((p, token) => runSafe(connection, 'references', null, token, () => references(session, p)));
  connection.onWorkspaceSymbol((p, token) => runSafe(connection, 'workspace symbols', [], token, () => workspaceSymbols(session, p, token)));

  connection.onRequest(CatalogStateRequest.method, (p: CatalogStateParams, token) =>
    runSafe<CatalogStateResult>(connection, 'catalogState', { folders: [], hasApiKey: false }, token, () => session.catalogState(session.foldersFor(p?.folderUri))),
  );
  connection.onRequest(RefreshCatalogRequest.method, (p: RefreshCatalogParams) =>
    // Not cancellable halfway: a refresh that started finishes, so the state stays consistent.
    runSafe<CatalogStateResult>(connection, 'refreshCatalog', { folders: [], hasApiKey: false }, undefined, async () => {
      const folders = session.foldersFor(p?.folderUri);
      await session.refreshCatalogs(folders);
      return session.catalogState(folders);
    }),
  );
  connection.onRequest(CatalogRequest.method, (p: CatalogParams, token) =>
    runSafe<CatalogResult>(connection, 'catalog', { folders: [] }, token, () => catalogTree(session, p)),
  );
  connection.onRequest(UsagesRequest.method, (p: UsagesParams, token) =>
    runSafe<UsagesResult>(connection, 'usages', { usages: [] }, token, () => usages(session, p)),
  );
  connection.onRequest(UnusedRequest.method, (p: UnusedParams, token) =>
    runSafe<UnusedResult>(connection, 'unused', { folders: [] }, token, () => unused(session, p)),
  );

  connection.onRequest(ServerStatusRequest.method, (_p: unknown, token) =>
    runSafe<ServerStatusResult>(connection, 'serverStatus', { folders: [], timings: {} }, token, () => ({
      folders: [...session.folders.values()].map((f) => ({
        folderUri: f.uri,
        indexedFiles: f.index.uris().length,
        skippedFiles: f.skippedFiles,
        indexing: f.indexing,
        lastIndexMs: f.lastIndexMs,
      })),
      timings: timingSummaries(),
    })),
  );

  connection.onShutdown(() => session.dispose());

  function guard(fn: () => void): void {
    try {
      fn();
    } catch (err) {
      logError(connection, 'handling a notification', err);
    }
  }

  documents.listen(connection);
  return session;
}
