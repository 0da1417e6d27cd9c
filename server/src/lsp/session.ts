// The server's state and the operations every handler shares: which folder a file belongs to,
// keeping each folder's index current (disk walk in slices, open documents, watched files),
// loading catalogs, and publishing diagnostics. Handlers in the feature modules only read.

import * as path from 'node:path';
import type { Connection, TextDocuments } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Catalog } from '../core/catalog';
import type { Finding } from '../core/types';
import { CATALOG_FILE_NAMES, discoverCatalogFile } from '../catalog/index';
import { isSourceFile, readSourceFile, walkWorkspace } from '../fs/walk';
import type { ApiEndpoint, FolderCatalogState, InitializationOptions, WorkosAuthzSettings } from '../protocol';
import { CatalogStateChangedNotification, type CatalogStateResult } from '../protocol';
import { folderCatalogState, loadFileCatalog } from './catalogState';
import { publishFindings, clearDiagnostics } from './diagnostics';
import { Folder } from './folder';
import { LiveCatalog } from './liveCatalog';
import { logError } from './runSafe';
import { recordTiming } from './timings';
import { helperSpecs, normalizeSettings, ruleSettings, settingsChange, SETTINGS_SECTION } from '../settings';
import { canonicalUri, isInside, pathToUri, uriToPath } from './uris';

/** How long the loop may run between yields while indexing. */
const SLICE_MS = 8;
/** Quiet time after the last keystroke before a document is re-checked. */
export const CHANGE_DEBOUNCE_MS = 150;
/** Background refresh of the live catalog while a key is set. */
const LIVE_REFRESH_MS = 10 * 60 * 1000;

export class Session {
  readonly folders = new Map<string, Folder>();
  readonly live = new LiveCatalog();
  initOptions: InitializationOptions = {};
  supportsConfiguration = false;
  private readonly pending = new Map<string, NodeJS.Timeout>();
  private liveTimer?: NodeJS.Timeout;
  private disposed = false;

  constructor(
    readonly connection: Connection,
    readonly documents: TextDocuments<TextDocument>,
  ) {}

  // ------------------------------------------------------------------ lookups

  /** The deepest folder containing the file, so nested roots win over their parents. */
  folderFor(uri: string): Folder | undefined {
    const file = uriToPath(uri);
    if (file === undefined) return undefined;
    let best: Folder | undefined;
    for (const f of this.folders.values()) {
      if (isInside(f.path, file) && (!best || f.path.length > best.path.length)) best = f;
    }
    return best;
  }

  /** Folders a view request is about: the one holding folderUri, or all. */
  foldersFor(folderUri?: string): Folder[] {
    if (!folderUri) return [...this.folders.values()];
    const exact = this.folders.get(canonicalUri(folderUri));
    if (exact) return [exact];
    const f = this.folderFor(canonicalUri(folderUri));
    return f ? [f] : [];
  }

  document(uri: string): TextDocument | undefined {
    return this.documents.get(uri) ?? this.documents.all().find((d) => canonicalUri(d.uri) === uri);
  }

  /** The catalog findings are checked against: live when a key works, else the folder's file. */
  catalogFor(folder: Folder): Catalog | undefined {
    if (this.live.hasKey) {
      const live = this.live.state().catalog;
      if (live) return live;
    }
    return folder.fileCatalog.catalog;
  }

  findings(folder: Folder, uri: string): Finding[] {
    if (!folder.index.has(uri)) return [];
    return folder.index.findings(uri, this.catalogFor(folder), ruleSettings(folder.settings));
  }

  // ------------------------------------------------------------------ folders

  async addFolder(uri: string, name?: string): Promise<void> {
    const key = canonicalUri(uri);
    const dir = uriToPath(key);
    if (dir === undefined || this.folders.has(key)) return;
    const folder = new Folder(key, dir, name ?? path.basename(dir));
    this.folders.set(key, folder);
    folder.settings = await this.pullSettings(folder);
    this.loadFileCatalog(folder);
    this.notifyCatalogState();
    // Files an enclosing folder indexed now belong to this deeper one.
    for (const other of this.folders.values()) {
      if (other !== folder && isInside(other.path, folder.path)) this.dropFilesOwnedElsewhere(other);
    }
    await this.indexFolder(folder);
  }

  removeFolder(uri: string): void {
    const key = canonicalUri(uri);
    const folder = this.folders.get(key);
    if (!folder) return;
    folder.generation++;
    this.folders.delete(key);
    for (const u of folder.published) clearDiagnostics(this.connection, u);
    folder.published.clear();
    // A parent folder takes its files back.
    for (const other of this.folders.values()) {
      if (isInside(other.path, folder.path)) void this.indexFolder(other);
    }
  }

