// Set / clear the WorkOS API key, and the keys of named live environments. A key is validated with
// one cheap API call before it is stored, and it never appears in a message, a log line or a setting.

import * as vscode from 'vscode';
import { ValidateApiKeyRequest } from '../../server/src/protocol';
import { apiKeyShapeProblem, type Credentials } from './credentials';
import { describeEndpoint, liveEnvironmentNames, readApiEndpoint } from './config';
import type { Logger } from './log';
import { addSecret, redact } from './log';
import type { ServerSession } from './serverSession';

export function registerKeyCommands(session: ServerSession, credentials: Credentials, log: Logger): vscode.Disposable[] {
  /** Asks for a key (unless given), checks its shape and has the server validate it; undefined when it is not to be stored. */
  const validatedKey = async (given: string | undefined, what: string): Promise<string | undefined> => {
    if (!vscode.workspace.isTrusted) {
      void vscode.window.showWarningMessage('WorkOS Authz: this workspace is in Restricted Mode. Trust it to set and use an API key.');
      return undefined;
    }
    const endpoint = readApiEndpoint();
    const key =
      typeof given === 'string'
        ? given.trim()
        : (
            await vscode.window.showInputBox({
              title: what,
              prompt: `Your WorkOS secret key (sk_…). It is checked against ${describeEndpoint(endpoint)} and kept in VS Code's secret storage.`,
              password: true,
              ignoreFocusOut: true,
              placeHolder: 'sk_test_…',
              validateInput: (v) => apiKeyShapeProblem(v),
            })
          )?.trim();
    if (!key) return undefined;
    const shape = apiKeyShapeProblem(key);
    if (shape) {
      void vscode.window.showErrorMessage(`WorkOS Authz: ${shape}`);
      return undefined;
    }
    // The key goes to the language server, which makes the call; traces of the request are redacted.
    addSecret(key);
    const answer = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Checking the API key with ${describeEndpoint(endpoint)}…` },
      () => session.request(ValidateApiKeyRequest.type, { apiKey: key, api: endpoint }),
    );
    if (!answer?.ok) {
      const reason = redact(answer?.message ?? 'the language server is not running');
      log.warn(`${what} not stored: ${reason}`);
      void vscode.window.showErrorMessage(`WorkOS Authz: the API key was not stored: ${reason}`);
      return undefined;
    }
    return key;
  };

  /** The live environment a command is about: the argument, else a pick among the configured ones. */
  const environmentName = async (given: unknown): Promise<string | undefined> => {
    const names = liveEnvironmentNames();
    if (typeof given === 'string' && given.trim()) return given.trim();
    if (names.length === 0) {
      void vscode.window.showWarningMessage('WorkOS Authz: no environment in "workosAuthz.environments" has "live": true.');
      return undefined;
    }
    return names.length === 1 ? names[0] : vscode.window.showQuickPick(names, { title: 'WorkOS environment' });
  };

  return [
    // An argument lets scripts and tests set the key without the input box; it is validated the same way.
    vscode.commands.registerCommand('workosAuthz.setApiKey', async (given?: string): Promise<boolean> => {
      const key = await validatedKey(given, 'WorkOS API Key');
      if (!key) return false;
      await credentials.store(key);
      log.info(`API key stored (validated against ${describeEndpoint(readApiEndpoint())})`);
      void vscode.window.showInformationMessage('WorkOS Authz: API key saved. The live catalog is being fetched.');
      return true;
    }),
    vscode.commands.registerCommand('workosAuthz.clearApiKey', async () => {
      await credentials.clear();
      log.info('API key cleared');
      void vscode.window.showInformationMessage('WorkOS Authz: API key removed from secret storage.');
    }),
    vscode.commands.registerCommand('workosAuthz.setEnvironmentApiKey', async (environment?: string, given?: string): Promise<boolean> => {
      const name = await environmentName(environment);
      if (!name) return false;
      const key = await validatedKey(given, `WorkOS API Key for ${name}`);
      if (!key) return false;
      await credentials.storeEnvironment(name, key);
      log.info(`API key of environment ${name} stored (validated against ${describeEndpoint(readApiEndpoint())})`);
      void vscode.window.showInformationMessage(`WorkOS Authz: API key for ${name} saved. Its catalog is being fetched.`);
      return true;
    }),
    vscode.commands.registerCommand('workosAuthz.clearEnvironmentApiKey', async (environment?: string) => {
      const name = await environmentName(environment);
      if (!name) return;
      await credentials.clearEnvironment(name);
      log.info(`API key of environment ${name} cleared`);
      void vscode.window.showInformationMessage(`WorkOS Authz: API key for ${name} removed from secret storage.`);
    }),
  ];
}
