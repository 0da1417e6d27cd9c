// One cold workspace index in a fresh process, as the server does it at start: walk, read,
// WorkspaceIndex.setFile for every file, then findings for every file against the catalog.
// A fresh process per run keeps the JIT as cold as a starting server's; the page cache is warm.
// Prints one JSON line: { coldSeconds, warmSeconds, files, skipped, findings, byRule, catalogSeconds }.

import { pathToFileURL } from 'node:url';

async function main(): Promise<void> {
  const [root, catalogPath, mode] = process.argv.slice(2);
  const walk = await import('../server/src/fs/walk');
  const { WorkspaceIndex } = await import('../server/src/core/workspaceIndex');
  const { loadCatalogFile } = await import('../server/src/catalog/index');

  const c0 = performance.now();
  const catalog = loadCatalogFile(catalogPath);
  const catalogSeconds = (performance.now() - c0) / 1000;

  const pass = () => {
    const started = performance.now();
    const { files, skipped } = walk.walkWorkspace(root);
    const index = new WorkspaceIndex();
    for (const file of files) {
      const read = walk.readSourceFile(file);
      if ('text' in read) index.setFile(pathToFileURL(file).href, read.text);
    }
    const byRule: Record<string, number> = {};
    let findings = 0;
    for (const uri of index.uris()) {
      for (const f of index.findings(uri, catalog)) {
        findings++;
        byRule[f.rule] = (byRule[f.rule] ?? 0) + 1;
      }
    }
    return { seconds: (performance.now() - started) / 1000, files: files.length, skipped: skipped.length, findings, byRule };
  };
  const cold = pass();
  // A second pass only when it is cheap enough to fit the benchmark's time limit.
  const warm = mode === 'warm' && cold.seconds < 20 ? pass() : undefined;
  process.stdout.write(JSON.stringify({
    coldSeconds: cold.seconds, warmSeconds: warm?.seconds ?? null, files: cold.files, skipped: cold.skipped,
    findings: cold.findings, byRule: cold.byRule, catalogSeconds,
  }) + '\n');
}

main().catch((err) => {
  process.stderr.write(`${(err as Error)?.stack ?? String(err)}\n`);
  process.exit(1);
});
