// Reading and scanning one batch of files, the same on a worker thread and on the main thread.

import { readSourceFile } from '../fs/walk';
import { scanForIndex } from '../core/workspaceIndex';
import type { ScanBatch, ScanOutcome } from './protocol';

export function scanFiles(batch: Pick<ScanBatch, 'files' | 'maxFileSize' | 'helpers'>): ScanOutcome[] {
  const out: ScanOutcome[] = [];
  for (const { key, path } of batch.files) {
    const read = readSourceFile(path, batch.maxFileSize);
    if ('skipped' in read) out.push({ key, path, skipped: read.skipped });
    else out.push({ key, path, scanned: scanForIndex(read.text, batch.helpers, key) });
  }
  return out;
}
