// Reading and scanning one batch of files, the same on a worker thread and on the main thread.

import { readSourceFile } from '../fs/walk';
import { EMPTY_SCAN } from '../core/prepass';
import { scanForIndex } from '../core/workspaceIndex';
import { PACK_FROM, packConstants, valueCount } from '../core/packedConstants';
import type { ScanBatch, ScanOutcome, SentOutcome } from './protocol';

export function scanFiles(batch: Pick<ScanBatch, 'files' | 'maxFileSize' | 'helpers'>): ScanOutcome[] {
  const out: ScanOutcome[] = [];
  for (const { key, path } of batch.files) {
    const read = readSourceFile(path, batch.maxFileSize);
    if ('skipped' in read) out.push({ key, path, skipped: read.skipped });
    else out.push({ key, path, scanned: scanForIndex(read.text, batch.helpers, key) });
  }
  return out;
}

/**
 * The batch's outcomes as a worker sends them: most files scan empty, and an empty scan crosses
 * as a mark, not as a copy of the shared empty scan; a scan with many constant values sends them
 * packed (the index unpacks them when it puts the scan in).
 */
export function forTransfer(results: ScanOutcome[]): SentOutcome[] {
  return results.map((r) => {
    if (!('scanned' in r)) return r;
    if (r.scanned.scan === EMPTY_SCAN) return { key: r.key, path: r.path, empty: r.scanned.length };
    const { constants } = r.scanned.scan;
    const values = valueCount(constants);
    if (values < PACK_FROM) return r;
    return { key: r.key, path: r.path, scanned: { ...r.scanned, scan: { ...r.scanned.scan, constants: new Map() }, packed: packConstants(constants, values) } };
  });
}

/** The outcomes a worker sent, with the shared empty scan back in place of each mark. */
export function fromTransfer(results: SentOutcome[]): ScanOutcome[] {
  return results.map((r) => ('empty' in r ? { key: r.key, path: r.path, scanned: { scan: EMPTY_SCAN, length: r.empty } } : r));
}
