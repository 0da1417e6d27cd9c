// Finds the places in a file where WorkOS expects a slug and what is written there. Works on the
// token stream from lexer.ts with a stack of open brackets: each string (or constant path) is
// classified by what stands around it — the call it is an argument of, the property or JSX
// attribute it is the value of, the comparison or `switch` it takes part in, the name it is
// assigned to. Arguments and array elements are decided when their bracket closes, so that
// `requirePermission('video', 'create')` and `['admin', 'owner'].includes(role)` are seen whole.

import { lex, Tok, type Tokens } from './lexer';
import { LineIndex } from './lineIndex';
import {
  ARIA_ROLES, kindFromName, kindFromPath, LOOSE_HELPERS, MEMBERSHIP_METHODS, NOT_VALUES, PERMISSION_HELPERS,
  ROLE_HELPERS, SDK_CREATE_SLUG, SDK_POSITIONAL,
} from './names';
import type {
  CheckCallFact, ConstantRef, ConstantValue, FileScan, HelperSpec, IgnoreDirective, Occurrence, Range, ScanOptions,
  SlugKind,
} from './types';

interface Frame {
  open: number;
  /** Char code of the opening bracket: ( [ { */
  ch: number;
  argStart: number;
  /** Token ranges [first, last] of the comma-separated items seen so far. */
  items: [number, number][];
}

interface Slot {
  kind: SlugKind;
  place: string;
  session: boolean;
  callId?: number;
  /** A bare `role` key or attribute: ARIA role values are not WorkOS roles. */
  aria?: boolean;
  /** Only slug-shaped strings with a separator count (generic helper names like `can`). */
  loose?: boolean;
}

interface Callee {
  path: string[];
  name: string;
}

// Codes for the longer punctuators the classifier asks about; single characters use their char code.
const MULTI_PUNCT = new Map([
  ['===', 128],
  ['!==', 129],
  ['==', 130],
  ['!=', 131],
  ['||', 132],
  ['??', 133],
  ['?.', 134],
  ['...', 135],
  ['=>', 136],
]);

// Per-token scratch arrays, reused across files like the lexer's buffers.
let scratch = { pc: new Uint8Array(4096), closerOf: new Int32Array(4096), openerOf: new Int32Array(4096) };

const INTERESTING_CALLEES = new Set([...MEMBERSHIP_METHODS, ...PERMISSION_HELPERS, ...ROLE_HELPERS, ...Object.keys(SDK_POSITIONAL)]);

const MAX_SLOT_DEPTH = 64;

const JSX_EXTENSIONS = /\.(tsx|jsx|js|mjs|cjs)$/i;

export function scanDocument(text: string, options: ScanOptions = {}): FileScan {
  return new Analyzer(text, options).run();
}

/** How much text before the cursor completion looks at: a few hundred lines of context. */
const SLOT_WINDOW = 8192;

/**
 * The slug slot at `offset` for completion: the cursor is inside a string (or right after its
 * opening quote) at a slug place. `prefix` is the string's text up to the cursor.
 *
 * Completion runs on nearly every keystroke, so in a large file only a window ending at the
 * cursor's line is scanned: whole lines, and never starting inside a block comment or (judging
 * by its backticks) a template literal; when in doubt, the whole text.
 */
export function slotAt(
  text: string,
  offset: number,
  options: ScanOptions = {},
): { kind: SlugKind; range: Range; prefix: string; session: boolean; place: string } | undefined {
  let start = 0;
  let end = text.length;
  if (offset > SLOT_WINDOW * 2) {
    start = text.lastIndexOf('\n', offset - SLOT_WINDOW) + 1;
    const close = text.indexOf('*/', start);
    const open = text.indexOf('/*', start);
    if (close >= 0 && close < offset && (open < 0 || close < open)) start = close + 2;
    let backticks = 0;
    for (let i = start; i < offset; i++) if (text.charCodeAt(i) === 96) backticks++;
    if (backticks % 2 === 1) start = 0;
    const eol = text.indexOf('\n', offset);
    end = start === 0 ? text.length : eol < 0 ? text.length : eol;
  }
  const window = start === 0 && end === text.length ? text : text.slice(start, end);
  const scan = scanDocument(window, options);
  const at = offset - start;
  for (const o of scan.occurrences) {
    if (o.via === 'constant') continue;
    if (o.range.start <= at && at <= o.range.end) {
      const range = { start: o.range.start + start, end: o.range.end + start };
      return { kind: o.kind, range, prefix: text.slice(range.start, offset), session: o.session, place: o.place };
    }
  }
  return undefined;
}

