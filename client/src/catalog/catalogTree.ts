// The Catalog view: environment roles, each organization's roles, and permissions with the roles
// that grant them, each with its usage count in the workspace; unused ones are marked and a click
// opens the usages. With named environments it shows the one checked against, one environment,
// or the difference between two. Data comes from the language server (workosAuthz/catalog,
// workosAuthz/environmentDiff).

import * as vscode from 'vscode';
import type { CatalogPermissionNode, CatalogResult, CatalogRoleNode, EnvironmentDiffResult, FolderCatalog } from '../../../server/src/protocol';
import { diffChildren, type DiffEntry, type DiffNode } from './environmentDiffText';

/** What the view shows: the catalog checked against, one named environment, or two compared. */
export type CatalogMode = { kind: 'checked' } | { kind: 'environment'; name: string } | { kind: 'diff'; from: string; to: string };



export type CatalogNode =
  | { type: 'folder'; folder: FolderCatalog }
  | { type: 'group'; folder: FolderCatalog; group: 'environmentRoles' | 'organizations' | 'permissions' }
  | { type: 'organization'; folder: FolderCatalog; org: FolderCatalog['organizations'][number] }
  | { type: 'role'; folder: FolderCatalog; role: CatalogRoleNode }
  | { type: 'permission'; folder: FolderCatalog; permission: CatalogPermissionNode }
  | { type: 'grant'; folder: FolderCatalog; slug: string; label: string; detail: string }
  | DiffNode
  | { type: 'diffEntry'; entry: DiffEntry };

export class CatalogTreeProvider implements vscode.TreeDataProvider<CatalogNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<CatalogNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private data: Promise<CatalogResult | undefined> | undefined;
  private mode: CatalogMode = { kind: 'checked' };

  constructor(
    private readonly load: (environment?: string) => Promise<CatalogResult | undefined>,
    private readonly loadDiff: (from: string, to: string) => Promise<EnvironmentDiffResult | undefined> = async () => undefined,
  ) {}

  get currentMode(): CatalogMode {
    return this.mode;
  }

  setMode(mode: CatalogMode): void {
    this.mode = mode;
    this.refresh();
  }

  refresh(): void {
    this.data = undefined;
    this.changed.fire(undefined);
  }

  async getChildren(node?: CatalogNode): Promise<CatalogNode[]> {
    if (!node && this.mode.kind === 'diff') {
      const { from, to } = this.mode;
      const result = await this.loadDiff(from, to).catch(() => undefined);
      if (!result) return [{ type: 'message', text: 'The WorkOS Authz language server is not running.' }];
      return diffChildren(result);
    }
    if (!node) {
      const mode = this.mode;
      this.data ??= this.load(mode.kind === 'environment' ? mode.name : undefined).catch(() => undefined);
      const result = await this.data;
      if (!result) return [{ type: 'message', text: 'The WorkOS Authz language server is not running.' }];
      const folders = result.folders.filter((f) => f.state.source !== 'none' || result.folders.length === 1);
      if (folders.length === 0) return [{ type: 'message', text: 'No catalog: add workos-catalog.json or set an API key.' }];
      if (folders.length === 1) return folderChildren(folders[0]);
      return folders.map((folder) => ({ type: 'folder', folder }));
    }
    return childrenOf(node);
  }

  getTreeItem(node: CatalogNode): vscode.TreeItem {
    return treeItem(node);
  }

  dispose(): void {
    this.changed.dispose();
  }
}

export function folderChildren(folder: FolderCatalog): CatalogNode[] {
  if (folder.state.source === 'none') {
    return [{ type: 'message', text: folder.state.staleReason ?? 'No catalog: add workos-catalog.json or set an API key.' }];
  }
  return [
    { type: 'group', folder, group: 'environmentRoles' },
    { type: 'group', folder, group: 'organizations' },
    { type: 'group', folder, group: 'permissions' },
  ];
}

export function childrenOf(node: CatalogNode): CatalogNode[] {
  const folder = 'folder' in node ? node.folder : undefined;
  switch (node.type) {
    case 'folder':
      return folderChildren(node.folder);
    case 'group':
      if (node.group === 'environmentRoles') return node.folder.environmentRoles.map((role) => ({ type: 'role', folder: node.folder, role }));
      if (node.group === 'organizations') return node.folder.organizations.map((org) => ({ type: 'organization', folder: node.folder, org }));
      return node.folder.permissions.map((permission) => ({ type: 'permission', folder: node.folder, permission }));
    case 'organization':
      return node.org.roles.map((role) => ({ type: 'role', folder: node.folder, role }));
    case 'diffGroup':
      return node.entries.map((entry) => ({ type: 'diffEntry', entry }));
    case 'role': {
      const names = new Map(node.folder.permissions.map((p) => [p.slug, p.name]));
      return node.role.permissions.map((slug) => ({ type: 'grant', folder: folder!, slug, label: slug, detail: names.get(slug) ?? 'not in the catalog' }));
    }
    case 'permission':
      return node.permission.grantedBy.map((r) => ({
        type: 'grant',
        folder: folder!,
        slug: r.slug,
        label: r.slug,
        detail: r.type === 'EnvironmentRole' ? `environment role · ${r.name}` : `organization role · ${r.organizations.map((o) => o.name).join(', ')}`,
      }));
    default:
      return [];
  }
}

