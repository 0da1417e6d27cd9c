// Scanning files on worker threads. The analysis core is pure, so indexing a workspace parallelises
// by file: workers read and scan batches of files, and the thread that owns the index only puts
// the scans in (and, in the language server, keeps answering requests between batches).
//
// A worker that fails or exits takes nothing with it: its unfinished batches are scanned on the
// calling thread. Without the worker script (running from sources, or a single core) everything is
// scanned on the calling thread, with the same results.

import { existsSync } from 'node:fs';
import { availableParallelism, cpus } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { HelperSpec } from '../core/types';
import type { ScanBatch, ScanBatchDone, ScanOutcome, ScanWorkerData } from './protocol';
import { fromTransfer, scanFiles } from './scanFiles';

export type { ScanOutcome } from './protocol';

export interface ScanRequest {
  files: { key: string; path: string }[];
  maxFileSize?: number;
  helpers: HelperSpec[];
  /** Workers this run may start beyond the pool's size (a large workspace's index). */
  workers?: number;
}

export interface PoolOptions {
  /** Worker threads; default: one per core, at most 8. 0 scans on the calling thread. */
  size?: number;
  /** The bundled worker script; default: dist/scanWorker.js next to this bundle. */
  workerPath?: string;
  /** Workers are stopped after this long without work, so an idle server holds no extra memory. */
  idleMs?: number;
  /**
   * A niceness (1–19) each worker lowers its own thread's scheduling priority to, where the system
   * lets a thread do so (Linux): the language server's request thread then gets a core first.
   */
  niceness?: number;
  log?: (message: string) => void;
}

/** Files per message: large enough that messaging costs little, small enough to balance the load. */
const BATCH_FILES = 24;
/** Batches each worker holds, so it never waits for the next one. */
const IN_FLIGHT = 2;
/**
 * A worker's old generation, at most. It holds one or two batches at a time, but a batch of the
 * largest generated files needs room: at 64 MB the worker of the 105,000-file benchmark ran out
 * halfway, and the rest was scanned on the server's own thread (its heap then peaked 180 MB higher).
 */
const WORKER_HEAP_MB = 128;
/** Scanning on the calling thread yields this often, so requests wait no longer. */
const INLINE_SLICE_MS = 8;
/** Below this many files starting workers costs more than it saves. */
const MIN_FILES_FOR_WORKERS = 64;

interface Slot {
  worker: Worker;
  busy: Map<number, Batch>;
}

interface Batch {
  message: ScanBatch;
  job: Job;
}

interface Job {
  pending: Batch[];
  /** Batches not delivered yet (pending, on a worker, or being scanned here). */
  remaining: number;
  onResults: (results: ScanOutcome[]) => void;
  cancelled: () => boolean;
  /** True while the caller has enough scans waiting: no more batches are handed out for the job. */
  full: () => boolean;
  resolve: () => void;
  reject: (err: unknown) => void;
}

/**
 * Worker threads for a batch run (the CLI): one per core but one (the calling thread walks and
 * puts the scans in), at least two, at most 8; none on a single core. On the two-vCPU machines the
 * benchmark runs on, two workers took a cold index from 3.7–3.9 s (scanning on the calling thread)
 * to 3.1–3.5 s; the calling thread is mostly idle meanwhile. `WORKOS_AUTHZ_SCAN_THREADS` sets the
 * number.
 */
export function defaultPoolSize(): number {
  const forced = forcedPoolSize();
  if (forced !== undefined) return forced;
  const cores = coreCount();
  return cores >= 2 ? Math.min(8, Math.max(2, cores - 1)) : 0;
}

/**
 * Worker threads for the language server: one per core but one (the thread that answers requests
 * keeps a core), at least one, at most 8, so that thread never scans while the workspace is
 * indexed. On two vCPUs one worker did best on every count: index 5.75 s (two: 5.60 s), peak RSS
 * 242 MB (290 MB), completion while indexing p50/p95 24/150 ms (46/695 ms).
 */
export function serverPoolSize(): number {
  return forcedPoolSize() ?? Math.max(1, Math.min(8, coreCount() - 1));
}

/**
 * Worker threads for indexing a large workspace in the language server, where the workers
 * and the runtime's helper threads run below the request thread's priority: one per core, at most
 * 8. The request thread then still gets a core at once. On the 105,371-file benchmark workspace
 * (two vCPUs) two workers took the index from 20.5–26.3 s to 14.1–14.9 s and completion p95 while
 * indexing from 13.8–20.1 to 12–14 ms, with hover p95 unchanged (5.9–9.6 ms); two workers at the
 * normal priority gave completion p95 24 ms. `WORKOS_AUTHZ_SCAN_THREADS` sets the number.
 */
export function serverLargeRunPoolSize(): number {
  return forcedPoolSize() ?? Math.max(1, Math.min(8, coreCount()));
}

