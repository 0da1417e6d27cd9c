// `npm run bench [-- --quick] [-- --regen] [-- --update-readme] [-- --skip=parse,lsp,storm,fetch,index,rg]`: generates the
// workspace (cached under bench/workspace/), runs every measurement, writes bench/results.json
// (bench/results-quick.json for --quick)
// and prints a table. A measurement that cannot run is reported missing with its reason.
// `npm run bench -- --scale` runs only the language server on the 100,000-file workspace and
// writes bench/results-scale.json, whose figures later full runs show as the table's scale rows.

import { existsSync, mkdirSync, readFileSync, statfsSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { lexPass, nodeRegexPass, typescriptParsePass, type PassResult } from './baselines';
import { catalogFetchBench, type CatalogFetchResult } from './catalogFetch';
import { coldIndex, type ColdIndexResult } from './coldIndex';
import { FULL, QUICK, SCALE, resultsFileName, type BenchConfig } from './config';
import { lspBench, type LspResult } from './lsp';
import { attempt, missing, ok, type Outcome } from './outcome';
import { ensureRipgrep, ripgrepFiles, timeRipgrep, type RipgrepRun } from './ripgrep';
import { listSourceFiles, totalBytes } from './sourceFiles';
import { MB, round } from './stats';
import {
  buildResults, buildScaleResults, fullIndexFigureFrom, markdownTable, renderTable, scaleRows,
  type BenchResults, type ScaleResults,
} from './report';
import { stormBench, type StormResult } from './storm';
import { prepareWorkspace, WORKSPACE_DIR } from './workspace';

const log = (line: string): void => {
  process.stdout.write(`${line}\n`);
};

const SERVER_PATH = join(__dirname, '..', 'dist', 'server.js');

function lspOptions(config: BenchConfig, ws: ReturnType<typeof prepareWorkspace>, expectedFiles: number) {
  return {
    serverPath: SERVER_PATH,
    root: ws.root,
    manifest: ws.manifest,
    edits: config.edits,
    debouncedEdits: config.debouncedEdits,
    completions: config.completions,
    hovers: config.hovers,
    expectedFiles,
    duringIndexGapMs: config.duringIndexGapMs,
    indexTimeoutSeconds: config.indexTimeoutSeconds,
    log,
  };
}

function readJson<T>(file: string): T | undefined {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as T;
  } catch {
    return undefined;
  }
}

function machineCaption(config: BenchConfig, date: string, started: number, loadBefore: number): string {
  const total = round((performance.now() - started) / 1000, 1);
  const machine = `${cpus().length} × ${cpus()[0]?.model.trim() ?? 'unknown CPU'}, load average ${loadBefore.toFixed(1)} at the start and ${loadavg()[0].toFixed(1)} at the end`;
  return `Last ${config.name} run: ${date.slice(0, 16).replace('T', ' ')} UTC, Node ${process.version}, ${machine}; ${total} s in all.`;
}

/** `--scale`: the 100,000-file workspace through the language server only. */
async function scaleMain(args: string[]): Promise<void> {
  const config = SCALE;
  const started = performance.now();
  const loadBefore = loadavg()[0];
  const phase = (name: string): void => log(`[${((performance.now() - started) / 1000).toFixed(1)} s] ${name}`);
  const manifestExists = existsSync(join(WORKSPACE_DIR, `${config.name}.manifest.json`));
  if (!manifestExists || args.includes('--regen')) {
    mkdirSync(WORKSPACE_DIR, { recursive: true });
    const { bavail, bsize } = statfsSync(WORKSPACE_DIR);
    const free = bavail * bsize;
    const need = 2 * config.workspace.minBytes;
    log(`  ${(free / 1e9).toFixed(1)} GB free under ${WORKSPACE_DIR}; the scale workspace needs about ${(config.workspace.minBytes / 1e9).toFixed(2)} GB`);
    if (free < need) throw new Error(`not enough free disk for the scale workspace: ${(free / 1e9).toFixed(1)} GB free, want ${(need / 1e9).toFixed(1)} GB`);
  }
  phase(`scale mode: preparing the workspace (generating takes a few minutes the first time)`);
  const ws = prepareWorkspace(config, args.includes('--regen'));
  log(ws.generatedSeconds ? `  generated in ${ws.generatedSeconds.toFixed(1)} s` : '  reused the cached workspace');
  const files = listSourceFiles(ws.root);
  const bytes = totalBytes(files);
  log(`  ${files.length} files, ${(bytes / MB).toFixed(1)} MB`);
  phase('language server over stdio');
  const lsp = await attempt(() => lspBench(lspOptions(config, ws, files.length)));
  phase('done');
  const results = buildScaleResults(files.length, bytes, lsp);
  const out = join(__dirname, resultsFileName(config));
  writeFileSync(out, JSON.stringify(results, null, 2) + '\n');
  const full = fullIndexFigureFrom(readJson<BenchResults>(join(__dirname, resultsFileName(FULL))), 'from bench/results.json');
  log('');
  log(markdownTable(`measurement (scale mode, Node ${process.version})`, scaleRows({ ok: true, value: results }, full)));
  log('');
  log(machineCaption(config, results.date, started, loadBefore));
  log(`wrote ${out}; full runs show it as the table's scale rows`);
}

