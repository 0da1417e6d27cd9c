// Saved access checks live in `workos-checks.json` at the root of the first workspace folder
// (shared through git), which the language server reads and writes; the last result of each
// check lives in workspaceState (personal, and it goes stale).

import * as vscode from 'vscode';
import {
  AccessChecksRequest,
  AddAccessCheckRequest,
  CHECKS_FILE_NAME,
  DeleteAccessCheckRequest,
  type AccessCheckResult,
  type LabelledCheck,
  type NewAccessCheck,
} from '../../../server/src/protocol';
import type { ServerSession } from '../serverSession';

const RESULTS_KEY = 'workosAuthz.checkResults';

export class ChecksStore implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private saved: LabelledCheck[] = [];
  private fileUri: vscode.Uri | undefined;
  private fileError: string | undefined;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly state: vscode.Memento,
    private readonly session: ServerSession,
  ) {
    const watcher = vscode.workspace.createFileSystemWatcher(`**/${CHECKS_FILE_NAME}`);
    const reload = () => void this.load();
    watcher.onDidCreate(reload, undefined, this.disposables);
    watcher.onDidChange(reload, undefined, this.disposables);
    watcher.onDidDelete(reload, undefined, this.disposables);
    // The file is read by the server: once it runs, the view fills.
    let running = false;
    session.onDidChangeState(() => {
      if (session.phase === 'running' && !running) reload();
      running = session.phase === 'running';
    }, undefined, this.disposables);
    this.disposables.push(watcher, this.changed);
  }

  private get folderUri(): string | undefined {
    return vscode.workspace.workspaceFolders?.[0]?.uri.toString();
  }

  /** The checks file of the first workspace folder; undefined without a folder. */
  get uri(): vscode.Uri | undefined {
    const folder = vscode.workspace.workspaceFolders?.[0];
    return this.fileUri ?? (folder ? vscode.Uri.joinPath(folder.uri, CHECKS_FILE_NAME) : undefined);
  }

  get checks(): LabelledCheck[] {
    return this.saved;
  }

  /** Why the file could not be read (bad JSON, a missing field), shown in the view. */
  get error(): string | undefined {
    return this.fileError;
  }

  /** Reads the file through the server; a server that is not started (no WorkOS here) is not started for it. */
  async load(): Promise<void> {
    const folderUri = this.folderUri;
    const result = folderUri ? await this.session.requestIfStarted(AccessChecksRequest.type, { folderUri }).catch(() => undefined) : undefined;
    this.saved = result?.checks ?? [];
    this.fileError = result?.error;
    this.fileUri = result?.uri ? vscode.Uri.parse(result.uri) : undefined;
    this.changed.fire();
  }

  async add(check: NewAccessCheck): Promise<LabelledCheck> {
    const folderUri = this.folderUri;
    if (!folderUri) throw new Error('Open a folder to save access checks.');
    const answer = await this.session.request(AddAccessCheckRequest.type, { folderUri, check });
    if (!answer?.ok) throw new Error(answer?.message ?? 'the language server is not running');
    await this.load();
    return answer.check;
  }

  async remove(id: string): Promise<void> {
    const folderUri = this.folderUri;
    if (!folderUri) return;
    const answer = await this.session.request(DeleteAccessCheckRequest.type, { folderUri, id });
    if (!answer?.ok) throw new Error(answer?.message ?? 'the language server is not running');
    await this.setResults(this.allResults().filter((r) => r.checkId !== id));
    await this.load();
  }

  result(id: string): AccessCheckResult | undefined {
    return this.allResults().find((r) => r.checkId === id);
  }

  async saveResults(results: AccessCheckResult[]): Promise<void> {
    const ids = new Set(results.map((r) => r.checkId));
    await this.setResults([...this.allResults().filter((r) => !ids.has(r.checkId)), ...results]);
    this.changed.fire();
  }

  private allResults(): AccessCheckResult[] {
    return this.state.get<AccessCheckResult[]>(RESULTS_KEY, []);
  }

  private async setResults(results: AccessCheckResult[]): Promise<void> {
    await this.state.update(RESULTS_KEY, results);
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}