class Analyzer {
  private readonly t: Tokens;
  private readonly n: number;
  private readonly frames: Frame[] = [];
  /** Punctuator codes: the char code for one-character punctuators, PUNCT_* for a few longer ones. */
  private readonly pc: Uint8Array;
  private readonly closerOf: Int32Array;
  private readonly openerOf: Int32Array;
  /** Items of closed brackets by opener index (array elements, object members, call arguments). */
  private readonly itemsOf = new Map<number, [number, number][]>();
  private readonly jsxTags: number[] = [];
  private readonly decls: number[] = [];
  private readonly importsAt: number[] = [];
  private readonly helpers = new Map<string, HelperSpec>();
  private readonly occurrences: Occurrence[] = [];
  private readonly constantRefs: ConstantRef[] = [];
  private readonly checkCalls = new Map<number, CheckCallFact>();
  private readonly directives: { offset: number; text: string }[];
  private unionLast = -1;
  private unionFirst = -1;
  private tailOf?: Int32Array;
  private slotDepth = 0;

  constructor(
    private readonly text: string,
    options: ScanOptions,
  ) {
    const jsx = options.fileName ? JSX_EXTENSIONS.test(options.fileName) : true;
    const { tokens, directives } = lex(text, jsx);
    // The lexer's shared buffers are used in place: an Analyzer finishes before the next lex() call.
    const count = tokens.count;
    this.t = tokens;
    this.n = count;
    this.directives = directives;
    if (scratch.pc.length < count + 8) {
      const size = Math.max(count + 8, scratch.pc.length * 2);
      scratch = { pc: new Uint8Array(size), closerOf: new Int32Array(size), openerOf: new Int32Array(size) };
    }
    this.pc = scratch.pc;
    this.closerOf = scratch.closerOf;
    this.openerOf = scratch.openerOf;
    this.closerOf.fill(-1, 0, count + 8);
    this.openerOf.fill(-1, 0, count + 8);
    this.pc.fill(0, count, count + 8);
    for (let i = 0; i < count; i++) {
      if (tokens.type[i] !== Tok.Punct) {
        this.pc[i] = 0;
        continue;
      }
      const len = tokens.end[i] - tokens.start[i];
      this.pc[i] = len === 1 ? text.charCodeAt(tokens.start[i]) : (MULTI_PUNCT.get(text.slice(tokens.start[i], tokens.end[i])) ?? 255);
    }
    for (const h of options.helpers ?? []) this.helpers.set(h.name, h);
  }

  run(): FileScan {
    const { t, n, text } = this;
    for (let k = 0; k < n; k++) {
      switch (t.type[k]) {
        case Tok.Punct: {
          if (t.end[k] - t.start[k] !== 1) break;
          const c = text.charCodeAt(t.start[k]);
          if (c === 40 || c === 91 || c === 123) this.frames.push({ open: k, ch: c, argStart: k + 1, items: [] });
          else if (c === 41 || c === 93 || c === 125) this.close(k, c === 41 ? 40 : c === 93 ? 91 : 123);
          else if (c === 44) {
            const f = this.frames[this.frames.length - 1];
            if (f) {
              f.items.push([f.argStart, k - 1]);
              f.argStart = k + 1;
            }
          }
          break;
        }
        case Tok.String:
        case Tok.Template:
        case Tok.JsxString:
          this.onString(k);
          break;
        case Tok.TemplateHead:
          this.onTemplateHead(k);
          break;
        case Tok.Ident:
          this.onIdent(k);
          break;
        case Tok.JsxTagName:
          this.jsxTags.push(k);
          break;
        case Tok.JsxTagEnd:
          if (t.end[k] - t.start[k] === 2) this.jsxTags.pop(); // `/>`
          break;
        case Tok.JsxClose:
          this.jsxTags.pop();
          break;
      }
    }
    // Unclosed brackets (a file mid-edit): settle their pending arguments as if closed at the end.
    while (this.frames.length) this.settle(this.frames.pop()!, n);
    const constants = this.collectConstants();
    return {
      occurrences: this.occurrences,
      constantRefs: this.constantRefs,
      constants,
      imports: this.collectImports(),
      checkCalls: [...this.checkCalls.values()],
      ignores: this.collectIgnores(),
    };
  }

  // ---- token helpers ----

  private tx(i: number): string {
    return this.text.slice(this.t.start[i], this.t.end[i]);
  }

  private isIdent(i: number, s?: string): boolean {
    if (i < 0 || i >= this.n || this.t.type[i] !== Tok.Ident) return false;
    return s === undefined || this.tx(i) === s;
  }

  private isStringLike(i: number): boolean {
    if (i < 0 || i >= this.n) return false;
    const ty = this.t.type[i];
    return ty === Tok.String || ty === Tok.Template || ty === Tok.JsxString;
  }

  private isComparison(i: number): boolean {
    const c = this.pc[i];
    return c >= 128 && c <= 131; // === !== == !=
  }

  /** Reads an access path ending at token `end` (`user?.role.slug`); returns its first token and segments. */
  private pathBefore(end: number): { first: number; path: string[] } | undefined {
    let i = end;
    if (this.pc[i] === 33 /* ! */) i--; // non-null assertion
    if (!this.isIdent(i)) return undefined;
    const path = [this.tx(i)];
    while (i >= 2 && (this.pc[i - 1] === 46 /* . */ || this.pc[i - 1] === 134 /* ?. */) && this.isIdent(i - 2)) {
      i -= 2;
      path.unshift(this.tx(i));
    }
    if (this.pc[i - 1] === 46 /* . */ || this.pc[i - 1] === 134 /* ?. */) return undefined; // `foo().role`
    return { first: i, path };
  }

