// Messages between the scan pool and its worker threads. Plain data only: it crosses threads by
// structured clone (line starts by transfer).

import type { SkippedFile } from '../fs/walk';
import type { IndexedScan } from '../core/workspaceIndex';
import type { HelperSpec } from '../core/types';

export interface ScanBatch {
  id: number;
  /** Files to read and scan: the key the index uses (a URI or a path) and the path to read. */
  files: { key: string; path: string }[];
  maxFileSize: number | undefined;
  helpers: HelperSpec[];
}

export type ScanOutcome = { key: string; path: string; scanned: IndexedScan } | { key: string; path: string; skipped: SkippedFile };

/** An outcome as it crosses threads: a file that scanned empty crosses as its length alone. */
export type SentOutcome = ScanOutcome | { key: string; path: string; empty: number };

export interface ScanBatchDone {
  id: number;
  results: SentOutcome[];
  /** Set when the batch as a whole failed (a bug, not a bad file): the pool scans it on its own thread. */
  error?: string;
}

/** What a worker is started with. */
export interface ScanWorkerData {
  /** The niceness the worker lowers its own thread's priority to, if any (see `PoolOptions`). */
  niceness: number | undefined;
}
