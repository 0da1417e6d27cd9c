// Which catalog the Catalog view shows when `workosAuthz.environments` is set: the one checked
// against, one named environment, or the difference between two (the same diff as
// `workos-authz catalog diff --between`).

import * as vscode from 'vscode';
import { EnvironmentDiffRequest } from '../../../server/src/protocol';
import type { ServerSession } from '../serverSession';
import { CatalogTreeProvider, type CatalogMode } from './catalogTree';

export function modeDescription(mode: CatalogMode): string | undefined {
  if (mode.kind === 'environment') return mode.name;
  if (mode.kind === 'diff') return `${mode.from} → ${mode.to}`;
  return undefined;
}

export function createCatalogView(session: ServerSession): { tree: CatalogTreeProvider; disposables: vscode.Disposable[] } {
  const tree = new CatalogTreeProvider(
    (environment) => session.catalog(environment),
    (from, to) => session.request(EnvironmentDiffRequest.type, { from, to }),
  );
  const view = vscode.window.createTreeView('workosAuthz.catalog', { treeDataProvider: tree });
  const show = (mode: CatalogMode) => {
    tree.setMode(mode);
    view.description = modeDescription(mode);
  };
  const choose = vscode.commands.registerCommand('workosAuthz.catalog.chooseEnvironment', async (given?: CatalogMode): Promise<CatalogMode | undefined> => {
    if (given && typeof given === 'object' && typeof given.kind === 'string') {
      show(given);
      return given;
    }
    const environments = (session.state ?? (await session.fetchState()))?.folders.find((f) => f.environments?.length)?.environments ?? [];
    if (environments.length === 0) {
      void vscode.window.showInformationMessage('WorkOS Authz: no environments are configured ("workosAuthz.environments").');
      return undefined;
    }
    const primary = environments.find((e) => e.primary) ?? environments[0];
    type Item = vscode.QuickPickItem & { mode: CatalogMode };
    const items: Item[] = [
      { label: '$(check) Checked against', description: primary.name, mode: { kind: 'checked' } },
      ...environments.map((e): Item => ({
        label: `$(layers) ${e.name}`,
        description: e.loaded ? (e.live ? `live ${e.host ?? ''}` : e.path) : `not loaded: ${e.error ?? ''}`,
        mode: { kind: 'environment', name: e.name },
      })),
      ...environments.flatMap((a) =>
        environments.filter((b) => b !== a).map((b): Item => ({ label: `$(diff) ${a.name} → ${b.name}`, description: 'difference', mode: { kind: 'diff', from: a.name, to: b.name } })),
      ),
    ];
    const picked = await vscode.window.showQuickPick(items, { title: 'Catalog view: which environment' });
    if (picked) show(picked.mode);
    return picked?.mode;
  });
  return { tree, disposables: [view, choose] };
}
