// The server's state and what every handler shares: the workspace (folders, indexing, watched
// files), open documents and their re-check after typing, settings, the catalogs (files and live),
// and the diagnostics publisher. Handlers in the feature modules only read.

import type { Connection, TextDocuments } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Catalog } from '../core/catalog';
import { doValidation } from '../core/languageService';
import { prepareSuggestions } from '../core/rules';
import type { EnvironmentCatalog } from '../core/environments';
import type { Finding } from '../core/types';
import { isSourceFile } from '../fs/walk';
import type { ApiEndpoint, FolderCatalogState, InitializationOptions, WorkosAuthzSettings } from '../protocol';
import { CatalogStateChangedNotification, type CatalogStateResult } from '../protocol';
import { normalizeSettings, ruleSettings, settingsChange, SETTINGS_SECTION } from '../settings';
import { folderCatalogState, loadFileCatalog } from './catalogState';
import { DiagnosticsPublisher } from './diagnostics';
import type { Folder } from './folder';
import { Environments } from './environments';
import { LiveCatalog } from './liveCatalog';
import { logError } from './runSafe';
import { yieldToLoop } from './slices';
import { recordTiming } from './timings';
import { canonicalUri, uriToPath } from './uris';
import { Workspace, type WorkspaceHost, type WorkspaceOptions } from './workspace';

/** Quiet time after the last keystroke before a document is re-checked. */
export const CHANGE_DEBOUNCE_MS = 150;
/** How long an opened document waits for the requests queued behind its opening. */
export const OPEN_CHECK_MS = 20;
/** Background refresh of the live catalog while a key is set. */
const LIVE_REFRESH_MS = 10 * 60 * 1000;

export class Session implements WorkspaceHost {
  readonly live = new LiveCatalog();
  /** The live catalogs of named environments, each with its own key. */
  readonly environments = new Environments();
  readonly diagnostics: DiagnosticsPublisher;
  readonly workspace: Workspace;
  initOptions: InitializationOptions = {};
  supportsConfiguration = false;
  /** Runs whenever a catalog may have changed (before the state goes to the client): the generated types follow. */
  onCatalogChange?: () => void;
  /** Documents edited since their last check, with the text to check once typing pauses. */
  private readonly pending = new Map<string, { timer: NodeJS.Timeout; doc: TextDocument }>();
  private liveTimer?: NodeJS.Timeout;
  private disposed = false;

  constructor(
    readonly connection: Connection,
    readonly documents: TextDocuments<TextDocument>,
    options: WorkspaceOptions = {},
  ) {
    this.diagnostics = new DiagnosticsPublisher(connection, this);
    this.workspace = new Workspace(this, options);
  }

  // ------------------------------------------------------------------ lookups

  get folders(): Map<string, Folder> {
    return this.workspace.folders;
  }

  folderFor(uri: string): Folder | undefined {
    return this.workspace.folderFor(uri);
  }

  foldersFor(folderUri?: string): Folder[] {
    return this.workspace.foldersFor(folderUri);
  }

  document(uri: string): TextDocument | undefined {
    return this.documents.get(uri) ?? this.documents.all().find((d) => canonicalUri(d.uri) === uri);
  }

  openDocuments(): TextDocument[] {
    return this.documents.all();
  }

  openDocumentUris(): string[] {
    return this.documents.all().map((d) => canonicalUri(d.uri));
  }

  /**
   * The catalog findings are checked against: with named environments the primary one (while it
   * is loaded); else live when a key works, else the folder's file.
   */
  catalogFor(folder: Folder): Catalog | undefined {
    if (folder.settings.environments.length) {
      const primary = this.environments.primaryCatalog(folder);
      if (primary) return primary;
    }
    if (this.live.hasKey) {
      const live = this.live.state().catalog;
      if (live) return live;
    }
    return folder.fileCatalog.catalog;
  }

  findings(folder: Folder, uri: string): Finding[] {
    return doValidation(folder.index, uri, this.catalogFor(folder), ruleSettings(folder.settings), this.environmentCatalogs(folder));
  }

  prepareFindings(folder: Folder, uri: string, from: number, deadline: number): number | undefined {
    const catalog = this.catalogFor(folder);
    if (!catalog || !folder.index.has(uri)) return undefined;
    const occurrences = folder.index.occurrences(uri);
    const next = prepareSuggestions(occurrences, catalog, from, deadline);
    return next < occurrences.length ? next : undefined;
  }

  /** The named environments' catalogs for `missing-in-environment` and hover; empty when none are set. */
  environmentCatalogs(folder: Folder): EnvironmentCatalog[] {
    return folder.settings.environments.length ? this.environments.catalogs(folder) : [];
  }

  addFolder(uri: string, name?: string): Promise<void> {
    return this.workspace.addFolder(uri, name);
  }

