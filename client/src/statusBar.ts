// One status bar item: where the catalog came from (live host / snapshot / seed file), its age and
// counts; a warning state when it is stale, with the reason in the tooltip and a click that
// refreshes (or asks for a key when the key is what is missing).

import * as vscode from 'vscode';
import type { CatalogStateResult } from '../../server/src/protocol';
import { statusView, type ServerPhase } from './statusText';

export class CatalogStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('workosAuthz.catalogStatus', vscode.StatusBarAlignment.Left, 50);

  constructor() {
    this.item.name = 'WorkOS Authz Catalog';
  }

  show(state: CatalogStateResult | undefined, opts: { restricted: boolean; phase: ServerPhase }): void {
    const v = statusView(state, opts);
    if (!v) {
      this.item.hide();
      return;
    }
    this.item.text = v.text;
    this.item.tooltip = v.tooltip;
    this.item.command = v.command;
    this.item.backgroundColor = v.warning ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
    this.item.show();
  }

  dispose(): void {
    this.item.dispose();
  }
}
