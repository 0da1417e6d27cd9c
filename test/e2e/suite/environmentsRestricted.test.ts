// The environments workspace untrusted (Restricted Mode), on the profile whose secret storage holds
// production's key from the trusted run: the key is not handed over and no API call is made (the
// runner checks the API's request count); staging's catalog file still works.

import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activate, diagnosticsFor, waitFor, workspaceUri, type ExtensionApi } from './helpers';

suite('WorkOS Authz extension: named environments in Restricted Mode', () => {
  let api: ExtensionApi;

  suiteSetup(async () => {
    api = await activate();
  });

  test('the workspace is untrusted', () => {
    assert.equal(vscode.workspace.isTrusted, false);
  });

  test('staging is checked against, production is not loaded, no missing-in-environment', async () => {
    const envs = await waitFor('the environments in the catalog state', async () => {
      await api.session.fetchState();
      const e = (api.session.state?.folders[0] as { environments?: { name: string; loaded: boolean; hasKey?: boolean }[] } | undefined)?.environments;
      return e?.length === 2 ? e : undefined;
    });
    assert.deepEqual(envs.map((e) => [e.name, e.loaded, e.hasKey ?? null]), [
      ['staging', true, null],
      ['production', false, false],
    ]);
    const page = workspaceUri('app', 'dashboard', 'page.tsx');
    await waitFor('snapshot diagnostics on the dashboard', () => diagnosticsFor(page).find((d) => d.message.includes('video:craete')));
    await new Promise((r) => setTimeout(r, 1500));
    assert.ok(!diagnosticsFor(page).some((d) => d.code === 'missing-in-environment'));
  });

  test('setting an environment key is refused', async () => {
    assert.equal(await vscode.commands.executeCommand<boolean>('workosAuthz.setEnvironmentApiKey', 'production', 'sk_test_whatever_1234'), false);
  });
});
