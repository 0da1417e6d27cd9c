// Saved access checks live in `workos-checks.json` at the workspace root (shared through git);
// the last result of each check lives in workspaceState (personal, and it goes stale).

import * as vscode from 'vscode';
import {
  CHECKS_FILE_NAME,
  emptyChecksFile,
  newCheckId,
  parseChecksFile,
  serializeChecksFile,
  type ChecksFile,
  type SavedCheck,
} from '../../../server/src/checks/checksFile';
import type { CheckResult } from '../../../server/src/checks/runner';

const RESULTS_KEY = 'workosAuthz.checkResults';

export class ChecksStore implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private file: ChecksFile = emptyChecksFile();
  private fileError: string | undefined;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly state: vscode.Memento) {
    const watcher = vscode.workspace.createFileSystemWatcher(`**/${CHECKS_FILE_NAME}`);
    const reload = () => void this.load();
    watcher.onDidCreate(reload, undefined, this.disposables);
    watcher.onDidChange(reload, undefined, this.disposables);
    watcher.onDidDelete(reload, undefined, this.disposables);
    this.disposables.push(watcher, this.changed);
  }

  /** The checks file of the first workspace folder; undefined without a folder. */
  get uri(): vscode.Uri | undefined {
    const folder = vscode.workspace.workspaceFolders?.[0];
    return folder ? vscode.Uri.joinPath(folder.uri, CHECKS_FILE_NAME) : undefined;
  }

  get checks(): SavedCheck[] {
    return this.file.checks;
  }

  /** Why the file could not be read (bad JSON, a missing field), shown in the view. */
  get error(): string | undefined {
    return this.fileError;
  }

  async load(): Promise<void> {
    const uri = this.uri;
    this.fileError = undefined;
    if (!uri) {
      this.file = emptyChecksFile();
    } else {
      try {
        const bytes = await vscode.workspace.fs.readFile(uri);
        this.file = parseChecksFile(new TextDecoder().decode(bytes), CHECKS_FILE_NAME);
      } catch (e) {
        this.file = emptyChecksFile();
        if (!(e instanceof vscode.FileSystemError) || e.code !== 'FileNotFound') this.fileError = (e as Error).message;
      }
    }
    this.changed.fire();
  }

  async add(check: Omit<SavedCheck, 'id'>): Promise<SavedCheck> {
    const saved: SavedCheck = { id: newCheckId(this.file.checks.map((c) => c.id)), ...check };
    await this.write({ ...this.file, checks: [...this.file.checks, saved] });
    return saved;
  }

  async update(check: SavedCheck): Promise<void> {
    await this.write({ ...this.file, checks: this.file.checks.map((c) => (c.id === check.id ? check : c)) });
  }

  async remove(id: string): Promise<void> {
    await this.write({ ...this.file, checks: this.file.checks.filter((c) => c.id !== id) });
    await this.setResults(this.allResults().filter((r) => r.checkId !== id));
  }

  result(id: string): CheckResult | undefined {
    return this.allResults().find((r) => r.checkId === id);
  }

  async saveResults(results: CheckResult[]): Promise<void> {
    const ids = new Set(results.map((r) => r.checkId));
    await this.setResults([...this.allResults().filter((r) => !ids.has(r.checkId)), ...results]);
    this.changed.fire();
  }

  private allResults(): CheckResult[] {
    return this.state.get<CheckResult[]>(RESULTS_KEY, []);
  }

  private async setResults(results: CheckResult[]): Promise<void> {
    await this.state.update(RESULTS_KEY, results);
  }

  private async write(file: ChecksFile): Promise<void> {
    const uri = this.uri;
    if (!uri) throw new Error('Open a folder to save access checks.');
    if (this.fileError) throw new Error(`${CHECKS_FILE_NAME} has an error; fix it before adding checks: ${this.fileError}`);
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(serializeChecksFile(file)));
    this.file = file;
    this.changed.fire();
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}