  /** Reads an access path starting at token `start`; returns its last token and segments. */
  private pathAfter(start: number): { last: number; path: string[] } | undefined {
    if (!this.isIdent(start)) return undefined;
    let i = start;
    const path = [this.tx(i)];
    while ((this.pc[i + 1] === 46 /* . */ || this.pc[i + 1] === 134 /* ?. */) && this.isIdent(i + 2)) {
      i += 2;
      path.push(this.tx(i));
    }
    if (this.pc[i + 1] === 33 /* ! */) i++;
    if (this.pc[i + 1] === 40 /* ( */ || this.pc[i + 1] === 91 /* [ */ || this.pc[i + 1] === 46 /* . */ || this.pc[i + 1] === 136 /* => */) return undefined;
    return { last: i, path };
  }

  private callee(open: number): Callee | undefined {
    let i = open - 1;
    if (this.pc[i] === 134 /* ?. */) i--; // optional call `fn?.(...)`
    // Generic call `useThing<T>(…)`: skip a short type argument list.
    if (this.pc[i] === 62 /* > */) {
      let j = i - 1;
      let guard = 16;
      while (j > 0 && guard-- > 0 && this.pc[j] !== 60 /* < */) j--;
      if (this.pc[j] === 60 /* < */) i = j - 1;
    }
    const p = this.pathBefore(i);
    if (!p) return undefined;
    const name = p.path[p.path.length - 1];
    if (p.path.length === 1 && (name === 'if' || name === 'while' || name === 'for' || name === 'switch' || name === 'catch' || name === 'function' || name === 'return')) {
      return undefined;
    }
    return { path: p.path, name };
  }

  // ---- brackets ----

  private close(k: number, openCh: number): void {
    // Pop to the matching opener; a stray closer with no opener is ignored.
    let idx = this.frames.length - 1;
    while (idx >= 0 && this.frames[idx].ch !== openCh) idx--;
    if (idx < 0) return;
    while (this.frames.length > idx + 1) this.settle(this.frames.pop()!, k);
    const f = this.frames.pop()!;
    this.closerOf[f.open] = k;
    this.openerOf[k] = f.open;
    this.settle(f, k);
  }

  private settle(f: Frame, close: number): void {
    if (f.argStart <= close - 1) f.items.push([f.argStart, close - 1]);
    this.itemsOf.set(f.open, f.items);
    if (f.ch === 40) this.onCallClose(f);
    else if (f.ch === 91) this.onArrayClose(f, close);
  }

  /** Whether a call to this name can hold slugs: most calls cannot, and are dropped cheaply. */
  private interestingCallee(open: number): boolean {
    let i = open - 1;
    if (this.pc[i] === 134 /* ?. */) i--;
    if (this.pc[i] === 62 /* > generic call */) return true;
    if (this.t.type[i] !== Tok.Ident) return false;
    const name = this.tx(i);
    return INTERESTING_CALLEES.has(name) || this.helpers.has(name);
  }

  private onCallClose(f: Frame): void {
    if (!this.interestingCallee(f.open)) return;
    const callee = this.callee(f.open);
    if (!callee) return;
    const args = f.items;
    const spec = this.calleeSpec(callee);
    if (!spec) return;

    // requirePermission('video', 'create') and hasPermission(user, 'video', 'delete') mean `video:create`.
    if (spec.compose) {
      const strs = args.map(([a, b], i) => (a === b && this.isStringLike(a) ? i : -1)).filter((i) => i >= 0);
      if (strs.length === 2 && strs[1] === strs[0] + 1) {
        const [a] = args[strs[0]];
        const [b] = args[strs[1]];
        const ra = this.stringContent(a);
        const rb = this.stringContent(b);
        const va = this.text.slice(ra.start, ra.end);
        const vb = this.text.slice(rb.start, rb.end);
        if (/^[a-z0-9_-]+$/.test(va) && /^[a-z0-9_-]+$/.test(vb)) {
          this.occurrences.push({
            kind: 'permission',
            slug: `${va}:${vb}`,
            range: { start: ra.start, end: rb.end },
            via: 'literal',
            place: `${callee.name}('…', '…')`,
            session: spec.session,
            composite: true,
          });
          return;
        }
      }
    }
    args.forEach((range, i) => {
      const slot = this.callArgSlot(callee, spec, i);
      if (slot) this.emitRange(range[0], range[1], slot);
    });
  }

  private onArrayClose(f: Frame, close: number): void {
    // An array that is itself a call argument is handled by the call; a nested array is ignored.
    const parent = this.frames[this.frames.length - 1];
    const prev = f.open - 1;
    if (parent && (parent.ch === 40 || parent.ch === 91) && (this.pc[prev] === 40 /* ( */ || this.pc[prev] === 44 /* , */)) return;
    if (this.pc[prev] === 91 /* [ */ || this.isIdent(prev) || this.pc[prev] === 41 /* ) */ || this.pc[prev] === 93 /* ] */) return; // index access
    const slot = this.slotFor(f.open, close, this.frames.length - 1);
    if (slot) this.emitArray(f.open, slot);
  }

