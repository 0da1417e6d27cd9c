// Reading and scanning one batch of files, the same on a worker thread and on the main thread.

import { readSourceFile } from '../fs/walk';
import { EMPTY_SCAN } from '../core/prepass';
import { scanForIndex } from '../core/workspaceIndex';
import type { ConstantValue } from '../core/types';
import type { PackedConstants, ScanBatch, ScanOutcome, SentOutcome } from './protocol';

export function scanFiles(batch: Pick<ScanBatch, 'files' | 'maxFileSize' | 'helpers'>): ScanOutcome[] {
  const out: ScanOutcome[] = [];
  for (const { key, path } of batch.files) {
    const read = readSourceFile(path, batch.maxFileSize);
    if ('skipped' in read) out.push({ key, path, skipped: read.skipped });
    else out.push({ key, path, scanned: scanForIndex(read.text, batch.helpers, key) });
  }
  return out;
}

/** Scans with at least this many constant values send them packed. */
export const PACK_FROM = 256;

/**
 * The batch's outcomes as a worker sends them: most files scan empty, and an empty scan crosses
 * as a mark, not as a copy of the shared empty scan; a scan with many constant values sends them
 * packed.
 */
export function forTransfer(results: ScanOutcome[]): SentOutcome[] {
  return results.map((r) => {
    if (!('scanned' in r)) return r;
    if (r.scanned.scan === EMPTY_SCAN) return { key: r.key, path: r.path, empty: r.scanned.length };
    const { constants } = r.scanned.scan;
    let values = 0;
    for (const list of constants.values()) values += list.length;
    if (values < PACK_FROM) return r;
    return { key: r.key, path: r.path, scanned: { ...r.scanned, scan: { ...r.scanned.scan, constants: new Map() } }, packed: packConstants(constants, values) };
  });
}

/** The outcomes a worker sent, with the shared empty scan back in place of each mark and constants unpacked. */
export function fromTransfer(results: SentOutcome[]): ScanOutcome[] {
  return results.map((r) => {
    if ('empty' in r) return { key: r.key, path: r.path, scanned: { scan: EMPTY_SCAN, length: r.empty } };
    if ('packed' in r) return { key: r.key, path: r.path, scanned: { ...r.scanned, scan: { ...r.scanned.scan, constants: unpackConstants(r.packed) }, constantsFresh: true } };
    return r;
  });
}

export function packConstants(constants: Map<string, ConstantValue[]>, valueCount: number): PackedConstants {
  const strings: string[] = [];
  const ids = new Map<string, number>();
  const id = (s: string): number => {
    let n = ids.get(s);
    if (n === undefined) ids.set(s, (n = strings.push(s) - 1));
    return n;
  };
  const names = new Int32Array(constants.size);
  const counts = new Int32Array(constants.size);
  const values = new Int32Array(valueCount);
  const ranges = new Int32Array(valueCount * 2);
  const types = new Uint8Array(valueCount);
  let c = 0;
  let v = 0;
  for (const [name, list] of constants) {
    names[c] = id(name);
    counts[c++] = list.length;
    for (const value of list) {
      values[v] = id(value.value);
      ranges[2 * v] = value.range.start;
      ranges[2 * v + 1] = value.range.end;
      if (value.type) types[v] = 1;
      v++;
    }
  }
  return { strings, names, counts, values, ranges, types };
}

export function unpackConstants(packed: PackedConstants): Map<string, ConstantValue[]> {
  const { strings, names, counts, values, ranges, types } = packed;
  const out = new Map<string, ConstantValue[]>();
  let v = 0;
  for (let c = 0; c < names.length; c++) {
    const list: ConstantValue[] = new Array(counts[c]);
    for (let k = 0; k < counts[c]; k++, v++) {
      const value = strings[values[v]];
      const range = { start: ranges[2 * v], end: ranges[2 * v + 1] };
      list[k] = types[v] ? { value, range, type: true } : { value, range };
    }
    out.set(strings[names[c]], list);
  }
  return out;
}