  removeFolder(uri: string): void {
    this.workspace.removeFolder(uri);
  }

  didChangeWatchedFiles(changes: { uri: string; type: 'created' | 'changed' | 'deleted' }[]): void {
    this.workspace.didChangeWatchedFiles(changes);
  }

  // ------------------------------------------------------------------ settings

  fallbackSettings(): WorkosAuthzSettings {
    return normalizeSettings(undefined, this.initOptions.settings ?? {});
  }

  async settingsFor(folder: Folder): Promise<WorkosAuthzSettings> {
    const fallback = this.initOptions.settings ?? {};
    if (!this.supportsConfiguration) return normalizeSettings(undefined, fallback);
    try {
      const raw = await this.connection.workspace.getConfiguration({ scopeUri: folder.uri, section: SETTINGS_SECTION });
      return normalizeSettings(raw, fallback);
    } catch (err) {
      logError(this.connection, 'reading settings', err);
      return normalizeSettings(undefined, fallback);
    }
  }

  /** Re-reads every folder's settings and does only what the difference requires. */
  async reloadSettings(pushed?: unknown): Promise<void> {
    for (const folder of [...this.workspace.folders.values()]) {
      const before = folder.settings;
      folder.settings = this.supportsConfiguration
        ? await this.settingsFor(folder)
        : normalizeSettings(sectionOf(pushed), this.initOptions.settings ?? {});
      const change = settingsChange(before, folder.settings);
      if (change === 'reindex' && folder.loose) {
        this.workspace.rescanLoose(folder);
      } else if (change === 'reindex') {
        loadFileCatalog(folder);
        void this.workspace.indexFolder(folder);
      } else if (change === 'catalog') {
        loadFileCatalog(folder);
        void this.diagnostics.publishAll(folder);
      } else if (change === 'rules') {
        void this.diagnostics.publishAll(folder);
      }
      if (change !== 'none') this.notifyCatalogState();
    }
  }

  // ------------------------------------------------------------------ documents

  /**
   * Checks an opened document a moment later: requests already queued (a completion asked right
   * after opening) are answered first, and any request that needs the document's results checks
   * it at once (`indexed`, `flush`).
   */
  didOpen(doc: TextDocument): void {
    this.checkLater(doc, OPEN_CHECK_MS);
  }

  /** Re-checks the document once typing pauses; the document itself is kept, not looked up again. */
  didChange(doc: TextDocument): void {
    // The protocol's document store reports an opening as a change of content too: the same
    // version as the check already pending, which stands (an opening is checked sooner).
    if (this.pending.get(canonicalUri(doc.uri))?.doc.version === doc.version) return;
    this.checkLater(doc, CHANGE_DEBOUNCE_MS);
  }

  private checkLater(doc: TextDocument, ms: number): void {
    const uri = canonicalUri(doc.uri);
    this.cancelPending(uri);
    const timer = setTimeout(async () => {
      // A check scans the whole document (a 5,000-line file takes 60-100 ms before the JIT has
      // warmed up): requests already read are answered first, not held behind it.
      await yieldToLoop();
      // Checked meanwhile by a request that needed it, scheduled again, or closed: nothing to do.
      if (this.pending.get(uri)?.timer !== timer) return;
      this.pending.delete(uri);
      this.checkNow(uri, doc);
    }, ms);
    this.pending.set(uri, { timer, doc });
  }

  didClose(doc: TextDocument): void {
    const uri = canonicalUri(doc.uri);
    this.cancelPending(uri);
    const folder = this.folderFor(uri);
    if (!folder) return;
    // Unsaved edits are gone: the file on disk (if it belongs to the index) is the truth again.
    this.workspace.applyDiskChange(folder, uri, folder.diskFiles.has(uri) ? 'changed' : 'deleted', true);
  }

  /**
   * The folder whose index holds this document, with any pending edit checked first, so a
   * request answers about the text the editor shows; undefined when no index holds it.
   */
  indexed(documentUri: string): { uri: string; folder: Folder } | undefined {
    const uri = canonicalUri(documentUri);
    const folder = this.folderFor(uri);
    if (!folder) return undefined;
    this.flush(uri);
    return folder.index.has(uri) ? { uri, folder } : undefined;
  }

  /** Checks a pending edit now instead of after the pause. */
  flush(uri: string): void {
    const key = canonicalUri(uri);
    const pending = this.pending.get(key);
    if (pending) {
      this.cancelPending(key);
      this.checkNow(key, pending.doc);
    }
  }

  private cancelPending(uri: string): void {
    const pending = this.pending.get(uri);
    if (pending) clearTimeout(pending.timer);
    this.pending.delete(uri);
  }