  // ---- what sits where ----

  private onString(k: number): void {
    if (this.isWholeItem(k, k)) return; // decided when its bracket closes
    let first = k;
    while (this.pc[first - 1] === 124 /* | */ && this.isStringLike(first - 2)) {
      // The previous string of a long `'a' | 'b' | …` union already knows where the union starts:
      // walking back every time is quadratic (a generated union of 100,000 members hangs).
      if (first - 2 === this.unionLast) {
        first = this.unionFirst;
        break;
      }
      first -= 2;
    }
    this.unionLast = k;
    this.unionFirst = first;
    if (this.pc[first - 1] === 124 /* | */ && this.pc[first - 2] === 61 /* = */) {
      // `type Role = | 'a' | 'b'`: read the slot from the `=`.
      const slot = this.assignSlot(first - 2);
      if (slot) this.emitString(k, slot);
      return;
    }
    const slot = this.slotFor(first, k, this.frames.length - 1);
    if (slot) this.emitString(k, slot);
  }

  private onTemplateHead(k: number): void {
    const last = this.templateEnd(k);
    if (this.isWholeItem(k, last)) return;
    const slot = this.slotFor(k, last, this.frames.length - 1);
    if (slot) this.emitTemplate(k, last, slot);
  }

  /** True when tokens [first, last] are a whole argument or array element: its bracket decides. */
  private isWholeItem(first: number, last: number): boolean {
    const f = this.frames[this.frames.length - 1];
    if (!f || f.ch === 123) return false;
    if (!(this.pc[first - 1] === 40 /* ( */ || this.pc[first - 1] === 44 /* , */ || this.pc[first - 1] === 91 /* [ */)) return false;
    const nx = last + 1;
    return nx >= this.n || this.pc[nx] === 44 /* , */ || this.pc[nx] === 41 /* ) */ || this.pc[nx] === 93 /* ] */ || this.unterminated(last);
  }

  /** A string cut off at a line end: code mid-edit. */
  private unterminated(k: number): boolean {
    if (!this.isStringLike(k)) return false;
    const s = this.t.start[k];
    const e = this.t.end[k];
    return e - s < 2 || this.text.charCodeAt(e - 1) !== this.text.charCodeAt(s);
  }

  private templateEnd(head: number): number {
    // One pass matches every head with its tail: a forward search per head is quadratic in
    // nested templates (`${`${`${…` ten thousand deep took seconds).
    if (!this.tailOf) {
      const tails = new Int32Array(this.n).fill(this.n - 1);
      const open: number[] = [];
      for (let j = 0; j < this.n; j++) {
        const ty = this.t.type[j];
        if (ty === Tok.TemplateHead) open.push(j);
        else if (ty === Tok.TemplateTail && open.length) tails[open.pop()!] = j;
      }
      this.tailOf = tails;
    }
    return this.tailOf[head];
  }

  private onIdent(k: number): void {
    if (this.frames.length === 0) {
      const w = this.tx(k);
      if (w === 'const' || w === 'let' || w === 'var' || w === 'enum' || w === 'type') {
        if (this.pc[k - 1] !== 46 /* . */) this.decls.push(k);
      } else if (w === 'import' && this.pc[k + 1] !== 40 /* ( */ && this.pc[k + 1] !== 46 /* . */) {
        this.importsAt.push(k);
      }
    }
    if (this.pc[k - 1] === 46 /* . */ || this.pc[k - 1] === 134 /* ?. */) return; // inside a path
    if (this.pc[k + 1] === 58 /* : */) {
      const w = this.tx(k);
      if (w === 'organizationMembershipId' || w === 'organization_membership_id') this.onMembership(k);
    }
    // A constant written where a slug goes: `{ roleSlug: ROLES.ADMIN }`, `role === ROLES.ADMIN`, `case ROLES.ADMIN:`.
    const prev = k - 1;
    const pp = this.pc[prev];
    if (!(pp === 58 /* : */ || (pp >= 128 && pp <= 133) /* === !== == != || ?? */ || pp === 123 /* { */ || pp === 61 /* = */ || this.isIdent(prev, 'case'))) {
      // Only `PATH === …` can still be a constant use: find the path's end without building it.
      let j = k;
      while ((this.pc[j + 1] === 46 /* . */ || this.pc[j + 1] === 134 /* ?. */) && this.t.type[j + 2] === Tok.Ident) j += 2;
      if (!this.isComparison(j + 1)) return;
    }
    const p = this.pathAfter(k);
    if (!p || NOT_VALUES.has(p.path[0])) return;
    if (this.isWholeItem(k, p.last)) return;
    if (this.isComparison(prev) && this.isComparison(p.last + 1)) return;
    // A bare name compared with a string is an operand, not a constant: `role === 'admin'`.
    if (this.isComparison(p.last + 1) && this.isStringLike(p.last + 2)) return;
    const slot = this.slotFor(k, p.last, this.frames.length - 1);
    if (slot) this.pushRef(k, p.last, p.path, slot);
  }

