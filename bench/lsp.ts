// Latency through the real language server (dist/server.js over stdio), the way an editor
// talks to it: start and index the workspace with the 5,000-line file open and completions and
// hovers asked in it while the server indexes, then edits, completions and hovers in that file,
// timed from the moment the message is sent to the moment the answer (or the file's
// publishDiagnostics) arrives.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { BenchServer, sleep, withTimeout, type Publish } from './lspClient';
import { missing, ok, type Outcome } from './outcome';
import { latency, type Latency } from './stats';
import type { SlugSpot, WorkspaceManifest } from './workspaceGen';
import { typo } from './workspaceGen';
import { createRng } from './prng';

export interface LspOptions {
  serverPath: string;
  root: string;
  manifest: WorkspaceManifest;
  edits: number;
  debouncedEdits: number;
  completions: number;
  hovers: number;
  /** Source files in the workspace (what the server should index). */
  expectedFiles: number;
  /** Pause between the requests sent while the server indexes, ms. */
  duringIndexGapMs: number;
  indexTimeoutSeconds: number;
  log: (line: string) => void;
}

/** Completions and hovers sent one after another from `initialized` until the folder is indexed. */
export interface DuringIndex {
  completion: Latency;
  completionsSent: number;
  /** Completion lists with at least one item. */
  completionsAnswered: number;
  hover: Latency;
  hoversSent: number;
  /** Hovers with a result. */
  hoversAnswered: number;
}

export interface LspResult {
  /** initialized sent → the server reports the folder indexed (its catalogStateChanged). */
  indexSeconds: number;
  indexedFiles: number;
  /** Files the server published diagnostics for while indexing. */
  publishedFiles: number;
  /** Peak resident set size (VmHWM) right after indexing, MB. */
  peakRssMb: number;
  /** Peak RSS at the end of the run (after edits, completions and hovers), MB. */
  peakRssEndMb: number;
  /** didChange + a request that flushes the pending check → publishDiagnostics for that version. */
  recheck: Latency;
  /** didChange alone → publishDiagnostics: includes the server's typing debounce. */
  recheckDebounced: Latency;
  debounceMs: number | undefined;
  completion: Latency;
  completionItemsMedian: number;
  completionIncomplete: number;
  hover: Latency;
  hoverAnswered: number;
  hoverRequests: number;
  duringIndex: DuringIndex;
  /** Index memory per indexed file, when the server reports `indexBytes` in workosAuthz/serverStatus. */
  indexBytesPerFile: number | null;
}

function debounceFromSource(): number | undefined {
  try {
    const text = readFileSync(join(__dirname, '..', 'server', 'src', 'lsp', 'session.ts'), 'utf8');
    const m = text.match(/CHANGE_DEBOUNCE_MS\s*=\s*(\d+)/);
    return m ? Number(m[1]) : undefined;
  } catch {
    return undefined;
  }
}

export async function lspBench(options: LspOptions): Promise<Outcome<LspResult>> {
  let server: BenchServer;
  try {
    server = await BenchServer.start({ serverPath: options.serverPath, root: options.root, expectedFiles: options.expectedFiles });
  } catch (err) {
    return missing(`LSP benchmark failed: ${(err as Error).message}`);
  }
  try {
    return await run(server, options);
  } catch (err) {
    return missing(`LSP benchmark failed: ${server.describe((err as Error).message)}`);
  } finally {
    await server.stop();
  }
}

