// A scan pool worker: reads the files of each batch it is sent, scans them for the index (the
// pre-pass, then the analyzer) and sends the scans back. Bundled on its own (dist/scanWorker.js)
// so a worker loads the analysis core and nothing else.

import { parentPort, workerData } from 'node:worker_threads';
import { forTransfer, scanFiles } from './scanFiles';
import type { ScanBatch, ScanBatchDone, ScanWorkerData } from './protocol';
import { lowerOwnThreadPriority } from './threadPriority';

const port = parentPort;
if (port) {
  const niceness = (workerData as ScanWorkerData | undefined)?.niceness;
  if (niceness !== undefined) lowerOwnThreadPriority(niceness);
  port.on('message', (batch: ScanBatch) => {
    let done: ScanBatchDone;
    try {
      done = { id: batch.id, results: forTransfer(scanFiles(batch)) };
    } catch (err) {
      done = { id: batch.id, results: [], error: (err as Error)?.message ?? String(err) };
    }
    const transfer: ArrayBuffer[] = [];
    for (const r of done.results) {
      if ('scanned' in r && r.scanned.lineStarts) transfer.push(r.scanned.lineStarts.buffer as ArrayBuffer);
      const packed = 'scanned' in r ? r.scanned.packed : undefined;
      if (packed) for (const a of [packed.names, packed.counts, packed.values, packed.ranges, packed.types]) transfer.push(a.buffer as ArrayBuffer);
    }
    port.postMessage(done, transfer);
  });
}
