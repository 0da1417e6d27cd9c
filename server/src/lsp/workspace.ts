// The workspace: which folders there are and which folder a file belongs to, walking each
// folder into its index (in slices, yielding between them), files opened outside every folder, and
// what the file watcher reports. What it needs of the server (documents, settings, diagnostics)
// comes through WorkspaceHost, so it holds no reference back to the session.

import * as path from 'node:path';
import type { Connection } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { CATALOG_FILE_NAMES, discoverCatalogFile } from '../catalog/index';
import { isSourceFile, readSourceFile, walkWorkspaceSliced } from '../fs/walk';
import { WorkspaceIndex } from '../core/workspaceIndex';
import { indexFiles } from '../pool/indexFiles';
import { ScanPool, serverLargeRunPoolSize, serverPoolSize } from '../pool/scanPool';
import { BACKGROUND_NICENESS } from '../pool/threadPriority';
import type { WorkosAuthzSettings } from '../protocol';
import { helperSpecs } from '../settings';
import { loadFileCatalog } from './catalogState';
import type { DiagnosticsPublisher } from './diagnostics';
import { Folder } from './folder';
import { logError } from './runSafe';
import { SLICE_MS, yieldToLoop } from './slices';
import { canonicalUri, isInside, pathToUri, uriToPath } from './uris';

export interface WorkspaceHost {
  readonly connection: Connection;
  readonly diagnostics: DiagnosticsPublisher;
  /** The open document, by any spelling of its URI. */
  document(uri: string): TextDocument | undefined;
  openDocuments(): TextDocument[];
  /** The folder's `workosAuthz` settings from the client. */
  settingsFor(folder: Folder): Promise<WorkosAuthzSettings>;
  /** Settings for a folder the client has not been asked about yet. */
  fallbackSettings(): WorkosAuthzSettings;
  /** A folder's catalog or index changed: the client's status follows. */
  catalogStateChanged(): void;
}

/** More disk changes than this at once (a branch switch) are read and scanned on the pool. */
const STORM_FILES = 32;

/**
 * The scan workers stop as soon as no scan is left: a worker holds 40–60 MB, and the server's
 * memory peaks just after the initial index, while every file's findings are published (stopping
 * them at once took that peak on the benchmark workspace from 204–212 MB to 196–197 MB). A later
 * burst of changes (a branch switch) starts them again.
 */
const POOL_IDLE_MS = 0;

/**
 * A folder's index (its walk and scan) with more files than this may use a worker per core (see
 * `serverLargeRunPoolSize`) when the workers run below the request thread's priority. A second
 * worker adds 30–50 MB at the server's peak: on the 10,400-file benchmark workspace it took peak
 * RSS from 179–191 MB to 207–218 MB to save 0.3–0.5 s, on the 105,371-file one from 394–397 to
 * 434–448 MB to save 6–11 s.
 */
export const LARGE_FOLDER_FILES = 20_000;

export interface WorkspaceOptions {
  /** The runtime's helper threads run below the request thread's priority (see threadPriority.ts). */
  backgroundLowered?: boolean;
}

/** Workers for indexing a folder of `files` files: undefined keeps the pool's size. */
export function indexWorkers(files: number, backgroundLowered: boolean): number | undefined {
  return backgroundLowered && files > LARGE_FOLDER_FILES ? serverLargeRunPoolSize() : undefined;
}

export class Workspace {
  readonly folders = new Map<string, Folder>();
  private disposed = false;
  /** Worker threads that read and scan files for every folder's index. */
  private readonly pool: ScanPool;

  /** Scan worker threads running now, and the files they scanned so far. */
  get scanWorkers(): { running: number; filesScanned: number } {
    return { running: this.pool.running, filesScanned: this.pool.counts.workers };
  }

  private readonly backgroundLowered: boolean;

  constructor(
    private readonly host: WorkspaceHost,
    options: WorkspaceOptions = {},
  ) {
    this.backgroundLowered = options.backgroundLowered === true;
    // Each worker lowers its own priority where the system lets it (see threadPriority.ts).
    this.pool = new ScanPool({
      size: serverPoolSize(),
      idleMs: POOL_IDLE_MS,
      niceness: BACKGROUND_NICENESS,
      log: (m) => host.connection.console.info(m),
    });
  }

