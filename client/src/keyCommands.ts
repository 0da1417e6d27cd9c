// Set / clear the WorkOS API key. The key is validated with one cheap API call before it is
// stored, and it never appears in a message, a log line or a setting.

import * as vscode from 'vscode';
import { ValidateApiKeyRequest } from '../../server/src/protocol';
import { apiKeyShapeProblem, type Credentials } from './credentials';
import { describeEndpoint, readApiEndpoint } from './config';
import type { Logger } from './log';
import { addSecret, redact } from './log';
import type { ServerSession } from './serverSession';

export function registerKeyCommands(session: ServerSession, credentials: Credentials, log: Logger): vscode.Disposable[] {
  return [
    // An argument lets scripts and tests set the key without the input box; it is validated the same way.
    vscode.commands.registerCommand('workosAuthz.setApiKey', async (given?: string): Promise<boolean> => {
      if (!vscode.workspace.isTrusted) {
        void vscode.window.showWarningMessage('WorkOS Authz: this workspace is in Restricted Mode. Trust it to set and use an API key.');
        return false;
      }
      const endpoint = readApiEndpoint();
      const key =
        typeof given === 'string'
          ? given.trim()
          : (
              await vscode.window.showInputBox({
                title: 'WorkOS API Key',
                prompt: `Your WorkOS secret key (sk_…). It is checked against ${describeEndpoint(endpoint)} and kept in VS Code's secret storage.`,
                password: true,
                ignoreFocusOut: true,
                placeHolder: 'sk_test_…',
                validateInput: (v) => apiKeyShapeProblem(v),
              })
            )?.trim();
      if (!key) return false;
      const shape = apiKeyShapeProblem(key);
      if (shape) {
        void vscode.window.showErrorMessage(`WorkOS Authz: ${shape}`);
        return false;
      }
      // The key goes to the language server, which makes the call; traces of the request are redacted.
      addSecret(key);
      const answer = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: `Checking the API key with ${describeEndpoint(endpoint)}…` },
        () => session.request(ValidateApiKeyRequest.type, { apiKey: key, api: endpoint }),
      );
      if (!answer?.ok) {
        const reason = redact(answer?.message ?? 'the language server is not running');
        log.warn(`API key not stored: ${reason}`);
        void vscode.window.showErrorMessage(`WorkOS Authz: the API key was not stored: ${reason}`);
        return false;
      }
      await credentials.store(key);
      log.info(`API key stored (validated against ${describeEndpoint(endpoint)})`);
      void vscode.window.showInformationMessage('WorkOS Authz: API key saved. The live catalog is being fetched.');
      return true;
    }),
    vscode.commands.registerCommand('workosAuthz.clearApiKey', async () => {
      await credentials.clear();
      log.info('API key cleared');
      void vscode.window.showInformationMessage('WorkOS Authz: API key removed from secret storage.');
    }),
  ];
}
