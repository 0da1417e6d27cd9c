// Catalog commands: refresh (through the server, with a progress notification), pull a snapshot
// into workos-catalog.json, show drift between that file and the live catalog, show a slug's usages.

import * as vscode from 'vscode';
import { fetchLiveCatalog, sortSnapshot } from '../../../server/src/catalog';
import type { CatalogSnapshot } from '../../../server/src/core/catalog';
import type { SlugKind } from '../../../server/src/core/types';
import { UsagesRequest, type UsagesParams, type UsagesResult } from '../../../server/src/protocol';
import { errorReason } from '../../../server/src/checks/runner';
import { describeEndpoint, readApiEndpoint } from '../config';
import type { Credentials } from '../credentials';
import type { Logger } from '../log';
import type { ServerSession } from '../serverSession';
import { connectionFor } from '../workosApi';
import { diffSnapshots, formatDrift } from './drift';

export function registerCatalogCommands(session: ServerSession, credentials: Credentials, log: Logger): vscode.Disposable[] {
  const liveSnapshot = async (): Promise<CatalogSnapshot | undefined> => {
    if (!vscode.workspace.isTrusted) {
      void vscode.window.showWarningMessage('WorkOS Authz: Restricted Mode makes no API calls. Trust the workspace to pull from WorkOS.');
      return undefined;
    }
    const key = await credentials.get();
    if (!key) {
      const choice = await vscode.window.showWarningMessage('WorkOS Authz: no API key is set.', 'Set API Key');
      if (choice) await vscode.commands.executeCommand('workosAuthz.setApiKey');
      return undefined;
    }
    const endpoint = readApiEndpoint();
    try {
      return await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: `Fetching the catalog from ${describeEndpoint(endpoint)}…`, cancellable: true },
        (_p, token) => {
          const ac = new AbortController();
          token.onCancellationRequested(() => ac.abort());
          return fetchLiveCatalog(connectionFor(key, endpoint), { signal: ac.signal });
        },
      );
    } catch (e) {
      const reason = errorReason(e);
      log.error(`live catalog fetch failed: ${reason}`);
      void vscode.window.showErrorMessage(`WorkOS Authz: could not fetch the catalog: ${reason}`);
      return undefined;
    }
  };

  const snapshotUri = (): vscode.Uri | undefined => {
    const folder = vscode.workspace.workspaceFolders?.[0];
    return folder ? vscode.Uri.joinPath(folder.uri, 'workos-catalog.json') : undefined;
  };

  return [
    vscode.commands.registerCommand('workosAuthz.refreshCatalog', async () => {
      const state = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: 'WorkOS Authz: refreshing the catalog…' },
        () => session.refreshCatalog(),
      );
      const stale = state?.folders.filter((f) => f.stale) ?? [];
      if (stale.length) void vscode.window.showWarningMessage(`WorkOS Authz: catalog is stale: ${stale[0].staleReason ?? 'unknown reason'}`);
      return state;
    }),

    vscode.commands.registerCommand('workosAuthz.pullSnapshot', async () => {
      const uri = snapshotUri();
      if (!uri) return undefined;
      const snapshot = await liveSnapshot();
      if (!snapshot) return undefined;
      const text = JSON.stringify(sortSnapshot(snapshot), null, 2) + '\n';
      await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
      log.info(`pulled ${snapshot.permissions.length} permissions and ${snapshot.environmentRoles.length} environment roles into ${uri.fsPath}`);
      void vscode.window.showInformationMessage(`WorkOS Authz: wrote ${vscode.workspace.asRelativePath(uri)}.`);
      return uri;
    }),

    vscode.commands.registerCommand('workosAuthz.showDrift', async () => {
      const uri = snapshotUri();
      if (!uri) return undefined;
      let local: CatalogSnapshot;
      try {
        local = JSON.parse(new TextDecoder().decode(await vscode.workspace.fs.readFile(uri))) as CatalogSnapshot;
      } catch {
        void vscode.window.showWarningMessage('WorkOS Authz: no workos-catalog.json to compare: pull a snapshot first.');
        return undefined;
      }
      const live = await liveSnapshot();
      if (!live) return undefined;
      const drift = diffSnapshots(local, live);
      const doc = await vscode.workspace.openTextDocument({ language: 'markdown', content: formatDrift(drift, describeEndpoint(readApiEndpoint())) });
      await vscode.window.showTextDocument(doc, { preview: true });
      return drift;
    }),

    vscode.commands.registerCommand('workosAuthz.catalog.showUsages', async (arg?: { slug: string; kind?: SlugKind; folderUri?: string }) => {
      if (!arg?.slug) return;
      const params: UsagesParams = { slug: arg.slug, kind: arg.kind, folderUri: arg.folderUri };
      const result = await session.request<UsagesResult>(UsagesRequest.method, params);
      const usages = result?.usages ?? [];
      if (usages.length === 0) {
        void vscode.window.showInformationMessage(`WorkOS Authz: ${arg.slug} is not used in this workspace.`);
        return;
      }
      const toLocation = (u: (typeof usages)[number]) =>
        new vscode.Location(
          vscode.Uri.parse(u.uri),
          new vscode.Range(u.range.start.line, u.range.start.character, u.range.end.line, u.range.end.character),
        );
      if (usages.length === 1) {
        const loc = toLocation(usages[0]);
        await vscode.window.showTextDocument(loc.uri, { selection: loc.range });
        return;
      }
      const picked = await vscode.window.showQuickPick(
        usages.map((u) => ({
          label: `${vscode.workspace.asRelativePath(vscode.Uri.parse(u.uri))}:${u.range.start.line + 1}`,
          description: u.constant ? `${u.place} via ${u.constant}` : u.place,
          loc: toLocation(u),
        })),
        { title: `Usages of ${arg.slug}`, matchOnDescription: true },
      );
      if (picked) await vscode.window.showTextDocument(picked.loc.uri, { selection: picked.loc.range });
    }),
  ];
}
