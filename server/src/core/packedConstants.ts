// A scan's constants in a compact form for crossing threads: a table of distinct strings and typed
// arrays instead of an object per value and per range. A generated table of 40,000 values took
// 35 ms to copy to the server's thread as objects, and about 1 ms packed.

import type { ConstantValue } from './types';

/** Scans with at least this many constant values send them packed. */
export const PACK_FROM = 256;

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

/** The number of values in `constants`. */
export function valueCount(constants: Map<string, ConstantValue[]>): number {
  let n = 0;
  for (const list of constants.values()) n += list.length;
  return n;
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