  private checkNow(uri: string, doc: TextDocument): void {
    const file = uriToPath(uri);
    if (file === undefined || !isSourceFile(file)) return;
    const folder = this.folderFor(uri) ?? this.workspace.looseFolderFor(file);
    // The size limit holds for open documents too: a generated blob opened by accident is not scanned.
    if (doc.getText().length > folder.settings.maxFileSize) {
      if (folder.index.has(uri)) this.diagnostics.publish(folder, [uri, ...folder.index.removeFile(uri)]);
      return;
    }
    try {
      const started = performance.now();
      const changed = folder.index.updateFile(uri, doc.getText());
      this.diagnostics.publish(folder, [uri, ...changed]);
      recordTiming('recheck', performance.now() - started);
    } catch (err) {
      logError(this.connection, `checking ${uri}`, err);
    }
  }

  // ------------------------------------------------------------------ catalogs

  async refreshCatalogs(folders: Folder[]): Promise<void> {
    for (const folder of folders) loadFileCatalog(folder);
    await Promise.all([this.live.hasKey ? this.live.refresh() : undefined, this.environments.refresh()]);
    const all = this.live.hasKey || this.environments.hasKeys ? [...this.workspace.folders.values()] : folders;
    await Promise.all(all.map((folder) => this.diagnostics.publishAll(folder)));
    this.notifyCatalogState();
  }

  /** A new key or API endpoint: fetch the live catalog, then re-check everything against it. */
  async setApiKey(apiKey: string | null, api?: ApiEndpoint): Promise<void> {
    const moved = this.live.configure(apiKey, api);
    // Environment keys go to the same user-level host as the main key.
    const environmentsMoved = api !== undefined && this.environments.setEndpoint(this.live.api);
    if (!moved && !environmentsMoved) return;
    this.restartRefreshTimer();
    this.notifyCatalogState();
    await Promise.all([this.live.refresh(), environmentsMoved ? this.environments.refresh() : undefined]);
    await Promise.all([...this.workspace.folders.values()].map((folder) => this.diagnostics.publishAll(folder)));
    this.notifyCatalogState();
  }

  /** A named environment's key: fetch its live catalog, then re-check everything. */
  async setEnvironmentApiKey(environment: string, apiKey: string | null): Promise<void> {
    if (!this.environments.setKey(environment, apiKey, this.live.api)) return;
    this.restartRefreshTimer();
    this.notifyCatalogState();
    await this.environments.refresh([environment]);
    await Promise.all([...this.workspace.folders.values()].map((folder) => this.diagnostics.publishAll(folder)));
    this.notifyCatalogState();
  }

  private restartRefreshTimer(): void {
    if (this.liveTimer) clearInterval(this.liveTimer);
    this.liveTimer = undefined;
    if (this.live.hasKey || this.environments.hasKeys) {
      // Someone may change roles in the dashboard meanwhile; a slow background refresh picks it up.
      this.liveTimer = setInterval(() => void this.refreshCatalogs([]).catch(() => undefined), LIVE_REFRESH_MS);
      this.liveTimer.unref();
    }
  }

  catalogState(folders: Folder[] = [...this.workspace.folders.values()]): CatalogStateResult {
    return { folders: folders.map((f) => this.folderCatalogState(f)), hasApiKey: this.live.hasKey };
  }

  folderCatalogState(folder: Folder): FolderCatalogState {
    const catalog = this.catalogFor(folder);
    const state = folderCatalogState(folder, catalog, this.live);
    if (!folder.settings.environments.length) return state;
    state.environments = this.environments.states(folder);
    const primary = state.environments.find((e) => e.primary);
    if (primary?.loaded && catalog === this.environments.primaryCatalog(folder)) {
      // Checked against the primary environment: say where that catalog came from.
      delete state.path;
      delete state.host;
      if (primary.path) state.path = primary.path;
      if (primary.host) state.host = primary.host;
      if (primary.error) {
        state.stale = true;
        state.staleReason = `${primary.name}: ${primary.error}`;
      }
    }
    return state;
  }

  catalogStateChanged(): void {
    this.notifyCatalogState();
  }

  notifyCatalogState(): void {
    if (this.disposed) return;
    this.onCatalogChange?.();
    void this.connection.sendNotification(CatalogStateChangedNotification.type, this.catalogState()).catch(() => undefined);
  }

  dispose(): void {
    this.disposed = true;
    for (const p of this.pending.values()) clearTimeout(p.timer);
    if (this.liveTimer) clearInterval(this.liveTimer);
    this.pending.clear();
    this.live.dispose();
    this.environments.dispose();
    this.workspace.dispose();
    this.diagnostics.dispose();
  }
}

function sectionOf(pushed: unknown): unknown {
  if (pushed && typeof pushed === 'object' && SETTINGS_SECTION in (pushed as object)) {
    return (pushed as Record<string, unknown>)[SETTINGS_SECTION];
  }
  return undefined;
}
