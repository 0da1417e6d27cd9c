// Named environments in a real VS Code: staging is the workspace's workos-catalog.json, production
// is live with its own key (from secret storage) and lacks `reports:export`, which the dashboard
// checks. The diagnostic names both, hover lists each environment, the Catalog view shows one
// environment or the difference.

import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activate, diagnosticsFor, waitFor, workspaceUri, type ExtensionApi } from './helpers';

const ENV_KEY = process.env.WORKOS_AUTHZ_E2E_ENV_KEY ?? '';

interface EnvironmentStateLike {
  name: string;
  primary: boolean;
  loaded: boolean;
  live: boolean;
  hasKey?: boolean;
  error?: string;
}

function environments(api: ExtensionApi): EnvironmentStateLike[] | undefined {
  return (api.session.state?.folders[0] as { environments?: EnvironmentStateLike[] } | undefined)?.environments;
}

suite('WorkOS Authz extension: named environments', () => {
  let api: ExtensionApi;
  const page = () => workspaceUri('app', 'dashboard', 'page.tsx');

  suiteSetup(async () => {
    assert.ok(ENV_KEY.startsWith('sk_test_'), 'the runner passes the environment key');
    api = await activate();
  });

  test('staging is loaded and checked against; production waits for its key', async () => {
    const envs = await waitFor('the environments in the catalog state', async () => {
      await api.session.fetchState();
      const e = environments(api);
      return e?.length === 2 ? e : undefined;
    });
    assert.deepEqual(envs.map((e) => [e.name, e.primary, e.loaded]), [
      ['staging', true, true],
      ['production', false, false],
    ]);
    assert.match(envs[1].error ?? '', /no API key set for this environment/);
    assert.equal(api.session.state?.folders[0].source, 'snapshot');
    await waitFor('snapshot diagnostics on the dashboard', () => diagnosticsFor(page()).find((d) => d.message.includes('video:craete')));
    assert.ok(!diagnosticsFor(page()).some((d) => d.code === 'missing-in-environment'), 'no finding while production is not loaded');
  });

  test('a wrong production key is refused and nothing is stored', async () => {
    assert.equal(await vscode.commands.executeCommand<boolean>('workosAuthz.setEnvironmentApiKey', 'production', 'sk_test_not_the_production_key'), false);
  });

  test('with production\'s key (secret storage), the slug staging has and production lacks is reported, naming both', async () => {
    assert.equal(await vscode.commands.executeCommand<boolean>('workosAuthz.setEnvironmentApiKey', 'production', ENV_KEY), true);
    const diag = await waitFor('missing-in-environment on reports:export', () =>
      diagnosticsFor(page()).find((d) => d.code === 'missing-in-environment' && d.message.includes('reports:export')),
    );
    assert.match(diag.message, /^`reports:export` exists in staging but not in production/);
    assert.equal(diag.severity, vscode.DiagnosticSeverity.Error);
    await api.session.fetchState();
    assert.deepEqual(environments(api)?.map((e) => [e.name, e.loaded, e.hasKey ?? null]), [
      ['staging', true, null],
      ['production', true, true],
    ]);
  });

  test('hover shows each environment\'s answer', async () => {
    const doc = await vscode.workspace.openTextDocument(page());
    await vscode.window.showTextDocument(doc);
    const at = doc.positionAt(doc.getText().indexOf('reports:export') + 3);
    const text = await waitFor('a hover listing the environments', async () => {
      const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', page(), at);
      const md = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
      return md.includes('**Environments**') ? md : undefined;
    });
    assert.match(text, /- staging: ✓ has `reports:export`/);
    assert.match(text, /- production: ✗ no such permission/);
  });

  test('the Catalog view shows one environment, and the difference', async () => {
    const production = (await (api.session as unknown as { catalog(env?: string): Promise<{ folders: { environment?: string; permissions: { slug: string }[] }[] }> }).catalog('production')).folders[0];
    assert.equal(production.environment, 'production');
    assert.ok(!production.permissions.some((p) => p.slug === 'reports:export'));
    const mode = await vscode.commands.executeCommand('workosAuthz.catalog.chooseEnvironment', { kind: 'diff', from: 'staging', to: 'production' });
    assert.deepEqual(mode, { kind: 'diff', from: 'staging', to: 'production' });
    await vscode.commands.executeCommand('workosAuthz.catalog.chooseEnvironment', { kind: 'checked' });
  });

  test('no environment key is in any setting', () => {
    assert.ok(!JSON.stringify(vscode.workspace.getConfiguration('workosAuthz')).includes(ENV_KEY));
  });
});
