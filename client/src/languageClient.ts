// Starts the bundled language server (dist/server.js) over IPC and hands it the API key.

import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { CATALOG_FILE_NAMES, PROJECT_CONFIG_GLOB, SERVER_EXEC_ARGV, SOURCE_GLOB, SetApiKeyNotification, SetEnvironmentApiKeyNotification, anywhere, type ApiEndpoint, type InitializationOptions } from '../../server/src/protocol';
import { redact } from './log';

export const DOCUMENT_SELECTOR = ['typescript', 'typescriptreact', 'javascript', 'javascriptreact'].map((language) => ({
  scheme: 'file',
  language,
}));

export interface StartOptions {
  context: vscode.ExtensionContext;
  output: vscode.LogOutputChannel;
  /** Undefined in Restricted Mode: the server then knows no endpoint and gets no key. */
  api: ApiEndpoint | undefined;
}

export function createLanguageClient({ context, output, api }: StartOptions): LanguageClient {
  const serverModule = context.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: [...SERVER_EXEC_ARGV] } },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: [...SERVER_EXEC_ARGV, '--nolazy', '--inspect=6011'] } },
  };
  // The server caches the last good live catalog there, so a restart (or going offline) still has one.
  const initializationOptions: InitializationOptions = { api, clientWatchesFiles: true, storageDir: context.globalStorageUri.fsPath };
  const clientOptions: LanguageClientOptions = {
    documentSelector: DOCUMENT_SELECTOR,
    initializationOptions,
    synchronize: {
      fileEvents: [
        vscode.workspace.createFileSystemWatcher(SOURCE_GLOB),
        vscode.workspace.createFileSystemWatcher(PROJECT_CONFIG_GLOB),
        vscode.workspace.createFileSystemWatcher(anywhere(CATALOG_FILE_NAMES)),
        vscode.workspace.createFileSystemWatcher('**/.gitignore'),
      ],
    },
    outputChannel: redactingChannel(output),
    // Verbose tracing prints notification params, setApiKey's included: it goes through redact too.
    traceOutputChannel: redactingChannel(output),
  };
  return new LanguageClient('workosAuthz', 'WorkOS Authz', serverOptions, clientOptions);
}

/** Sends a named environment's key (or its withdrawal) to the running server. */
export async function pushEnvironmentKey(client: LanguageClient, environment: string, apiKey: string | null): Promise<void> {
  await client.sendNotification(SetEnvironmentApiKeyNotification.type, { environment, apiKey });
}

/** Sends the key (or its withdrawal) to the running server. */
export async function pushApiKey(client: LanguageClient, apiKey: string | null, api: ApiEndpoint | undefined): Promise<void> {
  await client.sendNotification(SetApiKeyNotification.type, { apiKey, api });
}

/**
 * The language client writes server stderr, its own errors and traces to this channel; wrapping it
 * keeps the key out even if the server or a library prints it.
 */
function redactingChannel(target: vscode.LogOutputChannel): vscode.LogOutputChannel {
  const writers = new Set(['append', 'appendLine', 'replace', 'trace', 'debug', 'info', 'warn', 'error']);
  return new Proxy(target, {
    get(t, prop, receiver) {
      const value = Reflect.get(t, prop, receiver);
      if (prop === 'dispose') return () => undefined; // the extension owns the channel, not the client
      if (typeof value !== 'function') return value;
      if (!writers.has(String(prop))) return value.bind(t);
      return (...args: unknown[]) => value.apply(t, args.map((a) => (typeof a === 'string' ? redact(a) : a instanceof Error ? redact(a.message) : a)));
    },
  });
}
