// Indexing many files at once through the scan pool: the CLI's run, the language server's initial
// index and its handling of many changes on disk share this.

import type { WorkspaceIndex } from '../core/workspaceIndex';
import type { HelperSpec } from '../core/types';
import type { SkippedFile } from '../fs/walk';
import type { ScanOutcome, ScanPool } from './scanPool';

export interface IndexFilesOptions {
  maxFileSize?: number;
  helpers: HelperSpec[];
  /** Workers the run may start beyond the pool's size (see `ScanRequest`). */
  workers?: number;
  /** Called for every file put into the index, with the files whose results may have changed. */
  indexed?: (key: string, path: string, affected: string[], length: number) => void;
  skipped?: (key: string, skipped: SkippedFile) => void;
  /** Whether a file's scan is still wanted when it arrives (its file may have changed again since). */
  accept?: (key: string) => boolean;
  /** Checked between batches: true stops the run (the index keeps what it took so far). */
  cancelled?: () => boolean;
  /**
   * Puts scans in for at most this many milliseconds at a time, then calls `pause` (a language
   * server answers requests meanwhile); without it, each batch goes in as it arrives.
   */
  sliceMs?: number;
  pause?: () => Promise<void>;
}

/** Scans read but not yet put in, at most (a few batches): the workers wait beyond this. */
const MAX_WAITING = 96;

export async function indexFiles(index: WorkspaceIndex, pool: ScanPool, files: { key: string; path: string }[], options: IndexFilesOptions): Promise<void> {
  const put = (r: ScanOutcome): void => {
    if (options.accept && !options.accept(r.key)) return;
    if ('skipped' in r) {
      options.skipped?.(r.key, r.skipped);
      return;
    }
    const affected = index.setScan(r.key, r.scanned);
    options.indexed?.(r.key, r.path, affected, r.scanned.length);
  };
  const { sliceMs, pause } = options;
  if (sliceMs === undefined || !pause) {
    await pool.scan({ files, maxFileSize: options.maxFileSize, helpers: options.helpers, workers: options.workers }, (results) => results.forEach(put), options.cancelled);
    return;
  }
  // Batches queue up as they arrive; one loop puts them in, a slice at a time. The workers wait
  // while the queue is long: scans that are not in the index yet are memory too.
  const queue: ScanOutcome[] = [];
  let at = 0;
  let wake: (() => void) | undefined;
  let scanned = false;
  const scanning = pool
    .scan(
      { files, maxFileSize: options.maxFileSize, helpers: options.helpers, workers: options.workers },
      (results) => {
        queue.push(...results);
        wake?.();
      },
      options.cancelled,
      () => queue.length - at >= MAX_WAITING,
    )
    .finally(() => {
      scanned = true;
      wake?.();
    });
  scanning.catch(() => undefined); // awaited below
  for (;;) {
    let started = performance.now();
    while (at < queue.length) {
      if (options.cancelled?.()) break;
      const next = queue[at];
      // A scan taken in is not held by the queue any longer.
      queue[at++] = undefined as unknown as ScanOutcome;
      put(next);
      if (performance.now() - started > sliceMs) {
        pool.resume();
        await pause();
        started = performance.now();
      }
    }
    if (at >= queue.length) {
      queue.length = 0;
      at = 0;
    }
    pool.resume();
    if (scanned || options.cancelled?.()) break;
    await new Promise<void>((resolve) => (wake = resolve));
    wake = undefined;
  }
  await scanning;
}
