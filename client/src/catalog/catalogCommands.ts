// Catalog commands: refresh (through the server, with a progress notification), pull a snapshot
// into the folder's workos-catalog.json, show drift between that file and the live catalog, show
// a slug's usages. The server makes the WorkOS calls and writes the file.

import * as vscode from 'vscode';
import { DriftRequest, PullSnapshotRequest, UsagesRequest, type ApiFailure, type SlugKind } from '../../../server/src/protocol';
import { describeEndpoint, readApiEndpoint } from '../config';
import type { Logger } from '../log';
import type { ServerSession } from '../serverSession';

export function registerCatalogCommands(session: ServerSession, log: Logger): vscode.Disposable[] {
  const firstFolder = (): vscode.WorkspaceFolder | undefined => vscode.workspace.workspaceFolders?.[0];

  /** A cancellable progress notification around a WorkOS request. */
  const withFetchProgress = <T>(run: (token: vscode.CancellationToken) => Promise<T>): Thenable<T> =>
    vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Fetching the catalog from ${describeEndpoint(readApiEndpoint())}…`, cancellable: true },
      (_p, token) => run(token),
    );

  const fetchFailed = (failure: ApiFailure | undefined): undefined => {
    const reason = failure?.message ?? 'the language server is not running';
    log.error(`live catalog fetch failed: ${reason}`);
    void vscode.window.showErrorMessage(`WorkOS Authz: could not fetch the catalog: ${reason}`);
    return undefined;
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
      const folder = firstFolder();
      if (!folder || !(await session.apiReady())) return undefined;
      const result = await withFetchProgress((token) => session.request(PullSnapshotRequest.type, { folderUri: folder.uri.toString() }, token));
      if (!result?.ok) return fetchFailed(result);
      const uri = vscode.Uri.parse(result.uri);
      log.info(`pulled ${result.permissions} permissions and ${result.environmentRoles} environment roles into ${uri.fsPath}${result.written ? '' : ' (unchanged)'}`);
      const name = vscode.workspace.asRelativePath(uri);
      void vscode.window.showInformationMessage(result.written ? `WorkOS Authz: wrote ${name}.` : `WorkOS Authz: ${name} is up to date with ${result.host}.`);
      return uri;
    }),

    vscode.commands.registerCommand('workosAuthz.showDrift', async () => {
      const folder = firstFolder();
      if (!folder || !(await session.apiReady())) return undefined;
      const result = await withFetchProgress((token) => session.request(DriftRequest.type, { folderUri: folder.uri.toString() }, token));
      if (!result?.ok) {
        if (result?.reason === 'no-catalog-file') {
          void vscode.window.showWarningMessage(`WorkOS Authz: ${result.message}`);
          return undefined;
        }
        return fetchFailed(result);
      }
      const doc = await vscode.workspace.openTextDocument({ language: 'markdown', content: result.report });
      await vscode.window.showTextDocument(doc, { preview: true });
      return result;
    }),

    vscode.commands.registerCommand('workosAuthz.catalog.showUsages', async (arg?: { slug: string; kind?: SlugKind; folderUri?: string }) => {
      if (!arg?.slug) return;
      const result = await session.request(UsagesRequest.type, { slug: arg.slug, kind: arg.kind, folderUri: arg.folderUri });
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
