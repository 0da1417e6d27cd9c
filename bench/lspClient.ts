// The benchmarks' editor: spawns the bundled language server as the extension does (`node
// SERVER_EXEC_ARGV dist/server.js --stdio`), initializes it on one folder, answers its requests, and
// reports what it publishes and when it says the folder is indexed. Everything goes through the
// protocol, so the figures follow whatever the server does inside.

import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import {
  createProtocolConnection,
  StreamMessageReader,
  StreamMessageWriter,
  type Diagnostic,
  type ProtocolConnection,
} from 'vscode-languageserver-protocol/node';
import { SERVER_EXEC_ARGV } from '../server/src/protocol';

export interface Publish {
  uri: string;
  version?: number;
  diagnostics: Diagnostic[];
}

export function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([
    promise,
    new Promise<T>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export function readStatusKb(pid: number, field: string): number | undefined {
  try {
    const m = readFileSync(`/proc/${pid}/status`, 'utf8').match(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm'));
    return m ? Number(m[1]) : undefined;
  } catch {
    return undefined;
  }
}

export interface BenchServerOptions {
  serverPath: string;
  root: string;
  /**
   * Source files in the workspace. The folder counts as indexed when the server reports it not
   * indexing (workosAuthz/catalogStateChanged) after its indexing progress ended, or with at
   * least half of these files: a document opened before indexing starts, which the server
   * holds in the folder's index at once, is not taken for the finished index.
   */
  expectedFiles: number;
}

/**
 * The workosAuthz settings the benchmark's editor has: defaults, with the file limit raised to the
 * workspace's size, as a team with a monorepo larger than the default 50,000 files sets it.
 */
function benchSettings(options: BenchServerOptions): { maxFiles: number } {
  return { maxFiles: Math.max(50_000, options.expectedFiles + 1_000) };
}

export class BenchServer {
  readonly rootUri: string;
  /** Resolves with the server's indexed-file count once it reports the folder indexed. */
  readonly indexed: Promise<number>;
  private readonly publishListeners: ((p: Publish) => void)[] = [];
  private lastPublishAt = performance.now();
  private stderr = '';
  private readonly exited: Promise<number | null>;

  private constructor(
    readonly child: ChildProcess,
    readonly connection: ProtocolConnection,
    options: BenchServerOptions,
  ) {
    this.rootUri = pathToFileURL(options.root).href;
    child.stderr!.on('data', (d: Buffer) => {
      if (this.stderr.length < 20_000) this.stderr += d.toString('utf8');
    });
    this.exited = new Promise((resolve) => child.on('exit', (code) => resolve(code)));
    const minFiles = Math.max(1, Math.floor(options.expectedFiles / 2));
    let readyResolve: (files: number) => void = () => undefined;
    this.indexed = new Promise<number>((resolve) => (readyResolve = resolve));
    connection.onRequest('window/workDoneProgress/create', () => null);
    connection.onRequest('client/registerCapability', () => null);
    connection.onRequest('client/unregisterCapability', () => null);
    connection.onRequest('workspace/configuration', (p: { items: unknown[] }) => p.items.map(() => benchSettings(options)));
    connection.onNotification('window/logMessage', () => undefined);
    connection.onNotification('textDocument/publishDiagnostics', (d: Publish) => {
      this.lastPublishAt = performance.now();
      for (const listener of this.publishListeners) listener(d);
    });
    let state: { indexing: boolean; indexedFiles: number } | undefined;
    let progressEnded = false;
    const check = () => {
      if (state && !state.indexing && state.indexedFiles > 0 && (progressEnded || state.indexedFiles >= minFiles)) readyResolve(state.indexedFiles);
    };
    connection.onNotification('workosAuthz/catalogStateChanged', (s: { folders?: { indexing: boolean; indexedFiles: number }[] }) => {
      state = s.folders?.[0];
      check();
    });
    connection.onNotification('$/progress', (p: { value?: { kind?: string } }) => {
      if (p.value?.kind !== 'end') return;
      progressEnded = true;
      check();
    });
    connection.listen();
  }

  get pid(): number {
    return this.child.pid!;
  }

  /** Spawns the server and sends `initialize`; `initialized` is left to the caller, who times from it. */
  static async start(options: BenchServerOptions): Promise<BenchServer> {
    if (!existsSync(options.serverPath)) throw new Error(`${options.serverPath} is not built (npm run build)`);
    const child = spawn(process.execPath, [...SERVER_EXEC_ARGV, options.serverPath, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
    const connection = createProtocolConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
    const server = new BenchServer(child, connection, options);
    await connection.sendRequest('initialize', {
      processId: process.pid,
      rootUri: server.rootUri,
      workspaceFolders: [{ uri: server.rootUri, name: 'bench' }],
      capabilities: {
        textDocument: {
          synchronization: { didSave: false },
          publishDiagnostics: { versionSupport: true },
          completion: { completionItem: { snippetSupport: false } },
          hover: { contentFormat: ['markdown', 'plaintext'] },
        },
        window: { workDoneProgress: true },
      },
      initializationOptions: { settings: benchSettings(options) },
    });
    return server;
  }

  onPublish(listener: (p: Publish) => void): () => void {
    this.publishListeners.push(listener);
    return () => {
      const i = this.publishListeners.indexOf(listener);
      if (i >= 0) this.publishListeners.splice(i, 1);
    };
  }

  /** Starts a server and waits until it reports the folder indexed and has published nothing for `quietMs`. */
  static async startIndexed(
    options: BenchServerOptions & { timeoutMs: number; quietMs: number; onPublish?: (p: Publish) => void },
  ): Promise<BenchServer> {
    const server = await BenchServer.start(options);
    if (options.onPublish) server.onPublish(options.onPublish);
    try {
      await server.connection.sendNotification('initialized', {});
      await withTimeout(server.indexed, options.timeoutMs, 'the server to index the workspace');
      await server.quiet(options.quietMs, options.timeoutMs);
      return server;
    } catch (err) {
      await server.stop();
      throw new Error(server.describe((err as Error).message));
    }
  }

  /** Resolves once no diagnostics have arrived for `ms` (or rejects after `timeoutMs`). */
  async quiet(ms: number, timeoutMs: number): Promise<void> {
    const deadline = performance.now() + timeoutMs;
    while (performance.now() - this.lastPublishAt < ms) {
      if (performance.now() > deadline) throw new Error(`the server kept publishing for ${timeoutMs} ms`);
      await sleep(Math.max(5, ms - (performance.now() - this.lastPublishAt)));
    }
  }

  peakRssMb(): number {
    return (readStatusKb(this.pid, 'VmHWM') ?? NaN) / 1024;
  }

  /** An error message with the tail of the server's stderr, if it wrote any. */
  describe(message: string): string {
    const tail = this.stderr.trim().split('\n').slice(-3).join(' | ');
    return `${message}${tail ? ` (server stderr: ${tail})` : ''}`;
  }

  async stop(): Promise<void> {
    try {
      await withTimeout(this.connection.sendRequest('shutdown'), 5000, 'shutdown');
      await this.connection.sendNotification('exit');
    } catch {
      // The server may already be gone; it is killed below.
    }
    const code = await Promise.race([this.exited, sleep(5000).then(() => 'timeout' as const)]);
    if (code === 'timeout') this.child.kill('SIGKILL');
    this.connection.dispose();
  }
}
