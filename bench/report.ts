// bench/results.json (the schema the issue fixes; missing figures are null) and the table.

import type { CatalogSnapshot } from '../server/src/core/catalog';
import type { PassResult } from './baselines';
import type { CatalogFetchResult } from './catalogFetch';
import type { ColdIndexResult } from './coldIndex';
import type { BenchConfig } from './config';
import type { LspResult } from './lsp';
import type { Outcome } from './outcome';
import type { RipgrepRun } from './ripgrep';
import type { StormResult } from './storm';
import { MB, round, type Latency } from './stats';
import type { WorkspaceManifest } from './workspaceGen';

export interface ReportInput {
  config: BenchConfig;
  files: number;
  bytes: number;
  manifest: WorkspaceManifest;
  catalog: CatalogSnapshot;
  rgJ1: Outcome<RipgrepRun>;
  rgAll: Outcome<RipgrepRun>;
  nodeRegex: Outcome<PassResult>;
  /** Read + the lexer alone, one thread, JIT warm. */
  lexOnly: Outcome<PassResult>;
  tsParse: Outcome<PassResult>;
  index: Outcome<ColdIndexResult>;
  lsp: Outcome<LspResult>;
  fetch: Outcome<CatalogFetchResult>;
  storm: Outcome<StormResult>;
  /** The latest scale run's figures (bench/results-scale.json), or why there are none. */
  scale: Outcome<ScaleResults>;
}

type Num = number | null;
type NullableLatency = { p50: Num; p95: Num; p99: Num };

export interface DuringIndexResults {
  completion: NullableLatency;
  hover: NullableLatency;
  completionsSent: Num;
  hoversSent: Num;
}

/** bench/results-scale.json: the language server on the 100,000-file workspace. */
export interface ScaleResults {
  files: number;
  megabytes: number;
  /** Files the server reported indexed; fewer than `files` when it stops at a file limit. */
  indexedFiles: Num;
  /** initialized → the server reports the folder indexed. */
  indexSeconds: Num;
  mbPerSec: Num;
  serverRssMb: Num;
  recheck: NullableLatency;
  completion: NullableLatency;
  hover: NullableLatency;
  duringIndex: DuringIndexResults;
  indexBytesPerFile: Num;
  /** Why the language-server figures are null, when they are. */
  missing?: string;
  quick: false;
  node: string;
  date: string;
}

/** A full run's server index time, for the growth ratio, and where it came from. */
export interface FullIndexFigure {
  seconds: number;
  megabytes: number;
  source: string;
}

export interface BenchResults {
  index: {
    files: number;
    megabytes: number;
    seconds: Num;
    mbPerSec: Num;
    ripgrepJ1MbPerSec: Num;
    ripgrepMbPerSec: Num;
    ratioToRipgrepJ1: Num;
    /** Read + the lexer alone on one thread, and its ratio to rg -j1: what any scan on this lexer starts from. */
    lexOnlyMbPerSec: Num;
    lexOnlyRatioToRipgrepJ1: Num;
    typescriptParseMbPerSec: Num;
  };
  /** The language server: initialized → the folder reported indexed. */
  lspIndex: { seconds: Num; mbPerSec: Num; ratioToRipgrepJ1: Num };
  recheck: NullableLatency;
  completion: NullableLatency;
  hover: NullableLatency;
  /** Completions and hovers answered while the initial index runs. */
  duringIndex: DuringIndexResults;
  serverRssMb: Num;
  /** Index memory per file as the server reports it (null: it does not). */
  indexBytesPerFile: Num;
  /** Heap the cold-index run holds once indexed, per file (garbage collected). */
  heapBytesPerFile: Num;
  storm: { changes: Num; converged: boolean | null; seconds: Num; stalePublishes: Num; filesWithChangedDiagnostics: Num };
  catalogFetch: { requests: Num; seconds: Num; requestsUnder429Burst: Num; secondsUnder429Burst: Num };
  quick: boolean;
  node: string;
  date: string;
}

