// Re-checking an edit inside a string literal without re-analysing the whole file.
//
// Typing a slug changes the inside of one string literal; in a 5,000-line file a full scan for
// every keystroke is the slow part of the re-check. Here only the top-level statement holding the
// edit is analysed, before and after the edit, on its own. When the two analyses differ in
// nothing but that literal's value, and the file's earlier full scan holds exactly what the
// statement analysis holds at that literal, the new full scan is the old one with the value
// replaced and later ranges shifted. Anything else (a quote, a newline or an escape typed, a
// literal the statement alone sees differently from the file, an import path, an object key) is
// left to a full scan: `rescanStringEdit` answers undefined and the caller scans the file.
//
// test/unit/incremental.test.ts holds this to full scans after random edit sequences.

import { intern } from './intern';
import { lex, Tok } from './lexer';
import { jsxFor, scanDocument } from './scanner';
import type { FileScan, Occurrence, Range, ScanOptions } from './types';

/** The literal an edit changed: its content range in the old text, and the length change. */
interface StringEdit {
  /** Content range (inside the quotes) in the old text. */
  content: Range;
  delta: number;
}

/** A document being edited: its text and, once known, where its top-level statements start. */
export interface EditedText {
  text: string;
  /** Offsets of the lines that start top-level statements (see `statementStarts`). */
  starts?: Int32Array;
}

/**
 * The new text's scan from the old text's scan, when the edit only changed the inside of one
 * string literal; undefined when the file must be scanned in full. Also returns the statement
 * starts of the new text, so the next edit need not find them again.
 */
export function rescanStringEdit(
  old: EditedText,
  oldScan: FileScan,
  newText: string,
  options: ScanOptions,
): { scan: FileScan; starts: Int32Array; constantsChanged: boolean } | undefined {
  const oldText = old.text;
  if (oldText === newText) return undefined;
  const pre = commonPrefix(oldText, newText);
  const suf = commonSuffix(oldText, newText, pre);
  const oldEnd = oldText.length - suf;
  const newEnd = newText.length - suf;
  // Only characters that cannot end or change a literal: no quotes, backslashes, newlines, `$`.
  for (let i = pre; i < newEnd; i++) if (!plain(newText.charCodeAt(i))) return undefined;
  for (let i = pre; i < oldEnd; i++) if (!plain(oldText.charCodeAt(i))) return undefined;
  if (touchesWorkosImport(oldText, pre, oldEnd) || touchesWorkosImport(newText, pre, newEnd)) return undefined;

  const starts = old.starts ?? statementStarts(oldText, options);
  const win = statementAround(starts, oldText.length, pre, oldEnd);
  if (!win) return undefined;
  const oldWindow = oldText.slice(win.start, win.end);
  const delta = newEnd - oldEnd;
  const newWindow = newText.slice(win.start, win.end + delta);
  const edit = literalAt(oldWindow, pre - win.start, oldEnd - win.start, options);
  if (!edit) return undefined;

  const before = scanDocument(oldWindow, options);
  const after = scanDocument(newWindow, options);
  const local: StringEdit = { content: edit, delta };
  if (!sameApartFrom(before, after, local)) return undefined;
  // What the literal gives is its value as written: the old value before, the new one after.
  const newLiteral = { start: edit.start, end: edit.end + delta };
  if (!valuesAre(before, edit, oldWindow.slice(edit.start, edit.end)) || !valuesAre(after, newLiteral, newWindow.slice(newLiteral.start, newLiteral.end))) return undefined;
  // The file's scan must hold at this literal exactly what the statement alone does.
  const at: StringEdit = { content: { start: edit.start + win.start, end: edit.end + win.start }, delta };
  if (!sameAtLiteral(before, win.start, oldScan, at.content)) return undefined;
  // Interned: a cut of the new text would hold all of it alive.
  const value = intern(newText.slice(at.content.start, at.content.end + delta));
  const moved = delta === 0 ? starts : starts.map((x) => (x > pre ? x + delta : x));
  let constantsChanged = false;
  for (const vs of oldScan.constants.values()) for (const v of vs) if (v.range.end >= at.content.start) constantsChanged = true;
  return { scan: shifted(oldScan, at, value), starts: moved, constantsChanged };
}

