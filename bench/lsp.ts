// Latency through the real language server (dist/server.js over stdio), the way an editor
// talks to it: start and index the workspace, then edits, completions and hovers in the
// 5,000-line file, timed from the moment the message is sent to the moment the answer (or the
// file's publishDiagnostics) arrives.

import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  createProtocolConnection,
  StreamMessageReader,
  StreamMessageWriter,
  type ProtocolConnection,
} from 'vscode-languageserver-protocol/node';
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
  log: (line: string) => void;
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
}

function readStatusKb(pid: number, field: string): number | undefined {
  try {
    const m = readFileSync(`/proc/${pid}/status`, 'utf8').match(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm'));
    return m ? Number(m[1]) : undefined;
  } catch {
    return undefined;
  }
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

interface Diagnostics {
  uri: string;
  version?: number;
  diagnostics: unknown[];
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([
    promise,
    new Promise<T>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

export async function lspBench(options: LspOptions): Promise<Outcome<LspResult>> {
  if (!existsSync(options.serverPath)) return missing(`${options.serverPath} is not built (npm run build)`);
  const child = spawn(process.execPath, [options.serverPath, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => {
    if (stderr.length < 20_000) stderr += d.toString('utf8');
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const connection = createProtocolConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
  try {
    return await run(connection, child, options);
  } catch (err) {
    const tail = stderr.trim().split('\n').slice(-3).join(' | ');
    return missing(`LSP benchmark failed: ${(err as Error).message}${tail ? ` (server stderr: ${tail})` : ''}`);
  } finally {
    try {
      await withTimeout(connection.sendRequest('shutdown'), 5000, 'shutdown');
      await connection.sendNotification('exit');
    } catch {
      // The server may already be gone; it is killed below.
    }
    const code = await Promise.race([exited, new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), 5000))]);
    if (code === 'timeout') child.kill('SIGKILL');
    connection.dispose();
  }
}

async function run(connection: ProtocolConnection, child: ChildProcess, options: LspOptions): Promise<Outcome<LspResult>> {
  const { root, manifest, log } = options;
  const pid = child.pid!;
  const diagWaiters: ((d: Diagnostics) => boolean)[] = [];
  const published = new Set<string>();
  const logs: string[] = [];
  let readyResolve: ((files: number) => void) | undefined;
  const ready = new Promise<number>((resolve) => (readyResolve = resolve));

  connection.onRequest('window/workDoneProgress/create', () => null);
  connection.onRequest('client/registerCapability', () => null);
  connection.onRequest('client/unregisterCapability', () => null);
  connection.onRequest('workspace/configuration', (p: { items: unknown[] }) => p.items.map(() => ({})));
  connection.onNotification('window/logMessage', (p: { message: string }) => {
    logs.push(p.message);
    if (logs.length > 50) logs.shift();
  });
  connection.onNotification('textDocument/publishDiagnostics', (d: Diagnostics) => {
    published.add(d.uri);
    for (let i = diagWaiters.length - 1; i >= 0; i--) if (diagWaiters[i](d)) diagWaiters.splice(i, 1);
  });
  connection.onNotification('workosAuthz/catalogStateChanged', (s: { folders?: { indexing: boolean; indexedFiles: number }[] }) => {
    const f = s.folders?.[0];
    if (f && !f.indexing && f.indexedFiles > 0) readyResolve?.(f.indexedFiles);
  });
  connection.listen();

  const rootUri = pathToFileURL(root).href;
  await connection.sendRequest('initialize', {
    processId: process.pid,
    rootUri,
    workspaceFolders: [{ uri: rootUri, name: 'bench' }],
    capabilities: {
      textDocument: {
        synchronization: { didSave: false },
        publishDiagnostics: { versionSupport: true },
        completion: { completionItem: { snippetSupport: false } },
        hover: { contentFormat: ['markdown', 'plaintext'] },
      },
      window: { workDoneProgress: true },
    },
    initializationOptions: { settings: {} },
  });
  const indexStart = performance.now();
  await connection.sendNotification('initialized', {});
  const indexedFiles = await withTimeout(ready, 300_000, 'the server to index the workspace');
  const indexSeconds = (performance.now() - indexStart) / 1000;
  const publishedFiles = published.size;
  const peakRssMb = (readStatusKb(pid, 'VmHWM') ?? NaN) / 1024;
  log(`  server indexed ${indexedFiles} files in ${indexSeconds.toFixed(2)} s, peak RSS ${peakRssMb.toFixed(0)} MB`);

  // Open the 5,000-line file the way the editor does.
  const file = join(root, manifest.editFile);
  const uri = pathToFileURL(file).href;
  const text = readFileSync(file, 'utf8');
  let version = 1;
  const nextDiagnostics = (v: number) =>
    new Promise<Diagnostics>((resolve) => diagWaiters.push((d) => (d.uri === uri && d.version === v ? (resolve(d), true) : false)));
  const opened = nextDiagnostics(version);
  await connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'typescript', version, text } });
  await withTimeout(opened, 30_000, 'diagnostics for the opened file').catch(() => undefined);

  // Edits toggle a few permission literals between their valid slug and a typo, so every
  // edit changes the file's findings and the server has something new to publish.
  const rng = createRng('lsp-bench');
  const permissionSpots = manifest.spots.filter((s) => s.kind === 'permission');
  const editSpots = permissionSpots.slice(0, 12);
  const readSpots = manifest.spots.filter((s) => !editSpots.includes(s));
  if (editSpots.length === 0 || readSpots.length === 0) return missing('the edit file has no slug literals to edit');
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

  // Completion inside existing slug literals, with prefixes from empty to the whole slug.
  const completionSamples: number[] = [];
  const itemCounts: number[] = [];
  let incomplete = 0;
  for (let i = 0; i < options.completions + 5; i++) {
    const spot = readSpots[(i * 7) % readSpots.length];
    const k = [0, 1, 3, Math.floor(spot.slug.length / 2), spot.slug.length][i % 5];
    const started = performance.now();
    const list = (await connection.sendRequest('textDocument/completion', {
      textDocument: { uri },
      position: { line: spot.line, character: spot.character + Math.min(k, spot.slug.length) },
      context: { triggerKind: 1 },
    })) as { items?: unknown[]; isIncomplete?: boolean } | unknown[] | null;
    const elapsed = performance.now() - started;
    if (i < 5) continue; // warm-up
    completionSamples.push(elapsed);
    const items = Array.isArray(list) ? list : (list?.items ?? []);
    itemCounts.push(items.length);
    if (!Array.isArray(list) && list?.isIncomplete) incomplete++;
  }

  const hoverSamples: number[] = [];
  let answered = 0;
  for (let i = 0; i < options.hovers + 5; i++) {
    const spot = readSpots[(i * 11) % readSpots.length];
    const started = performance.now();
    const h = await connection.sendRequest('textDocument/hover', {
      textDocument: { uri },
      position: { line: spot.line, character: spot.character + 1 + (i % Math.max(1, spot.slug.length - 1)) },
    });
    const elapsed = performance.now() - started;
    if (i < 5) continue;
    hoverSamples.push(elapsed);
    if (h) answered++;
  }
  const peakRssEndMb = (readStatusKb(pid, 'VmHWM') ?? NaN) / 1024;
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
  });
}