const value = <T, R>(o: Outcome<T>, f: (v: T) => R): R | null => (o.ok ? f(o.value) : null);
const lat = <T>(o: Outcome<T>, f: (v: T) => Latency): NullableLatency => {
  const l = value(o, f);
  const num = (x: number | undefined) => (x === undefined || Number.isNaN(x) ? null : x);
  return { p50: num(l?.p50), p95: num(l?.p95), p99: num(l?.p99) };
};
const duringIndexResults = (lsp: Outcome<LspResult>): DuringIndexResults => ({
  completion: lat(lsp, (v) => v.duringIndex.completion),
  hover: lat(lsp, (v) => v.duringIndex.hover),
  completionsSent: value(lsp, (v) => v.duringIndex.completionsSent),
  hoversSent: value(lsp, (v) => v.duringIndex.hoversSent),
});
const bytesPerFile = (lsp: Outcome<LspResult>): Num => (lsp.ok && lsp.value.indexBytesPerFile !== null ? Math.round(lsp.value.indexBytesPerFile) : null);

/** (scale seconds / scale MB) ÷ (full seconds / full MB): 1 when index time grows exactly with bytes. */
export function growthRatio(scaleSeconds: number, scaleMegabytes: number, full: FullIndexFigure): number {
  return round(scaleSeconds / scaleMegabytes / (full.seconds / full.megabytes), 2);
}

export function buildScaleResults(files: number, bytes: number, lsp: Outcome<LspResult>): ScaleResults {
  const mb = bytes / MB;
  return {
    files,
    megabytes: round(mb, 1),
    indexedFiles: value(lsp, (v) => v.indexedFiles),
    indexSeconds: value(lsp, (v) => round(v.indexSeconds, 3)),
    mbPerSec: value(lsp, (v) => round(mb / v.indexSeconds, 1)),
    serverRssMb: value(lsp, (v) => round(v.peakRssMb, 1)),
    recheck: lat(lsp, (v) => v.recheck),
    completion: lat(lsp, (v) => v.completion),
    hover: lat(lsp, (v) => v.hover),
    duringIndex: duringIndexResults(lsp),
    indexBytesPerFile: bytesPerFile(lsp),
    ...(lsp.ok ? {} : { missing: lsp.reason }),
    quick: false,
    node: process.version,
    date: new Date().toISOString(),
  };
}

/** The full run's server index figure in bench/results.json, for a scale run's growth ratio. */
export function fullIndexFigureFrom(results: Partial<BenchResults> | undefined, label: string): FullIndexFigure | undefined {
  const seconds = results?.lspIndex?.seconds;
  const megabytes = results?.index?.megabytes;
  if (typeof seconds !== 'number' || typeof megabytes !== 'number') return undefined;
  return { seconds, megabytes, source: `${label}${results?.date ? `, ${results.date.slice(0, 16).replace('T', ' ')} UTC` : ''}` };
}

export function buildResults(input: ReportInput): BenchResults {
  const mb = input.bytes / MB;
  const rate = (seconds: number) => round(mb / seconds, 1);
  const ours = value(input.index, (v) => rate(v.seconds));
  const rgJ1 = value(input.rgJ1, (v) => rate(v.seconds));
  const lexOnly = value(input.lexOnly, (v) => rate(v.seconds));
  const server = value(input.lsp, (v) => rate(v.indexSeconds));
  const storm = input.storm;
  return {
    index: {
      files: input.files,
      megabytes: round(mb, 1),
      seconds: value(input.index, (v) => round(v.seconds, 3)),
      mbPerSec: ours,
      ripgrepJ1MbPerSec: rgJ1,
      ripgrepMbPerSec: value(input.rgAll, (v) => rate(v.seconds)),
      ratioToRipgrepJ1: ours !== null && rgJ1 !== null ? round(ours / rgJ1, 3) : null,
      lexOnlyMbPerSec: lexOnly,
      lexOnlyRatioToRipgrepJ1: lexOnly !== null && rgJ1 !== null ? round(lexOnly / rgJ1, 3) : null,
      typescriptParseMbPerSec: value(input.tsParse, (v) => rate(v.seconds)),
    },
    lspIndex: {
      seconds: value(input.lsp, (v) => round(v.indexSeconds, 3)),
      mbPerSec: server,
      ratioToRipgrepJ1: server !== null && rgJ1 !== null ? round(server / rgJ1, 3) : null,
    },
    recheck: lat(input.lsp, (v) => v.recheck),
    completion: lat(input.lsp, (v) => v.completion),
    hover: lat(input.lsp, (v) => v.hover),
    duringIndex: duringIndexResults(input.lsp),
    serverRssMb: value(input.lsp, (v) => round(v.peakRssMb, 1)),
    indexBytesPerFile: bytesPerFile(input.lsp),
    heapBytesPerFile: value(input.index, (v) => v.indexBytesPerFile),
    storm: {
      changes: value(storm, (v) => v.rewritten + v.removed + v.created),
      converged: value(storm, (v) => v.converged),
      seconds: value(storm, (v) => (v.convergenceSeconds === null ? null : round(v.convergenceSeconds, 3))),
      stalePublishes: value(storm, (v) => v.stalePublishes),
      filesWithChangedDiagnostics: value(storm, (v) => v.filesWithChangedDiagnostics),
    },
    catalogFetch: {
      requests: value(input.fetch, (v) => v.normal.requests),
      seconds: value(input.fetch, (v) => round(v.normal.seconds, 3)),
      requestsUnder429Burst: value(input.fetch, (v) => (v.burstError ? null : v.burst.requests)),
      secondsUnder429Burst: value(input.fetch, (v) => (v.burstError ? null : round(v.burst.seconds, 3))),
    },
    quick: input.config.name === 'quick',
    node: process.version,
    date: new Date().toISOString(),
  };
}