function coreCount(): number {
  return typeof availableParallelism === 'function' ? availableParallelism() : cpus().length;
}

function forcedPoolSize(): number | undefined {
  const raw = process.env.WORKOS_AUTHZ_SCAN_THREADS;
  const n = Number(raw);
  return raw && Number.isInteger(n) && n >= 0 ? Math.min(16, n) : undefined;
}

function findWorkerScript(): string | undefined {
  for (const candidate of [join(__dirname, 'scanWorker.js'), join(__dirname, '..', '..', '..', 'dist', 'scanWorker.js')]) {
    if (existsSync(candidate)) return candidate;
  }
  return undefined;
}

export class ScanPool {
  private readonly slots: Slot[] = [];
  private readonly size: number;
  private readonly workerPath: string | undefined;
  private readonly idleMs: number;
  private readonly niceness: number | undefined;
  private readonly log: (message: string) => void;
  private readonly jobs: Job[] = [];
  private nextId = 1;
  private idleTimer: NodeJS.Timeout | undefined;
  private closed = false;
  /** Scanning the rest on this thread (no worker is left). */
  private draining = false;
  /** Files scanned on worker threads and on the calling thread, over the pool's life. */
  readonly counts = { workers: 0, inline: 0 };

  /** Worker threads running now (started, not stopped yet). */
  get running(): number {
    return this.slots.length;
  }

  constructor(options: PoolOptions = {}) {
    this.size = options.size ?? defaultPoolSize();
    this.workerPath = options.workerPath ?? findWorkerScript();
    this.idleMs = options.idleMs ?? 30_000;
    this.niceness = options.niceness;
    this.log = options.log ?? (() => undefined);
  }

  /**
   * Reads and scans the files, calling `onResults` on this thread with each batch's outcomes (in
   * no particular order) until every file is done or `cancelled()` says to stop. While `full()`
   * says the caller holds enough scans it has not taken in yet, no batch is handed out for this
   * request; the caller calls `resume()` once it has room again.
   */
  scan(
    request: ScanRequest,
    onResults: (results: ScanOutcome[]) => void,
    cancelled: () => boolean = () => false,
    full: () => boolean = () => false,
  ): Promise<void> {
    const messages: ScanBatch[] = [];
    for (let i = 0; i < request.files.length; i += BATCH_FILES) {
      messages.push({ id: this.nextId++, files: request.files.slice(i, i + BATCH_FILES), maxFileSize: request.maxFileSize, helpers: request.helpers });
    }
    if (messages.length === 0) return Promise.resolve();
    if (request.files.length < MIN_FILES_FOR_WORKERS || !this.ensureWorkers(Math.max(this.size, request.workers ?? 0))) {
      return this.scanInline(messages, onResults, cancelled);
    }
    return new Promise<void>((resolve, reject) => {
      const job: Job = { pending: [], remaining: messages.length, onResults, cancelled, full, resolve, reject };
      for (const message of messages) job.pending.push({ message, job });
      this.jobs.push(job);
      this.pump();
    });
  }

  /** Hands out batches again after a caller that was full (see `scan`) has taken its scans in. */
  resume(): void {
    if (!this.closed) this.pump();
  }

