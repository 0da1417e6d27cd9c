// Indexing many files at once through the scan pool: the CLI's run, the language server's initial
// index and its handling of many changes on disk share this.

import type { WorkspaceIndex } from '../core/workspaceIndex';
import type { HelperSpec } from '../core/types';
import type { SkippedFile } from '../fs/walk';
import type { ScanPool } from './scanPool';

export interface IndexFilesOptions {
  maxFileSize?: number;
  helpers: HelperSpec[];
  /** Called for every file put into the index, with the files whose results may have changed. */
  indexed?: (key: string, path: string, affected: string[], length: number) => void;
  skipped?: (key: string, skipped: SkippedFile) => void;
  /** Whether a file's scan is still wanted when it arrives (its file may have changed again since). */
  accept?: (key: string) => boolean;
  /** Checked between batches: true stops the run (the index keeps what it took so far). */
  cancelled?: () => boolean;
}

export async function indexFiles(index: WorkspaceIndex, pool: ScanPool, files: { key: string; path: string }[], options: IndexFilesOptions): Promise<void> {
  await pool.scan(
    { files, maxFileSize: options.maxFileSize, helpers: options.helpers },
    (results) => {
      for (const r of results) {
        if (options.accept && !options.accept(r.key)) continue;
        if ('skipped' in r) {
          options.skipped?.(r.key, r.skipped);
          continue;
        }
        const affected = index.setScan(r.key, r.scanned);
        options.indexed?.(r.key, r.path, affected, r.scanned.length);
      }
    },
    options.cancelled,
  );
}
