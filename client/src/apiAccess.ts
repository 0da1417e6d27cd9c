// The gate in front of every WorkOS call a command asks the language server to make: none in
// Restricted Mode (the key is not even read), none without a stored key (the user is offered to
// set one).

import * as vscode from 'vscode';
import type { Credentials } from './credentials';

export async function mayCallWorkos(credentials: Pick<Credentials, 'get'>): Promise<boolean> {
  if (!vscode.workspace.isTrusted) {
    void vscode.window.showWarningMessage('WorkOS Authz: this workspace is in Restricted Mode, where no WorkOS API calls are made. Trust the workspace to use the live API.');
    return false;
  }
  if (!(await credentials.get())) {
    const choice = await vscode.window.showWarningMessage('WorkOS Authz: no API key is set.', 'Set API Key');
    if (choice) await vscode.commands.executeCommand('workosAuthz.setApiKey');
    return false;
  }
  return true;
}