  /** Stops the workers; what they held is scanned on this thread. */
  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.idleTimer);
    const slots = this.slots.splice(0);
    await Promise.all(slots.map((s) => s.worker.terminate().catch(() => undefined)));
    for (const s of slots) for (const batch of s.busy.values()) this.scanHere(batch);
    for (const job of [...this.jobs]) while (job.pending.length) this.scanHere(job.pending.shift()!);
  }

  /** Scanning here: a file at a time, yielding to the event loop every few milliseconds. */
  private async scanInline(messages: ScanBatch[], onResults: (results: ScanOutcome[]) => void, cancelled: () => boolean): Promise<void> {
    let slice = Date.now();
    let done: ScanOutcome[] = [];
    for (const message of messages) {
      for (const file of message.files) {
        if (cancelled()) return;
        done.push(...scanFiles({ ...message, files: [file] }));
        this.counts.inline++;
        if (Date.now() - slice > INLINE_SLICE_MS) {
          onResults(done);
          done = [];
          await new Promise<void>((r) => setImmediate(r));
          slice = Date.now();
        }
      }
    }
    if (done.length && !cancelled()) onResults(done);
  }

  private ensureWorkers(size: number): boolean {
    if (this.closed || size < 1 || !this.workerPath) return false;
    while (this.slots.length < size) {
      const slot = this.startWorker(this.workerPath);
      if (!slot) break;
      this.slots.push(slot);
    }
    return this.slots.length > 0;
  }

  private startWorker(path: string): Slot | undefined {
    let worker: Worker;
    try {
      // A worker holds one batch's garbage at a time: a bounded heap keeps the server's memory
      // bounded too (a worker that runs out stops, and its batch is scanned here).
      const workerData: ScanWorkerData = { niceness: this.niceness };
      worker = new Worker(path, { workerData, resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB, maxYoungGenerationSizeMb: 16 } });
    } catch (err) {
      this.log(`scan workers unavailable (${(err as Error).message}); scanning on the main thread`);
      return undefined;
    }
    const slot: Slot = { worker, busy: new Map() };
    worker.on('message', (done: ScanBatchDone) => this.onDone(slot, done));
    const fail = (why: string) => {
      const i = this.slots.indexOf(slot);
      if (i < 0) return;
      this.slots.splice(i, 1);
      this.log(`a scan worker stopped (${why}); its files go to the other workers, or are scanned on the main thread when none is left`);
      // Its batches go back to the front of their jobs, for another worker or for this thread.
      for (const batch of [...slot.busy.values()].reverse()) if (this.jobs.includes(batch.job)) batch.job.pending.unshift(batch);
      slot.busy.clear();
      this.pump();
    };
    worker.on('error', (err) => fail(err.message));
    worker.on('exit', (code) => fail(`exit ${code}`));
    return slot;
  }

  private onDone(slot: Slot, done: ScanBatchDone): void {
    const batch = slot.busy.get(done.id);
    if (!batch) return;
    slot.busy.delete(done.id);
    if (done.error !== undefined) {
      this.log(`a scan worker failed on a batch (${done.error}); scanning it on the main thread`);
      this.scanHere(batch);
    } else {
      this.counts.workers += done.results.length;
      this.deliver(batch, fromTransfer(done.results));
    }
    this.pump();
  }

  /**
   * Scans what is left on this thread a batch at a time, yielding between batches so a server
   * keeps answering (and holding back while the caller is full, like the workers).
   */
  private drainHere(): void {
    if (this.draining) return;
    this.draining = true;
    const step = (): void => {
      const job = this.closed ? undefined : this.jobs.find((j) => j.pending.length > 0 && !j.full());
      if (!job) {
        this.draining = false;
        return;
      }
      this.scanHere(job.pending.shift()!);
      setImmediate(step);
    };
    setImmediate(step);
  }

  private scanHere(batch: Batch): void {
    let results: ScanOutcome[] = [];
    if (!batch.job.cancelled()) {
      try {
        results = scanFiles(batch.message);
      } catch (err) {
        // A bug, not a bad file (those come back as skipped): the run fails with it.
        this.endJob(batch.job, err);
        return;
      }
      this.counts.inline += batch.message.files.length;
    }
    this.deliver(batch, results);
  }

  private deliver(batch: Batch, results: ScanOutcome[]): void {
    const job = batch.job;
    if (!this.jobs.includes(job)) return;
    job.remaining--;
    if (results.length && !job.cancelled()) {
      try {
        job.onResults(results);
      } catch (err) {
        this.endJob(job, err);
        return;
      }
    }
    if (job.remaining === 0) this.endJob(job);
  }

  private endJob(job: Job, err?: unknown): void {
    const i = this.jobs.indexOf(job);
    if (i < 0) return;
    this.jobs.splice(i, 1);
    job.pending.length = 0;
    if (err) job.reject(err);
    else job.resolve();
    if (this.jobs.length === 0) this.armIdle();
  }

  /** Hands out batches to workers with room, first job first; a cancelled job ends once its workers answer. */
  private pump(): void {
    for (const job of [...this.jobs]) {
      if (!job.cancelled() || job.pending.length === 0) continue;
      job.remaining -= job.pending.length;
      job.pending.length = 0;
      if (job.remaining === 0) this.endJob(job);
    }
    if (this.jobs.length === 0) return;
    // Workers are started by `scan` only: one that stops mid-run is not replaced (a worker that
    // cannot scan would fail again), and with none left the rest is scanned here.
    if (this.slots.length === 0) {
      this.drainHere();
      return;
    }
    clearTimeout(this.idleTimer);
    for (const slot of this.slots) {
      slot.worker.ref();
      while (slot.busy.size < IN_FLIGHT) {
        const job = this.jobs.find((j) => j.pending.length > 0 && !j.full());
        if (!job) break;
        const batch = job.pending.shift()!;
        slot.busy.set(batch.message.id, batch);
        slot.worker.postMessage(batch.message);
      }
    }
  }

  /** Idle workers keep no process alive and stop after a while. */
  private armIdle(): void {
    for (const s of this.slots) s.worker.unref();
    clearTimeout(this.idleTimer);
    this.idleTimer = setTimeout(() => {
      if (this.jobs.length) return;
      const slots = this.slots.splice(0);
      for (const s of slots) void s.worker.terminate();
    }, this.idleMs);
    this.idleTimer.unref();
  }
}
