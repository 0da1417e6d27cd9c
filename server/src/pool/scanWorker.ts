// A scan pool worker: reads the files of each batch it is sent, scans them for the index (the
// pre-pass, then the analyzer) and sends the scans back. Bundled on its own (dist/scanWorker.js)
// so a worker loads the analysis core and nothing else.

import { readlinkSync } from 'node:fs';
import { setPriority } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import { forTransfer, scanFiles } from './scanFiles';
import type { ScanBatch, ScanBatchDone, ScanWorkerData } from './protocol';

/**
 * Lowers this thread's scheduling priority (not the process's): on Linux a thread's id, read from
 * /proc/thread-self, names the thread alone to setpriority. Elsewhere it does nothing; a thread
 * may always lower its own priority, so a failure only means the system has no such per-thread
 * priority.
 */
function lowerOwnPriority(niceness: number): void {
  if (process.platform !== 'linux') return;
  try {
    const tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
    if (Number.isInteger(tid) && tid > 0) setPriority(tid, niceness);
  } catch {
    // No /proc, or a sandbox that forbids it: the worker runs at the process's priority.
  }
}

const port = parentPort;
if (port) {
  const niceness = (workerData as ScanWorkerData | undefined)?.niceness;
  if (niceness !== undefined) lowerOwnPriority(niceness);
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
