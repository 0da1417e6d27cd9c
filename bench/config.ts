// The two benchmark sizes. Full mode matches the issue (>= 10,000 files, >= 60 MB, a catalog of
// 10,000 permissions and 500 roles); quick mode keeps every measurement but shrinks its inputs.

import type { CatalogSpec } from './catalogGen';
import type { WorkspaceSpec } from './workspaceGen';

export interface BenchConfig {
  name: 'full' | 'quick';
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
};

/** Where a run's figures go: only a full run replaces the committed `results.json`. */
export function resultsFileName(config: BenchConfig): string {
  return config.name === 'full' ? 'results.json' : 'results-quick.json';
}
