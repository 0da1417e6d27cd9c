// `npm run bench [-- --quick] [-- --regen] [-- --update-readme] [-- --skip=parse,lsp,fetch,index,rg]`: generates the
// workspace (cached under bench/workspace/), runs every measurement, writes bench/results.json
// (bench/results-quick.json for --quick)
// and prints a table. A measurement that cannot run is reported missing with its reason.

import { readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { nodeRegexPass, typescriptParsePass, type PassResult } from './baselines';
import { catalogFetchBench, type CatalogFetchResult } from './catalogFetch';
import { coldIndex, type ColdIndexResult } from './coldIndex';
import { FULL, QUICK, resultsFileName } from './config';
import { lspBench, type LspResult } from './lsp';
import { attempt, missing, ok, type Outcome } from './outcome';
import { ensureRipgrep, ripgrepFiles, timeRipgrep, type RipgrepRun } from './ripgrep';
import { listSourceFiles, totalBytes } from './sourceFiles';
import { MB, round } from './stats';
import { buildResults, renderTable } from './report';
import { prepareWorkspace } from './workspace';

const log = (line: string): void => {
  process.stdout.write(`${line}\n`);
};

async function main(): Promise<void> {
  const args = process.argv.slice(2);
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
    lsp = await attempt(() =>
      lspBench({
        serverPath: join(__dirname, '..', 'dist', 'server.js'),
        root: ws.root,
        manifest: ws.manifest,
        edits: config.edits,
        debouncedEdits: config.debouncedEdits,
        completions: config.completions,
        hovers: config.hovers,
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

  const input = { config, files: files.length, bytes, manifest: ws.manifest, catalog: ws.catalog, rgJ1, rgAll, nodeRegex, tsParse, index, lsp, fetch };
  const results = buildResults(input);
  // Only a full run replaces the committed figures; a quick run writes its own, git-ignored file.
  const out = join(__dirname, resultsFileName(config));
  writeFileSync(out, JSON.stringify(results, null, 2) + '\n');
  const total = round((performance.now() - started) / 1000, 1);
  const machine = `${cpus().length} × ${cpus()[0]?.model.trim() ?? 'unknown CPU'}, load average ${loadBefore.toFixed(1)} at the start and ${loadavg()[0].toFixed(1)} at the end`;
  const table = renderTable(input, results);
  const caption = `Last ${config.name} run: ${results.date.slice(0, 16).replace('T', ' ')} UTC, Node ${process.version}, ${machine}; ${total} s in all.`;
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
