// Commands of the Access Checks view: add (guided), run one, run all, delete, open the file. The
// language server makes the WorkOS calls.

import * as vscode from 'vscode';
import { AccessCheckChoicesRequest, RunAccessChecksRequest, type AccessCheckChoice, type AccessCheckChoicesParams, type LabelledCheck, type NewAccessCheck, type SavedCheck } from '../../../server/src/protocol';
import type { Logger } from '../log';
import type { ServerSession } from '../serverSession';
import type { AccessCheckNode } from './accessCheckTree';
import type { ChecksStore } from './checksStore';
import { pickNewCheck, type PermissionChoice } from './createCheck';

export interface CheckCommandDeps {
  store: ChecksStore;
  session: ServerSession;
  log: Logger;
  /** Permissions of the current catalog (from the language server), for the permission step. */
  permissions: () => Promise<PermissionChoice[]>;
}

export function registerCheckCommands(deps: CheckCommandDeps): vscode.Disposable[] {
  const { store, session, log } = deps;

  const choices = async (params: AccessCheckChoicesParams): Promise<AccessCheckChoice[]> => {
    const answer = await session.request(AccessCheckChoicesRequest.type, params);
    if (!answer?.ok) throw new Error(answer?.message ?? 'the language server is not running');
    return answer.choices;
  };

  const run = async (checks: SavedCheck[]): Promise<void> => {
    if (!(await session.apiReady())) return;
    await vscode.window.withProgress(
      { location: { viewId: 'workosAuthz.accessChecks' }, title: 'Running access checks' },
      async () => {
        const answer = await session.request(RunAccessChecksRequest.type, { checks: checks.map(savedCheck) });
        if (!answer?.ok) {
          void vscode.window.showErrorMessage(`WorkOS Authz: the access checks did not run: ${answer?.message ?? 'the language server is not running'}`);
          return;
        }
        const results = answer.results;
        await store.saveResults(results);
        for (const r of results) {
          const c = store.checks.find((x) => x.id === r.checkId);
          log.info(`access check ${c?.label ?? r.checkId}: ${r.outcome}${r.mismatch ? ' (mismatch)' : ''}${r.reason ? ` — ${r.reason}` : ''} (${r.durationMs} ms)`);
        }
        const failed = results.filter((r) => r.outcome === 'error' || r.mismatch);
        if (failed.length > 0 && checks.length > 1) {
          void vscode.window.showWarningMessage(`${failed.length} of ${results.length} access checks failed.`);
        }
      },
    );
  };

  const checkFrom = async (node?: AccessCheckNode | LabelledCheck): Promise<LabelledCheck | undefined> => {
    if (node && 'type' in node && node.type === 'check') return node.check;
    if (node && 'permission' in node) return node;
    if (store.checks.length === 0) {
      void vscode.window.showInformationMessage('No saved access checks yet: add one first.');
      return undefined;
    }
    const picked = await vscode.window.showQuickPick(
      store.checks.map((c) => ({ label: c.label, check: c })),
      { title: 'Run Access Check' },
    );
    return picked?.check;
  };

  return [
    vscode.commands.registerCommand('workosAuthz.accessChecks.add', async (preset?: NewAccessCheck) => {
      let draft = preset;
      if (!draft) {
        if (!(await session.apiReady())) return undefined;
        try {
          draft = await pickNewCheck(choices, await deps.permissions());
        } catch (e) {
          log.error('creating an access check failed', e);
          void vscode.window.showErrorMessage(`Could not load choices from WorkOS: ${(e as Error).message}`);
          return undefined;
        }
      }
      if (!draft) return undefined;
      let saved: LabelledCheck;
      try {
        saved = await store.add(draft);
      } catch (e) {
        void vscode.window.showErrorMessage(`WorkOS Authz: the check was not saved: ${(e as Error).message}`);
        return undefined;
      }
      await run([saved]);
      return saved;
    }),
    vscode.commands.registerCommand('workosAuthz.accessChecks.run', async (node?: AccessCheckNode | LabelledCheck) => {
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

/** The check as saved, without the labels the view adds. */
function savedCheck(check: LabelledCheck | SavedCheck): SavedCheck {
  const { label: _label, resourceLabel: _resource, ...saved } = check as LabelledCheck;
  return saved;
}
