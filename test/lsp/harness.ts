// Drives the bundled language server the way an editor does: spawn `node SERVER_EXEC_ARGV
// dist/server.js --stdio`, initialize with workspace folders, answer the server's own requests
// (workspace/configuration, progress creation, registrations) and collect what it publishes.

import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  createProtocolConnection,
  StreamMessageReader,
  StreamMessageWriter,
  type Diagnostic,
  type Position,
  type ProtocolConnection,
  type Range,
  type TextEdit,
  type WorkspaceEdit,
} from 'vscode-languageserver-protocol/node';
import { SERVER_EXEC_ARGV } from '../../server/src/protocol';

export const REPO = path.resolve(__dirname, '..', '..');
export const FIXTURES = path.join(__dirname, 'fixtures');

let serverCopy: string | undefined;

/**
 * Builds dist/ once per test process and spawns a private copy of the server bundle, so a
 * parallel test file rebuilding dist/ never hands us a half-written file.
 */
export function ensureBuilt(): string {
  if (serverCopy) return serverCopy;
  // A bundle built elsewhere (e.g. by a watch build) can be named explicitly.
  if (process.env.WORKOS_AUTHZ_SERVER) return (serverCopy = process.env.WORKOS_AUTHZ_SERVER);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'workos-authz-lsp-bin-'));
  process.once('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
  const lock = path.join(os.tmpdir(), 'workos-authz-build.lock');
  if (!process.env.WORKOS_AUTHZ_PREBUILT) {
    execFileSync('flock', [lock, process.execPath, 'esbuild.mjs'], { cwd: REPO, stdio: ['ignore', 'inherit', 'inherit'] });
  }
  const copy = path.join(dir, 'server.js');
  // With its scan worker beside it, as in the extension.
  execFileSync('flock', [lock, 'cp', path.join(REPO, 'dist', 'server.js'), path.join(REPO, 'dist', 'scanWorker.js'), dir]);
  if (fs.statSync(copy).size < 1000) throw new Error('dist/server.js is empty or truncated: was another build writing it? Run `node esbuild.mjs` and retry.');
  serverCopy = copy;
  return serverCopy;
}

/** The structured API endpoint (initializationOptions.api, setApiKey's api) of a test server's URL. */
export function apiEndpoint(url: string): { hostname: string; port?: number; https: boolean; timeoutMs: number } {
  const u = new URL(url);
  return { hostname: u.hostname.replace(/^\[|\]$/g, ''), ...(u.port ? { port: Number(u.port) } : {}), https: u.protocol === 'https:', timeoutMs: 10_000 };
}

export function uriOf(file: string): string {
  return pathToFileURL(file).href;
}

/** A temporary workspace from a map of relative path → content. */
export function makeWorkspace(files: Record<string, string>): string {
  const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'workos-authz-ws-')));
  for (const [rel, text] of Object.entries(files)) writeFile(root, rel, text);
  return root;
}

export function writeFile(root: string, rel: string, text: string): string {
  const file = path.join(root, rel);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
  return file;
}

export function fixture(name: string): string {
  return fs.readFileSync(path.join(FIXTURES, name), 'utf8');
}

/** Position of the n-th occurrence of `needle` in `text` (plus `delta` characters). */
export function positionOf(text: string, needle: string, delta = 0, nth = 0): Position {
  let at = -1;
  for (let i = 0; i <= nth; i++) {
    at = text.indexOf(needle, at + 1);
    if (at < 0) throw new Error(`"${needle}" not found`);
  }
  return offsetToPosition(text, at + delta);
}

export function offsetToPosition(text: string, offset: number): Position {
  const before = text.slice(0, offset);
  const line = before.split('\n').length - 1;
  return { line, character: offset - (before.lastIndexOf('\n') + 1) };
}

export function positionToOffset(text: string, pos: Position): number {
  const lines = text.split('\n');
  let offset = 0;
  for (let i = 0; i < pos.line; i++) offset += lines[i].length + 1;
  return offset + pos.character;
}

export function textAt(text: string, range: Range): string {
  return text.slice(positionToOffset(text, range.start), positionToOffset(text, range.end));
}

/** Applies edits (all against the same original text), last first. */
export function applyEdits(text: string, edits: TextEdit[]): string {
  const sorted = [...edits].sort((a, b) => positionToOffset(text, b.range.start) - positionToOffset(text, a.range.start));
  for (const e of sorted) {
    text = text.slice(0, positionToOffset(text, e.range.start)) + e.newText + text.slice(positionToOffset(text, e.range.end));
  }
  return text;
}

