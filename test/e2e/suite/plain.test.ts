// A TypeScript project that does not use WorkOS: opening a .ts file activates the extension (onLanguage),
// but the language server stays off until the workspace shows WorkOS (here: a catalog file appears).

import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { EXTENSION_ID, waitFor, workspaceUri, type ExtensionApi } from './helpers';

suite('WorkOS Authz extension (a project without WorkOS)', () => {
  test('activates on a TypeScript file but does not start the language server', async () => {
    const doc = await vscode.workspace.openTextDocument(workspaceUri('src', 'index.ts'));
    await vscode.window.showTextDocument(doc);
    const ext = await waitFor('the extension to activate on the TypeScript file', () => {
      const e = vscode.extensions.getExtension<ExtensionApi>(EXTENSION_ID);
      return e?.isActive ? e : undefined;
    });
    await new Promise((r) => setTimeout(r, 1500));
    assert.equal(ext.exports.session.running, false);
  });

  test('starts it once a catalog file appears', async () => {
    const api = vscode.extensions.getExtension<ExtensionApi>(EXTENSION_ID)!.exports;
    const catalog = { version: 1, environmentRoles: [], permissions: [{ slug: 'posts:read', name: 'Read posts', description: null }], organizations: [] };
    await vscode.workspace.fs.writeFile(workspaceUri('workos-catalog.json'), new TextEncoder().encode(JSON.stringify(catalog)));
    await waitFor('the language server to start', () => api.session.running);
    const state = await waitFor('the snapshot catalog', async () => {
      await api.session.fetchState();
      return api.session.state?.folders[0].source === 'snapshot' ? api.session.state : undefined;
    });
    assert.equal(state.folders[0].source, 'snapshot');
  });
});
