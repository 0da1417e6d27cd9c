// The benchmark sizes. Full mode matches the issue (>= 10,000 files, >= 60 MB, a catalog of
// 10,000 permissions and 500 roles); quick mode keeps every measurement but shrinks its inputs;
// scale mode (`--scale`) is a 100,000-file monorepo measured through the language server only.

import type { CatalogSpec } from './catalogGen';
import type { WorkspaceSpec } from './workspaceGen';

/** A checkout storm: files changed on disk at once, reported in one didChangeWatchedFiles. */
export interface StormSpec {
  seed: string;
  /** Files rewritten with other slugs (valid slugs turned into typos, typos fixed, slugs swapped). */
  rewrite: number;
  remove: number;
  create: number;
}

export interface BenchConfig {
  name: 'full' | 'quick' | 'scale';
  workspace: WorkspaceSpec;
  catalog: CatalogSpec;
  /** Catalog served by the WorkOS-compatible test server for the fetch benchmark. */
  fetchCatalog: CatalogSpec;
  /** Timed repetitions of the whole-tree passes (after one warm-up). */
  treeRuns: number;
  /** Timed repetitions of the TypeScript full parse (slow, so fewer). */
  parseRuns: number;
  /** Fresh-process cold index runs; the first also times a second, JIT-warm pass. */
  indexRuns: number;
  edits: number;
  /** Edits measured without a flushing request, so they wait for the server's typing debounce. */
  debouncedEdits: number;
  completions: number;
  hovers: number;
  fetchRuns: number;
  /**
   * Pause between the completion/hover requests sent while the server indexes, ms: about as
   * often as fast typing asks. Back to back, answering them (completion lists of a few hundred
   * items) takes much of the server's time and the index time stops meaning anything.
   */
  duringIndexGapMs: number;
  /** How long the server may take to report the workspace indexed. */
  indexTimeoutSeconds: number;
  storm: StormSpec;
}

const SEED = 'workos-authz-bench-1';

export const FULL: BenchConfig = {
  name: 'full',
  workspace: {
    seed: SEED,
    minFiles: 10_400,
    minBytes: 63_000_000,
    medianBytes: 2_600,
    sigma: 1.25,
    largeFiles: [950_000, 700_000, 820_000, 560_000, 900_000, 640_000],
    editFileLines: 5_000,
    typoRate: 0.03,
  },
  catalog: { seed: SEED, permissions: 10_000, roles: 500, organizations: 80 },
  fetchCatalog: { seed: `${SEED}-fetch`, permissions: 5_000, roles: 300, organizations: 200 },
  treeRuns: 5,
  parseRuns: 2,
  indexRuns: 3,
  edits: 150,
  debouncedEdits: 30,
  completions: 200,
  hovers: 200,
  fetchRuns: 3,
  duringIndexGapMs: 100,
  indexTimeoutSeconds: 300,
  storm: { seed: `${SEED}-storm`, rewrite: 4_000, remove: 500, create: 500 },
};

export const QUICK: BenchConfig = {
  name: 'quick',
  workspace: {
    seed: SEED,
    minFiles: 1_000,
    minBytes: 6_000_000,
    medianBytes: 2_600,
    sigma: 1.25,
    largeFiles: [600_000],
    editFileLines: 5_000,
    typoRate: 0.03,
  },
  catalog: { seed: SEED, permissions: 2_000, roles: 100, organizations: 20 },
  fetchCatalog: { seed: `${SEED}-fetch`, permissions: 500, roles: 30, organizations: 20 },
  treeRuns: 3,
  parseRuns: 1,
  indexRuns: 1,
  edits: 40,
  debouncedEdits: 5,
  completions: 60,
  hovers: 60,
  fetchRuns: 1,
  duringIndexGapMs: 100,
  indexTimeoutSeconds: 120,
  storm: { seed: `${SEED}-storm`, rewrite: 400, remove: 50, create: 50 },
};

/**
 * 100,000 files, about 650 MB: the same generator and catalog as full mode, ten times the tree.
 * Only the language-server measurements run on it (cold index, RSS, re-check, completion and
 * hover while indexing); the storm and the whole-tree baselines stay with the full run.
 */
export const SCALE: BenchConfig = {
  ...FULL,
  name: 'scale',
  workspace: {
    ...FULL.workspace,
    minFiles: 100_000,
    minBytes: 640_000_000,
    largeFiles: [...FULL.workspace.largeFiles, ...FULL.workspace.largeFiles],
  },
  edits: 60,
  debouncedEdits: 5,
  completions: 100,
  hovers: 100,
  indexTimeoutSeconds: 1_800,
};

/** Where a run's figures go: only a full run replaces the committed `results.json`; a scale run writes its own. */
export function resultsFileName(config: BenchConfig): string {
  return { full: 'results.json', quick: 'results-quick.json', scale: 'results-scale.json' }[config.name];
}