  private dropFilesOwnedElsewhere(folder: Folder): void {
    const gone: string[] = [];
    for (const uri of folder.index.uris()) {
      if (this.folderFor(uri) !== folder) {
        gone.push(...folder.index.removeFile(uri));
        folder.diskFiles.delete(uri);
        if (folder.published.delete(uri)) clearDiagnostics(this.connection, uri);
      }
    }
    this.publish(folder, gone);
  }

  // ------------------------------------------------------------------ settings

  async pullSettings(folder: Folder): Promise<WorkosAuthzSettings> {
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
    for (const folder of [...this.folders.values()]) {
      const before = folder.settings;
      folder.settings = this.supportsConfiguration
        ? await this.pullSettings(folder)
        : normalizeSettings(sectionOf(pushed), this.initOptions.settings ?? {});
      const change = settingsChange(before, folder.settings);
      if (change === 'reindex' && folder.loose) {
        this.loadFileCatalog(folder);
        folder.index.setHelpers(helperSpecs(folder.settings));
        for (const u of folder.index.uris()) {
          const d = this.document(u);
          if (d) folder.index.setFile(u, d.getText());
        }
        void this.publishAll(folder);
      } else if (change === 'reindex') {
        this.loadFileCatalog(folder);
        void this.indexFolder(folder);
      } else if (change === 'catalog') {
        this.loadFileCatalog(folder);
        void this.publishAll(folder);
      } else if (change === 'rules') {
        void this.publishAll(folder);
      }
      if (change !== 'none') this.notifyCatalogState();
    }
  }

  // ------------------------------------------------------------------ indexing

  /**
   * Walks the folder and indexes every file into a fresh index, yielding every few
   * milliseconds so requests are answered meanwhile; the old index serves until the swap.
   */
  async indexFolder(folder: Folder): Promise<void> {
    if (folder.loose) return;
    const generation = ++folder.generation;
    const started = performance.now();
    folder.indexing = true;
    folder.changedDuringIndexing.clear();
    const progress = await this.connection.window.createWorkDoneProgress().catch(() => undefined);
    try {
      progress?.begin('WorkOS Authz', 0, `Indexing ${folder.name}`);
      const { files, skipped } = walkWorkspace(folder.path, {
        include: folder.settings.include,
        exclude: folder.settings.exclude,
        maxFileSize: folder.settings.maxFileSize,
      });
      if (skipped.length) this.connection.console.info(`${folder.name}: ${skipped.length} file(s) not indexed (size, binary or limit)`);
      const index = folder.newIndex();
      const diskFiles = new Set<string>();
      let sliceStart = Date.now();
      for (let i = 0; i < files.length; i++) {
        if (Date.now() - sliceStart > SLICE_MS) {
          await yieldToLoop();
          if (generation !== folder.generation || this.disposed) return;
          progress?.report(Math.round((i / files.length) * 100), `${i}/${files.length} files`);
          sliceStart = Date.now();
        }
        const uri = pathToUri(files[i]);
        if (this.folderFor(uri) !== folder) continue;
        const open = this.document(uri);
        if (open) {
          if (open.getText().length > folder.settings.maxFileSize) continue;
          index.setFile(uri, open.getText());
        } else {
          const read = readSourceFile(files[i], folder.settings.maxFileSize);
          if (!('text' in read)) continue;
          index.setFile(uri, read.text);
        }
        diskFiles.add(uri);
      }
      await yieldToLoop();
      if (generation !== folder.generation || this.disposed) return;
      // Open documents hold what the user sees, including files outside the walk.
      for (const doc of this.documents.all()) {
        const uri = canonicalUri(doc.uri);
        const file = uriToPath(uri);
        if (!file || !isSourceFile(file) || this.folderFor(uri) !== folder) continue;
        if (doc.getText().length > folder.settings.maxFileSize) index.removeFile(uri);
        else index.setFile(uri, doc.getText());
      }
      const previous = folder.index;
      folder.index = index;
      folder.diskFiles = diskFiles;
      for (const uri of folder.changedDuringIndexing) this.applyDiskChange(folder, uri, 'changed');
      folder.changedDuringIndexing.clear();
      folder.indexing = false;
      folder.indexedOnce = true;
      const stale = [...folder.published].filter((u) => !index.has(u));
      await this.publishAll(folder, [...stale, ...previous.uris().filter((u) => !index.has(u))]);
      folder.skippedFiles = skipped.length;
      folder.lastIndexMs = Math.round(performance.now() - started);
      this.notifyCatalogState();
    } catch (err) {
      logError(this.connection, `indexing ${folder.name}`, err);
    } finally {
      if (generation === folder.generation) folder.indexing = false;
      progress?.done();
    }
  }

  // ------------------------------------------------------------------ documents

  didOpen(doc: TextDocument): void {
    this.checkNow(canonicalUri(doc.uri), doc);
  }