async function run(server: BenchServer, options: LspOptions): Promise<Outcome<LspResult>> {
  const { root, manifest, log } = options;
  const { connection } = server;
  const diagWaiters: ((d: Publish) => boolean)[] = [];
  const published = new Set<string>();
  server.onPublish((d) => {
    published.add(d.uri);
    for (let i = diagWaiters.length - 1; i >= 0; i--) if (diagWaiters[i](d)) diagWaiters.splice(i, 1);
  });

  const file = join(root, manifest.editFile);
  const uri = pathToFileURL(file).href;
  const text = readFileSync(file, 'utf8');
  const permissionSpots = manifest.spots.filter((s) => s.kind === 'permission');
  const editSpots = permissionSpots.slice(0, 12);
  const readSpots = manifest.spots.filter((s) => !editSpots.includes(s));
  if (editSpots.length === 0 || readSpots.length === 0) return missing('the edit file has no slug literals to edit');
  let version = 1;
  const nextDiagnostics = (v: number) =>
    new Promise<Publish>((resolve) => diagWaiters.push((d) => (d.uri === uri && d.version === v ? (resolve(d), true) : false)));
  const completionAt = (i: number) => {
    // Inside existing slug literals, with prefixes from empty to the whole slug.
    const spot = readSpots[(i * 7) % readSpots.length];
    const k = [0, 1, 3, Math.floor(spot.slug.length / 2), spot.slug.length][i % 5];
    return { textDocument: { uri }, position: { line: spot.line, character: spot.character + Math.min(k, spot.slug.length) }, context: { triggerKind: 1 } };
  };
  const hoverAt = (i: number) => {
    const spot = readSpots[(i * 11) % readSpots.length];
    return { textDocument: { uri }, position: { line: spot.line, character: spot.character + 1 + (i % Math.max(1, spot.slug.length - 1)) } };
  };
  type CompletionAnswer = { items?: unknown[]; isIncomplete?: boolean } | unknown[] | null;
  const itemsOf = (list: CompletionAnswer) => (Array.isArray(list) ? list : (list?.items ?? []));

  // The editor opens the 5,000-line file right after `initialized`, while the server indexes,
  // and the user types in it: completions and hovers go one after another until the server
  // reports the folder indexed.
  const opened = nextDiagnostics(version);
  const indexStart = performance.now();
  await connection.sendNotification('initialized', {});
  await connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'typescript', version, text } });
  let indexing = true;
  const during = (async () => {
    const completion: number[] = [];
    const hover: number[] = [];
    let completionsAnswered = 0;
    let hoversAnswered = 0;
    for (let i = 0; indexing; i++) {
      const asHover = i % 2 === 1;
      const started = performance.now();
      const answer = asHover
        ? await connection.sendRequest('textDocument/hover', hoverAt(i >> 1))
        : await connection.sendRequest('textDocument/completion', completionAt(i >> 1));
      const elapsed = performance.now() - started;
      if (asHover) {
        hover.push(elapsed);
        if (answer) hoversAnswered++;
      } else {
        completion.push(elapsed);
        if (itemsOf(answer as CompletionAnswer).length > 0) completionsAnswered++;
      }
      if (options.duringIndexGapMs > 0 && indexing) await sleep(options.duringIndexGapMs);
    }
    return {
      completion: latency(completion),
      completionsSent: completion.length,
      completionsAnswered,
      hover: latency(hover),
      hoversSent: hover.length,
      hoversAnswered,
    };
  })();
  during.catch(() => undefined); // awaited below; a failure there is reported, not unhandled
  let indexedFiles: number;
  try {
    indexedFiles = await withTimeout(server.indexed, options.indexTimeoutSeconds * 1000, 'the server to index the workspace');
  } finally {
    indexing = false;
  }
  const indexSeconds = (performance.now() - indexStart) / 1000;
  const publishedFiles = published.size;
  const peakRssMb = server.peakRssMb();
  const duringIndex = await withTimeout(during, 60_000, 'the last request sent while indexing');
  log(`  server indexed ${indexedFiles} of ${options.expectedFiles} files in ${indexSeconds.toFixed(2)} s, peak RSS ${peakRssMb.toFixed(0)} MB`);
  log(
    `  while indexing: ${duringIndex.completionsSent} completions (p95 ${duringIndex.completion.p95} ms), ` +
      `${duringIndex.hoversSent} hovers (p95 ${duringIndex.hover.p95} ms)`,
  );
  const indexBytesPerFile = await indexBytesPerFileOf(server, indexedFiles);
  await withTimeout(opened, 30_000, 'diagnostics for the opened file').catch(() => undefined);

  // Edits toggle a few permission literals between their valid slug and a typo, so every
  // edit changes the file's findings and the server has something new to publish.
  const rng = createRng('lsp-bench');
  const current = new Map<SlugSpot, string>(editSpots.map((s) => [s, s.slug]));
  const edit = async (i: number, flush: boolean): Promise<number> => {
    const spot = editSpots[i % editSpots.length];
    const now = current.get(spot)!;
    const next = now === spot.slug ? typo(rng, spot.slug) : spot.slug;
    current.set(spot, next);
    version++;
    const wait = nextDiagnostics(version);
    const started = performance.now();
    await connection.sendNotification('textDocument/didChange', {
      textDocument: { uri, version },
      contentChanges: [{ range: { start: { line: spot.line, character: spot.character }, end: { line: spot.line, character: spot.character + now.length } }, text: next }],
    });
    // Editors ask for something right after an edit (code actions, highlights); any request
    // makes this server check the document at once instead of after its typing debounce.
    const request = flush ? connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 0 } }) : undefined;
    await withTimeout(wait, 10_000, `diagnostics for edit ${i} (version ${version})`);
    const elapsed = performance.now() - started;
    await request;
    return elapsed;
  };
  const recheckSamples: number[] = [];
  for (let i = 0; i < 5; i++) await edit(i, true); // warm-up
  for (let i = 0; i < options.edits; i++) recheckSamples.push(await edit(i, true));
  const debouncedSamples: number[] = [];
  for (let i = 0; i < options.debouncedEdits; i++) debouncedSamples.push(await edit(i, false));

  const completionSamples: number[] = [];
  const itemCounts: number[] = [];
  let incomplete = 0;
  for (let i = 0; i < options.completions + 5; i++) {
    const started = performance.now();
    const list = (await connection.sendRequest('textDocument/completion', completionAt(i))) as CompletionAnswer;
    const elapsed = performance.now() - started;
    if (i < 5) continue; // warm-up
    completionSamples.push(elapsed);
    itemCounts.push(itemsOf(list).length);
    if (!Array.isArray(list) && list?.isIncomplete) incomplete++;
  }

  const hoverSamples: number[] = [];
  let answered = 0;
  for (let i = 0; i < options.hovers + 5; i++) {
    const started = performance.now();
    const h = await connection.sendRequest('textDocument/hover', hoverAt(i));
    const elapsed = performance.now() - started;
    if (i < 5) continue;
    hoverSamples.push(elapsed);
    if (h) answered++;
  }
  const peakRssEndMb = server.peakRssMb();
  itemCounts.sort((a, b) => a - b);
  return ok({
    indexSeconds,
    indexedFiles,
    publishedFiles,
    peakRssMb,
    peakRssEndMb,
    recheck: latency(recheckSamples),
    recheckDebounced: latency(debouncedSamples),
    debounceMs: debounceFromSource(),
    completion: latency(completionSamples),
    completionItemsMedian: itemCounts[itemCounts.length >> 1] ?? 0,
    completionIncomplete: incomplete,
    hover: latency(hoverSamples),
    hoverAnswered: answered,
    hoverRequests: hoverSamples.length,
    duringIndex,
    indexBytesPerFile,
  });
}

/** Index memory per file, when the server's status reports it (`indexBytes` per folder); else null. */
async function indexBytesPerFileOf(server: BenchServer, indexedFiles: number): Promise<number | null> {
  try {
    const status = (await withTimeout(server.connection.sendRequest('workosAuthz/serverStatus', null), 10_000, 'serverStatus')) as {
      folders?: { indexBytes?: unknown }[];
    };
    const bytes = status?.folders?.[0]?.indexBytes;
    return typeof bytes === 'number' && indexedFiles > 0 ? bytes / indexedFiles : null;
  } catch {
    return null;
  }
}