const n = (x: number, digits = 0) => x.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const kb = (bytes: number) => (bytes >= 1e6 ? `${n(bytes / 1e6, 2)} MB` : `${n(bytes / 1e3, 1)} KB`);
const ms = (l: Latency) => `${n(l.p50, 2)} / ${n(l.p95, 2)} / ${n(l.p99, 2)} ms`;
const why = (o: Outcome<unknown>) => (o.ok ? '' : `missing: ${(o as { reason: string }).reason}`);
const msN = (l: NullableLatency) => (l.p50 === null || l.p95 === null || l.p99 === null ? 'missing' : ms(l as Latency));
const rgRatio = (ratio: Num) => (ratio === null ? '' : ` (${n(ratio, 2)}× rg -j1)`);

type Row = [string, string, string];

/** Completions and hovers answered while the initial index ran. */
function duringIndexRows(d: DuringIndexResults, indent = ''): Row[] {
  const sent = (count: Num, l: NullableLatency, what: string) =>
    !count ? `none: the index finished before the first ${what} was answered` : `${msN(l)} (${n(count)} answered while indexing)`;
  return [
    [`${indent}Completion while the server indexes, p50 / p95 / p99`, sent(d.completionsSent, d.completion, 'completion'), 'p95 < 20 ms'],
    [`${indent}Hover while the server indexes, p50 / p95 / p99`, sent(d.hoversSent, d.hover, 'hover'), 'p95 < 10 ms'],
  ];
}

/** The scale run's rows; `full` is the full run's server index time the growth ratio compares with. */
export function scaleRows(scale: Outcome<ScaleResults>, full: FullIndexFigure | undefined): Row[] {
  if (!scale.ok) return [['Scale: 100,000-file workspace through the language server', why(scale), '']];
  const v = scale.value;
  const title = `Scale: ${n(v.files)} files, ${n(v.megabytes, 1)} MB (scale run of ${v.date.slice(0, 16).replace('T', ' ')} UTC): initialized → workspace indexed`;
  if (v.indexSeconds === null) return [[title, `missing: ${v.missing ?? 'no figure'}`, '']];
  // A server that stops at a file limit indexes only part of the tree: its time says nothing about the whole.
  const partial = v.indexedFiles !== null && v.indexedFiles < v.files * 0.99;
  const indexed = v.indexedFiles === null ? '' : partial ? `; **the server indexed only ${n(v.indexedFiles)} of ${n(v.files)} files**` : `; ${n(v.indexedFiles)} files indexed`;
  const rows: Row[] = [[title, `${n(v.indexSeconds, 2)} s${partial ? '' : `, ${n(v.mbPerSec ?? 0, 1)} MB/s`}${indexed}`, '']];
  rows.push([
    '  index time per MB, scale ÷ full',
    partial
      ? 'missing: the server did not index the whole workspace'
      : full
        ? `${n(growthRatio(v.indexSeconds, v.megabytes, full), 2)} (full: ${n(full.seconds, 2)} s for ${n(full.megabytes, 1)} MB, ${full.source})`
        : 'missing: no full run figure for the server index time',
    '≤ 1 (grows no faster than bytes)',
  ]);
  rows.push(['  server peak RSS (VmHWM) after indexing', v.serverRssMb === null ? 'missing' : `${n(v.serverRssMb, 0)} MB`, '< 600 MB']);
  if (v.indexBytesPerFile !== null) rows.push(['  index memory per file (server-reported)', `${n(v.indexBytesPerFile)} bytes`, '']);
  rows.push(['  re-check after an edit, p50 / p95 / p99', msN(v.recheck), 'p95 < 10 ms']);
  rows.push(...duringIndexRows(v.duringIndex, '  '));
  rows.push(['  completion / hover after indexing, p95', v.completion.p95 === null || v.hover.p95 === null ? 'missing' : `${n(v.completion.p95, 2)} / ${n(v.hover.p95, 2)} ms`, '']);
  return rows;
}

