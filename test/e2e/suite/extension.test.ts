// The extension in a real VS Code (code-server's extension host), on a copy of examples/acme-app,
// with the WorkOS-compatible test server as the API. Runs in order: the key is set half-way.

import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activate, diagnosticsFor, waitFor, workspaceUri, type CheckResultLike, type ExtensionApi } from './helpers';

const KEY = process.env.WORKOS_AUTHZ_E2E_KEY ?? '';
const API_PORT = process.env.WORKOS_AUTHZ_E2E_API_PORT ?? '';

suite('WorkOS Authz extension (trusted workspace)', () => {
  let api: ExtensionApi;

  suiteSetup(async () => {
    assert.ok(KEY.startsWith('sk_test_'), 'the runner passes the test key');
    assert.ok(API_PORT, 'the runner passes the API port');
    api = await activate();
  });

  test('starts the language server with the snapshot catalog', async () => {
    const state = await waitFor('a catalog state', () => api.session.state?.folders[0]);
    assert.equal(state.source, 'snapshot');
    assert.equal(api.session.state?.hasApiKey, false);
  });

  test('publishes diagnostics for files that are not open', async () => {
    const uri = workspaceUri('lib', 'permissions.ts');
    assert.ok(!vscode.workspace.textDocuments.some((d) => d.uri.toString() === uri.toString()), 'permissions.ts is not open');
    const diags = await waitFor('a diagnostic on billing:veiw', () => {
      const found = diagnosticsFor(uri).filter((d) => d.message.includes('billing:veiw'));
      return found.length ? found : undefined;
    });
    assert.equal(diags[0].severity, vscode.DiagnosticSeverity.Error);
  });

  test('indexes a new file and completes permission slugs only, in a permission place', async () => {
    const uri = workspaceUri('lib', 'e2eProbe.ts');
    const text = [
      "import { withAuth } from '@workos-inc/authkit-nextjs';",
      '',
      'export async function probe() {',
      '  const { permissions } = await withAuth();',
      "  return permissions.includes('video:craete') || permissions.includes('vid');",
      '}',
      '',
    ].join('\n');
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc);
    await waitFor('a diagnostic on video:craete', () => diagnosticsFor(uri).find((d) => d.message.includes('video:craete')));

    const offset = text.indexOf("'vid'") + 4;
    const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', uri, doc.positionAt(offset));
    const labels = list.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
    for (const slug of ['video:create', 'video:view', 'video:delete']) assert.ok(labels.includes(slug), `completion offers ${slug}: ${labels.join(', ')}`);
    for (const role of ['admin', 'editor', 'org-billing-admin']) assert.ok(!labels.includes(role), `completion does not offer the role ${role}`);
  });

  test('applies the quick fix for a misspelt permission and the diagnostic goes away', async () => {
    const uri = workspaceUri('lib', 'permissions.ts');
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc);
    const diag = await waitFor('the billing:veiw diagnostic', () => diagnosticsFor(uri).find((d) => d.message.includes('billing:veiw')));
    // A request can be cancelled by the editor while the file is still being analysed: ask again.
    const fix = await waitFor('a quick fix to billing:view', async () => {
      const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, diag.range, vscode.CodeActionKind.QuickFix.value);
      return actions.find((a) => a.edit && a.title.includes('billing:view'));
    });
    assert.ok(await vscode.workspace.applyEdit(fix.edit!));
    assert.ok(doc.getText().includes("BILLING_VIEW: 'billing:view'"));
    await waitFor('the diagnostic to clear', () => !diagnosticsFor(uri).some((d) => d.message.includes('billing:veiw')));
    await doc.save();
  });

  test('refuses a key the API rejects and stores nothing', async () => {
    const stored = await vscode.commands.executeCommand<boolean>('workosAuthz.setApiKey', 'sk_test_not_a_valid_key_000');
    assert.equal(stored, false);
    await api.session.fetchState();
    assert.equal(api.session.state?.hasApiKey, false);
  });

  test('validates and stores the key, hands it to the server, which fetches the live catalog', async () => {
    const stored = await vscode.commands.executeCommand<boolean>('workosAuthz.setApiKey', KEY);
    assert.equal(stored, true);
    const live = await waitFor('the live catalog', async () => {
      await api.session.fetchState();
      const f = api.session.state?.folders[0];
      return f?.source === 'live' ? f : undefined;
    });
    assert.match(live.host ?? '', new RegExp(`127\\.0\\.0\\.1(:${API_PORT})?`));
    assert.equal(api.session.state?.hasApiKey, true);
  });

  test('the Catalog view data counts usages and marks unused permissions', async () => {
    const catalog = await api.session.catalog();
    const perms = catalog?.folders[0].permissions ?? [];
    const videoCreate = perms.find((p) => p.slug === 'video:create');
    assert.ok(videoCreate && videoCreate.usageCount > 0, 'video:create is used in the example');
    assert.ok(perms.some((p) => p.usageCount === 0), 'some permission is unused');
  });

  test('a click on a catalog entry with one use opens it', async () => {
    await vscode.commands.executeCommand('workosAuthz.catalog.showUsages', { slug: 'workspace-admin', kind: 'role' });
    const editor = await waitFor('an editor on the usage', () => vscode.window.activeTextEditor);
    assert.equal(editor.document.getText(editor.selection), 'workspace-admin');
  });

  test('refresh, pull a snapshot, and show no drift right after the pull', async () => {
    const state = await vscode.commands.executeCommand<{ folders: { source: string }[] }>('workosAuthz.refreshCatalog');
    assert.equal(state.folders[0].source, 'live');
    const uri = await vscode.commands.executeCommand<vscode.Uri>('workosAuthz.pullSnapshot');
    assert.equal(uri.toString(), workspaceUri('workos-catalog.json').toString());
    const pulled = JSON.parse(new TextDecoder().decode(await vscode.workspace.fs.readFile(uri))) as { permissions: { slug: string }[]; host?: string };
    assert.ok(pulled.permissions.some((p) => p.slug === 'billing:view'));
    assert.ok(!JSON.stringify(pulled).includes(KEY));
    const drift = await vscode.commands.executeCommand<{ changes: number; diff: { permissions: { added: unknown[]; removed: unknown[] } } }>('workosAuthz.showDrift');
    assert.equal(drift.changes, 0, JSON.stringify(drift.diff));
    assert.deepEqual(drift.diff.permissions.added, []);
    assert.match(vscode.window.activeTextEditor?.document.getText() ?? '', /^# Catalog drift/);
  });

  test('runs access checks: ✓ through a group, ✗ with a direct role, saved to workos-checks.json', async () => {
    const org = { id: 'org_01HQACME00000000000000000A', name: 'Acme Inc.' };
    const alice = await vscode.commands.executeCommand<{ id: string }>('workosAuthz.accessChecks.add', {
      organization: org,
      membership: { email: 'alice@acme.test' },
      permission: 'workspace:edit',
      resource: { typeSlug: 'workspace', externalId: 'ws-engineering', name: 'Engineering' },
      expected: 'allow',
    });
    const bob = await vscode.commands.executeCommand<{ id: string }>('workosAuthz.accessChecks.add', {
      organization: org,
      membership: { email: 'bob@acme.test' },
      permission: 'project:edit',
      resource: { typeSlug: 'project', externalId: 'proj-web', name: 'Web' },
    });
    const a = api.store.result(alice.id) as CheckResultLike;
    assert.equal(a.outcome, 'allowed', a.reason);
    assert.ok(
      a.effectiveRoles.some((r) => r.role === 'workspace-admin' && r.source.type === 'group' && r.source.groupName === 'Engineering' && r.resource.name === 'Engineering'),
      JSON.stringify(a.effectiveRoles),
    );
    const b = api.store.result(bob.id) as CheckResultLike;
    assert.equal(b.outcome, 'denied');
    assert.equal(b.reason, 'bob@acme.test has no role granting project:edit on Project: Web');
    assert.ok(b.effectiveRoles.some((r) => r.role === 'project-viewer' && r.source.type === 'direct'));

    const file = new TextDecoder().decode(await vscode.workspace.fs.readFile(workspaceUri('workos-checks.json')));
    const saved = JSON.parse(file) as { checks: { id: string; membership: { email: string } }[] };
    assert.deepEqual(saved.checks.map((c) => c.membership.email), ['alice@acme.test', 'bob@acme.test']);
    assert.ok(!file.includes(KEY));

    const all = await vscode.commands.executeCommand<CheckResultLike[]>('workosAuthz.accessChecks.runAll');
    assert.deepEqual(all.map((r) => r.outcome), ['allowed', 'denied']);
  });

  test('clearing the key takes the server back to the snapshot, then the key is set again', async () => {
    await vscode.commands.executeCommand('workosAuthz.clearApiKey');
    await waitFor('the snapshot catalog', async () => {
      await api.session.fetchState();
      return api.session.state?.folders[0].source === 'snapshot' && !api.session.state.hasApiKey;
    });
    assert.equal(await vscode.commands.executeCommand<boolean>('workosAuthz.setApiKey', KEY), true);
    assert.equal(await api.credentials?.get(), KEY);
  });

  test('the key is in no setting', () => {
    const inspect = JSON.stringify(vscode.workspace.getConfiguration('workosAuthz'));
    assert.ok(!inspect.includes(KEY));
  });
});
