// The report's rendering of the newer figures (while indexing, storm, scale), from made-up inputs.
// Run: node --import tsx --test bench/report.test.ts

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { generateCatalog } from './catalogGen';
import { QUICK } from './config';
import type { LspResult } from './lsp';
import { missing, ok } from './outcome';
import { buildResults, buildScaleResults, fullIndexFigureFrom, growthRatio, renderTable, type ReportInput } from './report';
import type { StormResult } from './storm';
import type { WorkspaceManifest } from './workspaceGen';

const lat = (p50: number, p95: number, p99: number) => ({ p50, p95, p99 });
const LSP: LspResult = {
  indexSeconds: 4,
  indexedFiles: 1000,
  publishedFiles: 100,
  peakRssMb: 150,
  peakRssEndMb: 160,
  recheck: lat(5, 8, 9),
  recheckDebounced: lat(150, 160, 170),
  debounceMs: 150,
  completion: lat(3, 12, 15),
  completionItemsMedian: 40,
  completionIncomplete: 2,
  hover: lat(1, 2, 3),
  hoverAnswered: 60,
  hoverRequests: 60,
  duringIndex: { completion: lat(7, 18.5, 30), completionsSent: 42, completionsAnswered: 40, hover: lat(2, 6.25, 9), hoversSent: 41, hoversAnswered: 41 },
  indexBytesPerFile: 2048,
};
const STORM: StormResult = {
  rewritten: 400, removed: 50, created: 50, filesWithChangedDiagnostics: 170, converged: true, convergenceSeconds: 2.5,
  publishes: 677, stalePublishes: 0, unconvergedFiles: 0, lastPublishSeconds: 2.5, examples: [],
};
const MANIFEST = { editFileLines: 5000, sizePercentiles: { p50: 2700, p90: 9000, p99: 46000, max: 600000 } } as WorkspaceManifest;

function input(over: Partial<ReportInput> = {}): ReportInput {
  const skipped = missing<never>('skipped');
  return {
    config: QUICK, files: 1000, bytes: 8_000_000, manifest: MANIFEST, catalog: generateCatalog(QUICK.catalog),
    rgJ1: ok({ seconds: 0.1, matches: 10 }), rgAll: skipped, nodeRegex: skipped, lexOnly: skipped, tsParse: skipped, index: skipped,
    lsp: ok(LSP), fetch: skipped, storm: ok(STORM), scale: missing('no results-scale.json yet'), ...over,
  } as ReportInput;
}

const row = (table: string, label: string) => table.split('\n').find((l) => l.includes(label)) ?? assert.fail(`no row "${label}" in\n${table}`);

