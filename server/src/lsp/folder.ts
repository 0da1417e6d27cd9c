// One workspace folder's state: its settings, its index, its catalog file, and which files
// the disk walk found. Folders never share an index or a catalog file, so two projects in one
// multi-root window are checked each against their own catalog.

import * as path from 'node:path';
import type { Catalog } from '../core/catalog';
import { WorkspaceIndex } from '../core/workspaceIndex';
import { DEFAULT_EXCLUDES, globMatcher, isGitIgnored, isSourceFile } from '../fs/walk';
import type { WorkosAuthzSettings } from '../protocol';
import { defaultSettings, helperSpecs } from '../settings';
import { isInside } from './uris';

export interface FileCatalog {
  /** The catalog file in use (absolute), if any was configured or found. */
  path?: string;
  catalog?: Catalog;
  /** Why the file could not be used. */
  error?: string;
  /** mtime of the file when loaded, for the age of file catalogs without fetchedAt. */
  loadedAt?: number;
}

export class Folder {
  settings: WorkosAuthzSettings = defaultSettings();
  index: WorkspaceIndex = new WorkspaceIndex();
  /** URIs the disk walk (and the file watcher since) put in the index. */
  diskFiles = new Set<string>();
  /** URIs whose non-empty diagnostics the client currently shows. */
  published = new Set<string>();
  fileCatalog: FileCatalog = {};
  /** The catalog files of named environments (`workosAuthz.environments`), by name. */
  environmentFiles = new Map<string, FileCatalog>();
  /** Bumped by every indexing pass; a pass that sees a newer number gives up. */
  generation = 0;
  indexing = false;
  indexedOnce = false;
  /** Numbers from the last complete indexing pass. */
  lastIndexMs?: number;
  skippedFiles = 0;
  /** Bumped by every full re-publish; an older one still running stops. */
  publishPass = 0;
  /** Opened files outside every workspace folder: holds open documents only, never walked. */
  loose = false;
  /** How many times the watcher reported each file changed: a read is current only for the last. */
  diskChanges = new Map<string, number>();
  /** Disk changes seen while a pass was running, replayed onto the new index. */
  changedDuringIndexing = new Set<string>();

  constructor(
    readonly uri: string,
    readonly path: string,
    readonly name: string,
  ) {}

  newIndex(): WorkspaceIndex {
    return new WorkspaceIndex({ helpers: helperSpecs(this.settings) });
  }

  /** The catalog file this folder should use now: the configured one, else the nearest upwards. */
  resolveCatalogPath(discover: (dir: string) => string | undefined): string | undefined {
    const configured = this.settings.catalogFile;
    if (configured) return path.resolve(this.path, configured);
    return discover(this.path);
  }

  /**
   * Whether a file on disk belongs in this folder's index, by the same rules as the walk:
   * source extension, default and configured excludes, include globs, and .gitignore files
   * between the folder and the file.
   */
  accepts(file: string): boolean {
    if (!isSourceFile(file) || !isInside(this.path, file)) return false;
    const rel = path.relative(this.path, file).split(path.sep).join('/');
    if (globMatcher([...DEFAULT_EXCLUDES, ...this.settings.exclude])(rel)) return false;
    if (this.settings.include.length && !globMatcher(this.settings.include)(rel)) return false;
    return !isGitIgnored(this.path, file);
  }
}