  private onMembership(k: number): void {
    const obj = this.frames[this.frames.length - 1];
    const call = this.frames[this.frames.length - 2];
    if (!obj || obj.ch !== 123 || !call || call.ch !== 40) return;
    const callee = this.callee(call.open);
    if (!callee || callee.name !== 'check') return;
    // The value runs to the next comma or closing brace at this depth.
    let depth = 0;
    let j = k + 2;
    for (; j < this.n; j++) {
      if (this.t.type[j] === Tok.Punct) {
        const c = this.text.charCodeAt(this.t.start[j]);
        const single = this.t.end[j] - this.t.start[j] === 1;
        if (single && (c === 40 || c === 91 || c === 123)) depth++;
        else if (single && (c === 41 || c === 93 || c === 125)) {
          if (depth === 0) break;
          depth--;
        } else if (single && c === 44 && depth === 0) break;
      }
    }
    if (j <= k + 2) return;
    const range = { start: this.t.start[k + 2], end: this.t.end[j - 1] };
    this.checkCalls.set(call.open, { callId: call.open, membership: { text: this.text.slice(range.start, range.end), range } });
  }

  /**
   * The slot of the value spanning tokens [first, last], or undefined. `fi` is the index in
   * `frames` of the bracket that encloses the value. `last` is -1 when the closing side is not
   * known yet (an enclosing literal still open).
   */
  private slotFor(first: number, last: number, fi: number): Slot | undefined {
    // Each enclosing literal is one level of recursion: past any real constant table's depth,
    // give up instead of overflowing the stack (`{a:{a:{a:…` ten thousand deep).
    if (this.slotDepth > MAX_SLOT_DEPTH) return undefined;
    this.slotDepth++;
    try {
      return this.slotBefore(first, fi) ?? (last >= 0 ? this.slotAfter(last) : undefined);
    } finally {
      this.slotDepth--;
    }
  }

  /** The slot given by what stands before the value. */
  private slotBefore(first: number, fi: number): Slot | undefined {
    const p = first - 1;
    if (this.isIdent(p, 'case')) return this.caseSlot(fi);
    if (p < 0 || this.t.type[p] !== Tok.Punct) return undefined;
    const code = this.pc[p];
    switch (code) {
      case 58 /* : */:
        return this.propertySlot(p, fi);
      case 128 /* === */:
      case 129 /* !== */:
      case 130 /* == */:
      case 131 /* != */:
      case 132 /* || */:
      case 133 /* ?? */: {
        const s = this.tx(p);
        const path = this.pathBefore(p - 1);
        const kind = path && kindFromPath(path.path);
        if (!path || !kind) return undefined;
        const place = s === '||' || s === '??' ? `${path.path.join('.')} ${s} …` : `${path.path.join('.')} ${s}`;
        return { kind, place, session: true };
      }
      case 61 /* = */:
        return this.assignSlot(p);
      case 123 /* { */:
        return this.jsxContainerSlot(p);
      case 40 /* ( */:
      case 44 /* , */:
      case 91 /* [ */: {
        // Reached when going up from a nested literal: an argument or an array element.
        const f = this.frames[fi];
        if (!f) return undefined;
        if (f.ch === 40) {
          const callee = this.callee(f.open);
          const spec = callee && this.calleeSpec(callee);
          return callee && spec ? this.callArgSlot(callee, spec, f.items.length) : undefined;
        }
        return f.ch === 91 ? this.slotFor(f.open, -1, fi - 1) : undefined;
      }
    }
    return undefined;
  }

  /** The slot given by what follows the value: `'admin' === role`, `['a', 'b'].includes(role)`. */
  private slotAfter(last: number): Slot | undefined {
    const nx = last + 1;
    if (this.isComparison(nx)) {
      const path = this.pathAfter(nx + 1);
      const kind = path && kindFromPath(path.path);
      if (path && kind) return { kind, place: `${this.tx(nx)} ${path.path.join('.')}`, session: true };
    }
    if (this.pc[nx] === 46 /* . */ && this.isIdent(nx + 1) && MEMBERSHIP_METHODS.has(this.tx(nx + 1)) && this.pc[nx + 2] === 40 /* ( */) {
      const path = this.pathAfter(nx + 3);
      const kind = path && kindFromPath(path.path);
      if (path && kind) return { kind, place: `[…].${this.tx(nx + 1)}(${path.path.join('.')})`, session: true };
    }
    return undefined;
  }

