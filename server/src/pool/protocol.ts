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

/**
 * An outcome as it crosses threads: a file that scanned empty crosses as its length alone, and a
 * scan with many constant values crosses with them packed (its own `constants` map left empty).
 */
export type SentOutcome = ScanOutcome | { key: string; path: string; empty: number } | { key: string; path: string; scanned: IndexedScan; packed: PackedConstants };

/**
 * A scan's constants as a table of distinct strings and typed arrays: a generated table of 40,000
 * values took 35 ms to copy to the server's thread as an object per value and range.
 */
export interface PackedConstants {
  /** Distinct names and values. */
  strings: string[];
  /** Per constant: its name (an index into `strings`) and how many values it has. */
  names: Int32Array;
  counts: Int32Array;
  /** Per value: the value (an index into `strings`), its range (start, end), and 1 for a type member. */
  values: Int32Array;
  ranges: Int32Array;
  types: Uint8Array;
}

export interface ScanBatchDone {
  id: number;
  results: SentOutcome[];
  /** Set when the batch as a whole failed (a bug, not a bad file): the pool scans it on its own thread. */
  error?: string;
}