export function editsFor(edit: WorkspaceEdit | undefined, uri: string): TextEdit[] {
  return edit?.changes?.[uri] ?? [];
}

export interface StartOptions {
  folders: string[];
  /** Settings per folder path (workspace/configuration answers). Mutable: change, then notify. */
  settings?: Map<string, Record<string, unknown>>;
  initializationOptions?: Record<string, unknown>;
}

export class LspTestClient {
  readonly diagnostics = new Map<string, Diagnostic[]>();
  /** How many times diagnostics were published per URI, empty lists included. */
  readonly publishCounts = new Map<string, number>();
  /** Called with every publishDiagnostics, in arrival order. */
  readonly publishListeners: ((p: { uri: string; version?: number; diagnostics: Diagnostic[] }) => void)[] = [];
  /** performance.now() of the latest publishDiagnostics. */
  lastPublishAt = 0;
  readonly notifications: { method: string; params: unknown }[] = [];
  readonly logs: string[] = [];
  readonly registrations: { method: string; registerOptions?: unknown }[] = [];
  progressEnds = 0;
  readonly settings: Map<string, Record<string, unknown>>;
  private readonly versions = new Map<string, number>();
  readonly texts = new Map<string, string>();
  /** URIs of the documents open now. */
  readonly openUris = new Set<string>();
  stderr = '';

  private constructor(
    readonly proc: ChildProcess,
    readonly conn: ProtocolConnection,
    settings: Map<string, Record<string, unknown>>,
  ) {
    this.settings = settings;
  }