  private propertySlot(colon: number, fi: number): Slot | undefined {
    let key = colon - 1;
    if (this.pc[key] === 63 /* ? */) key--; // optional member in a type: `role?: 'admin'`
    const f = this.frames[fi];
    if (!f || f.ch !== 123) return undefined;
    const kt = this.t.type[key];
    if (kt !== Tok.Ident && kt !== Tok.String) return undefined;
    if (this.pc[key - 1] === 63 /* ? */ || this.isIdent(key - 1, 'case')) return undefined; // ternary, case label
    const keyText = kt === Tok.String ? this.tx(key).slice(1, -1) : this.tx(key);
    // Arguments of an SDK call: `check({ permissionSlug })`, `getToken({ scopes })`, `createPermission({ slug })`.
    const call = this.frames[fi - 1];
    const callee = call && call.ch === 40 && (this.pc[f.open - 1] === 40 /* ( */ || this.pc[f.open - 1] === 44 /* , */) ? this.callee(call.open) : undefined;
    // A quoted key that is itself slug-like (`'org-billing-admin': [...]`, `'/admin': …`) is data,
    // not a name: its value takes the kind of the enclosing object instead.
    let kind = kt === Tok.String && !/^[A-Za-z_$][\w$]*$/.test(keyText) ? undefined : kindFromName(keyText);
    if (callee) {
      if (keyText === 'scopes' && callee.name === 'getToken') kind = 'permission';
      else if (keyText === 'slug' && SDK_CREATE_SLUG[callee.name]) kind = SDK_CREATE_SLUG[callee.name];
    }
    if (kind === null) return undefined;
    if (kind) {
      const isCheck = callee?.name === 'check';
      return {
        kind,
        place: callee ? `${callee.name}({ ${keyText} })` : `${keyText}:`,
        session: false,
        callId: isCheck ? call!.open : undefined,
        aria: keyText === 'role',
      };
    }
    // A neutral key (`ADMIN: 'admin'`) takes the kind of the object it is in (`const ROLES = {…}`).
    const outer = this.slotFor(f.open, -1, fi - 1);
    return outer && { ...outer, place: `${outer.place} → ${keyText}` };
  }

  private assignSlot(eq: number): Slot | undefined {
    let j = eq - 1;
    if (this.t.type[j] === Tok.JsxAttr) return this.jsxAttrSlot(j);
    // `const role: Role = 'x'` and `const roles: string[] = [...]`: the name stands before the type.
    let nameTok = -1;
    for (let back = 0, i = j; back < 16 && i > 0; back++, i--) {
      if (this.pc[i] === 58 /* : */ && this.isIdent(i - 1)) {
        nameTok = i - 1;
        break;
      }
      if (this.pc[i] === 59 /* ; */ || this.pc[i] === 123 /* { */ || this.pc[i] === 40 /* ( */ || this.pc[i] === 44 /* , */ || this.pc[i] === 61 /* = */) break;
    }
    if (nameTok < 0 && this.isIdent(j)) nameTok = j;
    if (nameTok < 0) return undefined;
    const name = this.tx(nameTok);
    const kind = kindFromName(name);
    return kind ? { kind, place: `${name} =`, session: false } : undefined;
  }

  private jsxContainerSlot(brace: number): Slot | undefined {
    if (this.pc[brace - 1] === 61 /* = */ && this.t.type[brace - 2] === Tok.JsxAttr) return this.jsxAttrSlot(brace - 2);
    return undefined;
  }

  private jsxAttrSlot(attr: number): Slot | undefined {
    const tagTok = this.jsxTags[this.jsxTags.length - 1];
    const tag = tagTok === undefined ? '' : this.tx(tagTok);
    const name = this.tx(attr);
    const intrinsic = /^[a-z]/.test(tag) && !tag.includes('.');
    if (intrinsic && name === 'role') return undefined; // the HTML/ARIA attribute
    const kind = kindFromName(name);
    return kind ? { kind, place: `<${tag} ${name}>`, session: false, aria: name === 'role' } : undefined;
  }

  private caseSlot(fi: number): Slot | undefined {
    for (let i = fi; i >= 0; i--) {
      const f = this.frames[i];
      if (f.ch !== 123) continue;
      const rp = f.open - 1;
      if (this.pc[rp] !== 41 /* ) */) continue;
      const lp = this.openerOf[rp];
      if (lp < 0 || !this.isIdent(lp - 1, 'switch')) continue;
      const path = this.pathBefore(rp - 1);
      if (!path || path.first !== lp + 1) return undefined;
      const kind = kindFromPath(path.path);
      return kind ? { kind, place: `switch (${path.path.join('.')}) case`, session: true } : undefined;
    }
    return undefined;
  }

  private calleeSpec(c: Callee): { helper?: HelperSpec; builtin?: SlugKind; sdk?: { arg: number; kind: SlugKind }; receiver?: SlugKind; compose: boolean; session: boolean; loose: boolean } | undefined {
    const user = this.helpers.get(c.name);
    if (user) return { helper: user, compose: false, session: user.session ?? false, loose: false };
    if (c.path.length >= 2 && MEMBERSHIP_METHODS.has(c.name)) {
      const receiver = kindFromPath(c.path.slice(0, -1));
      if (receiver) return { receiver, compose: false, session: true, loose: false };
      return undefined;
    }
    if (PERMISSION_HELPERS.has(c.name)) {
      // `ability.can('read', 'Post')` is CASL: its arguments are an action and a subject.
      if (LOOSE_HELPERS.has(c.name) && c.path.includes('ability')) return undefined;
      return { builtin: 'permission', compose: !LOOSE_HELPERS.has(c.name), session: true, loose: LOOSE_HELPERS.has(c.name) };
    }
    if (ROLE_HELPERS.has(c.name)) return { builtin: 'role', compose: false, session: true, loose: false };
    const sdk = SDK_POSITIONAL[c.name];
    if (sdk && c.path.length >= 2) return { sdk, compose: false, session: false, loose: false };
    return undefined;
  }

