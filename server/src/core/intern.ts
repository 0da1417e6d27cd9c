// Strings a file's scan keeps are cut from the file's text, and a cut string can hold the whole
// text alive. Interning copies each distinct string once, so an index keeps the slugs and names
// it needs, not the text of every file it has seen.

import type { FileScan } from './types';

const table = new Map<string, string>();
// Shared by every scan without any: never written to (the index only reads scans).
const NO_CONSTANTS: FileScan['constants'] = new Map();
const NO_IMPORTS: FileScan['imports'] = new Map();
const LIMIT = 200_000;

/** One shared, flat copy of `s`. */
export function intern(s: string): string {
  let v = table.get(s);
  if (v === undefined) {
    if (table.size >= LIMIT) table.clear();
    // Concatenating and cutting again makes a fresh flat copy that references nothing else.
    v = (' ' + s).slice(1);
    table.set(v, v);
  }
  return v;
}

/**
 * Replaces every string a scan keeps with its interned copy, in place; with `constantsFresh` (names
 * and values already fresh copies, each distinct one once) the constants are kept as they are.
 */
export function internScan(scan: FileScan, constantsFresh = false): FileScan {
  for (const o of scan.occurrences) {
    o.slug = intern(o.slug);
    o.place = intern(o.place);
    if (o.typeName) o.typeName = intern(o.typeName);
    if (o.templateParts) o.templateParts = o.templateParts.map(intern);
  }
  for (const r of scan.constantRefs) {
    r.path = r.path.map(intern);
    r.place = intern(r.place);
    if (r.typeName) r.typeName = intern(r.typeName);
  }
  if (scan.constants.size && !constantsFresh) {
    const constants = new Map<string, (typeof scan.constants extends Map<string, infer V> ? V : never)>();
    for (const [k, values] of scan.constants) {
      for (const v of values) v.value = intern(v.value);
      constants.set(intern(k), values);
    }
    scan.constants = constants;
  } else if (!scan.constants.size) scan.constants = NO_CONSTANTS;
  // Imports serve this file's own constant uses, helper calls and typed values, and re-exports of
  // what it imports: a file with none of these keeps none.
  const importsUsed = scan.constantRefs.length > 0 || scan.calls.length > 0 || scan.exports.size > 0 || scan.occurrences.some((o) => o.typeName);
  if (importsUsed && scan.imports.size) {
    const imports = new Map<string, { from: string; name: string }>();
    for (const [k, v] of scan.imports) imports.set(intern(k), { from: intern(v.from), name: intern(v.name) });
    scan.imports = imports;
  } else scan.imports = NO_IMPORTS;
  for (const h of scan.helpers) {
    h.name = intern(h.name);
    if (h.prop) h.prop = intern(h.prop);
  }
  for (const c of scan.calls) {
    c.callee = c.callee.map(intern);
    for (const a of c.args) {
      if (a.value !== undefined) a.value = intern(a.value);
      if (a.path) a.path = a.path.map(intern);
      if (a.prop) a.prop = intern(a.prop);
    }
  }
  if (scan.exports.size) {
    const exports = new Map<string, string>();
    for (const [k, v] of scan.exports) exports.set(intern(k), intern(v));
    scan.exports = exports;
  }
  for (const r of scan.reexports) {
    r.from = intern(r.from);
    if (r.names) r.names = new Map([...r.names].map(([a, b]) => [intern(a), intern(b)]));
  }
  for (const i of scan.ignores) i.rules = i.rules.map(intern);
  for (const c of scan.checkCalls) if (c.membership) c.membership.text = intern(c.membership.text);
  return scan;
}