  static async start(opts: StartOptions): Promise<LspTestClient> {
    const server = ensureBuilt();
    const proc = spawn(process.execPath, [...SERVER_EXEC_ARGV, server, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
    const conn = createProtocolConnection(new StreamMessageReader(proc.stdout!), new StreamMessageWriter(proc.stdin!));
    const client = new LspTestClient(proc, conn, opts.settings ?? new Map());
    proc.stderr!.on('data', (d) => (client.stderr += String(d)));
    conn.onNotification('textDocument/publishDiagnostics', (p: { uri: string; version?: number; diagnostics: Diagnostic[] }) => {
      client.diagnostics.set(p.uri, p.diagnostics);
      client.publishCounts.set(p.uri, (client.publishCounts.get(p.uri) ?? 0) + 1);
      client.lastPublishAt = performance.now();
      for (const listener of client.publishListeners) listener(p);
    });
    conn.onNotification('window/logMessage', (p: unknown) => {
      client.logs.push((p as { message: string }).message);
    });
    conn.onNotification('$/progress', (p: { value?: { kind?: string } }) => {
      if (p.value?.kind === 'end') client.progressEnds++;
    });
    conn.onNotification('workosAuthz/catalogStateChanged', (params: unknown) => {
      client.notifications.push({ method: 'workosAuthz/catalogStateChanged', params });
    });
    conn.onRequest('workspace/configuration', (p: { items: { scopeUri?: string; section?: string }[] }) =>
      p.items.map((item) => {
        const folder = opts.folders.find((f) => item.scopeUri && (uriOf(f) === item.scopeUri || item.scopeUri.startsWith(uriOf(f) + '/')));
        return (folder && client.settings.get(folder)) ?? {};
      }),
    );
    conn.onRequest('window/workDoneProgress/create', () => null);
    conn.onRequest('client/registerCapability', (p: { registrations: { method: string; registerOptions?: unknown }[] }) => {
      client.registrations.push(...p.registrations);
      return null;
    });
    conn.onRequest('workspace/workspaceFolders', () => opts.folders.map((f) => ({ uri: uriOf(f), name: path.basename(f) })));
    conn.listen();
    await conn.sendRequest('initialize', {
      processId: process.pid,
      rootUri: opts.folders[0] ? uriOf(opts.folders[0]) : null,
      workspaceFolders: opts.folders.map((f) => ({ uri: uriOf(f), name: path.basename(f) })),
      initializationOptions: opts.initializationOptions ?? {},
      capabilities: {
        workspace: {
          configuration: true,
          workspaceFolders: true,
          didChangeConfiguration: { dynamicRegistration: true },
          didChangeWatchedFiles: { dynamicRegistration: true },
        },
        window: { workDoneProgress: true },
        textDocument: {
          synchronization: { dynamicRegistration: false },
          publishDiagnostics: { relatedInformation: true, versionSupport: true },
          completion: { completionItem: { snippetSupport: false } },
          codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix'] } } },
        },
      },
    });
    await conn.sendNotification('initialized', {});
    return client;
  }

  /** Waits until every folder's first indexing pass has ended. */
  async indexed(passes: number): Promise<void> {
    await this.waitFor(() => this.progressEnds >= passes || undefined, `${passes} indexing pass(es)`);
  }

  async waitFor<T>(probe: () => T | undefined | false | Promise<T | undefined | false>, what: string, timeoutMs = 10_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const v = await probe();
      if (v !== undefined && v !== false) return v;
      if (Date.now() > deadline) {
        throw new Error(`timed out waiting for ${what}\nserver log:\n${this.logs.join('\n')}\n${this.stderr}`);
      }
      if (this.proc.exitCode !== null) throw new Error(`server exited (${this.proc.exitCode}) waiting for ${what}\n${this.stderr}`);
      await new Promise((r) => setTimeout(r, 15));
    }
  }

  diagnosticsOf(file: string): Diagnostic[] {
    return this.diagnostics.get(uriOf(file)) ?? [];
  }

  /** Waits for the file's published diagnostics to satisfy `ok`. */
  waitForDiagnostics(file: string, ok: (d: Diagnostic[]) => boolean, what = 'diagnostics'): Promise<Diagnostic[]> {
    return this.waitFor(() => {
      const d = this.diagnostics.get(uriOf(file));
      return d && ok(d) ? d : undefined;
    }, `${what} for ${path.basename(file)} (now: ${JSON.stringify(this.diagnostics.get(uriOf(file))?.map((x) => x.code + ' ' + x.message))})`);
  }

  async open(file: string, text = fs.readFileSync(file, 'utf8')): Promise<void> {
    this.versions.set(file, 1);
    this.texts.set(file, text);
    this.openUris.add(uriOf(file));
    await this.conn.sendNotification('textDocument/didOpen', {
      textDocument: { uri: uriOf(file), languageId: languageOf(file), version: 1, text },
    });
  }

  /** An incremental change: replace `range` with `newText` in the open document. */
  async edit(file: string, range: Range, newText: string): Promise<string> {
    const version = (this.versions.get(file) ?? 1) + 1;
    this.versions.set(file, version);
    const text = applyEdits(this.texts.get(file)!, [{ range, newText }]);
    this.texts.set(file, text);
    await this.conn.sendNotification('textDocument/didChange', {
      textDocument: { uri: uriOf(file), version },
      contentChanges: [{ range, text: newText }],
    });
    return text;
  }

  /** Applies edits given against the current text as one incremental change per edit, last first. */
  async applyTextEdits(file: string, edits: TextEdit[]): Promise<string> {
    const sorted = [...edits].sort((a, b) => positionToOffset(this.texts.get(file)!, b.range.start) - positionToOffset(this.texts.get(file)!, a.range.start));
    let text = this.texts.get(file)!;
    for (const e of sorted) text = await this.edit(file, e.range, e.newText);
    return text;
  }

  async close(file: string): Promise<void> {
    this.openUris.delete(uriOf(file));
    await this.conn.sendNotification('textDocument/didClose', { textDocument: { uri: uriOf(file) } });
  }

  /** Waits until no diagnostics have been published for `ms`. */
  async settled(ms: number, timeoutMs = 30_000): Promise<void> {
    await this.waitFor(() => performance.now() - this.lastPublishAt >= ms || undefined, `no diagnostics for ${ms} ms`, timeoutMs);
  }

  async watched(changes: { file: string; type: 'created' | 'changed' | 'deleted' }[]): Promise<void> {
    const type = { created: 1, changed: 2, deleted: 3 } as const;
    await this.conn.sendNotification('workspace/didChangeWatchedFiles', {
      changes: changes.map((c) => ({ uri: uriOf(c.file), type: type[c.type] })),
    });
  }

  request<R>(method: string, params: unknown): Promise<R> {
    return this.conn.sendRequest(method, params) as Promise<R>;
  }

  async stop(): Promise<void> {
    try {
      await Promise.race([this.conn.sendRequest('shutdown'), new Promise((r) => setTimeout(r, 2000))]);
      await this.conn.sendNotification('exit');
    } catch {
      // The process may be gone already.
    }
    const exited = new Promise<void>((resolve) => {
      if (this.proc.exitCode !== null) return resolve();
      this.proc.once('exit', () => resolve());
    });
    const timer = setTimeout(() => this.proc.kill('SIGKILL'), 2000);
    await exited;
    clearTimeout(timer);
    this.conn.dispose();
  }
}

function languageOf(file: string): string {
  return /\.(tsx?|mts|cts)$/.test(file) ? (file.endsWith('x') ? 'typescriptreact' : 'typescript') : file.endsWith('x') ? 'javascriptreact' : 'javascript';
}
