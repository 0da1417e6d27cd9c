// Generates (or reuses) the benchmark workspace under bench/workspace/<mode>/, with its catalog
// as workos-catalog.json at the root, where the server and CLI discover it.

import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CatalogSnapshot } from '../server/src/core/catalog';
import { generateCatalog } from './catalogGen';
import type { BenchConfig } from './config';
import { GENERATOR_VERSION, generateWorkspace, type WorkspaceManifest } from './workspaceGen';

export interface PreparedWorkspace {
  root: string;
  manifest: WorkspaceManifest;
  catalog: CatalogSnapshot;
  catalogPath: string;
  /** Seconds spent generating; 0 when the cached workspace was reused. */
  generatedSeconds: number;
}

export const WORKSPACE_DIR = join(__dirname, 'workspace');

export function prepareWorkspace(config: BenchConfig, force = false): PreparedWorkspace {
  const root = join(WORKSPACE_DIR, config.name);
  const manifestPath = join(WORKSPACE_DIR, `${config.name}.manifest.json`);
  const catalogPath = join(root, 'workos-catalog.json');
  const key = JSON.stringify({ generator: GENERATOR_VERSION, workspace: config.workspace, catalog: config.catalog });
  const catalog = generateCatalog(config.catalog);
  if (!force && existsSync(manifestPath) && existsSync(catalogPath)) {
    const cached = JSON.parse(readFileSync(manifestPath, 'utf8')) as { key: string; manifest: WorkspaceManifest };
    if (cached.key === key) return { root, manifest: cached.manifest, catalog, catalogPath, generatedSeconds: 0 };
  }
  const started = performance.now();
  const manifest = generateWorkspace(root, config.workspace, catalog);
  writeFileSync(catalogPath, JSON.stringify(catalog, null, 2) + '\n');
  writeFileSync(manifestPath, JSON.stringify({ key, manifest }, null, 2) + '\n');
  return { root, manifest, catalog, catalogPath, generatedSeconds: (performance.now() - started) / 1000 };
}