function stormRows(storm: Outcome<StormResult>): Row[] {
  const label = storm.ok
    ? `Checkout storm: ${n(storm.value.rewritten)} files rewritten, ${n(storm.value.removed)} deleted, ${n(storm.value.created)} created, one didChangeWatchedFiles → diagnostics equal a fresh server's`
    : 'Checkout storm → diagnostics equal a fresh server\'s';
  if (!storm.ok) return [[label, why(storm), '']];
  const v = storm.value;
  const stale = `${n(v.stalePublishes)} stale publishes (a file's old diagnostics after its new ones)`;
  const result = v.converged
    ? `converged in ${n(v.convergenceSeconds ?? 0, 2)} s (${n(v.filesWithChangedDiagnostics)} files' diagnostics changed, ${n(v.publishes)} publishes); ${stale}`
    : `NOT converged: ${n(v.unconvergedFiles)} files still differ when the wait ended (last publish ${v.lastPublishSeconds === null ? 'none' : `at ${n(v.lastPublishSeconds, 1)} s`}); ${stale}; e.g. ${v.examples[0] ?? ''}`;
  return [[label, result, 'converges, 0 stale']];
}

/** A markdown table of rows. */
export function markdownTable(title: string, rows: Row[]): string {
  const header = `| ${title} | result | target |\n|---|---|---|`;
  return [header, ...rows.map(([a, b, c]) => `| ${a} | ${b.replace(/\|/g, '\\|')} | ${c} |`)].join('\n');
}

