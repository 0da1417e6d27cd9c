// One cold workspace index in a fresh process, as the server does it at start: walk, then read and
// scan every file on the scan pool's worker threads into the index, then findings for every file
// against the catalog.
// A fresh process per run keeps the JIT as cold as a starting server's; the page cache is warm.
// Prints one JSON line: { coldSeconds, warmSeconds, files, skipped, findings, byRule, catalogSeconds }.

import { join } from 'node:path';

async function main(): Promise<void> {
  const [root, catalogPath, mode] = process.argv.slice(2);
  const { indexPaths } = await import('../server/src/workspaceRun');
  const { ScanPool } = await import('../server/src/pool/scanPool');
  const { loadCatalogFile } = await import('../server/src/catalog/index');
  // This script is bundled into a temporary folder: the worker script is the built one.
  const pool = new ScanPool({ workerPath: join(process.cwd(), 'dist', 'scanWorker.js') });

  const c0 = performance.now();
  const catalog = loadCatalogFile(catalogPath);
  const catalogSeconds = (performance.now() - c0) / 1000;

  const pass = async () => {
    const started = performance.now();
    const { index, files, skipped } = await indexPaths([root], {}, pool);
    const byRule: Record<string, number> = {};
    let findings = 0;
    for (const uri of index.uris()) {
      for (const f of index.findings(uri, catalog)) {
        findings++;
        byRule[f.rule] = (byRule[f.rule] ?? 0) + 1;
      }
    }
    const seconds = (performance.now() - started) / 1000;
    // What the index keeps per file: the heap it holds once the garbage of scanning is collected.
    gc?.();
    const indexBytes = process.memoryUsage().heapUsed - heapBefore;
    return { seconds, files: files.length, skipped: skipped.length, findings, byRule, indexBytes };
  };
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  const heapBefore = process.memoryUsage().heapUsed;
  const cold = await pass();
  // A second pass only when it is cheap enough to fit the benchmark's time limit.
  const warm = mode === 'warm' && cold.seconds < 20 ? await pass() : undefined;
  await pool.close();
  process.stdout.write(JSON.stringify({
    coldSeconds: cold.seconds, warmSeconds: warm?.seconds ?? null, files: cold.files, skipped: cold.skipped,
    findings: cold.findings, byRule: cold.byRule, catalogSeconds, indexBytesPerFile: Math.round(cold.indexBytes / Math.max(1, cold.files)),
  }) + '\n');
}

main().catch((err) => {
  process.stderr.write(`${(err as Error)?.stack ?? String(err)}\n`);
  process.exit(1);
});
