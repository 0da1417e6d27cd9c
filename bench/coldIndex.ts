// Runs the cold index in fresh processes and takes the median.

import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildSync } from 'esbuild';
import { missing, ok, type Outcome } from './outcome';
import { median } from './stats';

export interface ColdIndexResult {
  seconds: number;
  runs: number[];
  /** Same pass again in the first run's process (JIT warm); null when the cold pass was too slow to repeat. */
  warmSeconds: number | null;
  files: number;
  skipped: number;
  findings: number;
  byRule: Record<string, number>;
  catalogSeconds: number;
  /** Heap the index holds per file after indexing (garbage collected), bytes. */
  indexBytesPerFile: number | null;
}

/**
 * Up to `runs` fresh-process runs; stops early once `budgetSeconds` are spent (at least one run
 * always completes), so a slow indexer cannot push the whole benchmark past its time limit.
 */
export function coldIndex(root: string, catalogPath: string, runs: number, budgetSeconds: number): Outcome<ColdIndexResult> {
  const results = [];
  // Bundled the way esbuild.mjs bundles the server (const enums inlined, one module), so the
  // figure is the shipped code's, not a per-file transpile's.
  const bundle = join(mkdtempSync(join(tmpdir(), 'workos-authz-bench-')), 'coldIndexChild.js');
  buildSync({ entryPoints: [join(__dirname, 'coldIndexChild.ts')], bundle: true, platform: 'node', target: 'node20', format: 'cjs', outfile: bundle, logLevel: 'error' });
  const started = performance.now();
  for (let i = 0; i < runs; i++) {
    if (i > 0 && (performance.now() - started) / 1000 > budgetSeconds) break;
    const r = spawnSync(process.execPath, ['--expose-gc', bundle, root, catalogPath, i === 0 ? 'warm' : 'cold-only'], {
      encoding: 'utf8',
      maxBuffer: 16 * 1024 * 1024,
      cwd: join(__dirname, '..'),
    });
    if (r.status !== 0) {
      const lines = (r.stderr || '').trim().split('\n');
      const notFound = lines.find((l) => /Cannot find module|ERR_MODULE_NOT_FOUND/.test(l));
      return missing(notFound ? `a server module is not written yet: ${notFound.trim()}` : `cold index failed: ${lines.slice(0, 3).join(' | ')}`);
    }
    results.push(JSON.parse(r.stdout.trim().split('\n').pop()!));
  }
  const first = results[0];
  return ok({
    seconds: median(results.map((r) => r.coldSeconds)),
    runs: results.map((r) => r.coldSeconds),
    warmSeconds: first.warmSeconds,
    files: first.files,
    skipped: first.skipped,
    findings: first.findings,
    byRule: first.byRule,
    catalogSeconds: median(results.map((r) => r.catalogSeconds)),
    indexBytesPerFile: first.indexBytesPerFile ?? null,
  });
}