test('server index time with its ratio to rg -j1, completion and hover while indexing, index bytes, storm', () => {
  const i = input();
  const r = buildResults(i);
  assert.deepEqual(r.lspIndex, { seconds: 4, mbPerSec: 2, ratioToRipgrepJ1: 0.025 });
  assert.equal(r.duringIndex.completion.p95, 18.5);
  assert.deepEqual(r.storm, { changes: 500, converged: true, seconds: 2.5, stalePublishes: 0, filesWithChangedDiagnostics: 170 });
  const t = renderTable(i, r);
  assert.match(row(t, 'initialized → workspace indexed'), /4\.00 s, 2\.0 MB\/s \(0\.03× rg -j1\)/);
  assert.match(row(t, 'Completion while the server indexes'), /7\.00 \/ 18\.50 \/ 30\.00 ms \(42 answered while indexing\) \| p95 < 20 ms/);
  assert.match(row(t, 'Hover while the server indexes'), /2\.00 \/ 6\.25 \/ 9\.00 ms \(41 answered while indexing\) \| p95 < 10 ms/);
  assert.match(row(t, 'Index memory per file'), /2,048 bytes/);
  assert.match(row(t, 'Checkout storm: 400 files rewritten, 50 deleted, 50 created'), /converged in 2\.50 s \(170 files' diagnostics changed, 677 publishes\); 0 stale/);
  assert.match(row(t, 'Scale'), /missing: no results-scale.json yet/);
  assert.ok(!t.includes('Heap held after the cold index'), 'no cold index: no heap row');
});

test('read + lexer alone: its throughput and its ratio to rg -j1, next to the cold index', () => {
  // 8 MB in 0.2 s, against 0.1 s for rg -j1.
  const i = input({ lexOnly: ok({ seconds: 0.2, runs: [0.2], count: 123 }) });
  const r = buildResults(i);
  assert.equal(r.index.lexOnlyMbPerSec, 40);
  assert.equal(r.index.lexOnlyRatioToRipgrepJ1, 0.5);
  assert.match(row(renderTable(i, r), 'Read + this lexer alone'), /0\.200 s, 40\.0 MB\/s \(0\.50× rg -j1\)/);
  const none = input();
  assert.equal(buildResults(none).index.lexOnlyRatioToRipgrepJ1, null);
  assert.match(row(renderTable(none, buildResults(none)), 'Read + this lexer alone'), /skipped/);
});

test('the heap the cold index holds per file, from the cold-index run', () => {
  const index = ok({ seconds: 2, runs: [2], warmSeconds: null, files: 1000, skipped: 0, findings: 5, byRule: {}, catalogSeconds: 0.1, indexBytesPerFile: 4321 });
  const i = input({ index });
  const r = buildResults(i);
  assert.equal(r.heapBytesPerFile, 4321);
  assert.match(row(renderTable(i, r), 'Heap held after the cold index, per file'), /4,321 bytes/);
});

test('a storm that did not converge, and no index-bytes row when the server does not report them', () => {
  const storm = ok({ ...STORM, converged: false, convergenceSeconds: null, unconvergedFiles: 12, stalePublishes: 3, examples: ['file:///x.ts: published [a], fresh server [b]'] });
  const i = input({ storm, lsp: ok({ ...LSP, indexBytesPerFile: null }) });
  const t = renderTable(i, buildResults(i));
  assert.match(row(t, 'Checkout storm'), /NOT converged: 12 files still differ when the wait ended \(last publish at 2\.5 s\); 3 stale publishes.*file:\/\/\/x\.ts/);
  assert.ok(!t.includes('Index memory per file'));
  assert.equal(buildResults(i).storm.seconds, null);
});

test('scale rows: growth ratio against the full run, RSS goal, figures while indexing', () => {
  const scale = buildScaleResults(100_000, 640_000_000, ok({ ...LSP, indexSeconds: 64, indexedFiles: 100_000, peakRssMb: 700, duringIndex: { ...LSP.duringIndex, completionsSent: 0 } }));
  assert.equal(scale.indexSeconds, 64);
  // 64 s / 640 MB against 4 s / 8 MB: 0.1 s/MB vs 0.5 s/MB.
  assert.equal(growthRatio(64, 640, { seconds: 4, megabytes: 8, source: '' }), 0.2);
  const i = input({ scale: ok(scale) });
  const t = renderTable(i, buildResults(i));
  assert.match(row(t, 'Scale: 100,000 files, 640.0 MB'), /64\.00 s, 10\.0 MB\/s; 100,000 files indexed/);
  assert.match(row(t, 'index time per MB, scale ÷ full'), /0\.20 \(full: 4\.00 s for 8\.0 MB, this run\) \| ≤ 1/);
  assert.match(row(t, '  server peak RSS (VmHWM)'), /700 MB \| < 600 MB/);
  assert.match(row(t, '  Completion while the server indexes'), /none: the index finished before the first completion/);
  const capped = buildScaleResults(100_000, 640_000_000, ok({ ...LSP, indexSeconds: 30, indexedFiles: 50_001 }));
  const t3 = renderTable(input({ scale: ok(capped) }), buildResults(input()));
  assert.match(row(t3, 'Scale: 100,000 files'), /\| 30\.00 s; \*\*the server indexed only 50,001 of 100,000 files/);
  assert.match(row(t3, 'index time per MB, scale ÷ full'), /missing: the server did not index the whole workspace/);
  const failed = buildScaleResults(100_000, 640_000_000, missing('LSP benchmark failed: timed out'));
  const t2 = renderTable(input({ scale: ok(failed) }), buildResults(input()));
  assert.match(row(t2, 'Scale: 100,000 files'), /missing: LSP benchmark failed: timed out/);
});

test('the full figure for the growth ratio comes from results.json when it has the server index time', () => {
  assert.equal(fullIndexFigureFrom(undefined, 'x'), undefined);
  assert.equal(fullIndexFigureFrom({ index: { megabytes: 66 } } as never, 'x'), undefined);
  assert.deepEqual(fullIndexFigureFrom({ index: { megabytes: 66 }, lspIndex: { seconds: 5 }, date: '2026-11-26T12:24:00.000Z' } as never, 'from bench/results.json'), {
    seconds: 5, megabytes: 66, source: 'from bench/results.json, 2026-11-26 12:24 UTC',
  });
});