  /** Whether another folder lies inside this one (or at its path), and so may own files of its walk. */
  private hasFolderInside(folder: Folder): boolean {
    for (const f of this.folders.values()) if (f !== folder && isInside(folder.path, f.path)) return true;
    return false;
  }

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

  async addFolder(uri: string, name?: string): Promise<void> {
    const key = canonicalUri(uri);
    const dir = uriToPath(key);
    if (dir === undefined) return;
    const existing = this.folders.get(key);
    if (existing && !existing.loose) return;
    // A document opened before the folder arrived got a folder of open documents only at the
    // same place: the real folder replaces it (and indexes those documents with the rest).
    if (existing) {
      existing.generation++;
      this.folders.delete(key);
    }
    const folder = new Folder(key, dir, name ?? path.basename(dir));
    this.folders.set(key, folder);
    folder.settings = await this.host.settingsFor(folder);
    loadFileCatalog(folder);
    this.host.catalogStateChanged();
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
    for (const u of folder.published) this.host.diagnostics.clear(u);
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
        if (folder.published.delete(uri)) this.host.diagnostics.clear(uri);
      }
    }
    this.host.diagnostics.publish(folder, gone);
  }

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
    const progress = await this.host.connection.window.createWorkDoneProgress().catch(() => undefined);
    try {
      progress?.begin('WorkOS Authz', 0, `Indexing ${folder.name}`);
      // The walk yields between directories, so a large monorepo's walk does not hold up requests.
      const { files, skipped, configs } = await walkWorkspaceSliced(folder.path, {
        include: folder.settings.include,
        exclude: folder.settings.exclude,
        maxFileSize: folder.settings.maxFileSize,
        maxFiles: folder.settings.maxFiles,
      }, SLICE_MS, yieldToLoop);
      if (generation !== folder.generation || this.disposed) return;
      if (skipped.length) this.host.connection.console.info(`${folder.name}: ${skipped.length} file(s) not indexed (size, binary or limit)`);
      const index = folder.newIndex();
      // tsconfig/jsconfig and package.json first: they decide where imports lead.
      for (const config of configs) {
        const read = readSourceFile(config, folder.settings.maxFileSize);
        if ('text' in read) index.setConfigFile(pathToUri(config), read.text);
      }
      const diskFiles = new Set<string>();
      const fromDisk: { key: string; path: string }[] = [];
      /** The text of each open document as it went into the new index. */
      const openTexts = new Map<string, string>();
      let slice = performance.now();
      // Files of the walk belong to this folder unless a folder inside it holds them (one can
      // be added while this one is indexed).
      let nested = this.hasFolderInside(folder);
      for (const file of files) {
        if (performance.now() - slice > SLICE_MS) {
          await yieldToLoop();
          if (generation !== folder.generation || this.disposed) return;
          slice = performance.now();
          nested = this.hasFolderInside(folder);
        }
        const uri = pathToUri(file);
        if (nested && this.folderFor(uri) !== folder) continue;
        const open = this.host.document(uri);
        if (!open) {
          fromDisk.push({ key: uri, path: file });
          continue;
        }
        const text = open.getText();
        if (text.length > folder.settings.maxFileSize) continue;
        // Checked already when it was opened (a 5,000-line file takes 50-65 ms to scan).
        if (!index.adoptEdited(uri, text, folder.index)) index.updateFile(uri, text);
        openTexts.set(uri, text);
        diskFiles.add(uri);
      }
      // Files are read and scanned on the pool's threads; this thread only puts the scans in, so
      // requests are answered between batches.
      let done = 0;
      let reported = Date.now();
      const superseded = () => generation !== folder.generation || this.disposed;
      await indexFiles(index, this.pool, fromDisk, {
        maxFileSize: folder.settings.maxFileSize,
        helpers: helperSpecs(folder.settings),
        workers: indexWorkers(fromDisk.length, this.backgroundLowered),
        indexed: (uri) => {
          diskFiles.add(uri);
          if (++done % 256 === 0 && Date.now() - reported > 250) {
            reported = Date.now();
            progress?.report(Math.round((done / fromDisk.length) * 100), `${done}/${fromDisk.length} files`);
          }
        },
        cancelled: superseded,
        sliceMs: SLICE_MS,
        pause: yieldToLoop,
      });
      if (superseded()) return;
      // Constants and helpers resolve across files now that every scan is in: in slices, so
      // requests are answered meanwhile.
      do {
        await yieldToLoop();
        if (superseded()) return;
      } while (index.resolvePending(performance.now() + SLICE_MS));
      // Open documents hold what the user sees, including files outside the walk; one already put
      // in with the text it still has is not scanned again.
      for (const doc of this.host.openDocuments()) {
        const uri = canonicalUri(doc.uri);
        const file = uriToPath(uri);
        if (!file || !isSourceFile(file) || this.folderFor(uri) !== folder) continue;
        const text = doc.getText();
        if (text.length > folder.settings.maxFileSize) index.removeFile(uri);
        else if (openTexts.get(uri) !== text) index.updateFile(uri, text);
      }
      const previous = folder.index;
      folder.index = index;
      folder.diskFiles = diskFiles;
      const replay = new Map([...folder.changedDuringIndexing].map((u) => [u, 'changed' as const]));
      folder.changedDuringIndexing.clear();
      if (replay.size > STORM_FILES) void this.applyDiskStorm(folder, replay);
      else for (const uri of replay.keys()) this.applyDiskChange(folder, uri, 'changed');
      folder.indexing = false;
      folder.indexedOnce = true;
      const stale = [...folder.published].filter((u) => !index.has(u));
      await this.host.diagnostics.publishAll(folder, [...stale, ...previous.uris().filter((u) => !index.has(u))]);
      folder.skippedFiles = skipped.length;
      folder.lastIndexMs = Math.round(performance.now() - started);
      this.host.catalogStateChanged();
    } catch (err) {
      logError(this.host.connection, `indexing ${folder.name}`, err);
    } finally {
      if (generation === folder.generation) folder.indexing = false;
      progress?.done();
    }
  }

  /**
   * A file opened outside every workspace folder (or with no folder open) is still checked:
   * against the nearest catalog file above it, with the folder holding that catalog as its
   * root. Such a folder is never walked; it holds only the open documents.
   */
  looseFolderFor(file: string): Folder {
    const catalog = discoverCatalogFile(path.dirname(file));
    const dir = catalog ? path.dirname(catalog) : path.dirname(file);
    const uri = pathToUri(dir);
    let folder = this.folders.get(uri);
    if (!folder) {
      folder = new Folder(uri, dir, path.basename(dir) || dir);
      folder.loose = true;
      folder.settings = this.host.fallbackSettings();
      this.folders.set(uri, folder);
      loadFileCatalog(folder);
      const created = folder;
      void this.host.settingsFor(created).then((settings) => {
        created.settings = settings;
        this.rescanLoose(created);
        this.host.catalogStateChanged();
      });
      this.host.catalogStateChanged();
    }
    return folder;
  }

  /**
   * A folder of files opened outside every workspace folder, after its settings changed: its
   * catalog file again, and its open documents scanned again with the helpers now configured.
   */
  rescanLoose(folder: Folder): void {
    folder.index.setHelpers(helperSpecs(folder.settings));
    loadFileCatalog(folder);
    for (const u of folder.index.uris()) {
      const d = this.host.document(u);
      if (d) folder.index.setFile(u, d.getText());
    }
    void this.host.diagnostics.publishAll(folder);
  }

  didChangeWatchedFiles(changes: { uri: string; type: 'created' | 'changed' | 'deleted' }[]): void {
    const catalogPaths = new Set<string>();
    const reindex = new Set<Folder>();
    /** Source files to read again, per folder (the last change of each file counts). */
    const reads = new Map<Folder, Map<string, 'created' | 'changed' | 'deleted'>>();
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
      if (WorkspaceIndex.isConfigFile(file)) {
        this.applyConfigChange(uri, file, change.type);
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
      let perFolder = reads.get(folder);
      if (!perFolder) reads.set(folder, (perFolder = new Map()));
      perFolder.delete(uri); // keeps the order of the last change
      perFolder.set(uri, change.type);
    }
    for (const [folder, files] of reads) {
      // Every change is numbered: a slower, older read never overwrites a newer one.
      for (const uri of files.keys()) folder.diskChanges.set(uri, (folder.diskChanges.get(uri) ?? 0) + 1);
      if (files.size > STORM_FILES) void this.applyDiskStorm(folder, files);
      else for (const [uri, type] of files) this.applyDiskChange(folder, uri, type);
    }
    for (const folder of reindex) void this.indexFolder(folder);
    if (catalogPaths.size) {
      for (const folder of this.folders.values()) {
        const now = folder.resolveCatalogPath(discoverCatalogFile);
        const before = folder.fileCatalog.path;
        if ((now && catalogPaths.has(now)) || (before && catalogPaths.has(before)) || now !== before) {
          loadFileCatalog(folder);
          void this.host.diagnostics.publishAll(folder);
        }
      }
      this.host.catalogStateChanged();
    }
  }

  /**
   * Many files changed on disk at once (a branch switch, a rebase): deletions apply at once, the
   * rest is read and scanned on the pool while requests are answered, and each file's diagnostics
   * are published once its new text is in. A file changed again meanwhile, or opened in the
   * editor, keeps its newer state: the storm's read of it is dropped.
   */
  private async applyDiskStorm(folder: Folder, files: Map<string, 'created' | 'changed' | 'deleted'>): Promise<void> {
    const toRead: { key: string; path: string }[] = [];
    const numbers = new Map<string, number>();
    for (const [uri, type] of files) {
      const file = uriToPath(uri);
      if (file === undefined) continue;
      if (type === 'deleted' || this.host.document(uri) || !folder.accepts(file)) {
        this.applyDiskChange(folder, uri, type);
        continue;
      }
      toRead.push({ key: uri, path: file });
      numbers.set(uri, folder.diskChanges.get(uri) ?? 0);
    }
    const index = folder.index;
    const current = (uri: string) => folder.index === index && folder.diskChanges.get(uri) === numbers.get(uri) && !this.host.document(uri);
    await indexFiles(index, this.pool, toRead, {
      maxFileSize: folder.settings.maxFileSize,
      helpers: helperSpecs(folder.settings),
      // Results come in batches: a batch is put in and published before the next is taken.
      indexed: (uri, _path, affected) => {
        folder.diskFiles.add(uri);
        this.host.diagnostics.publish(folder, affected);
      },
      skipped: (uri) => {
        if (!current(uri)) return;
        folder.diskFiles.delete(uri);
        if (index.has(uri)) this.host.diagnostics.publish(folder, index.removeFile(uri));
      },
      accept: current,
      cancelled: () => this.disposed || folder.index !== index,
      sliceMs: SLICE_MS,
      pause: yieldToLoop,
    });
  }

  /** A tsconfig/jsconfig or package.json changed: imports may now lead elsewhere. */
  private applyConfigChange(uri: string, file: string, type: 'created' | 'changed' | 'deleted'): void {
    const folder = this.folderFor(uri);
    if (!folder || folder.loose) return;
    const read = type === 'deleted' ? undefined : readSourceFile(file, folder.settings.maxFileSize);
    const changed = read && 'text' in read ? folder.index.setConfigFile(uri, read.text) : folder.index.removeConfigFile(uri);
    if (changed.length) this.host.diagnostics.publish(folder, changed);
  }

  /** Applies what the disk says about one file (or the deletion of it) to the folder's index. */
  applyDiskChange(folder: Folder, uri: string, type: 'created' | 'changed' | 'deleted', closing = false): void {
    const file = uriToPath(uri);
    if (file === undefined) return;
    // The editor's text wins over the disk while the document is open.
    if (!closing && this.host.document(uri)) {
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
    this.host.diagnostics.publish(folder, [uri, ...changed]);
  }

  dispose(): void {
    this.disposed = true;
    void this.pool.close();
  }
}
