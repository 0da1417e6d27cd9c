// The handler table: capabilities, lifecycle, and one line per request wrapped in runSafe.
// Everything with state lives in Session; the features live in their own modules.

import { warmUp } from '../core/warmUp';
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
import { CATALOG_FILE_NAMES, SOURCE_GLOB, anywhere } from '../fileNames';
import {
  AccessCheckChoicesRequest,
  AccessChecksRequest,
  AddAccessCheckRequest,
  CatalogRequest,
  CatalogStateRequest,
  CreateInWorkosRequest,
  DeleteAccessCheckRequest,
  GenerateTypesRequest,
  DriftRequest,
  PullSnapshotRequest,
  RefreshCatalogRequest,
  RunAccessChecksRequest,
  ServerStatusRequest,
  SetApiKeyNotification,
  SetEnvironmentApiKeyNotification,
  EnvironmentDiffRequest,
  UnusedRequest,
  UsagesRequest,
  ValidateApiKeyRequest,
  type ApiFailure,
  type InitializationOptions,
  type ServerStatusResult,
} from '../protocol';
import { createInWorkos, generateTypes, regenerateTypes } from './catalogWrites';
import { codeActions } from './codeActions';
import { completion, COMPLETION_TRIGGER_CHARACTERS, resolveCompletion } from './completion';
import { hover } from './hover';
import { definition, references, workspaceSymbols } from './navigation';
import { logError, runSafe } from './runSafe';
import { setEnvironmentSecret, setSecret } from './redact';
import { Session } from './session';
import type { WorkspaceOptions } from './workspace';
import { recordTiming, timingSummaries } from './timings';
import { catalogTree, environmentDiff, unused, usages } from './views';
import * as workos from './workosRequests';

