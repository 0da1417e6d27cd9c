// The Access Checks view: each saved check with its last answer (✓ allowed / ✗ denied), when it
// ran and why it failed; under it, the membership's effective roles and where each came from.

import * as vscode from 'vscode';
import type { AccessCheckResult, LabelledCheck } from '../../../server/src/protocol';
import type { ChecksStore } from './checksStore';
import { checkChildren, checkDescription, type AccessCheckNode } from './checkText';

export type { AccessCheckNode };

export class AccessCheckTreeProvider implements vscode.TreeDataProvider<AccessCheckNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<AccessCheckNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly subscription: vscode.Disposable;

  constructor(
    private readonly store: ChecksStore,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.subscription = store.onDidChange(() => this.changed.fire(undefined));
  }

  refresh(): void {
    this.changed.fire(undefined);
  }

  getChildren(node?: AccessCheckNode): AccessCheckNode[] {
    if (!node) {
      const roots: AccessCheckNode[] = this.store.checks.map((check) => ({ type: 'check', check, result: this.store.result(check.id) }));
      if (this.store.error) roots.unshift({ type: 'fileError', text: this.store.error });
      return roots;
    }
    if (node.type !== 'check' || !node.result) return [];
    return checkChildren(node.result);
  }

  getTreeItem(node: AccessCheckNode): vscode.TreeItem {
    switch (node.type) {
      case 'check':
        return checkItem(node.check, node.result, this.now());
      case 'reason': {
        const item = new vscode.TreeItem(node.text);
        item.iconPath = new vscode.ThemeIcon(node.error ? 'warning' : 'info');
        item.tooltip = node.text;
        return item;
      }
      case 'role': {
        const item = new vscode.TreeItem(node.role.description ?? node.role.role);
        item.iconPath = new vscode.ThemeIcon(node.role.source.type === 'group' ? 'organization' : 'person');
        item.contextValue = 'effectiveRole';
        return item;
      }
      case 'info':
        return new vscode.TreeItem(node.text);
      case 'fileError': {
        const item = new vscode.TreeItem(`workos-checks.json: ${node.text}`);
        item.iconPath = new vscode.ThemeIcon('error', new vscode.ThemeColor('errorForeground'));
        return item;
      }
    }
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}

export function checkItem(check: LabelledCheck, result: AccessCheckResult | undefined, now: Date): vscode.TreeItem {
  const item = new vscode.TreeItem(check.label, result ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.None);
  // A new id per run: VS Code keeps a tree item's expansion state by id, and a check that has just
  // run should open to show its effective roles.
  item.id = `${check.id}@${result?.ranAt ?? 'never'}`;
  item.contextValue = 'accessCheck';
  item.description = checkDescription(result, now);
  item.iconPath = checkIcon(result);
  const md = new vscode.MarkdownString();
  md.appendMarkdown(`**${escapeMd(check.label)}**\n\n`);
  md.appendMarkdown(`- Membership: ${escapeMd(check.membership.email ?? check.membership.id ?? '')}\n`);
  md.appendMarkdown(`- Organization: ${escapeMd(check.organization.name ?? check.organization.id)}\n`);
  md.appendMarkdown(`- Permission: \`${check.permission}\`\n`);
  md.appendMarkdown(`- Resource: ${escapeMd(check.resourceLabel)}\n`);
  if (check.expected) md.appendMarkdown(`- Expected: ${check.expected}\n`);
  if (result?.reason) md.appendMarkdown(`\n${escapeMd(result.reason)}\n`);
  item.tooltip = md;
  item.command = { command: 'workosAuthz.accessChecks.run', title: 'Run Access Check', arguments: [{ type: 'check', check }] };
  return item;
}

function checkIcon(result: AccessCheckResult | undefined): vscode.ThemeIcon {
  if (!result) return new vscode.ThemeIcon('circle-large-outline');
  if (result.outcome === 'error' || result.mismatch) return new vscode.ThemeIcon('error', new vscode.ThemeColor('testing.iconErrored'));
  if (result.outcome === 'allowed') return new vscode.ThemeIcon('pass', new vscode.ThemeColor('testing.iconPassed'));
  return new vscode.ThemeIcon('circle-slash', new vscode.ThemeColor('testing.iconFailed'));
}

function escapeMd(s: string): string {
  return s.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, '\\$&');
}
