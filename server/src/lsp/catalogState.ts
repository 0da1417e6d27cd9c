// Each folder's catalog file (configured or discovered) and the state the client's status bar
// shows: where the catalog in use came from, how old it is, and why it is stale if it is.

import * as path from 'node:path';
import type { Catalog } from '../core/catalog';
import { discoverCatalogFile, loadCatalogFile } from '../catalog/index';
import type { FolderCatalogState } from '../protocol';
import type { FileCatalog, Folder } from './folder';
import type { LiveCatalog } from './liveCatalog';
import { warmInTurns } from './slices';

/** Loads the folder's catalog file (and its environments' files); a broken one is recorded, never thrown. */
export function loadFileCatalog(folder: Folder): void {
  loadEnvironmentFiles(folder);
  const file = folder.resolveCatalogPath(discoverCatalogFile);
  if (!file) {
    folder.fileCatalog = {
      error: folder.settings.catalogFile ? `catalog file ${folder.settings.catalogFile} not found` : undefined,
    };
    return;
  }
  try {
    folder.fileCatalog = { path: file, catalog: loadCatalogFile(file), loadedAt: Date.now() };
  } catch (err) {
    // A broken file keeps the last good catalog from the same file: a half-typed edit should
    // not turn every slug in the workspace into an "unknown" error.
    const keep = folder.fileCatalog.path === file ? folder.fileCatalog.catalog : undefined;
    folder.fileCatalog = { path: file, catalog: keep, error: (err as Error).message, loadedAt: folder.fileCatalog.loadedAt };
    return;
  }
  if (folder.fileCatalog.catalog) warmInTurns(folder.fileCatalog.catalog);
}

/** Each file environment's catalog; a broken file keeps that environment's last good catalog. */
function loadEnvironmentFiles(folder: Folder): void {
  const next = new Map<string, FileCatalog>();
  for (const env of folder.settings.environments) {
    if (!env.catalogFile) continue;
    const file = path.resolve(folder.path, env.catalogFile);
    const before = folder.environmentFiles.get(env.name);
    try {
      next.set(env.name, { path: file, catalog: loadCatalogFile(file), loadedAt: Date.now() });
    } catch (err) {
      const keep = before?.path === file ? before.catalog : undefined;
      next.set(env.name, { path: file, catalog: keep, error: (err as Error).message, loadedAt: before?.loadedAt });
    }
  }
  folder.environmentFiles = next;
}

/** What the status bar and the Catalog view show about the catalog a folder is checked against. */
export function folderCatalogState(folder: Folder, catalog: Catalog | undefined, liveCatalog: LiveCatalog): FolderCatalogState {
  const live = liveCatalog.state();
  const file = folder.fileCatalog;
  const base = {
    folderUri: folder.uri,
    folderName: folder.name,
    counts: catalog?.counts ?? { permissions: 0, roles: 0, organizations: 0 },
    orgPrefixStyle: catalog?.orgPrefixStyle ?? ('none' as const),
    indexedFiles: folder.index.uris().length,
    indexing: folder.indexing,
  };
  const reasons: string[] = [];
  if (liveCatalog.hasKey && live.error) reasons.push(live.error);
  if (file.error && (!liveCatalog.hasKey || !live.catalog)) reasons.push(file.error);
  if (!catalog && !reasons.length) reasons.push(liveCatalog.hasKey ? 'the live catalog is being fetched' : 'no catalog file found (workos-catalog.json, workos-seed.yml) and no API key set');
  const fetchedAt = catalog?.source.fetchedAt ?? catalog?.snapshot.fetchedAt;
  const ageSeconds = fetchedAt ? Math.max(0, Math.round((Date.now() - Date.parse(fetchedAt)) / 1000)) : undefined;
  const state: FolderCatalogState = { ...base, source: catalog ? catalog.source.kind : 'none', stale: reasons.length > 0 };
  if (catalog && catalog === live.catalog) state.host = liveCatalog.host;
  else if (file.path) state.path = file.path;
  if (fetchedAt) state.fetchedAt = fetchedAt;
  if (ageSeconds !== undefined && Number.isFinite(ageSeconds)) state.ageSeconds = ageSeconds;
  if (reasons.length) state.staleReason = reasons.join('; ');
  return state;
}