/** Length of the common prefix, compared a block at a time (block compares are native). */
function commonPrefix(a: string, b: string): number {
  const max = Math.min(a.length, b.length);
  let i = 0;
  for (let block = 4096; block >= 1; block >>= 4) {
    while (i + block <= max && a.slice(i, i + block) === b.slice(i, i + block)) i += block;
  }
  return i;
}

function commonSuffix(a: string, b: string, prefix: number): number {
  const max = Math.min(a.length, b.length) - prefix;
  let i = 0;
  for (let block = 4096; block >= 1; block >>= 4) {
    while (i + block <= max && a.slice(a.length - i - block, a.length - i) === b.slice(b.length - i - block, b.length - i)) i += block;
  }
  return i;
}

/**
 * Where the file's top-level statements start: identifiers that begin a line outside every
 * bracket and template. A statement's text analysed on its own lexes as it does in the file.
 */
export function statementStarts(text: string, options: ScanOptions): Int32Array {
  const { tokens: t } = lex(text, jsxFor(options));
  const out: number[] = [];
  let depth = 0;
  let holes = 0;
  for (let k = 0; k < t.count; k++) {
    const ty = t.type[k];
    const a = t.start[k];
    if (ty === Tok.Ident) {
      if (depth === 0 && holes === 0 && (a === 0 || text.charCodeAt(a - 1) === 10)) out.push(a);
    } else if (ty === Tok.Punct && t.end[k] - a === 1) {
      const c = text.charCodeAt(a);
      if (c === 40 || c === 91 || c === 123) depth++;
      else if (c === 41 || c === 93 || c === 125) depth--;
    } else if (ty === Tok.TemplateHead) holes++;
    else if (ty === Tok.TemplateTail) holes--;
  }
  return Int32Array.from(out);
}

function plain(c: number): boolean {
  return c !== 34 && c !== 39 && c !== 96 && c !== 92 && c !== 10 && c !== 13 && c !== 36 && c !== 0x2028 && c !== 0x2029;
}

/** Whether the edit could add or remove `@workos-inc/`, which changes how the whole file is read. */
function touchesWorkosImport(text: string, start: number, end: number): boolean {
  const from = Math.max(0, start - 12);
  return text.slice(from, end + 12).includes('@workos-inc');
}

