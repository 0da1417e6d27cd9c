// Commands of the Access Checks view: add (guided), run one, run all, delete, open the file.

import * as vscode from 'vscode';
import type { SavedCheck } from '../../../server/src/checks/checksFile';
import { checkLabel } from '../../../server/src/checks/checksFile';
import type { WorkOS } from '@workos-inc/node';
import { runCheck, runChecks } from '../../../server/src/checks/runner';
import type { Credentials } from '../credentials';
import type { Logger } from '../log';
import { workosClient, ApiUnavailableError } from '../workosApi';
import type { AccessCheckNode } from './accessCheckTree';
import type { ChecksStore } from './checksStore';
import { pickNewCheck, type PermissionChoice } from './createCheck';

export interface CheckCommandDeps {
  store: ChecksStore;
  credentials: Credentials;
  log: Logger;
  /** Permissions of the current catalog (from the language server), for the permission step. */
  permissions: () => Promise<PermissionChoice[]>;
}

export function registerCheckCommands(deps: CheckCommandDeps): vscode.Disposable[] {
  const { store, log } = deps;

  const api = async (): Promise<WorkOS | undefined> => {
    try {
      return await workosClient(deps.credentials);
    } catch (e) {
      if (e instanceof ApiUnavailableError && e.reason === 'no-key') {
        const choice = await vscode.window.showWarningMessage(e.message, 'Set API Key');
        if (choice) await vscode.commands.executeCommand('workosAuthz.setApiKey');
      } else {
        void vscode.window.showWarningMessage((e as Error).message);
      }
      return undefined;
    }
  };

  const run = async (checks: SavedCheck[]): Promise<void> => {
    const client = await api();
    if (!client) return;
    await vscode.window.withProgress(
      { location: { viewId: 'workosAuthz.accessChecks' }, title: 'Running access checks' },
      async () => {
        const results = checks.length === 1 ? [await runCheck(client, checks[0])] : await runChecks(client, checks);
        await store.saveResults(results);
        for (const r of results) {
          const c = checks.find((x) => x.id === r.checkId)!;
          log.info(`access check ${checkLabel(c)}: ${r.outcome}${r.mismatch ? ' (mismatch)' : ''}${r.reason ? ` — ${r.reason}` : ''} (${r.durationMs} ms)`);
        }
        const failed = results.filter((r) => r.outcome === 'error' || r.mismatch);
        if (failed.length > 0 && checks.length > 1) {
          void vscode.window.showWarningMessage(`${failed.length} of ${results.length} access checks failed.`);
        }
      },
    );
  };

  const checkFrom = async (node?: AccessCheckNode | SavedCheck): Promise<SavedCheck | undefined> => {
    if (node && 'type' in node && node.type === 'check') return node.check;
    if (node && 'permission' in node) return node;
    if (store.checks.length === 0) {
      void vscode.window.showInformationMessage('No saved access checks yet: add one first.');
      return undefined;
    }
    const picked = await vscode.window.showQuickPick(
      store.checks.map((c) => ({ label: checkLabel(c), check: c })),
      { title: 'Run Access Check' },
    );
    return picked?.check;
  };

  return [
    vscode.commands.registerCommand('workosAuthz.accessChecks.add', async (preset?: Omit<SavedCheck, 'id'>) => {
      let draft = preset;
      if (!draft) {
        const client = await api();
        if (!client) return undefined;
        try {
          draft = await pickNewCheck(client, await deps.permissions());
        } catch (e) {
          log.error('creating an access check failed', e);
          void vscode.window.showErrorMessage(`Could not load choices from WorkOS: ${(e as Error).message}`);
          return undefined;
        }
      }
      if (!draft) return undefined;
      let saved: SavedCheck;
      try {
        saved = await store.add(draft);
      } catch (e) {
        void vscode.window.showErrorMessage(`WorkOS Authz: the check was not saved: ${(e as Error).message}`);
        return undefined;
      }
      await run([saved]);
      return saved;
    }),
    vscode.commands.registerCommand('workosAuthz.accessChecks.run', async (node?: AccessCheckNode | SavedCheck) => {
      const check = await checkFrom(node);
      if (check) await run([check]);
      return check ? store.result(check.id) : undefined;
    }),
    vscode.commands.registerCommand('workosAuthz.accessChecks.runAll', async () => {
      await store.load();
      if (store.checks.length === 0) {
        void vscode.window.showInformationMessage('No saved access checks yet: add one first.');
        return [];
      }
      await run(store.checks);
      return store.checks.map((c) => store.result(c.id));
    }),
    vscode.commands.registerCommand('workosAuthz.accessChecks.delete', async (node?: AccessCheckNode) => {
      const check = await checkFrom(node);
      if (check) await store.remove(check.id);
    }),
    vscode.commands.registerCommand('workosAuthz.accessChecks.openFile', async () => {
      const uri = store.uri;
      if (uri) await vscode.window.showTextDocument(uri);
    }),
  ];
}