  /** Re-checks the document once typing pauses. */
  didChange(doc: TextDocument): void {
    const uri = canonicalUri(doc.uri);
    const prev = this.pending.get(uri);
    if (prev) clearTimeout(prev);
    this.pending.set(
      uri,
      setTimeout(() => {
        this.pending.delete(uri);
        this.checkNow(uri, this.document(uri));
      }, CHANGE_DEBOUNCE_MS),
    );
  }

  didClose(doc: TextDocument): void {
    const uri = canonicalUri(doc.uri);
    this.cancelPending(uri);
    const folder = this.folderFor(uri);
    if (!folder) return;
    // Unsaved edits are gone: the file on disk (if it belongs to the index) is the truth again.
    this.applyDiskChange(folder, uri, folder.diskFiles.has(uri) ? 'changed' : 'deleted', true);
  }

  /** Brings the index up to date with a document before a request reads it. */
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

  flush(uri: string): void {
    const key = canonicalUri(uri);
    if (this.pending.has(key)) {
      this.cancelPending(key);
      this.checkNow(key, this.document(key));
    }
  }

  private cancelPending(uri: string): void {
    const t = this.pending.get(uri);
    if (t) clearTimeout(t);
    this.pending.delete(uri);
  }

  private checkNow(uri: string, doc: TextDocument | undefined): void {
    if (!doc) return;
    const file = uriToPath(uri);
    if (file === undefined || !isSourceFile(file)) return;
    const folder = this.folderFor(uri) ?? this.looseFolderFor(file);
    // The size limit holds for open documents too: a generated blob opened by accident is not scanned.
    if (doc.getText().length > folder.settings.maxFileSize) {
      if (folder.index.has(uri)) this.publish(folder, [uri, ...folder.index.removeFile(uri)]);
      return;
    }
    try {
      const started = performance.now();
      const changed = folder.index.setFile(uri, doc.getText());
      this.publish(folder, [uri, ...changed]);
      recordTiming('recheck', performance.now() - started);
    } catch (err) {
      logError(this.connection, `checking ${uri}`, err);
    }
  }

  /**
   * A file opened outside every workspace folder (or with no folder open) is still checked:
   * against the nearest catalog file above it, with the folder holding that catalog as its
   * root. Such a folder is never walked; it holds only the open documents.
   */
  private looseFolderFor(file: string): Folder {
    const catalog = discoverCatalogFile(path.dirname(file));
    const dir = catalog ? path.dirname(catalog) : path.dirname(file);
    const uri = pathToUri(dir);
    let folder = this.folders.get(uri);
    if (!folder) {
      folder = new Folder(uri, dir, path.basename(dir) || dir);
      folder.loose = true;
      folder.settings = normalizeSettings(undefined, this.initOptions.settings ?? {});
      this.folders.set(uri, folder);
      this.loadFileCatalog(folder);
      const created = folder;
      void this.pullSettings(created).then((settings) => {
        created.settings = settings;
        created.index.setHelpers(helperSpecs(settings));
        this.loadFileCatalog(created);
        for (const u of created.index.uris()) {
          const d = this.document(u);
          if (d) created.index.setFile(u, d.getText());
        }
        void this.publishAll(created);
        this.notifyCatalogState();
      });
      this.notifyCatalogState();
    }
    return folder;
  }

  // ------------------------------------------------------------------ watched files

  didChangeWatchedFiles(changes: { uri: string; type: 'created' | 'changed' | 'deleted' }[]): void {
    const catalogPaths = new Set<string>();
    const reindex = new Set<Folder>();
    for (const change of changes) {
      const uri = canonicalUri(change.uri);
      const file = uriToPath(uri);
      if (file === undefined) continue;
      const base = path.basename(file);
      if (CATALOG_FILE_NAMES.includes(base)) {
        catalogPaths.add(file);
        continue;
      }
      if (base === '.gitignore') {
        const f = this.folderFor(uri);
        if (f) reindex.add(f);
        continue;
      }
      const folder = this.folderFor(uri);
      if (!folder || folder.loose) continue;
      if (change.type === 'deleted' && !folder.index.has(uri)) {
        // A deleted directory: everything indexed below it goes.
        for (const u of folder.index.uris()) {
          const p = uriToPath(u);
          if (p && isInside(file, p) && p !== file) this.applyDiskChange(folder, u, 'deleted');
        }
      }
      if (folder.indexing) folder.changedDuringIndexing.add(uri);
      this.applyDiskChange(folder, uri, change.type);
    }
    for (const folder of reindex) void this.indexFolder(folder);
    if (catalogPaths.size) {
      for (const folder of this.folders.values()) {
        const now = folder.resolveCatalogPath(discoverCatalogFile);
        const before = folder.fileCatalog.path;
        if ((now && catalogPaths.has(now)) || (before && catalogPaths.has(before)) || now !== before) {
          this.loadFileCatalog(folder);
          void this.publishAll(folder);
        }
      }
      this.notifyCatalogState();
    }
  }