/** The statements holding [start, end): from the last start at or before it to the next start after it. */
function statementAround(starts: Int32Array, length: number, start: number, end: number): Range | undefined {
  let lo = 0;
  let hi = starts.length - 1;
  let s = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (starts[mid] <= start) {
      s = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  if (s < 0) return undefined;
  let e = s + 1;
  while (e < starts.length && starts[e] < end) e++;
  const win = { start: starts[s], end: e < starts.length ? starts[e] : length };
  return win.end - win.start > 128 * 1024 ? undefined : win;
}

/**
 * The content range of the one string literal holding [start, end) in `text`, when the text lexes
 * to balanced code and the literal is a value (not an object key, an import or export path).
 */
function literalAt(text: string, start: number, end: number, options: ScanOptions): Range | undefined {
  const { tokens: t } = lex(text, jsxFor(options));
  let depth = 0;
  let found = -1;
  for (let k = 0; k < t.count; k++) {
    const ty = t.type[k];
    if (ty === Tok.Punct && t.end[k] - t.start[k] === 1) {
      const c = text.charCodeAt(t.start[k]);
      if (c === 40 || c === 91 || c === 123) depth++;
      else if (c === 41 || c === 93 || c === 125) depth--;
    } else if (ty === Tok.TemplateHead || ty === Tok.TemplateMiddle || ty === Tok.TemplateTail || ty === Tok.JsxText || ty === Tok.JsxTagName) {
      // Nested modes: keep to plain code, where the statement's end is clear.
      if (t.start[k] <= end && start <= t.end[k]) return undefined;
    }
    if (found < 0 && (ty === Tok.String || ty === Tok.JsxString) && t.start[k] < start && end < t.end[k] && closedLiteral(text, t.start[k], t.end[k])) found = k;
  }
  if (depth !== 0 || found < 0) return undefined;
  const prev = found > 0 ? text.slice(t.start[found - 1], t.end[found - 1]) : '';
  const requireCall = prev === '(' && found > 1 && text.slice(t.start[found - 2], t.end[found - 2]) === 'require';
  if (prev === 'from' || prev === 'import' || prev === 'require' || requireCall) return undefined;
  if (t.type[found + 1] === Tok.Punct && text.charCodeAt(t.start[found + 1]) === 58 /* : a key */) return undefined;
  return { start: t.start[found] + 1, end: t.end[found] - 1 };
}

function closedLiteral(text: string, start: number, end: number): boolean {
  return end - start >= 2 && text.charCodeAt(end - 1) === text.charCodeAt(start);
}

function inside(r: Range, lit: Range): boolean {
  return r.start >= lit.start && r.end <= lit.end;
}

function overlaps(r: Range, lit: Range): boolean {
  return r.start < lit.end + 1 && lit.start - 1 < r.end;
}

/**
 * Whether the statement's scans before and after the edit say the same apart from the literal's
 * value: the same places with the same kinds and evidence, and the same everything else.
 */
function sameApartFrom(a: FileScan, b: FileScan, e: StringEdit): boolean {
  const shiftRange = (r: Range): Range => (r.start >= e.content.end ? { start: r.start + e.delta, end: r.end + e.delta } : inside(r, e.content) ? { start: r.start, end: r.end + e.delta } : r);
  const norm = (o: Occurrence, r: Range): string => `${o.kind}|${r.start}-${r.end}|${o.via}|${o.place}|${o.session}|${o.evidence}|${o.typeName ?? ''}|${o.callId ?? ''}|${o.composite ? 1 : 0}|${o.templateParts ? 't' : ''}`;
  if (a.occurrences.length !== b.occurrences.length) return false;
  for (let i = 0; i < a.occurrences.length; i++) {
    const x = a.occurrences[i];
    const y = b.occurrences[i];
    if (overlaps(x.range, e.content) && !inside(x.range, e.content)) return false;
    if (norm(x, shiftRange(x.range)) !== norm(y, y.range)) return false;
    if (!inside(x.range, e.content) && x.slug !== y.slug) return false;
  }
  // Everything but occurrences: equal once the literal's own value and the later ranges are lined up.
  const rest = (s: FileScan, shift: boolean): string =>
    JSON.stringify(
      {
        constantRefs: s.constantRefs,
        constants: [...s.constants].map(([k, vs]) => [k, vs.map((v) => ({ ...v, value: inside(v.range, e.content) ? '' : v.value }))]),
        imports: [...s.imports],
        checkCalls: s.checkCalls,
        ignores: s.ignores,
        helpers: s.helpers,
        calls: s.calls.map((c) => ({ ...c, args: c.args.map((x) => ({ ...x, value: x.value !== undefined && inside(x.range, e.content) ? '' : x.value })) })),
        exports: [...s.exports],
        reexports: s.reexports.map((r) => ({ from: r.from, names: r.names ? [...r.names] : undefined })),
      },
      (_key, v) => (shift && v && typeof v === 'object' && typeof v.start === 'number' && typeof v.end === 'number' && Object.keys(v).length === 2 ? shiftRange(v) : v),
    );
  return rest(a, true) === rest(b, false);
}

function valuesAre(scan: FileScan, lit: Range, value: string): boolean {
  for (const o of scan.occurrences) if (inside(o.range, lit) && o.slug !== value) return false;
  for (const vs of scan.constants.values()) for (const v of vs) if (inside(v.range, lit) && v.value !== value) return false;
  for (const c of scan.calls) for (const a of c.args) if (a.value !== undefined && inside(a.range, lit) && a.value !== value) return false;
  return true;
}

/** Whether the file's scan holds at the literal exactly what the statement's scan holds there. */
function sameAtLiteral(windowScan: FileScan, offset: number, fileScan: FileScan, lit: Range): boolean {
  const at = (list: { range: Range }[], shift: number, pick: (x: never) => string): string[] =>
    list.filter((x) => overlaps({ start: x.range.start + shift, end: x.range.end + shift }, lit)).map((x) => pick(x as never)).sort();
  const occ = (o: Occurrence) => `${o.kind}|${o.slug}|${o.via}|${o.place}|${o.session}|${o.evidence}|${o.typeName ?? ''}`;
  if (at(windowScan.occurrences, offset, occ).join('\n') !== at(fileScan.occurrences, 0, occ).join('\n')) return false;
  const values = (s: FileScan, shift: number): string[] => {
    const out: string[] = [];
    for (const [name, vs] of s.constants) for (const v of vs) if (overlaps({ start: v.range.start + shift, end: v.range.end + shift }, lit)) out.push(`${name}=${v.value}`);
    for (const c of s.calls) for (const a of c.args) if (a.value !== undefined && overlaps({ start: a.range.start + shift, end: a.range.end + shift }, lit)) out.push(`${c.callee.join('.')}/${a.arg}/${a.prop ?? ''}=${a.value}`);
    for (const r of s.constantRefs) if (overlaps({ start: r.range.start + shift, end: r.range.end + shift }, lit)) out.push(`ref ${r.path.join('.')}`);
    for (const c of s.checkCalls) if (c.membership && overlaps({ start: c.membership.range.start + shift, end: c.membership.range.end + shift }, lit)) out.push('membership');
    return out.sort();
  };
  // The statement alone does not see the file's imports: a call to an imported helper is pending in
  // the file's scan only. Such a literal is left to a full scan.
  return values(windowScan, offset).join('\n') === values(fileScan, 0).join('\n');
}

/** The old scan with the literal's value replaced and every range after it shifted. */
function shifted(scan: FileScan, e: StringEdit, value: string): FileScan {
  const lit = e.content;
  const move = (r: Range): Range => (r.start >= lit.end ? { start: r.start + e.delta, end: r.end + e.delta } : inside(r, lit) ? { start: r.start, end: r.end + e.delta } : r);
  const occurrences = scan.occurrences.map((o) => {
    if (inside(o.range, lit)) return { ...o, slug: value, range: move(o.range) };
    return o.range.start >= lit.end ? { ...o, range: move(o.range) } : o;
  });
  const constants = new Map<string, FileScan['constants'] extends Map<string, infer V> ? V : never>();
  for (const [name, vs] of scan.constants) constants.set(name, vs.map((v) => (inside(v.range, lit) ? { ...v, value, range: move(v.range) } : v.range.start >= lit.end ? { ...v, range: move(v.range) } : v)));
  return {
    ...scan,
    occurrences,
    constants,
    constantRefs: scan.constantRefs.map((r) => (r.range.start >= lit.end ? { ...r, range: move(r.range) } : r)),
    checkCalls: scan.checkCalls.map((c) => (c.membership && c.membership.range.start >= lit.end ? { ...c, membership: { ...c.membership, range: move(c.membership.range) } } : c)),
    calls: scan.calls.map((c) => {
      // Calls before the literal stay as they are, without a copy.
      if (!c.args.some((a) => a.range.end >= lit.start)) return c;
      return { ...c, args: c.args.map((a) => (inside(a.range, lit) && a.value !== undefined ? { ...a, value, range: move(a.range) } : a.range.start >= lit.end ? { ...a, range: move(a.range) } : a)) };
    }),
  };
}
