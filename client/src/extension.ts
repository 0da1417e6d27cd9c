// Entry point: wiring only. Each concern lives in its own module.

import * as vscode from 'vscode';
import { registerCatalogCommands } from './catalog/catalogCommands';
import { registerCatalogWriteCommands } from './catalog/catalogWriteCommands';
import { createCatalogView } from './catalog/environmentView';
import { AccessCheckTreeProvider } from './checks/accessCheckTree';
import { registerCheckCommands } from './checks/checkCommands';
import { ChecksStore } from './checks/checksStore';
import { affectsApiEndpoint } from './config';
import { Credentials } from './credentials';
import { registerKeyCommands } from './keyCommands';
import { createLogger, type Logger } from './log';
import { ServerSession } from './serverSession';
import { CatalogStatusBar } from './statusBar';
import { CATALOG_GLOB, packageJsonUsesWorkos, workspaceUsesWorkos } from './workspaceDetection';

let session: ServerSession | undefined;

export function activate(context: vscode.ExtensionContext) {
  const log = createLogger('WorkOS Authz');
  const credentials = new Credentials(context.secrets);
  session = new ServerSession(context, credentials, log);
  const statusBar = new CatalogStatusBar();
  const catalogView = createCatalogView(session);
  const catalogTree = catalogView.tree;
  const store = new ChecksStore(context.workspaceState, session);
  const checksTree = new AccessCheckTreeProvider(store);
  const s = session;

  context.subscriptions.push(
    log.channel,
    credentials,
    s,
    statusBar,
    catalogTree,
    store,
    checksTree,
    ...catalogView.disposables,
    vscode.window.registerTreeDataProvider('workosAuthz.accessChecks', checksTree),
    s.onDidChangeState((state) => {
      statusBar.show(state, { restricted: !vscode.workspace.isTrusted, phase: s.phase });
      catalogTree.refresh();
    }),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (affectsApiEndpoint(e)) void s.apiSettingsChanged();
    }),
    vscode.workspace.onDidGrantWorkspaceTrust(() => statusBar.show(s.state, { restricted: false, phase: s.phase })),
    ...registerKeyCommands(s, credentials, log),
    ...registerCatalogCommands(s, log),
    ...registerCatalogWriteCommands(s, log),
    ...registerCheckCommands({
      store,
      session: s,
      log,
      permissions: async () => {
        const catalog = await s.catalog();
        return (catalog?.folders ?? []).flatMap((f) => f.permissions.map((p) => ({ slug: p.slug, name: p.name, resourceTypeSlug: p.resourceTypeSlug })));
      },
    }),
    vscode.commands.registerCommand('workosAuthz.restart', () => s.restart()),
    vscode.commands.registerCommand('workosAuthz.showOutput', () => log.channel.show()),
    vscode.commands.registerCommand('workosAuthz.catalog.refreshView', () => catalogTree.refresh()),
  );

  void store.load();
  void startWhenWorkosIsUsed(context, s, log);
  // Other extensions can read these exports: the credentials (and so the key) only go to tests.
  return context.extensionMode === vscode.ExtensionMode.Test ? { session: s, store, credentials } : { session: s, store };
}

/**
 * Activated by a TypeScript/JavaScript file in a project that may not use WorkOS at all: start the
 * server only once the workspace shows it does (a catalog file or an @workos-inc dependency).
 * Runs after activate() returns, so a large workspace does not hold up activation.
 */
async function startWhenWorkosIsUsed(context: vscode.ExtensionContext, s: ServerSession, log: Logger): Promise<void> {
  // Watch first, then look: a catalog file created while the search runs still starts the server.
  const watchers = [vscode.workspace.createFileSystemWatcher(CATALOG_GLOB), vscode.workspace.createFileSystemWatcher('**/package.json')];
  const maybeStart = async (uri: vscode.Uri) => {
    if (s.phase !== 'idle') return;
    if (uri.path.endsWith('/package.json')) {
      const text = await vscode.workspace.fs.readFile(uri).then((b) => new TextDecoder().decode(b), () => '');
      if (!packageJsonUsesWorkos(text)) return;
    }
    if (s.phase === 'idle') void s.start();
  };
  for (const w of watchers) context.subscriptions.push(w, w.onDidCreate(maybeStart), w.onDidChange(maybeStart));
  if (await workspaceUsesWorkos()) {
    if (s.phase === 'idle') void s.start();
    return;
  }
  if (s.phase === 'idle') log.info('no WorkOS catalog file or @workos-inc dependency found: the language server waits until one appears');
}

export async function deactivate(): Promise<void> {
  await session?.stop();
}
