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

import { lex, Tok } from './lexer';
import { scanDocument } from './scanner';
import type { FileScan, Occurrence, Range, ScanOptions } from './types';

/** The literal an edit changed: its content range in the old text, and the length change. */
interface StringEdit {
  /** Content range (inside the quotes) in the old text. */
  content: Range;
  delta: number;
}

/**
 * The new text's scan from the old text's scan, when the edit only changed the inside of one
 * string literal; undefined when the file must be scanned in full.
 */
export function rescanStringEdit(oldText: string, oldScan: FileScan, newText: string, options: ScanOptions): FileScan | undefined {
  if (oldText === newText) return oldScan;
  // The changed span: common prefix and suffix.
  const max = Math.min(oldText.length, newText.length);
  let pre = 0;
  while (pre < max && oldText.charCodeAt(pre) === newText.charCodeAt(pre)) pre++;
  let suf = 0;
  while (suf < max - pre && oldText.charCodeAt(oldText.length - 1 - suf) === newText.charCodeAt(newText.length - 1 - suf)) suf++;
  const oldEnd = oldText.length - suf;
  const newEnd = newText.length - suf;
  // Only characters that cannot end or change a literal: no quotes, backslashes, newlines, `$`.
  for (let i = pre; i < newEnd; i++) if (!plain(newText.charCodeAt(i))) return undefined;
  for (let i = pre; i < oldEnd; i++) if (!plain(oldText.charCodeAt(i))) return undefined;
  if (touchesWorkosImport(oldText, pre, oldEnd) || touchesWorkosImport(newText, pre, newEnd)) return undefined;

  const win = statementAround(oldText, pre, oldEnd);
  if (!win) return undefined;
  const oldWindow = oldText.slice(win.start, win.end);
  const delta = newEnd - oldEnd;
  const newWindow = newText.slice(win.start, win.end + delta);
  const edit = literalAt(oldWindow, pre - win.start, oldEnd - win.start, options);
  if (!edit) return undefined;
  // The statement must be one in the file too: not inside a comment, template or JSX text that
  // began earlier, and the literal the same token there.
  if (!wholeStatement(oldText, win, { start: edit.start + win.start, end: edit.end + win.start }, options)) return undefined;

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
  const value = newText.slice(at.content.start, at.content.end + delta);
  return shifted(oldScan, at, value);
}

function plain(c: number): boolean {
  return c !== 34 && c !== 39 && c !== 96 && c !== 92 && c !== 10 && c !== 13 && c !== 36 && c !== 0x2028 && c !== 0x2029;
}

/** Whether the edit could add or remove `@workos-inc/`, which changes how the whole file is read. */
function touchesWorkosImport(text: string, start: number, end: number): boolean {
  const from = Math.max(0, start - 12);
  return text.slice(from, end + 12).includes('@workos-inc');
}

/**
 * The top-level statement around [start, end): from the start of the line where it begins to the
 * start of the line after it. A top-level statement starts its line; the lines between are indented
 * or close brackets. Undefined when no such boundary is found nearby (then the file is scanned).
 */
function statementAround(text: string, start: number, end: number): Range | undefined {
  const LIMIT = 64 * 1024;
  let s = text.lastIndexOf('\n', start - 1) + 1;
  while (!statementStart(text, s)) {
    if (s === 0 || start - s > LIMIT) return s === 0 ? { start: 0, end: nextStatement(text, end) } : undefined;
    s = text.lastIndexOf('\n', s - 2) + 1;
  }
  const e = nextStatement(text, end);
  return e - s > LIMIT * 2 ? undefined : { start: s, end: e };
}

function nextStatement(text: string, from: number): number {
  let e = text.indexOf('\n', from);
  while (e >= 0 && e + 1 < text.length && !statementStart(text, e + 1)) e = text.indexOf('\n', e + 1);
  return e < 0 || e + 1 >= text.length ? text.length : e + 1;
}

/** A line that starts a top-level statement: it starts with a letter, `@`, `_`, `$` or `/` (a comment). */
function statementStart(text: string, at: number): boolean {
  const c = text.charCodeAt(at);
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 64 || c === 95 || c === 36;
}

/**
 * The content range of the one string literal holding [start, end) in `text`, when the text lexes
 * to balanced code and the literal is a value (not an object key, an import or export path).
 */
function literalAt(text: string, start: number, end: number, options: ScanOptions): Range | undefined {
  const { tokens: t } = lex(text, isJsx(options));
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
  if (prev === 'from' || prev === 'import' || prev === 'require' || prev === '(' && found > 1 && text.slice(t.start[found - 2], t.end[found - 2]) === 'require') return undefined;
  if (t.type[found + 1] === Tok.Punct && text.charCodeAt(t.start[found + 1]) === 58 /* : a key */) return undefined;
  return { start: t.start[found] + 1, end: t.end[found] - 1 };
}

/**
 * Whether `win` is a run of whole top-level statements of the file: no token crosses its ends,
 * brackets are balanced before it, no block comment is open at its start, and `lit` is the
 * content of one string literal token of the file.
 */
function wholeStatement(text: string, win: Range, lit: Range, options: ScanOptions): boolean {
  const { tokens: t } = lex(text, isJsx(options));
  let depth = 0;
  let literal = false;
  let prevEnd = 0;
  let started = false;
  for (let k = 0; k < t.count; k++) {
    const a = t.start[k];
    const b = t.end[k];
    if ((a < win.start && b > win.start) || (a < win.end && b > win.end)) return false;
    if (!started && a >= win.start) {
      // Between the last token and the statement: whitespace and whole comments only.
      const gap = text.slice(prevEnd, win.start);
      if (depth !== 0 || gap.lastIndexOf('/*') > gap.lastIndexOf('*/')) return false;
      started = true;
    }
    if (a === lit.start - 1 && b === lit.end + 1) literal = t.type[k] === Tok.String || t.type[k] === Tok.JsxString;
    // Brackets only: a template's `${` and `}` belong to its text tokens and pair up among themselves.
    if (!started && t.type[k] === Tok.Punct && b - a === 1) {
      const c = text.charCodeAt(a);
      if (c === 40 || c === 91 || c === 123) depth++;
      else if (c === 41 || c === 93 || c === 125) depth--;
    }
    prevEnd = b;
  }
  return literal;
}

function isJsx(options: ScanOptions): boolean {
  return options.fileName ? /\.(tsx|jsx|js|mjs|cjs)$/i.test(options.fileName) : true;
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
    calls: scan.calls.map((c) => ({ ...c, args: c.args.map((a) => (inside(a.range, lit) && a.value !== undefined ? { ...a, value, range: move(a.range) } : a.range.start >= lit.end ? { ...a, range: move(a.range) } : a)) })),
  };
}