  private callArgSlot(c: Callee, spec: NonNullable<ReturnType<Analyzer['calleeSpec']>>, arg: number): Slot | undefined {
    const place = `${c.path.join('.')}()`;
    if (spec.helper) return spec.helper.arg === arg ? { kind: spec.helper.kind, place, session: spec.session } : undefined;
    if (spec.receiver) return arg === 0 ? { kind: spec.receiver, place, session: true } : undefined;
    if (spec.builtin) return { kind: spec.builtin, place, session: spec.session, loose: spec.loose };
    if (spec.sdk) return spec.sdk.arg === arg ? { kind: spec.sdk.kind, place, session: false } : undefined;
    return undefined;
  }

  // ---- emitting ----

  /** Emits what an argument or element spanning [a, b] holds: a string, a template, an array, a constant. */
  private emitRange(a: number, b: number, slot: Slot): void {
    if (a > b) return;
    if (this.isStringLike(a) && (a === b || this.unterminated(a))) return this.emitString(a, slot);
    if (this.t.type[a] === Tok.TemplateHead && this.templateEnd(a) === b) return this.emitTemplate(a, b, slot);
    if (this.pc[a] === 91 /* [ */ && this.closerOf[a] === b) return this.emitArray(a, slot);
    const p = this.pathAfter(a);
    if (p && p.last === b && !NOT_VALUES.has(p.path[0])) this.pushRef(a, b, p.path, slot);
  }

  private emitArray(open: number, slot: Slot): void {
    for (const [a, b] of this.itemsOf.get(open) ?? []) {
      if (this.pc[a] === 135 /* ... */) {
        const p = this.pathAfter(a + 1);
        if (p && p.last === b) this.pushRef(a + 1, b, p.path, slot);
        continue;
      }
      if (this.pc[a] === 91 /* [ */) continue;
      this.emitRange(a, b, slot);
    }
  }

  /** The range of a string token's content, without quotes (an unterminated string runs to its end). */
  private stringContent(k: number): Range {
    const s = this.t.start[k];
    const e = this.t.end[k];
    const q = this.text.charCodeAt(s);
    const closed = e - s >= 2 && this.text.charCodeAt(e - 1) === q;
    return { start: s + 1, end: closed ? e - 1 : e };
  }

  private emitString(k: number, slot: Slot): void {
    const range = this.stringContent(k);
    const value = this.text.slice(range.start, range.end);
    if (value.includes('\\') || value.includes('\n')) return; // escapes never occur in slugs
    if (slot.aria && ARIA_ROLES.has(value)) return;
    if (slot.loose && !/^[a-z0-9_*-]+[:.][a-z0-9_.:*-]+$/.test(value)) return;
    this.occurrences.push({ kind: slot.kind, slug: value, range, via: 'literal', place: slot.place, session: slot.session, callId: slot.callId });
  }

  private emitTemplate(head: number, tail: number, slot: Slot): void {
    const parts: string[] = [];
    let depth = 0;
    for (let j = head; j <= tail; j++) {
      const ty = this.t.type[j];
      if (ty !== Tok.TemplateHead && ty !== Tok.TemplateMiddle && ty !== Tok.TemplateTail) continue;
      if (j !== head && ty === Tok.TemplateHead) depth++;
      if (depth === 0) {
        const s = this.t.start[j] + 1;
        const e = this.t.end[j] - (ty === Tok.TemplateTail ? 1 : 2);
        parts.push(this.text.slice(s, Math.max(s, e)));
      }
      if (j !== tail && ty === Tok.TemplateTail && depth > 0) depth--;
    }
    const range = { start: this.t.start[head] + 1, end: this.t.end[tail] - 1 };
    if (slot.loose && !parts.join('*').includes(':')) return;
    this.occurrences.push({
      kind: slot.kind,
      slug: parts.join('*'),
      range,
      via: 'template',
      place: slot.place,
      session: slot.session,
      templateParts: parts,
      callId: slot.callId,
    });
  }

  private pushRef(a: number, b: number, path: string[], slot: Slot): void {
    this.constantRefs.push({
      kind: slot.kind,
      path,
      range: { start: this.t.start[a], end: this.t.end[b] },
      place: slot.place,
      session: slot.session,
      callId: slot.callId,
    });
  }

  // ---- file-level facts ----