/** The latest scale run's figures, for the full table. */
function latestScale(): Outcome<ScaleResults> {
  const file = join(__dirname, resultsFileName(SCALE));
  const scale = readJson<ScaleResults>(file);
  return scale ? ok(scale) : missing(`no ${resultsFileName(SCALE)} yet (npm run bench -- --scale)`);
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  if (args.includes('--scale')) return scaleMain(args);
  const config = args.includes('--quick') ? QUICK : FULL;
  const skip = new Set(args.filter((a) => a.startsWith('--skip=')).flatMap((a) => a.slice(7).split(',')));
  const started = performance.now();
  const loadBefore = loadavg()[0];
  const phase = (name: string): void => log(`[${((performance.now() - started) / 1000).toFixed(1)} s] ${name}`);

  phase(`${config.name} mode: preparing the workspace`);
  const ws = prepareWorkspace(config, args.includes('--regen'));
  log(ws.generatedSeconds ? `  generated in ${ws.generatedSeconds.toFixed(1)} s` : '  reused the cached workspace');
  const files = listSourceFiles(ws.root);
  const bytes = totalBytes(files);
  log(`  ${files.length} files, ${(bytes / MB).toFixed(1)} MB, edit file ${ws.manifest.editFile}`);

  const skipped = (what: string) => missing<never>(`skipped with --skip=${what}`);

  let rgJ1: Outcome<RipgrepRun> = skipped('rg');
  let rgAll: Outcome<RipgrepRun> = skipped('rg');
  if (!skip.has('rg')) {
    phase('ripgrep');
    const rg = ensureRipgrep(log);
    if (!rg.ok) {
      rgJ1 = rgAll = missing(rg.reason);
    } else {
      const rgCount = ripgrepFiles(ws.root);
      if (rgCount !== files.length) log(`  warning: rg sees ${rgCount} files, the benchmark lists ${files.length}`);
      rgJ1 = await attempt(() => ok(timeRipgrep(ws.root, 1, config.treeRuns)));
      rgAll = await attempt(() => ok(timeRipgrep(ws.root, undefined, config.treeRuns)));
    }
  }

  phase('Node read + slug regex baseline');
  const nodeRegex: Outcome<PassResult> = await attempt(() => ok(nodeRegexPass(files, config.treeRuns)));
  phase('read + lexer only, one thread');
  const lexOnly: Outcome<PassResult> = await attempt(() => ok(lexPass(files, config.treeRuns)));

  let tsParse: Outcome<PassResult> = skipped('parse');
  if (!skip.has('parse')) {
    phase('TypeScript createSourceFile over every file');
    tsParse = await attempt(() => ok(typescriptParsePass(files, config.parseRuns, false)));
  }

  let index: Outcome<ColdIndexResult> = skipped('index');
  if (!skip.has('index')) {
    phase('cold index (fresh process per run)');
    index = await attempt(() => coldIndex(ws.root, ws.catalogPath, config.indexRuns, config.name === 'quick' ? 15 : 90));
  }

  let lsp: Outcome<LspResult> = skipped('lsp');
  if (!skip.has('lsp')) {
    phase('language server over stdio');
    lsp = await attempt(() => lspBench(lspOptions(config, ws, files.length)));
  }

  let storm: Outcome<StormResult> = skipped('storm');
  if (!skip.has('storm')) {
    phase(`checkout storm: ${config.storm.rewrite + config.storm.remove + config.storm.create} files change at once, on a copy of the workspace`);
    storm = await attempt(() =>
      stormBench({
        serverPath: SERVER_PATH,
        root: ws.root,
        catalog: ws.catalog,
        spec: config.storm,
        expectedFiles: files.length,
        indexTimeoutSeconds: config.indexTimeoutSeconds,
        convergeTimeoutSeconds: 120,
        log,
      }),
    );
  }

  let fetch: Outcome<CatalogFetchResult> = skipped('fetch');
  if (!skip.has('fetch')) {
    phase('catalog fetch from the WorkOS-compatible test server');
    fetch = await attempt(() => catalogFetchBench(config.fetchCatalog, config.fetchRuns));
  }
  phase('done');

  const input = {
    config, files: files.length, bytes, manifest: ws.manifest, catalog: ws.catalog, rgJ1, rgAll, nodeRegex, lexOnly, tsParse, index, lsp, fetch, storm,
    scale: latestScale(),
  };
  const results = buildResults(input);
  // Only a full run replaces the committed figures; a quick run writes its own, git-ignored file.
  const out = join(__dirname, resultsFileName(config));
  writeFileSync(out, JSON.stringify(results, null, 2) + '\n');
  const table = renderTable(input, results);
  const caption = machineCaption(config, results.date, started, loadBefore);
  log('');
  log(table);
  log('');
  log(caption);
  log(`wrote ${out}`);
  if (args.includes('--update-readme')) {
    if (config.name !== 'full') log('--update-readme ignored: the README shows full runs only');
    else log(updateReadme(`${caption}\n\n${table}`) ? 'updated the Performance table in README.md' : 'README.md has no bench-table markers; not updated');
  }
}

/** Replaces what lies between the bench-table markers in README.md; false when they are absent. */
function updateReadme(content: string): boolean {
  const path = join(__dirname, '..', 'README.md');
  const text = readFileSync(path, 'utf8');
  const start = '<!-- bench-table:start -->';
  const end = '<!-- bench-table:end -->';
  const i = text.indexOf(start);
  const j = text.indexOf(end);
  if (i < 0 || j < i) return false;
  writeFileSync(path, `${text.slice(0, i + start.length)}\n${content}\n${text.slice(j)}`);
  return true;
}

main().catch((err) => {
  process.stderr.write(`${(err as Error)?.stack ?? String(err)}\n`);
  process.exit(1);
});
