// The same profile, but the folder opens untrusted (Restricted Mode): a key is in secret storage
// from the trusted run, yet nothing may send it or call the API. Snapshot checks keep working.

import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activate, diagnosticsFor, waitFor, workspaceUri, type ExtensionApi } from './helpers';

suite('WorkOS Authz extension (Restricted Mode)', () => {
  let api: ExtensionApi;

  suiteSetup(async () => {
    api = await activate();
  });

  test('the workspace is untrusted', () => {
    assert.equal(vscode.workspace.isTrusted, false);
  });

  test('the server runs on the snapshot and was given no key', async () => {
    const state = await waitFor('a catalog state', async () => {
      await api.session.fetchState();
      return api.session.state?.folders[0];
    });
    assert.equal(state.source, 'snapshot');
    assert.equal(api.session.state?.hasApiKey, false);
  });

  test('snapshot-based diagnostics still work', async () => {
    const uri = workspaceUri('app', 'api', 'projects', 'route.ts');
    await waitFor('a diagnostic on video:remove', () => diagnosticsFor(uri).find((d) => d.message.includes('video:remove')));
  });

  test('an unknown permission gets the catalog-file fix but no WorkOS write', async () => {
    const uri = workspaceUri('app', 'api', 'projects', 'route.ts');
    const diag = await waitFor('the video:remove diagnostic', () => diagnosticsFor(uri).find((d) => d.message.includes('video:remove')));
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
    const titles = await waitFor('quick fixes', async () => {
      const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, diag.range, vscode.CodeActionKind.QuickFix.value);
      const t = actions.map((a) => a.title);
      return t.some((x) => x.startsWith('Add permission')) ? t : undefined;
    });
    assert.ok(titles.includes('Add permission `video:remove` to workos-catalog.json'), titles.join(' | '));
    assert.ok(!titles.some((t) => t.includes('in WorkOS')), titles.join(' | '));
  });

  test('a key stored meanwhile (as from another window) is not handed to the server', async () => {
    assert.ok(api.credentials, 'test mode exports the credentials');
    await api.credentials.store(process.env.WORKOS_AUTHZ_E2E_KEY ?? '');
    assert.equal(await api.credentials.get(), process.env.WORKOS_AUTHZ_E2E_KEY);
    // onDidChange has fired by now; give a (wrong) hand-over and a live fetch time to happen.
    await new Promise((r) => setTimeout(r, 1500));
    await api.session.fetchState();
    assert.equal(api.session.state?.hasApiKey, false);
    assert.equal(api.session.state?.folders[0].source, 'snapshot');
  });

  test('setting a key, refreshing live data and running checks make no API call', async () => {
    assert.equal(await vscode.commands.executeCommand<boolean>('workosAuthz.setApiKey', 'sk_test_whatever_1234'), false);
    await vscode.commands.executeCommand('workosAuthz.accessChecks.runAll');
    assert.equal(await vscode.commands.executeCommand('workosAuthz.pullSnapshot'), undefined);
    // The API server's request count, which the runner checks after this run, proves no call was made.
  });
});
