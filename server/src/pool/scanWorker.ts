// A scan pool worker: reads the files of each batch it is sent, scans them for the index (the
// pre-pass, then the analyzer) and sends the scans back. Bundled on its own (dist/scanWorker.js)
// so a worker loads the analysis core and nothing else.

import { parentPort } from 'node:worker_threads';
import { forTransfer, scanFiles } from './scanFiles';
import type { ScanBatch, ScanBatchDone } from './protocol';

const port = parentPort;
if (port) {
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
      if ('packed' in r) for (const a of [r.packed.names, r.packed.counts, r.packed.values, r.packed.ranges, r.packed.types]) transfer.push(a.buffer as ArrayBuffer);
    }
    port.postMessage(done, transfer);
  });
}