export function renderTable(input: ReportInput, r: BenchResults): string {
  const rows: Row[] = [];
  const mb = input.bytes / MB;
  const m = input.manifest;
  const roles = input.catalog.environmentRoles.length + new Set(input.catalog.organizations.flatMap((o) => o.roles.map((x) => x.slug))).size;
  rows.push([
    'Workspace (generated, seed-deterministic)',
    `${n(input.files)} files, ${n(mb, 1)} MB; file size p50 ${kb(m.sizePercentiles.p50)}, p99 ${kb(m.sizePercentiles.p99)}, max ${kb(m.sizePercentiles.max)}; catalog ${n(input.catalog.permissions.length)} permissions, ${n(roles)} roles`,
    '≥ 10,000 files, ≥ 60 MB',
  ]);
  const idx = input.index;
  rows.push([
    'Cold index: walk + read + scan + rules, fresh process (median)',
    idx.ok ? `${n(idx.value.seconds, 2)} s, ${n(r.index.mbPerSec!, 1)} MB/s${rgRatio(r.index.ratioToRipgrepJ1)}; ${n(idx.value.files)} files, ${n(idx.value.findings)} findings` : why(idx),
    '',
  ]);
  if (idx.ok) {
    const w = idx.value.warmSeconds;
    const rules = Object.entries(idx.value.byRule).sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k} ${n(v)}`).join(', ');
    rows.push(['  findings by rule', rules || 'none', '']);
    rows.push(['  runs (fresh process each)', idx.value.runs.map((s) => `${n(s, 2)} s`).join(', '), '']);
    if (w !== null) rows.push(['  same pass again in the same process (JIT warm)', `${n(w, 2)} s, ${n(mb / w, 1)} MB/s`, '']);
  }
  rows.push(['ripgrep -j1, slug regex (median)', input.rgJ1.ok ? `${n(input.rgJ1.value.seconds, 3)} s, ${n(r.index.ripgrepJ1MbPerSec!, 1)} MB/s, ${n(input.rgJ1.value.matches)} matches` : why(input.rgJ1), '']);
  rows.push(['ripgrep, default threads', input.rgAll.ok ? `${n(input.rgAll.value.seconds, 3)} s, ${n(r.index.ripgrepMbPerSec!, 1)} MB/s` : why(input.rgAll), '']);
  rows.push(['**Cold index / ripgrep -j1 throughput**', r.index.ratioToRipgrepJ1 !== null ? `**${n(r.index.ratioToRipgrepJ1, 2)}×**` : 'missing (needs both figures)', '≥ 0.5×']);
  rows.push(['Node readFileSync + slug regex, one thread (baseline)', input.nodeRegex.ok ? `${n(input.nodeRegex.value.seconds, 3)} s, ${n(mb / input.nodeRegex.value.seconds, 1)} MB/s` : why(input.nodeRegex), '']);
  rows.push([
    'Read + this lexer alone on every file, one thread, JIT warm (no pre-pass, analysis, index or rules)',
    input.lexOnly.ok ? `${n(input.lexOnly.value.seconds, 3)} s, ${n(r.index.lexOnlyMbPerSec!, 1)} MB/s${rgRatio(r.index.lexOnlyRatioToRipgrepJ1)}` : why(input.lexOnly),
    '',
  ]);
  rows.push(['TypeScript createSourceFile on every file (naive full parse)', input.tsParse.ok ? `${n(input.tsParse.value.seconds, 2)} s, ${n(r.index.typescriptParseMbPerSec!, 1)} MB/s` : why(input.tsParse), '']);
  const lsp = input.lsp;
  if (lsp.ok) {
    const v = lsp.value;
    rows.push([
      'LSP: initialized → workspace indexed (server-reported)',
      `${n(v.indexSeconds, 2)} s, ${n(r.lspIndex.mbPerSec!, 1)} MB/s${rgRatio(r.lspIndex.ratioToRipgrepJ1)}; ${n(v.indexedFiles)} files, ${n(v.publishedFiles)} files with diagnostics`,
      '',
    ]);
    rows.push([`Re-check of the ${n(m.editFileLines)}-line file after an edit, p50 / p95 / p99`, ms(v.recheck), 'p95 < 10 ms']);
    rows.push([`  didChange alone (waits the server's ${v.debounceMs ?? '?'} ms typing debounce)`, ms(v.recheckDebounced), '']);
    rows.push([`Completion, ${n(input.catalog.permissions.length)}-permission catalog, p50 / p95 / p99`, `${ms(v.completion)} (median ${n(v.completionItemsMedian)} items, ${v.completionIncomplete} incomplete lists)`, 'p95 < 20 ms']);
    rows.push(['Hover, p50 / p95 / p99', `${ms(v.hover)} (${v.hoverAnswered}/${v.hoverRequests} answered)`, 'p95 < 10 ms']);
    rows.push(...duringIndexRows(r.duringIndex));
    rows.push(['Server peak RSS (VmHWM) after indexing', `${n(v.peakRssMb, 0)} MB (${n(v.peakRssEndMb, 0)} MB at the end of the run)`, '< 200 MB']);
    if (r.indexBytesPerFile !== null) rows.push(['Index memory per file (server-reported)', `${n(r.indexBytesPerFile)} bytes`, '']);
    if (r.heapBytesPerFile !== null) rows.push(['Heap held after the cold index, per file (the index, interned strings, name caches; garbage collected)', `${n(r.heapBytesPerFile)} bytes`, '']);
  } else {
    for (const label of ['Re-check after an edit', 'Completion', 'Hover', 'Completion and hover while the server indexes', 'Server peak RSS']) rows.push([label, why(lsp), '']);
  }
  rows.push(...stormRows(input.storm));
  const full = r.lspIndex.seconds !== null ? { seconds: r.lspIndex.seconds, megabytes: r.index.megabytes, source: 'this run' } : undefined;
  rows.push(...scaleRows(input.scale, full));
  const f = input.fetch;
  const fs = input.config.fetchCatalog;
  if (f.ok) {
    rows.push([
      `Catalog fetch, ${n(fs.permissions)} permissions / ${n(fs.roles)} roles / ${n(fs.organizations)} organizations`,
      `${f.value.normal.requests} requests, ${n(f.value.normal.seconds, 2)} s (got ${n(f.value.counts.permissions)} permissions, ${f.value.counts.organizations} organizations)`,
      '< 5 s',
    ]);
    rows.push([
      `  under a 429 burst (${f.value.burstSpec})`,
      f.value.burstError
        ? `gave up after ${f.value.burst.requests} requests, ${n(f.value.burst.seconds, 2)} s: ${f.value.burstError}`
        : `${f.value.burst.requests} requests, ${n(f.value.burst.seconds, 2)} s`,
      '',
    ]);
  } else {
    rows.push(['Catalog fetch', why(f), '< 5 s']);
  }
  return markdownTable(`measurement (${input.config.name} mode, Node ${process.version})`, rows);
}