  private collectConstants(): Map<string, ConstantValue[]> {
    const out = new Map<string, ConstantValue[]>();
    const add = (name: string, k: number): void => {
      const range = this.stringContent(k);
      const value = this.text.slice(range.start, range.end);
      let list = out.get(name);
      if (!list) out.set(name, (list = []));
      list.push({ value, range });
    };
    const collect = (name: string, v: number, depth: number): void => {
      if (depth > 8 || v >= this.n) return;
      if (this.isStringLike(v)) {
        if (this.pc[v + 1] !== 43 /* + */) add(name, v);
      } else if (this.pc[v] === 91 /* [ */) {
        for (const [a, b] of this.itemsOf.get(v) ?? []) if (a === b && this.isStringLike(a)) add(name, a);
      } else if (this.pc[v] === 123 /* { */) {
        for (const [a, b] of this.itemsOf.get(v) ?? []) {
          if (b < a + 2 || this.pc[a + 1] !== 58 /* : */) continue;
          const kt = this.t.type[a];
          const key = kt === Tok.String ? this.tx(a).slice(1, -1) : kt === Tok.Ident || kt === Tok.Number ? this.tx(a) : undefined;
          if (key !== undefined) collect(`${name}.${key}`, a + 2, depth + 1);
        }
      }
    };
    for (const d of this.decls) {
      const kw = this.tx(d);
      if (kw === 'enum') {
        const name = this.isIdent(d + 1) ? this.tx(d + 1) : undefined;
        if (!name || this.pc[d + 2] !== 123 /* { */) continue;
        for (const [a, b] of this.itemsOf.get(d + 2) ?? []) {
          if (this.isIdent(a) && this.pc[a + 1] === 61 /* = */ && b === a + 2 && this.isStringLike(b)) add(`${name}.${this.tx(a)}`, b);
        }
      } else if (kw === 'type') {
        if (!this.isIdent(d + 1) || this.pc[d + 2] !== 61 /* = */) continue;
        const name = this.tx(d + 1);
        let j = d + 3;
        if (this.pc[j] === 124 /* | */) j++;
        while (this.isStringLike(j)) {
          add(name, j);
          if (this.pc[j + 1] !== 124 /* | */) break;
          j += 2;
        }
      } else {
        let j = d + 1;
        for (let declarators = 0; declarators < 64 && this.isIdent(j); declarators++) {
          const name = this.tx(j);
          let eq = j + 1;
          if (this.pc[eq] === 58 /* : */) {
            // Skip the type annotation, jumping over bracketed parts.
            let guard = 64;
            while (eq < this.n && guard-- > 0 && this.pc[eq] !== 61 /* = */ && this.pc[eq] !== 59 /* ; */) {
              eq = this.closerOf[eq] > eq ? this.closerOf[eq] + 1 : eq + 1;
            }
          }
          if (this.pc[eq] !== 61 /* = */) break;
          const v = eq + 1;
          collect(name, v, 0);
          const end = this.closerOf[v] > v ? this.closerOf[v] : v;
          let next = end + 1;
          if (this.isIdent(next, 'as') || this.isIdent(next, 'satisfies')) next += 2;
          if (this.pc[next] !== 44 /* , */) break;
          j = next + 1;
        }
      }
    }
    return out;
  }

  private collectImports(): Map<string, { from: string; name: string }> {
    const out = new Map<string, { from: string; name: string }>();
    for (const k of this.importsAt) {
      let j = k + 1;
      if (this.isIdent(j, 'type')) j++;
      const names: [string, string][] = [];
      if (this.isIdent(j) && !this.isIdent(j, 'from')) {
        names.push([this.tx(j), 'default']);
        j++;
        if (this.pc[j] === 44 /* , */) j++;
      }
      if (this.pc[j] === 42 /* * */ && this.isIdent(j + 1, 'as') && this.isIdent(j + 2)) {
        names.push([this.tx(j + 2), '*']);
        j += 3;
      } else if (this.pc[j] === 123 /* { */) {
        const close = this.closerOf[j];
        if (close < 0) continue;
        for (let i = j + 1; i < close; i++) {
          if (!this.isIdent(i)) continue;
          if (this.isIdent(i, 'type') && this.isIdent(i + 1)) continue;
          const imported = this.tx(i);
          if (this.isIdent(i + 1, 'as') && this.isIdent(i + 2)) {
            names.push([this.tx(i + 2), imported]);
            i += 2;
          } else {
            names.push([imported, imported]);
          }
        }
        j = close + 1;
      }
      if (!this.isIdent(j, 'from') || !this.isStringLike(j + 1)) continue;
      const r = this.stringContent(j + 1);
      const from = this.text.slice(r.start, r.end);
      for (const [local, name] of names) out.set(local, { from, name });
    }
    return out;
  }

  private collectIgnores(): IgnoreDirective[] {
    if (this.directives.length === 0) return [];
    const lines = new LineIndex(this.text);
    return this.directives.map((d) => ({
      line: lines.positionAt(d.offset).line + 1,
      rules: d.text
        .split('--')[0]
        .replace(/\*\/.*$/s, '')
        .split(/[\s,]+/)
        .filter(Boolean),
    }));
  }
}