export function startServer(connection: Connection, options: WorkspaceOptions = {}): Session {
  const documents = new TextDocuments(TextDocument);
  const session = new Session(connection, documents, options);
  session.onCatalogChange = () => regenerateTypes(session);
  let initialFolders: { uri: string; name?: string }[] = [];
  let dynamicWatchers = false;
  let dynamicConfiguration = false;
  let folderEvents = false;

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    // The analysis code runs once over a sample while the editor waits for this answer anyway:
    // the first real completion, hover and check then run compiled code.
    const warmStarted = performance.now();
    try {
      warmUp();
      recordTiming('warm-up', performance.now() - warmStarted);
    } catch (err) {
      // Only the first requests lose time: the server works the same without it.
      logError(connection, 'warming up', err);
    }
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
    if (typeof session.initOptions.storageDir === 'string') {
      session.live.setCacheDir(session.initOptions.storageDir);
      session.environments.setCacheDir(session.initOptions.storageDir);
    }
    if (session.initOptions.api && typeof session.initOptions.api === 'object') session.live.configure(undefined, session.initOptions.api);
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
        completionProvider: { triggerCharacters: COMPLETION_TRIGGER_CHARACTERS, resolveProvider: true },
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
        await connection.client
          .register(DidChangeWatchedFilesNotification.type, {
            watchers: [
              { globPattern: SOURCE_GLOB, kind: WatchKind.Create | WatchKind.Change | WatchKind.Delete },
              { globPattern: anywhere([...CATALOG_FILE_NAMES, '.gitignore']) },
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
  connection.onNotification(SetApiKeyNotification.type, (params) => {
    const key = typeof params?.apiKey === 'string' ? params.apiKey : null;
    setSecret(key);
    const api = params?.api && typeof params.api === 'object' ? params.api : undefined;
    void session.setApiKey(key, api).catch((err) => logError(connection, 'setting the API key', err));
  });
  connection.onNotification(SetEnvironmentApiKeyNotification.type, (params) => {
    if (typeof params?.environment !== 'string' || params.environment.trim() === '') return;
    const key = typeof params.apiKey === 'string' && params.apiKey.trim() ? params.apiKey.trim() : null;
    setEnvironmentSecret(params.environment, key);
    void session.setEnvironmentApiKey(params.environment, key).catch((err) => logError(connection, 'setting an environment API key', err));
  });

  connection.onCompletion((p, token) => runSafe(connection, 'completion', null, token, () => completion(session, p)));
  connection.onCompletionResolve((item, token) => runSafe(connection, 'completion resolve', item, token, () => resolveCompletion(session, item)));
  connection.onHover((p, token) => runSafe(connection, 'hover', null, token, () => hover(session, p)));
  connection.onCodeAction((p, token) => runSafe(connection, 'code actions', [], token, () => codeActions(session, p)));
  connection.onDefinition((p, token) => runSafe(connection, 'definition', null, token, () => definition(session, p)));
  connection.onReferences((p, token) => runSafe(connection, 'references', null, token, () => references(session, p)));
  connection.onWorkspaceSymbol((p, token) => runSafe(connection, 'workspace symbols', [], token, () => workspaceSymbols(session, p, token)));

  connection.onRequest(CatalogStateRequest.type, (p, token) =>
    runSafe(connection, 'catalogState', { folders: [], hasApiKey: false }, token, () => session.catalogState(session.foldersFor(p?.folderUri))),
  );
  connection.onRequest(RefreshCatalogRequest.type, (p) =>
    // Not cancellable halfway: a refresh that started finishes, so the state stays consistent.
    runSafe(connection, 'refreshCatalog', { folders: [], hasApiKey: false }, undefined, async () => {
      const folders = session.foldersFor(p?.folderUri);
      await session.refreshCatalogs(folders);
      return session.catalogState(folders);
    }),
  );
  connection.onRequest(CatalogRequest.type, (p, token) => runSafe(connection, 'catalog', { folders: [] }, token, () => catalogTree(session, p)));
  connection.onRequest(UsagesRequest.type, (p, token) => runSafe(connection, 'usages', { usages: [] }, token, () => usages(session, p)));
  connection.onRequest(UnusedRequest.type, (p, token) => runSafe(connection, 'unused', { folders: [] }, token, () => unused(session, p)));
  connection.onRequest(EnvironmentDiffRequest.type, (p, token) =>
    runSafe(connection, 'environmentDiff', { ok: false, message: 'the environments could not be compared' }, token, () => environmentDiff(session, p)),
  );

  // WorkOS calls for the extension's commands. Cancelling one aborts its API requests (the token
  // goes to the call), so they are not dropped by runSafe's cancellation check; their time is the
  // network's, so it is not logged as a slow handler.
  const workosCall = <T>(what: string, failedTo: string, fn: () => Promise<T | ApiFailure>) =>
    runSafe<T | ApiFailure>(connection, what, { ok: false, reason: 'server', message: `${failedTo}` }, undefined, fn, { logSlow: false });
  connection.onRequest(ValidateApiKeyRequest.type, (p) => workosCall('validateApiKey', 'the key could not be checked', () => workos.validateKey(p)));
  connection.onRequest(PullSnapshotRequest.type, (p, token) => workosCall('pullSnapshot', 'the snapshot could not be written', () => workos.pullSnapshot(session, p, token)));
  connection.onRequest(DriftRequest.type, (p, token) => workosCall('drift', 'the drift could not be computed', () => workos.drift(session, p, token)));
  connection.onRequest(AccessCheckChoicesRequest.type, (p, token) => workosCall('accessCheckChoices', 'the choices could not be loaded', () => workos.choices(session, p, token)));
  connection.onRequest(RunAccessChecksRequest.type, (p, token) => workosCall('runAccessChecks', 'the access checks could not run', () => workos.runAccessChecks(session, p?.checks, token)));
  connection.onRequest(AccessChecksRequest.type, (p, token) => runSafe(connection, 'accessChecks', { uri: '', checks: [] }, token, () => workos.accessChecks(p)));
  connection.onRequest(AddAccessCheckRequest.type, (p) => workosCall('addAccessCheck', 'the check was not saved', async () => workos.addAccessCheck(p)));
  connection.onRequest(DeleteAccessCheckRequest.type, (p) => workosCall('deleteAccessCheck', 'the check was not deleted', async () => workos.deleteAccessCheck(p)));

  connection.onRequest(CreateInWorkosRequest.type, (p) => workosCall('createInWorkos', 'nothing was created', () => createInWorkos(session, p)));
  connection.onRequest(GenerateTypesRequest.type, (p) => workosCall('generateTypes', 'the types were not written', async () => generateTypes(session, p)));

  connection.onRequest(ServerStatusRequest.type, (_p, token) =>
    runSafe<ServerStatusResult>(connection, 'serverStatus', { folders: [], timings: {} }, token, () => ({
      folders: [...session.folders.values()].map((f) => ({
        folderUri: f.uri,
        indexedFiles: f.index.uris().length,
        skippedFiles: f.skippedFiles,
        indexing: f.indexing,
        lastIndexMs: f.lastIndexMs,
      })),
      timings: timingSummaries(),
      memory: memoryStatus(),
      scanWorkers: session.workspace.scanWorkers,
    })),
  );

  connection.onShutdown(() => session.dispose());

  function memoryStatus(): ServerStatusResult['memory'] {
    const usage = process.memoryUsage();
    return { rss: usage.rss, heapUsed: usage.heapUsed };
  }

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