  /** Applies what the disk says about one file (or the deletion of it) to the folder's index. */
  private applyDiskChange(folder: Folder, uri: string, type: 'created' | 'changed' | 'deleted', closing = false): void {
    const file = uriToPath(uri);
    if (file === undefined) return;
    // The editor's text wins over the disk while the document is open.
    if (!closing && this.document(uri)) {
      if (type === 'deleted') folder.diskFiles.delete(uri);
      return;
    }
    let changed: string[] = [];
    let text: string | undefined;
    if (type !== 'deleted' && folder.accepts(file)) {
      const read = readSourceFile(file, folder.settings.maxFileSize);
      if ('text' in read) text = read.text;
    }
    if (text !== undefined) {
      folder.diskFiles.add(uri);
      changed = folder.index.setFile(uri, text);
    } else {
      folder.diskFiles.delete(uri);
      if (folder.index.has(uri)) changed = folder.index.removeFile(uri);
    }
    this.publish(folder, [uri, ...changed]);
  }

  // ------------------------------------------------------------------ catalogs

  loadFileCatalog(folder: Folder): void {
    loadFileCatalog(folder);
  }

  async refreshCatalogs(folders: Folder[]): Promise<void> {
    for (const folder of folders) this.loadFileCatalog(folder);
    if (this.live.hasKey) await this.live.refresh();
    const all = this.live.hasKey ? [...this.folders.values()] : folders;
    await Promise.all(all.map((folder) => this.publishAll(folder)));
    this.notifyCatalogState();
  }

  /** A new key or API endpoint: fetch the live catalog, then re-check everything against it. */
  async setApiKey(apiKey: string | null, api?: ApiEndpoint): Promise<void> {
    if (!this.live.configure(apiKey, api)) return;
    if (this.liveTimer) clearInterval(this.liveTimer);
    this.liveTimer = undefined;
    if (this.live.hasKey) {
      // Someone may change roles in the dashboard meanwhile; a slow background refresh picks it up.
      this.liveTimer = setInterval(() => void this.refreshCatalogs([]).catch(() => undefined), LIVE_REFRESH_MS);
      this.liveTimer.unref();
    }
    this.notifyCatalogState();
    await this.live.refresh();
    await Promise.all([...this.folders.values()].map((folder) => this.publishAll(folder)));
    this.notifyCatalogState();
  }

  catalogState(folders: Folder[] = [...this.folders.values()]): CatalogStateResult {
    return { folders: folders.map((f) => this.folderCatalogState(f)), hasApiKey: this.live.hasKey };
  }

  folderCatalogState(folder: Folder): FolderCatalogState {
    return folderCatalogState(folder, this.catalogFor(folder), this.live);
  }

  notifyCatalogState(): void {
    if (this.disposed) return;
    void this.connection.sendNotification(CatalogStateChangedNotification.type, this.catalogState()).catch(() => undefined);
  }

  // ------------------------------------------------------------------ diagnostics

  publish(folder: Folder, uris: Iterable<string>): void {
    const seen = new Set<string>();
    for (const uri of uris) {
      if (seen.has(uri)) continue;
      seen.add(uri);
      const owner = this.folderFor(uri) ?? folder;
      try {
        publishFindings(this, owner, uri);
      } catch (err) {
        logError(this.connection, `publishing diagnostics for ${uri}`, err);
      }
    }
  }

  /**
   * Re-publishes every file of the folder in slices, yielding between them so a catalog
   * change over thousands of files never freezes the server. A newer pass supersedes an older one.
   */
  publishAll(folder: Folder, extra: string[] = []): Promise<void> {
    const pass = ++folder.publishPass;
    const uris = [...new Set([...folder.index.uris(), ...folder.published, ...extra])];
    return (async () => {
      let sliceStart = Date.now();
      for (let i = 0; i < uris.length; i++) {
        if (Date.now() - sliceStart > SLICE_MS) {
          await yieldToLoop();
          if (pass !== folder.publishPass || this.disposed) return;
          sliceStart = Date.now();
        }
        this.publish(folder, [uris[i]]);
      }
    })();
  }

  dispose(): void {
    this.disposed = true;
    for (const t of this.pending.values()) clearTimeout(t);
    if (this.liveTimer) clearInterval(this.liveTimer);
    this.pending.clear();
    this.live.dispose();
  }
}

function yieldToLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

function sectionOf(pushed: unknown): unknown {
  if (pushed && typeof pushed === 'object' && SETTINGS_SECTION in (pushed as object)) {
    return (pushed as Record<string, unknown>)[SETTINGS_SECTION];
  }
  return undefined;
}