export function usageText(count: number): string {
  return count === 0 ? 'unused' : count === 1 ? '1 use' : `${count} uses`;
}

export function treeItem(node: CatalogNode): vscode.TreeItem {
  const C = vscode.TreeItemCollapsibleState;
  switch (node.type) {
    case 'message':
      return new vscode.TreeItem(node.text);
    case 'folder': {
      const item = new vscode.TreeItem(node.folder.folderName, C.Expanded);
      item.description = node.folder.environment ?? node.folder.state.source;
      item.iconPath = new vscode.ThemeIcon('root-folder');
      return item;
    }
    case 'group': {
      const f = node.folder;
      const [label, count, icon] =
        node.group === 'environmentRoles'
          ? ['Environment roles', f.environmentRoles.length, 'account']
          : node.group === 'organizations'
            ? ['Organizations', f.organizations.length, 'organization']
            : ['Permissions', f.permissions.length, 'key'];
      const item = new vscode.TreeItem(label, node.group === 'organizations' ? C.Collapsed : C.Expanded);
      item.description = String(count);
      item.iconPath = new vscode.ThemeIcon(icon);
      item.id = `${f.folderUri}#${node.group}`;
      return item;
    }
    case 'organization': {
      const item = new vscode.TreeItem(node.org.name, node.org.roles.length ? C.Collapsed : C.None);
      item.description = `${node.org.roles.length} role${node.org.roles.length === 1 ? '' : 's'} · ${node.org.id}`;
      item.iconPath = new vscode.ThemeIcon('organization');
      item.id = `${node.folder.folderUri}#org:${node.org.id}`;
      return item;
    }
    case 'role': {
      const r = node.role;
      const item = new vscode.TreeItem(r.slug, r.permissions.length ? C.Collapsed : C.None);
      item.description = `${r.name} · ${usageText(r.usageCount)}`;
      item.tooltip = new vscode.MarkdownString(
        `**${r.name}** (\`${r.slug}\`)\n\n${r.description ?? ''}\n\n${r.type === 'EnvironmentRole' ? 'Environment role' : 'Organization role'} · resource type \`${r.resourceTypeSlug}\` · ${usageText(r.usageCount)}`,
      );
      item.iconPath = new vscode.ThemeIcon(r.usageCount === 0 ? 'circle-slash' : 'account', r.usageCount === 0 ? new vscode.ThemeColor('disabledForeground') : undefined);
      item.contextValue = r.usageCount === 0 ? 'role.unused' : 'role';
      item.command = { command: 'workosAuthz.catalog.showUsages', title: 'Show Usages', arguments: [{ slug: r.slug, kind: 'role', folderUri: node.folder.folderUri }] };
      return item;
    }
    case 'permission': {
      const p = node.permission;
      const item = new vscode.TreeItem(p.slug, p.grantedBy.length ? C.Collapsed : C.None);
      item.description = `${p.name} · ${usageText(p.usageCount)}`;
      item.tooltip = new vscode.MarkdownString(
        `**${p.name}** (\`${p.slug}\`)\n\n${p.description ?? ''}\n\nResource type \`${p.resourceTypeSlug}\`${p.system ? ' · system' : ''} · granted by ${p.grantedBy.length} role(s) · ${usageText(p.usageCount)}`,
      );
      item.iconPath = new vscode.ThemeIcon(p.usageCount === 0 ? 'circle-slash' : 'key', p.usageCount === 0 ? new vscode.ThemeColor('disabledForeground') : undefined);
      item.contextValue = p.usageCount === 0 ? 'permission.unused' : 'permission';
      item.command = { command: 'workosAuthz.catalog.showUsages', title: 'Show Usages', arguments: [{ slug: p.slug, kind: 'permission', folderUri: node.folder.folderUri }] };
      return item;
    }
    case 'grant': {
      const item = new vscode.TreeItem(node.label);
      item.description = node.detail;
      item.iconPath = new vscode.ThemeIcon('symbol-constant');
      return item;
    }
    case 'diffGroup': {
      const item = new vscode.TreeItem(node.label, C.Expanded);
      item.description = String(node.entries.length);
      item.iconPath = new vscode.ThemeIcon('diff');
      return item;
    }
    case 'diffEntry': {
      const { sign, slug, detail } = node.entry;
      const item = new vscode.TreeItem(`${sign} ${slug}`);
      item.description = detail;
      item.tooltip = `${sign} ${slug}: ${detail}`;
      const [icon, color] = sign === '+' ? ['diff-added', 'gitDecoration.addedResourceForeground'] : sign === '-' ? ['diff-removed', 'gitDecoration.deletedResourceForeground'] : ['diff-modified', 'gitDecoration.modifiedResourceForeground'];
      item.iconPath = new vscode.ThemeIcon(icon, new vscode.ThemeColor(color));
      return item;
    }
  }
}
