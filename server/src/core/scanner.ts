// Finds the places in a file where WorkOS expects a slug and what is written there. Works on the
// token stream from lexer.ts with a stack of open brackets: each string (or constant path) is
// classified by what stands around it — the call it is an argument of, the property or JSX
// attribute it is the value of, the comparison or `switch` it takes part in, the name it is
// assigned to. Arguments and array elements are decided when their bracket closes, so that
// `requirePermission('video', 'create')` and `['admin', 'owner'].includes(role)` are seen whole.

import { KEEP_SLOTS, lex, releaseLargeBuffers, Tok, type Tokens } from './lexer';
import { LineIndex } from './lineIndex';
import {
  words,
  ARIA_ROLES, CHAT_MESSAGE_KEYS, CHAT_ROLES, DESCRIPTIVE_KEYS, GENERIC_SESSION_SOURCES, kindFromName, kindFromPath,
  LOOSE_HELPERS, MEMBERSHIP_METHODS, NOT_VALUES, PERMISSION_HELPERS, ROLE_HELPERS, SDK_CREATE_SLUG, SDK_POSITIONAL,
  SENTINELS, SESSION_SOURCES, SESSION_TYPES, WORKOS_SLUG_KEYS,
} from './names';
import type {
  CheckCallFact, ConstantRef, ConstantValue, Evidence, FileScan, HelperSpec, IgnoreDirective, InferredHelper, Occurrence,
  PendingArg, PendingCall, Range, ScanOptions, SlugKind,
} from './types';
import { EVIDENCE_RANK, isStrong } from './types';
import { SYSTEM_PERMISSIONS } from './catalog';

interface Frame {
  open: number;
  /** Char code of the opening bracket: ( [ { */
  ch: number;
  /** First token of the item being read. */
  argStart: number;
  /** Items (comma-separated) completed so far. */
  count: number;
}

/** Token ranges [first, last] of a bracket's comma-separated items. */
type Items = [number, number][];
const NO_ITEMS: Items = [];

interface Slot {
  kind: SlugKind;
  place: string;
  session: boolean;
  evidence: Evidence;
  typeName?: string;
  callId?: number;
  /** A bare `role` key or attribute: ARIA role values are not WorkOS roles. */
  aria?: boolean;
  /** Only slug-shaped strings with a separator count (generic helper names like `can`). */
  loose?: boolean;
}

interface Callee {
  path: string[];
  name: string;
  /** The call's opening parenthesis. */
  open: number;
}

interface FnInfo {
  name: string;
  /** Parameter name → its position, and for a destructured parameter the property it reads. */
  params: Map<string, { arg: number; prop?: string }>;
  /** Token range of the body. */
  first: number;
  last: number;
  /** What it returns: its return type (`(): Role[]`) or its name (`function adminPermissions()`) says. */
  returns?: Slot;
}

const FUNCTION_KEYWORDS = new Set(['if', 'while', 'for', 'switch', 'catch', 'function', 'return', 'typeof', 'await', 'new', 'import', 'super', 'in', 'of', 'delete', 'void', 'yield', 'case', 'throw']);

/**
 * The evidence of a helper's argument: `helper` when the helper's body checks the parameter at a
 * place with evidence; a helper that only compares it with something named `permissions` passes
 * on no more than that name.
 */
export function helperEvidence(inner: Evidence): Evidence {
  return isStrong(inner) ? 'helper' : inner;
}

/**
 * Punctuator codes (`pc[i]`): a one-character punctuator is its char code, the longer ones the
 * classifier asks about get codes of their own above 127; any other longer punctuator is 255.
 */
const P = {
  BANG: 33, AMP: 38, LPAREN: 40, RPAREN: 41, STAR: 42, PLUS: 43, COMMA: 44, DOT: 46, COLON: 58, SEMI: 59, LT: 60, EQ: 61,
  GT: 62, QUESTION: 63, LBRACKET: 91, RBRACKET: 93, LBRACE: 123, PIPE: 124, RBRACE: 125,
  STRICT_EQ: 128, STRICT_NE: 129, LOOSE_EQ: 130, LOOSE_NE: 131, OR: 132, NULLISH: 133, OPTIONAL_DOT: 134, SPREAD: 135, ARROW: 136,
} as const;

/** The code of a punctuator longer than one character (`===`, `?.`, `=>`…), 255 for the others. */
function multiPunct(text: string, at: number, len: number): number {
  const a = text.charCodeAt(at);
  const b = text.charCodeAt(at + 1);
  if (len === 2) {
    if (b === 61 /* = */) return a === 61 ? P.LOOSE_EQ : a === 33 /* ! */ ? P.LOOSE_NE : 255;
    if (a === 124 && b === 124) return P.OR;
    if (a === 63 /* ? */) return b === 63 ? P.NULLISH : b === 46 ? P.OPTIONAL_DOT : 255;
    return a === 61 && b === 62 /* > */ ? P.ARROW : 255;
  }
  if (len === 3 && text.charCodeAt(at + 2) === b) {
    if (b === 61) return a === 61 ? P.STRICT_EQ : a === 33 ? P.STRICT_NE : 255;
    if (a === 46 && b === 46) return P.SPREAD;
  }
  return 255;
}

// Per-token scratch arrays, reused across files like the lexer's buffers.
function newScratch(size: number) {
  return { pc: new Uint8Array(size), closerOf: new Int32Array(size), openerOf: new Int32Array(size), endOf: new Int32Array(size), open: new Int32Array(size) };
}
let scratch = newScratch(4096);

const VALIDATOR_ROOTS = new Set(['v', 'z', 'y', 't', 'Type', 'S']);
const VALIDATOR_WRAPPERS = new Set(['union', 'optional', 'array', 'nullable', 'enum']);

/** Test expectations that compare their argument with the `expect`ed value. */
const MATCHERS = new Set(['toBe', 'toEqual', 'toStrictEqual', 'toContain', 'toContainEqual', 'toMatchObject']);

/** State hooks whose first argument is a value of their type argument: `useState<Role>('member')`. */
const STATE_HOOKS = new Set(['useState', 'useRef', 'ref', 'shallowRef', 'signal', 'createSignal', 'atom', 'writable']);

const INTERESTING_CALLEES = new Set([...MEMBERSHIP_METHODS, ...PERMISSION_HELPERS, ...ROLE_HELPERS, ...Object.keys(SDK_POSITIONAL), ...MATCHERS]);

const MAX_SLOT_DEPTH = 64;

const SLUG_KEY = new Set(['slug']);

/** WorkOS SDK methods that take slugs, for calls through a destructured client (`const { check } = workos.authorization`). */
const WORKOS_METHODS = new Set([
  'check', 'assignRole', 'removeRole', 'createOrganizationMembership', 'updateOrganizationMembership', 'sendInvitation',
  'listResourcesForMembership', 'listMembershipsForResource', 'createGroupRoleAssignment', 'createPermission',
  'createEnvironmentRole', 'createOrganizationRole', 'listOrganizationMemberships', 'getToken',
]);

/**
 * One occurrence per range and kind, the one with the strongest evidence: a component's prop
 * seen first by its name and then as a helper argument is a helper argument.
 */
export function strongestPerRange(list: Occurrence[]): Occurrence[] {
  if (list.length < 2) return list;
  const best = new Map<string, number>();
  for (const o of list) {
    const key = `${o.range.start}:${o.range.end}`;
    const rank = EVIDENCE_RANK[o.evidence];
    const have = best.get(key);
    if (have === undefined || rank < have) best.set(key, rank);
  }
  if (best.size === list.length) return list;
  return list.filter((o) => EVIDENCE_RANK[o.evidence] === best.get(`${o.range.start}:${o.range.end}`));
}

/** Array methods whose callback receives the array's elements. */
const CALLBACK_METHODS = new Set(['map', 'filter', 'find', 'some', 'every', 'forEach', 'flatMap', 'findIndex', 'findLast']);

/** String methods that keep a value's meaning: `role.toLowerCase() === 'owner'`. */
const STRING_METHODS = new Set(['toLowerCase', 'toUpperCase', 'trim', 'toString', 'valueOf', 'toLocaleLowerCase']);

/** Words that start a new statement: where an arrow function's expression body ends without a `;`. */
/** First letters of the keywords `onIdent` looks for (`const`, `let`, `var`, `function`, `enum`, `type`, `import`, `export`). */
const KEYWORD_HEADS = new Set([99, 108, 118, 102, 101, 116, 105]);

const STATEMENT_STARTS = new Set(['export', 'const', 'let', 'var', 'function', 'import', 'type', 'interface', 'class', 'return', 'if', 'for', 'while', 'switch', 'async', 'await', 'throw', 'try']);

/** What a slug can look like: lowercase letters, digits and `-_:.`, at most 48 characters. */
const SLUG_SHAPE = /^[a-z0-9][a-z0-9_:.-]{0,47}$/;

const JSX_EXTENSIONS = /\.(tsx|jsx|js|mjs|cjs)$/i;

/** Whether a file is lexed with JSX: `.ts` files have type assertions (`<T>x`) instead. */
export function jsxFor(options: ScanOptions): boolean {
  return options.fileName ? JSX_EXTENSIONS.test(options.fileName) : true;
}

export function scanDocument(text: string, options: ScanOptions = {}): FileScan {
  const analyzer = new Analyzer(text, options);
  const scan = options.declarationsOnly ? analyzer.runDeclarations(options.pendingCalls === true) : analyzer.run();
  // Buffers grown for a large file are not kept: scanning it again allocates them again.
  if (scratch.pc.length > KEEP_SLOTS) scratch = newScratch(4096);
  releaseLargeBuffers();
  return scan;
}

/** How much text before the cursor completion looks at: a few hundred lines of context. */
const SLOT_WINDOW = 8192;

/**
 * The slug slot at `offset` for completion: the cursor is inside a string (or right after its
 * opening quote) at a slug place. `prefix` is the string's text up to the cursor.
 *
 * Completion runs on nearly every keystroke, so only a window ending at the cursor's line is
 * scanned: in a large file, whole lines from a few thousand characters before the cursor, never
 * starting inside a block comment or (judging by its backticks) a template literal; when in doubt,
 * from the start of the text.
 */
export function slotAt(
  text: string,
  offset: number,
  options: ScanOptions = {},
): { kind: SlugKind; range: Range; prefix: string; session: boolean; place: string } | undefined {
  let start = 0;
  if (offset > SLOT_WINDOW * 2) {
    start = text.lastIndexOf('\n', offset - SLOT_WINDOW) + 1;
    const close = text.indexOf('*/', start);
    const open = text.indexOf('/*', start);
    if (close >= 0 && close < offset && (open < 0 || close < open)) start = close + 2;
    let backticks = 0;
    for (let i = start; i < offset; i++) if (text.charCodeAt(i) === 96) backticks++;
    if (backticks % 2 === 1) start = 0;
  }
  // What follows the cursor's line is not read: a call or object left open there is settled as if
  // closed at the window's end, as in a document mid-edit.
  const eol = text.indexOf('\n', offset);
  const end = eol < 0 ? text.length : eol;
  const window = start === 0 && end === text.length ? text : text.slice(start, end);
  const scan = scanDocument(window, { ...options, completion: true });
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
  /** Where each bracket was settled (its closer, or where an unclosed one was given up): -1 while open. */
  private readonly endOf: Int32Array;
  /** Frame objects for reuse: a file opens tens of thousands of brackets. */
  private readonly spareFrames: Frame[] = [];
  private readonly jsxTags: number[] = [];
  private readonly decls: number[] = [];
  private readonly importsAt: number[] = [];
  /** `export` keywords, `NAME.member` heads and `'widgets:…'` strings, in token order, for the passes after the main one. */
  private readonly exportsAt: number[] = [];
  private readonly tableHeads: number[] = [];
  private readonly widgetStrings: number[] = [];
  private readonly helpers = new Map<string, HelperSpec>();
  private readonly occurrences: Occurrence[] = [];
  private readonly constantRefs: ConstantRef[] = [];
  private readonly checkCalls = new Map<number, CheckCallFact>();
  private readonly directives: { offset: number; text: string }[];
  private unionLast = -1;
  private unionFirst = -1;
  private tailOf?: Int32Array;
  private slotDepth = 0;
  /** The value whose slot is being decided: tokens [first, last] (last -1 when not known yet). */
  private valueFirst = -1;
  private valueLast = -1;
  /** Names bound to WorkOS session data in this file, with the kind their source key implies. */
  private readonly bound = new Map<string, SlugKind | undefined>();
  /** The file imports from a `@workos-inc/` package: AuthKit's generic hook names are WorkOS's there. */
  private readonly workosFile: boolean;
  private readonly completion: boolean;
  /** Functions with a brace or expression body: the candidates for helpers. */
  private readonly functions: FnInfo[] = [];
  /** Calls to functions that are not known helpers, decided once the file's helpers are known. */
  private readonly deferredCalls: { open: number }[] = [];
  /** Attributes of JSX components (`<Can permission="x">`): a component can be a helper too. */
  private readonly deferredJsx: { tag: string; attr: string; first: number; last: number }[] = [];
  private readonly keyCache = new Map<number, boolean>();
  /** Scratch for `params()`: parameters typed by a slug type. */
  private readonly typedParams: { name: string; arg: number; slot: Slot }[] = [];
  /** Callback parameters that are elements of a slug list, within the callback's tokens. */
  private readonly elements: { name: string; kind: SlugKind; first: number; last: number }[] = [];
  /** The token the main pass is at. */
  private cur = 0;
  /** Parameters of functions that reach a slug place: they make the function a helper. */
  private readonly paramUses: { fn: FnInfo; arg: number; prop?: string; slot: Slot }[] = [];

  constructor(
    private readonly text: string,
    options: ScanOptions,
  ) {
    const { tokens, directives } = lex(text, jsxFor(options));
    // The lexer's shared buffers are used in place: an Analyzer finishes before the next lex() call.
    const count = tokens.count;
    this.t = tokens;
    this.n = count;
    this.directives = directives;
    if (scratch.pc.length < count + 8) {
      const size = Math.max(count + 8, scratch.pc.length * 2);
      scratch = newScratch(size);
    }
    this.pc = scratch.pc;
    this.closerOf = scratch.closerOf;
    this.openerOf = scratch.openerOf;
    this.endOf = scratch.endOf;
    this.closerOf.fill(-1, 0, count + 8);
    this.openerOf.fill(-1, 0, count + 8);
    this.endOf.fill(-1, 0, count + 8);
    this.pc.fill(0, count, count + 8);
    for (let i = 0; i < count; i++) {
      if (tokens.type[i] !== Tok.Punct) {
        this.pc[i] = 0;
        continue;
      }
      const len = tokens.end[i] - tokens.start[i];
      this.pc[i] = len === 1 ? text.charCodeAt(tokens.start[i]) : multiPunct(text, tokens.start[i], len);
    }
    for (const h of options.helpers ?? []) this.helpers.set(h.name, h);
    this.workosFile = text.includes('@workos-inc/');
    this.completion = options.completion === true;
    this.matchBrackets();
  }

  /** Pairs every bracket up front, so a value can look at the whole object or call around it. */
  private matchBrackets(): void {
    // The open brackets, innermost last, in a typed array (a bracket per token at most): a plain
    // array's pushes and truncations took twice as long over a workspace's tokens.
    const stack = scratch.open;
    let top = 0;
    for (let i = 0; i < this.n; i++) {
      const c = this.pc[i];
      if (c === P.LPAREN || c === P.LBRACKET || c === P.LBRACE) {
        if (this.t.end[i] - this.t.start[i] === 1) stack[top++] = i;
      } else if (c === P.RPAREN || c === P.RBRACKET || c === P.RBRACE) {
        if (this.t.end[i] - this.t.start[i] !== 1) continue;
        const open = c === P.RPAREN ? P.LPAREN : c === P.RBRACKET ? P.LBRACKET : P.LBRACE;
        let idx = top - 1;
        while (idx >= 0 && this.pc[stack[idx]] !== open) idx--;
        if (idx < 0) continue;
        const o = stack[idx];
        top = idx;
        this.closerOf[o] = i;
        this.openerOf[i] = o;
      }
    }
  }

  run(): FileScan {
    const { t, n, text } = this;
    for (let k = 0; k < n; k++) {
      this.cur = k;
      switch (t.type[k]) {
        case Tok.Punct: {
          if (t.end[k] - t.start[k] !== 1) break;
          const c = text.charCodeAt(t.start[k]);
          if (c === P.LPAREN || c === P.LBRACKET || c === P.LBRACE) {
            const f = this.spareFrames.pop() ?? { open: 0, ch: 0, argStart: 0, count: 0 };
            f.open = k;
            f.ch = c;
            f.argStart = k + 1;
            f.count = 0;
            this.frames.push(f);
          } else if (c === P.RPAREN || c === P.RBRACKET || c === P.RBRACE) this.close(k, c === P.RPAREN ? P.LPAREN : c === P.RBRACKET ? P.LBRACKET : P.LBRACE);
          else if (c === P.COMMA) {
            const f = this.frames[this.frames.length - 1];
            if (f) {
              f.count++;
              f.argStart = k + 1;
            }
          }
          break;
        }
        case Tok.String:
        case Tok.Template:
          if (text.charCodeAt(t.start[k] + 1) === 119 /* w */ && text.startsWith('widgets:', t.start[k] + 1)) this.widgetStrings.push(k);
          this.onString(k);
          break;
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
    const imports = this.collectImports();
    const helpers = this.inferHelpers();
    const calls = this.pendingCalls(imports, constants, helpers);
    this.tableMembers();
    this.systemPermissions();
    return {
      occurrences: strongestPerRange(this.occurrences),
      constantRefs: this.constantRefs,
      constants,
      imports,
      checkCalls: [...this.checkCalls.values()],
      ignores: this.collectIgnores(),
      helpers,
      calls,
      ...this.collectExports(),
    };
  }

  /**
   * What other files can read of this one, for text without a slug place: the declarations,
   * imports and exports the main pass would note, with brackets settled as it settles them, and
   * nothing of the places. With `pendingCalls`, also the calls to imported functions the main pass
   * leaves to the index (`pendingCalls`): for text whose only tie to authorization is calling
   * what it imports. `scanDocument` with `declarationsOnly`; held to the full pass by
   * test/unit/prepass.test.ts and `npm run corpus`.
   */
  runDeclarations(pendingCalls = false): FileScan {
    const { t, n, text, pc } = this;
    const open: number[] = [];
    // A bracket settles where the main pass settles it; a call settling there is deferred by the
    // rule `onCallClose` defers calls to names it does not know by.
    const settle = (o: number, close: number): void => {
      this.endOf[o] = close;
      if (pendingCalls && pc[o] === P.LPAREN && close > o + 1 && !this.interestingCallee(o) && t.type[o - 1] === Tok.Ident && !FUNCTION_KEYWORDS.has(this.tx(o - 1))) {
        this.deferredCalls.push({ open: o });
      }
    };
    for (let k = 0; k < n; k++) {
      const ty = t.type[k];
      if (ty === Tok.Punct) {
        if (t.end[k] - t.start[k] !== 1) continue;
        const c = text.charCodeAt(t.start[k]);
        if (c === P.LPAREN || c === P.LBRACKET || c === P.LBRACE) open.push(k);
        else if (c === P.RPAREN || c === P.RBRACKET || c === P.RBRACE) {
          const want = c === P.RPAREN ? P.LPAREN : c === P.RBRACKET ? P.LBRACKET : P.LBRACE;
          let idx = open.length - 1;
          while (idx >= 0 && pc[open[idx]] !== want) idx--;
          if (idx < 0) continue;
          while (open.length > idx) settle(open.pop()!, k);
        }
        continue;
      }
      if (ty !== Tok.Ident) continue;
      if (pc[k - 1] === P.DOT || pc[k - 1] === P.OPTIONAL_DOT) {
        if (pc[k - 1] === P.OPTIONAL_DOT && pc[k + 1] !== P.LPAREN && this.isIdent(k, 'export')) this.exportsAt.push(k);
        continue;
      }
      const w = this.keywordAt(k);
      if (w === 'export') this.exportsAt.push(k);
      if (open.length !== 0) continue;
      if (w === 'const' || w === 'let' || w === 'var' || w === 'enum' || w === 'type') this.decls.push(k);
      else if (w === 'import' && pc[k + 1] !== P.LPAREN && pc[k + 1] !== P.DOT) this.importsAt.push(k);
    }
    while (open.length) settle(open.pop()!, n);
    const constants = this.collectConstants();
    const imports = this.collectImports();
    return {
      occurrences: [],
      constantRefs: [],
      constants,
      imports,
      checkCalls: [],
      ignores: this.collectIgnores(),
      helpers: [],
      calls: pendingCalls ? this.pendingCalls(imports, constants, []) : [],
      ...this.collectExports(),
    };
  }

  /**
   * `ROLES.ADMIN` written anywhere else (a test's expectation, an API route's scope list): a member
   * of a constant table named for a kind is a slug of that kind, though only the name says so.
   */
  private tableMembers(): void {
    if (this.tableHeads.length === 0) return;
    const taken = new Set<number>();
    for (const r of this.constantRefs) taken.add(r.range.start);
    // Heads the main pass saw (`NAME.member` with an uppercase first letter, not after a dot), in
    // order; a path taken in covers the heads inside it.
    let next = 0;
    for (const k of this.tableHeads) {
      if (k < next || taken.has(this.t.start[k])) continue;
      const head = this.tx(k);
      const kind = kindFromName(head);
      if (!kind) continue;
      const p = this.pathAfter(k);
      if (!p || p.path.length < 2 || this.pc[p.last + 1] === P.EQ) {
        next = k + 3;
        continue;
      }
      this.constantRefs.push({ kind, path: p.path, range: { start: this.t.start[k], end: this.t.end[p.last] }, place: head, session: false, evidence: 'name' });
      next = p.last + 1;
    }
  }

  /** WorkOS's widget permissions are WorkOS's wherever they are written (`type WidgetScope = 'widgets:sso:manage' | …`). */
  private systemPermissions(): void {
    let taken: Set<number> | undefined;
    for (const k of this.widgetStrings) {
      const range = this.stringContent(k);
      const value = this.text.slice(range.start, range.end);
      if (!SYSTEM_PERMISSIONS.has(value)) continue;
      taken ??= new Set(this.occurrences.map((o) => o.range.start));
      if (taken.has(range.start)) continue;
      this.occurrences.push({ kind: 'permission', slug: value, range, via: 'literal', place: 'WorkOS system permission', session: false, evidence: 'name' });
    }
  }

  // ---- helpers found by reading their bodies ----

  /**
   * Functions whose parameter reaches a place with evidence (`permissions.includes(perm)` on
   * session data, an SDK parameter, another helper) are helpers of that kind. Calls to them in
   * this file are decided here, which can make their callers helpers too: repeat until nothing new.
   */
  private inferHelpers(): InferredHelper[] {
    const byName = new Map<string, InferredHelper[]>();
    const seen = new Set<string>();
    const done = new Set<string>();
    let used = 0;
    for (let round = 0; round < 8; round++) {
      let grew = false;
      for (; used < this.paramUses.length; used++) {
        const u = this.paramUses[used];
        const key = `${u.fn.name}/${u.arg}/${u.prop ?? ''}/${u.slot.kind}`;
        if (seen.has(key)) continue;
        seen.add(key);
        let list = byName.get(u.fn.name);
        if (!list) byName.set(u.fn.name, (list = []));
        list.push({ name: u.fn.name, arg: u.arg, prop: u.prop, kind: u.slot.kind, via: u.slot.evidence, session: u.slot.session });
        grew = true;
      }
      if ((!grew && round > 0) || byName.size === 0) break;
      for (const call of this.deferredCalls) {
        if (!byName.has(this.tx(call.open - 1))) continue;
        const callee = this.callee(call.open);
        if (!callee || callee.path.length !== 1) continue;
        for (const h of byName.get(callee.name) ?? []) {
          const key = `${call.open}/${h.arg}/${h.prop ?? ''}/${h.kind}`;
          if (done.has(key)) continue;
          done.add(key);
          const range = this.itemsOf(call.open)[h.arg];
          if (!range) continue;
          const slot: Slot = { kind: h.kind, place: `${callee.name}()`, session: h.session, evidence: helperEvidence(h.via) };
          if (h.prop === undefined) this.emitRange(range[0], range[1], slot);
          else this.emitProp(range[0], range[1], h.prop, slot);
        }
      }
      for (const j of this.deferredJsx) {
        for (const h of byName.get(j.tag) ?? []) {
          if (h.prop !== j.attr) continue;
          const key = `jsx${j.first}/${h.kind}`;
          if (done.has(key)) continue;
          done.add(key);
          this.emitRange(j.first, j.last, { kind: h.kind, place: `<${j.tag} ${j.attr}>`, session: h.session, evidence: helperEvidence(h.via), aria: j.attr === 'role' });
        }
      }
      if (this.paramUses.length === used) break;
    }
    return [...byName.values()].flat();
  }

  /** Emits the value of property `prop` of an object literal spanning [a, b]. */
  private emitProp(a: number, b: number, prop: string, slot: Slot): void {
    if (this.pc[a] !== P.LBRACE || this.closerOf[a] !== b) return;
    for (const [x, y] of this.itemsOf(a) ?? []) {
      if (y >= x + 2 && this.pc[x + 1] === P.COLON && this.keyText(x) === prop) this.emitRange(x + 2, y, slot);
    }
  }

  private keyText(k: number): string | undefined {
    const ty = this.t.type[k];
    if (ty === Tok.Ident) return this.tx(k);
    if (ty === Tok.String) return this.tx(k).slice(1, -1);
    return undefined;
  }

  /**
   * Calls this file cannot decide: to an imported function (`requirePerm(P.X)` with `requirePerm`
   * from another module) that may be a helper there. The workspace index decides them.
   */
  private pendingCalls(
    imports: Map<string, { from: string; name: string }>,
    constants: Map<string, ConstantValue[]>,
    local: InferredHelper[],
  ): PendingCall[] {
    const out: PendingCall[] = [];
    const localNames = new Set(local.map((h) => h.name));
    const wanted = (path: string[]): boolean => imports.has(path[0]) || constants.has(path.join('.')) || constants.has(path[0]);
    for (const call of this.deferredCalls) {
      const name = this.tx(call.open - 1);
      if (!imports.has(name) || localNames.has(name)) continue;
      const callee = this.callee(call.open);
      if (!callee || callee.path.length !== 1) continue;
      const args: PendingArg[] = [];
      this.itemsOf(call.open).forEach(([a, b], i) => this.pendingArgs(a, b, i, undefined, wanted, args, 0));
      if (args.length) out.push({ callee: callee.path, args });
    }
    for (const j of this.deferredJsx) {
      if (localNames.has(j.tag) || !imports.has(j.tag)) continue;
      const args: PendingArg[] = [];
      this.pendingArgs(j.first, j.last, 0, j.attr, wanted, args, 1);
      if (args.length) out.push({ callee: [j.tag], args, jsx: true });
    }
    return out;
  }

  private pendingArgs(a: number, b: number, arg: number, prop: string | undefined, wanted: (p: string[]) => boolean, out: PendingArg[], depth: number): void {
    if (a > b) return;
    if (this.isStringLike(a) && a === b) {
      const range = this.stringContent(a);
      const value = this.text.slice(range.start, range.end);
      if (SLUG_SHAPE.test(value)) out.push({ arg, prop, value, range });
      return;
    }
    if (depth < 1 && this.pc[a] === P.LBRACKET && this.closerOf[a] === b) {
      for (const [x, y] of this.itemsOf(a) ?? []) this.pendingArgs(x, y, arg, prop, wanted, out, depth + 1);
      return;
    }
    if (depth < 1 && prop === undefined && this.pc[a] === P.LBRACE && this.closerOf[a] === b) {
      for (const [x, y] of this.itemsOf(a) ?? []) {
        const key = y >= x + 2 && this.pc[x + 1] === P.COLON ? this.keyText(x) : undefined;
        if (key !== undefined) this.pendingArgs(x + 2, y, arg, key, wanted, out, depth + 1);
      }
      return;
    }
    const p = this.pathAfter(a);
    if (p && p.last === b && !NOT_VALUES.has(p.path[0]) && wanted(p.path)) {
      out.push({ arg, prop, path: p.path, range: { start: this.t.start[a], end: this.t.end[b] } });
    }
  }

  /** Names this file exports, by exported name; and what it re-exports from other modules. */
  private collectExports(): { exports: Map<string, string>; reexports: { from: string; names?: Map<string, string> }[] } {
    const out = new Map<string, string>();
    const reexports: { from: string; names?: Map<string, string> }[] = [];
    for (const k of this.exportsAt) {
      let j = k + 1;
      if (this.isIdent(j, 'default')) continue;
      if (this.isIdent(j, 'type') && this.pc[j + 1] === P.LBRACE) j++;
      if (this.pc[j] === P.STAR) {
        if (this.isIdent(j + 1, 'from') && this.isStringLike(j + 2)) reexports.push({ from: this.stringValue(j + 2) });
        continue;
      }
      if (this.pc[j] === P.LBRACE) {
        const close = this.closerOf[j];
        if (close < 0) continue;
        const names = new Map<string, string>();
        for (const [a0, b] of this.itemsOf(j) ?? []) {
          const a = this.isIdent(a0, 'type') && this.isIdent(a0 + 1) ? a0 + 1 : a0;
          if (!this.isIdent(a)) continue;
          const local = this.tx(a);
          const exported = b === a + 2 && this.isIdent(a + 1, 'as') && this.isIdent(b) ? this.tx(b) : local;
          names.set(exported, local);
        }
        if (this.isIdent(close + 1, 'from') && this.isStringLike(close + 2)) reexports.push({ from: this.stringValue(close + 2), names });
        else for (const [e, l] of names) out.set(e, l);
        continue;
      }
      // `export const X` / `export function X`: the exported name is the local one, which the
      // file's constants and helpers already hold; only lists and renames are kept here.
    }
    return { exports: out, reexports };
  }

  private stringValue(k: number): string {
    const r = this.stringContent(k);
    return this.text.slice(r.start, r.end);
  }

  // ---- token helpers ----

  private tx(i: number): string {
    return this.text.slice(this.t.start[i], this.t.end[i]);
  }

  /**
   * The name at `k` when it can be one of the keywords the passes look for, else ''. Most names are
   * none of them: length and first letter tell before the name is cut out of the text.
   */
  private keywordAt(k: number): string {
    const len = this.t.end[k] - this.t.start[k];
    return len >= 3 && len <= 8 && KEYWORD_HEADS.has(this.text.charCodeAt(this.t.start[k])) ? this.tx(k) : '';
  }

  private isIdent(i: number, s?: string): boolean {
    if (i < 0 || i >= this.n || this.t.type[i] !== Tok.Ident) return false;
    if (s === undefined) return true;
    // Compared in place: most names asked about are not the word, and cutting each out costs.
    const start = this.t.start[i];
    return this.t.end[i] - start === s.length && this.text.startsWith(s, start);
  }

  private isStringLike(i: number): boolean {
    if (i < 0 || i >= this.n) return false;
    const ty = this.t.type[i];
    return ty === Tok.String || ty === Tok.Template || ty === Tok.JsxString;
  }

  private isComparison(i: number): boolean {
    const c = this.pc[i];
    return c >= P.STRICT_EQ && c <= P.LOOSE_NE; // === !== == !=
  }

  /** Reads an access path ending at token `end` (`user?.role.slug`); returns its first token and segments. */
  private pathBefore(end: number): { first: number; path: string[] } | undefined {
    let i = end;
    if (this.pc[i] === P.BANG) i--; // non-null assertion
    if (!this.isIdent(i)) return undefined;
    const path = [this.tx(i)];
    for (;;) {
      if (i < 2 || !(this.pc[i - 1] === P.DOT || this.pc[i - 1] === P.OPTIONAL_DOT)) break;
      if (this.isIdent(i - 2)) {
        i -= 2;
        path.unshift(this.tx(i));
        continue;
      }
      // `result!.role_slugs`: a non-null assertion keeps the path.
      if (this.pc[i - 2] === P.BANG && this.isIdent(i - 3) && this.t.end[i - 3] === this.t.start[i - 2]) {
        i -= 3;
        path.unshift(this.tx(i));
        continue;
      }
      // `data[0].role`: an index step keeps the path (the index itself is dropped).
      const open = this.pc[i - 2] === P.RBRACKET ? this.openerOf[i - 2] : -1;
      if (open > 0 && this.isIdent(open - 1) && this.pc[open - 2] !== P.DOT && this.pc[open - 2] !== P.OPTIONAL_DOT) {
        i = open - 1;
        path.unshift(this.tx(i));
        continue;
      }
      break;
    }
    if (this.pc[i - 1] === P.DOT || this.pc[i - 1] === P.OPTIONAL_DOT) return undefined; // `foo().role`
    return { first: i, path };
  }

  /** `getWorkOS().widgets.getToken`: the path after a call's result, without the call. */
  private pathAfterCall(end: number): { first: number; path: string[]; afterCall: number } | undefined {
    let i = end;
    if (!this.isIdent(i)) return undefined;
    const path = [this.tx(i)];
    while (i >= 2 && (this.pc[i - 1] === P.DOT || this.pc[i - 1] === P.OPTIONAL_DOT) && this.isIdent(i - 2)) {
      i -= 2;
      path.unshift(this.tx(i));
    }
    if (!(this.pc[i - 1] === P.DOT || this.pc[i - 1] === P.OPTIONAL_DOT) || this.pc[i - 2] !== P.RPAREN) return undefined;
    return { first: i, path, afterCall: i - 2 };
  }

  /**
   * The operand of a comparison ending at `end`: an access path, also through a string method
   * (`user?.role?.toLowerCase()`) or a type assertion in parentheses (`(role as string)`).
   */
  private operandBefore(end: number): { first: number; path: string[] } | undefined {
    if (this.pc[end] === P.RPAREN) {
      const open = this.openerOf[end];
      if (open < 0) return undefined;
      if (open === end - 1 && this.isIdent(open - 1) && STRING_METHODS.has(this.tx(open - 1)) && (this.pc[open - 2] === P.DOT || this.pc[open - 2] === P.OPTIONAL_DOT)) {
        return this.operandBefore(open - 3);
      }
      let j = end - 1;
      if (this.isIdent(j) && this.isIdent(j - 1, 'as')) j -= 2;
      const inner = this.pathBefore(j);
      return inner && inner.first === open + 1 ? { first: open, path: inner.path } : undefined;
    }
    return this.pathBefore(end);
  }

  /** The kind an access path implies, also for a name bound from session data (`const { role: current } = …`). */
  private pathKind(path: string[]): SlugKind | undefined {
    const k = kindFromPath(path);
    if (k) return k;
    let n = path.length;
    while (n > 1 && (path[n - 1] === 'slug' || path[n - 1] === 'value')) n--;
    if (n !== 1) return undefined;
    const bound = this.bound.get(path[0]);
    if (bound) return bound;
    for (let i = this.elements.length - 1; i >= 0; i--) {
      const e = this.elements[i];
      if (e.name === path[0] && e.first <= this.cur && this.cur <= e.last) return e.kind;
    }
    return undefined;
  }

  private pathEvidence(path: string[]): Evidence {
    return this.bound.has(path[0]) ? 'session' : 'name';
  }

  // ---- bindings to WorkOS session data ----

  private isSessionSource(path: string[]): boolean {
    const name = path[path.length - 1];
    if (SESSION_SOURCES.has(name)) return true;
    return GENERIC_SESSION_SOURCES.has(name) && (this.workosFile || path.some((p) => /workos|authkit|usermanagement/i.test(p)));
  }

  /** The session expression at `v`: the path it reads (empty for a source call), or undefined. */
  private sessionExpr(v: number): string[] | undefined {
    let j = v;
    for (let guard = 0; guard < 4 && (this.isIdent(j, 'await') || this.pc[j] === P.LPAREN); guard++) j++;
    if (!this.isIdent(j)) return undefined;
    const path = [this.tx(j)];
    while ((this.pc[j + 1] === P.DOT || this.pc[j + 1] === P.OPTIONAL_DOT) && this.isIdent(j + 2)) {
      j += 2;
      path.push(this.tx(j));
    }
    if (this.bound.has(path[0])) return path;
    if (this.pc[j + 1] === P.GT || this.pc[j + 1] === P.LT) {
      let g = j + 1;
      for (let guard = 16; guard > 0 && g < this.n && this.pc[g] !== P.LPAREN; guard--) g++;
      j = g - 1;
    }
    return this.pc[j + 1] === P.LPAREN && this.isSessionSource(path) ? [] : undefined;
  }

  /**
   * From a declarator's `:` (if any) to its `=`: skips the type annotation, jumping over bracketed
   * parts. Returns where it stopped (not an `=` when there is no initialiser).
   */
  private afterAnnotation(at: number): number {
    let eq = at;
    if (this.pc[eq] !== P.COLON) return eq;
    let guard = 64;
    while (eq < this.n && guard-- > 0 && this.pc[eq] !== P.EQ && this.pc[eq] !== P.SEMI) {
      eq = this.closerOf[eq] > eq ? this.closerOf[eq] + 1 : eq + 1;
    }
    return eq;
  }

  /** `const|let|var PATTERN = <session data>`: binds the pattern's names. */
  private bindDecl(k: number): void {
    const j = k + 1;
    const names: [string, SlugKind | undefined][] = [];
    let patEnd: number;
    if (this.isIdent(j)) {
      names.push([this.tx(j), kindFromName(this.tx(j)) ?? undefined]);
      patEnd = j;
    } else if ((this.pc[j] === P.LBRACE || this.pc[j] === P.LBRACKET) && this.closerOf[j] > j) {
      this.patternNames(j, names, 0);
      patEnd = this.closerOf[j];
    } else {
      return;
    }
    const eq = this.afterAnnotation(patEnd + 1);
    if (this.pc[eq] !== P.EQ) return;
    const source = this.sessionExpr(eq + 1);
    if (!source) return;
    // `const r = current`: a copy keeps the kind of what it copies.
    const copied = source.length && names.length === 1 && this.isIdent(j) ? this.pathKind(source) : undefined;
    for (const [name, kind] of names) this.bound.set(name, kind ?? copied);
  }

  /** The names a destructuring pattern binds, each with the kind its key implies (`{ role: current }` → current: role). */
  private patternNames(open: number, out: [string, SlugKind | undefined][], depth: number): void {
    const close = this.closerOf[open];
    if (close < 0 || depth > 4) return;
    let a = open + 1;
    for (let i = open + 1; i <= close; i++) {
      if (i < close && this.pc[i] !== P.COMMA) {
        if (this.closerOf[i] > i) i = this.closerOf[i];
        continue;
      }
      const b = i - 1;
      if (a <= b) {
        let x = a;
        if (this.pc[x] === P.SPREAD) x++;
        if (this.isIdent(x)) {
          const key = this.tx(x);
          const kind = kindFromName(key) ?? undefined;
          if (this.pc[x + 1] === P.COLON && this.pc[open] === P.LBRACE) {
            if (this.isIdent(x + 2)) out.push([this.tx(x + 2), kind ?? kindFromName(this.tx(x + 2)) ?? undefined]);
            else if (this.pc[x + 2] === P.LBRACE || this.pc[x + 2] === P.LBRACKET) this.patternNames(x + 2, out, depth + 1);
          } else {
            out.push([key, kind]);
          }
        } else if (this.pc[x] === P.LBRACE || this.pc[x] === P.LBRACKET) {
          this.patternNames(x, out, depth + 1);
        }
      }
      a = i + 1;
    }
  }

  // ---- functions that may be helpers ----

  /** Reads a parameter list `( … )` into names with their positions. */
  private params(open: number): Map<string, { arg: number; prop?: string }> {
    const out = new Map<string, { arg: number; prop?: string }>();
    const close = this.closerOf[open];
    if (close < 0) return out;
    let arg = 0;
    let a = open + 1;
    for (let i = open + 1; i <= close; i++) {
      if (i < close && this.pc[i] !== P.COMMA) {
        if (this.closerOf[i] > i) i = this.closerOf[i];
        continue;
      }
      if (a <= i - 1) {
        if (this.isIdent(a, 'this') && this.pc[a + 1] === P.COLON) {
          a = i + 1;
          continue;
        }
        if (this.isIdent(a)) {
          out.set(this.tx(a), { arg });
          // `(role: WorkspaceRoleSlug)`: a parameter typed by a slug type.
          let t = a + 1;
          if (this.pc[t] === P.QUESTION) t++;
          if (this.pc[t] === P.COLON) {
            let end = t + 1;
            while (end < i - 1 && this.pc[end + 1] !== P.EQ) end++;
            const typed = this.typeSlot(t + 1, end);
            if (typed) this.typedParams.push({ name: this.tx(a), arg, slot: typed });
          }
        } else if (this.pc[a] === P.LBRACE) {
          // `{ permission, role: r }`: each local name reads a property of the argument.
          const c = this.closerOf[a];
          let s = a + 1;
          for (let j = a + 1; j <= c && c > 0; j++) {
            if (j < c && this.pc[j] !== P.COMMA) {
              if (this.closerOf[j] > j) j = this.closerOf[j];
              continue;
            }
            if (this.isIdent(s)) {
              const key = this.tx(s);
              const local = this.pc[s + 1] === P.COLON && this.isIdent(s + 2) ? this.tx(s + 2) : key;
              out.set(local, { arg, prop: key });
            }
            s = j + 1;
          }
        }
        arg++;
      }
      a = i + 1;
    }
    return out;
  }

  /** The token range of a function body starting after `=>` or a parameter list's `)`. */
  private bodyAfter(j: number): [number, number] | undefined {
    // A return type annotation: skip it up to the body's brace.
    if (this.pc[j] === P.COLON) {
      let guard = 256;
      j++;
      while (j < this.n && guard-- > 0) {
        const c = this.pc[j];
        if (c === P.ARROW) break;
        if (c === P.LBRACE) {
          const before = this.pc[j - 1];
          if (before === P.COLON || before === P.PIPE || before === P.AMP || before === P.LT || before === P.COMMA) {
            j = this.closerOf[j] > j ? this.closerOf[j] + 1 : j + 1;
            continue;
          }
          break;
        }
        if (c === P.LPAREN || c === P.LBRACKET) {
          j = this.closerOf[j] > j ? this.closerOf[j] + 1 : j + 1;
          continue;
        }
        j++;
      }
    }
    if (this.pc[j] === P.ARROW) j++;
    if (this.pc[j] === P.LBRACE) return this.closerOf[j] > j ? [j, this.closerOf[j]] : undefined;
    // An expression body runs to the end of the statement.
    const start = j;
    let guard = 100_000;
    for (; j < this.n && guard-- > 0; j++) {
      const c = this.pc[j];
      if (c === P.SEMI || c === P.COMMA || c === P.RPAREN || c === P.RBRACKET || c === P.RBRACE) break;
      if (this.closerOf[j] > j) {
        j = this.closerOf[j];
        continue;
      }
      if (j > start && this.t.type[j] === Tok.Ident && STATEMENT_STARTS.has(this.tx(j)) && this.newlineBefore(j)) break;
    }
    return j - 1 >= start ? [start, j - 1] : undefined;
  }

  private newlineBefore(k: number): boolean {
    for (let i = this.t.start[k] - 1; i >= 0 && i >= this.t.end[k - 1]; i--) if (this.text.charCodeAt(i) === 10) return true;
    return false;
  }

  /** Registers `function NAME(…) {…}`, `const NAME = (…) => …`, `const NAME = function (…) {…}`. */
  private onFunction(name: string, paramsOpen: number): void {
    this.typedParams.length = 0;
    const params = this.params(paramsOpen);
    const close = this.closerOf[paramsOpen];
    if (close < 0) return;
    const returns = this.returnSlot(name, close + 1);
    if (params.size === 0 && !returns) return;
    const body = this.bodyAfter(close + 1);
    if (!body) return;
    const fn: FnInfo = { name, params, first: body[0], last: body[1], returns };
    this.functions.push(fn);
    for (const p of this.typedParams) this.paramUses.push({ fn, arg: p.arg, slot: { ...p.slot, place: `${name}(${p.name}: ${p.slot.typeName})` } });
  }

  private onArrowOrFunctionValue(name: string, v: number): void {
    let j = v;
    if (this.isIdent(j, 'async')) j++;
    if (this.isIdent(j, 'function')) {
      j++;
      if (this.pc[j] === P.STAR) j++;
      if (this.isIdent(j)) j++;
    }
    if (this.pc[j] === P.LT) {
      for (let guard = 16; guard > 0 && j < this.n && this.pc[j] !== P.LPAREN; guard--) j++;
    }
    if (this.pc[j] === P.LPAREN) {
      const close = this.closerOf[j];
      if (close > j && (this.pc[close + 1] === P.ARROW || this.pc[close + 1] === P.LBRACE || this.pc[close + 1] === P.COLON)) this.onFunction(name, j);
    } else if (this.isIdent(j) && this.pc[j + 1] === P.ARROW) {
      const body = this.bodyAfter(j + 2);
      if (body) this.functions.push({ name, params: new Map([[this.tx(j), { arg: 0 }]]), first: body[0], last: body[1] });
    }
  }

  /** The slot of what a function returns: its return type annotation, else its name. */
  private returnSlot(name: string, colon: number): Slot | undefined {
    if (this.pc[colon] === P.COLON) {
      let a = colon + 1;
      if (this.isIdent(a, 'Promise') && this.pc[a + 1] === P.LT) a += 2;
      let b = a;
      // The type runs over names, dots, `[]` and closing `>`; the body's `{` or `=>` ends it.
      while (b + 1 < this.n && (this.pc[b + 1] === P.LBRACKET || this.pc[b + 1] === P.RBRACKET || this.pc[b + 1] === P.DOT || this.isIdent(b + 1) || this.pc[b + 1] === P.GT)) b++;
      while (this.pc[b] === P.GT) b--;
      const typed = this.typeSlot(a, b);
      if (typed) return { ...typed, place: `${name}(): ${typed.typeName}` };
    }
    const kind = /^(get|list|load|fetch|resolve|compute|default|all|build|effective)?[A-Z]?/.test(name) ? kindFromName(name) : undefined;
    return kind ? { kind, place: `${name}() returns`, session: false, evidence: 'name' } : undefined;
  }

  /** `return [...]` or an arrow's expression body: what the enclosing function returns. */
  private returnedSlot(first: number): Slot | undefined {
    for (let i = this.functions.length - 1; i >= 0; i--) {
      const fn = this.functions[i];
      if (fn.first <= first && first <= fn.last) return fn.returns;
    }
    return undefined;
  }

  /** The function whose parameter `name` is visible at token `k`, innermost first. */
  private paramAt(k: number, name: string): { fn: FnInfo; arg: number; prop?: string } | undefined {
    for (let i = this.functions.length - 1; i >= 0; i--) {
      const fn = this.functions[i];
      if (fn.first <= k && k <= fn.last) {
        const p = fn.params.get(name);
        if (p) return { fn, ...p };
      }
    }
    return undefined;
  }


  /** Reads an access path starting at token `start`; returns its last token and segments. */
  private pathAfter(start: number): { last: number; path: string[] } | undefined {
    if (!this.isIdent(start)) return undefined;
    let i = start;
    const path = [this.tx(i)];
    while ((this.pc[i + 1] === P.DOT || this.pc[i + 1] === P.OPTIONAL_DOT) && this.isIdent(i + 2)) {
      i += 2;
      path.push(this.tx(i));
    }
    if (this.pc[i + 1] === P.BANG) i++;
    if (this.pc[i + 1] === P.LPAREN || this.pc[i + 1] === P.LBRACKET || this.pc[i + 1] === P.DOT || this.pc[i + 1] === P.ARROW) return undefined;
    return { last: i, path };
  }

  private callee(open: number): Callee | undefined {
    let i = open - 1;
    if (this.pc[i] === P.OPTIONAL_DOT) i--; // optional call `fn?.(...)`
    // Generic call `useThing<T>(…)`: skip a short type argument list.
    if (this.pc[i] === P.GT) {
      let j = i - 1;
      let guard = 16;
      while (j > 0 && guard-- > 0 && this.pc[j] !== P.LT) j--;
      if (this.pc[j] === P.LT) i = j - 1;
    }
    const p = this.pathBefore(i) ?? this.pathAfterCall(i);
    if (!p) return undefined;
    const name = p.path[p.path.length - 1];
    if (p.path.length === 1 && (name === 'if' || name === 'while' || name === 'for' || name === 'switch' || name === 'catch' || name === 'function' || name === 'return')) {
      return undefined;
    }
    return { path: p.path, name, open };
  }

  // ---- brackets ----

  private close(k: number, openCh: number): void {
    // Pop to the matching opener; a stray closer with no opener is ignored.
    let idx = this.frames.length - 1;
    while (idx >= 0 && this.frames[idx].ch !== openCh) idx--;
    if (idx < 0) return;
    while (this.frames.length > idx + 1) this.settle(this.frames.pop()!, k);
    // The brackets were paired up front (matchBrackets): only the frame's items are settled here.
    this.settle(this.frames.pop()!, k);
  }

  private settle(f: Frame, close: number): void {
    this.endOf[f.open] = close;
    if (f.argStart <= close - 1) f.count++;
    if (f.ch === P.LPAREN) this.onCallClose(f);
    else if (f.ch === P.LBRACKET) this.onArrayClose(f, close);
    else if (f.ch === P.LBRACE && this.frames.length === 0) this.onMapClose(f, close);
    this.spareFrames.push(f);
  }

  /**
   * The comma-separated items of a settled bracket, as token ranges [first, last] (an item between
   * two commas may be empty: first > last). Nested brackets are skipped whole; an unclosed one
   * inside runs to the end. Computed when asked: most brackets are never asked about.
   */
  private itemsOf(open: number): Items {
    const end = this.endOf[open];
    if (end < 0) return NO_ITEMS;
    const out: Items = [];
    let start = open + 1;
    for (let j = open + 1; j < end; j++) {
      const c = this.pc[j];
      if (c === P.COMMA) {
        out.push([start, j - 1]);
        start = j + 1;
      } else if (c === P.LPAREN || c === P.LBRACKET || c === P.LBRACE) {
        const closer = this.closerOf[j];
        if (closer < 0 || closer >= end) break;
        j = closer;
      }
    }
    if (start <= end - 1) out.push([start, end - 1]);
    return out;
  }

  /**
   * Keys of a role-keyed map are roles: `const ROLE_PERMISSIONS = { admin: [...], 'senior-hr': [...] }`,
   * `permissionsByRole`, `Record<Role, Permission[]>`, `satisfies Record<Role, …>`.
   */
  private onMapClose(f: Frame, close: number): void {
    const eq = f.open - 1;
    if (this.pc[eq] !== P.EQ) return;
    let slot: Slot | undefined;
    // The annotation or `satisfies` clause: `Record<Role, …>`.
    const recordAt = (i: number): number => (this.isIdent(i, 'Record') && this.pc[i + 1] === P.LT ? i + 2 : -1);
    let key = -1;
    for (let i = eq - 1, guard = 0; i > 0 && guard < 24; i--, guard++) {
      if (this.pc[i] === P.COLON && this.isIdent(i - 1)) {
        key = recordAt(i + 1);
        break;
      }
      if (this.pc[i] === P.SEMI || this.pc[i] === P.LBRACE || this.pc[i] === P.RBRACE) break;
    }
    if (key < 0 && this.isIdent(close + 1, 'satisfies')) key = recordAt(close + 2);
    if (key >= 0 && this.isIdent(key) && this.pc[key + 1] === P.COMMA) slot = this.typeSlot(key, key);
    if (slot && slot.kind !== 'role') slot = undefined;
    if (!slot) {
      const name = this.isIdent(eq - 1) ? this.tx(eq - 1) : '';
      if (/role/i.test(name) && /perm/i.test(name)) {
        const w = words(name);
        const r = w.findIndex((x) => x.startsWith('role'));
        const p = w.findIndex((x) => x.startsWith('perm'));
        // `ROLE_PERMISSIONS`, `rolePermissions`, `permissionsByRole`: keyed by role.
        if (r >= 0 && p >= 0 && (r < p || w[p + 1] === 'by' || w[p + 1] === 'for' || w[p + 1] === 'per')) slot = { kind: 'role', place: `${name} key`, session: false, evidence: 'name' };
      }
    }
    if (!slot) return;
    for (const [a, b] of this.itemsOf(f.open) ?? []) {
      if (b < a + 2 || this.pc[a + 1] !== P.COLON) continue;
      const ty = this.t.type[a];
      if (ty === Tok.String) this.emitString(a, slot);
      else if (ty === Tok.Ident) {
        const value = this.tx(a);
        if (this.plausible(value, slot)) this.occurrences.push({ kind: 'role', slug: value, range: { start: this.t.start[a], end: this.t.end[a] }, via: 'literal', place: slot.place, session: false, evidence: slot.evidence, typeName: slot.typeName });
      }
    }
  }

  /** Whether a call to this name can hold slugs: most calls cannot, and are dropped cheaply. */
  private interestingCallee(open: number): boolean {
    let i = open - 1;
    if (this.pc[i] === P.OPTIONAL_DOT) i--;
    if (this.pc[i] === P.GT) return true;
    if (this.t.type[i] !== Tok.Ident) return false;
    const name = this.tx(i);
    return INTERESTING_CALLEES.has(name) || this.helpers.has(name);
  }

  private onCallClose(f: Frame): void {
    if (f.count === 1 && this.isIdent(f.open - 1, 'literal')) this.validatorLiteral(f);
    if (!this.interestingCallee(f.open)) {
      const prev = f.open - 1;
      if (f.count > 0 && this.t.type[prev] === Tok.Ident && !FUNCTION_KEYWORDS.has(this.tx(prev))) this.deferredCalls.push({ open: f.open });
      return;
    }
    const callee = this.callee(f.open);
    if (!callee) return;
    const args = this.itemsOf(f.open);
    const spec = this.calleeSpec(callee);
    if (!spec || spec.receiver) this.factoryParam(f, callee);
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
            evidence: 'helper',
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

  /**
   * Validators: `roleSlug: v.union(v.literal('admin'), v.literal('member'))` (Convex, zod): each
   * literal takes the slot of the field the validator describes.
   */
  private validatorLiteral(f: Frame): void {
    const [a, b] = this.itemsOf(f.open)[0];
    if (a !== b || !this.isStringLike(a)) return;
    const callee = this.callee(f.open);
    if (!callee || callee.path.length !== 2 || !VALIDATOR_ROOTS.has(callee.path[0])) return;
    let fi = this.frames.length - 1;
    let start = f.open - 3; // `v` in `v.literal(`
    while (fi >= 0 && this.frames[fi].ch === P.LPAREN) {
      const c = this.callee(this.frames[fi].open);
      if (!c || c.path.length !== 2 || !VALIDATOR_ROOTS.has(c.path[0]) || !VALIDATOR_WRAPPERS.has(c.name)) break;
      start = this.frames[fi].open - 3;
      fi--;
    }
    if (fi < 0 || this.frames[fi].ch !== P.LBRACE) return;
    const slot = this.slotFor(start, -1, fi);
    if (slot) this.emitString(a, { ...slot, place: `${slot.place} ${callee.path.join('.')}()` });
  }

  /**
   * `allowed.includes(user.role)` where `allowed` is a parameter and `user.role` session data: the
   * function is a helper taking a list of slugs (`createAuthorizedQuery(['admin'])`).
   */
  private factoryParam(f: Frame, callee: Callee): void {
    if (callee.path.length !== 2 || !MEMBERSHIP_METHODS.has(callee.name) || f.count !== 1 || this.functions.length === 0) return;
    const [a, b] = this.itemsOf(f.open)[0];
    const arg = this.operandBefore(b);
    if (!arg || arg.first !== a) return;
    const kind = this.pathKind(arg.path);
    const evidence = this.pathEvidence(arg.path);
    if (!kind || evidence !== 'session') return;
    const param = this.paramAt(f.open, callee.path[0]);
    if (!param) return;
    this.paramUses.push({ fn: param.fn, arg: param.arg, prop: param.prop, slot: { kind, place: `${callee.path.join('.')}()`, session: true, evidence } });
  }

  private onArrayClose(f: Frame, close: number): void {
    // An array that is itself a call argument is handled by the call; a nested array is ignored.
    const parent = this.frames[this.frames.length - 1];
    const prev = f.open - 1;
    if (parent && (parent.ch === P.LPAREN || parent.ch === P.LBRACKET) && (this.pc[prev] === P.LPAREN || this.pc[prev] === P.COMMA)) return;
    const keyword = this.isIdent(prev) && FUNCTION_KEYWORDS.has(this.tx(prev));
    if (this.pc[prev] === P.LBRACKET || (this.isIdent(prev) && !keyword) || this.pc[prev] === P.RPAREN || this.pc[prev] === P.RBRACKET) return; // index access
    const slot = this.slotFor(f.open, close, this.frames.length - 1);
    if (slot) this.emitArray(f.open, slot);
  }

  // ---- what sits where ----

  private onString(k: number): void {
    if (this.isWholeItem(k, k)) return; // decided when its bracket closes
    let first = k;
    while (this.pc[first - 1] === P.PIPE && this.isStringLike(first - 2)) {
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
    if (this.pc[first - 1] === P.PIPE && this.pc[first - 2] === P.EQ) {
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
    if (!f || f.ch === P.LBRACE) return false;
    if (!(this.pc[first - 1] === P.LPAREN || this.pc[first - 1] === P.COMMA || this.pc[first - 1] === P.LBRACKET)) return false;
    const nx = last + 1;
    return nx >= this.n || this.pc[nx] === P.COMMA || this.pc[nx] === P.RPAREN || this.pc[nx] === P.RBRACKET || this.unterminated(last);
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
    if (this.pc[k - 1] === P.DOT || this.pc[k - 1] === P.OPTIONAL_DOT /* ?. */) {
      // Inside a path: only a callback method matters (most names after a dot are never read).
      if (this.pc[k + 1] === P.LPAREN) this.onMethodCall(k);
      else if (this.pc[k - 1] === P.OPTIONAL_DOT && this.isIdent(k, 'export')) this.exportsAt.push(k);
      return;
    }
    // `ROLES.ADMIN` anywhere: a candidate for `tableMembers` once the file's places are known.
    if (this.pc[k + 1] === P.DOT && this.t.type[k + 2] === Tok.Ident) {
      const c = this.text.charCodeAt(this.t.start[k]);
      if (c >= 65 && c <= 90) this.tableHeads.push(k);
    }
    const w = this.keywordAt(k);
    if (w === 'export') this.exportsAt.push(k);
    if (w === 'const' || w === 'let' || w === 'var') {
      if (this.frames.length === 0) this.decls.push(k);
      this.bindDecl(k);
      if (this.isIdent(k + 1) && this.pc[k + 2] === P.EQ) this.onArrowOrFunctionValue(this.tx(k + 1), k + 3);
      else if (this.isIdent(k + 1) && this.pc[k + 2] === P.COLON) {
        // `const Can: FC<Props> = ({ permission }) => …`
        const eq = this.afterAnnotation(k + 2);
        if (this.pc[eq] === P.EQ) this.onArrowOrFunctionValue(this.tx(k + 1), eq + 1);
      }
    } else if (w === 'function') {
      let j = k + 1;
      if (this.pc[j] === P.STAR) j++;
      if (this.isIdent(j)) {
        let open = j + 1;
        if (this.pc[open] === P.LT) for (let guard = 16; guard > 0 && open < this.n && this.pc[open] !== P.LPAREN; guard--) open++;
        if (this.pc[open] === P.LPAREN) this.onFunction(this.tx(j), open);
      }
    } else if (this.frames.length === 0) {
      if (w === 'enum' || w === 'type') this.decls.push(k);
      else if (w === 'import' && this.pc[k + 1] !== P.LPAREN && this.pc[k + 1] !== P.DOT) this.importsAt.push(k);
    }
    // `(membership: OrganizationMembership)`: a value typed by a WorkOS session type.
    if (this.pc[k + 1] === P.COLON && this.workosFile && this.isIdent(k + 2) && SESSION_TYPES.has(this.tx(k + 2))) this.bound.set(this.tx(k), undefined);
    // `{ role }` in an object built inside a function whose parameter is `role`: the parameter
    // reaches a place named for its kind (`joinWorkspace(client, id, 'member')` posts `{ role }`).
    if ((this.pc[k - 1] === P.LBRACE || this.pc[k - 1] === P.COMMA) && (this.pc[k + 1] === P.COMMA || this.pc[k + 1] === P.RBRACE) && this.functions.length) {
      const f = this.frames[this.frames.length - 1];
      const name = f && f.ch === P.LBRACE ? this.tx(k) : '';
      const kind = name ? kindFromName(name) : undefined;
      const param = kind ? this.paramAt(k, name) : undefined;
      if (kind && param) this.paramUses.push({ fn: param.fn, arg: param.arg, prop: param.prop, slot: { kind, place: `{ ${name} }`, session: false, evidence: 'name' } });
    }
    if (this.pc[k + 1] === P.COLON) {
      const w = this.tx(k);
      if (w === 'organizationMembershipId' || w === 'organization_membership_id') this.onMembership(k);
    }
    // A constant written where a slug goes: `{ roleSlug: ROLES.ADMIN }`, `role === ROLES.ADMIN`, `case ROLES.ADMIN:`.
    const prev = k - 1;
    const pp = this.pc[prev];
    if (!(pp === P.COLON || (pp >= 128 && pp <= 133) /* === !== == != || ?? */ || pp === P.LBRACE || pp === P.EQ || this.isIdent(prev, 'case'))) {
      // Only `PATH === …` can still be a constant use: find the path's end without building it.
      let j = k;
      while ((this.pc[j + 1] === P.DOT || this.pc[j + 1] === P.OPTIONAL_DOT) && this.t.type[j + 2] === Tok.Ident) j += 2;
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

  /**
   * `memberships.data.map((m) => m.role.slug …)`: the callback's parameter is session data too;
   * `roles.find((r) => r.slug === 'member')`: an element of a role list is a role.
   */
  private onMethodCall(k: number): void {
    if (!CALLBACK_METHODS.has(this.tx(k))) return;
    const recv = this.pathBefore(k - 2);
    const param = this.isIdent(k + 2) && this.pc[k + 3] === P.ARROW ? k + 2 : this.pc[k + 2] === P.LPAREN && this.isIdent(k + 3) ? k + 3 : -1;
    if (!recv || param < 0) return;
    const name = this.tx(param);
    if (this.bound.has(recv.path[0])) this.bound.set(name, undefined);
    const kind = this.pathKind(recv.path);
    const close = this.closerOf[k + 1];
    if (kind && close > k) this.elements.push({ name, kind, first: k + 1, last: close });
  }

  private onMembership(k: number): void {
    const obj = this.frames[this.frames.length - 1];
    const call = this.frames[this.frames.length - 2];
    if (!obj || obj.ch !== P.LBRACE || !call || call.ch !== P.LPAREN) return;
    const callee = this.callee(call.open);
    if (!callee || callee.name !== 'check') return;
    // The value runs to the next comma or closing brace at this depth.
    let depth = 0;
    let j = k + 2;
    for (; j < this.n; j++) {
      if (this.t.type[j] === Tok.Punct) {
        const c = this.text.charCodeAt(this.t.start[j]);
        const single = this.t.end[j] - this.t.start[j] === 1;
        if (single && (c === P.LPAREN || c === P.LBRACKET || c === P.LBRACE)) depth++;
        else if (single && (c === P.RPAREN || c === P.RBRACKET || c === P.RBRACE)) {
          if (depth === 0) break;
          depth--;
        } else if (single && c === P.COMMA && depth === 0) break;
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
    if (this.slotDepth === 0) {
      this.valueFirst = first;
      this.valueLast = last;
    }
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
    if (this.isIdent(p, 'return') || this.pc[p] === P.ARROW) return this.returnedSlot(first);
    if (p < 0 || this.t.type[p] !== Tok.Punct) return undefined;
    const code = this.pc[p];
    switch (code) {
      case P.COLON:
        return this.propertySlot(p, fi);
      case P.STRICT_EQ:
      case P.STRICT_NE:
      case P.LOOSE_EQ:
      case P.LOOSE_NE:
      case P.OR:
      case P.NULLISH: {
        const s = this.tx(p);
        const path = this.operandBefore(p - 1);
        const kind = path && this.pathKind(path.path);
        if (!path || !kind) return undefined;
        if (this.isIdent(path.first - 1, 'typeof')) return undefined; // `typeof role === 'string'`
        const isDefault = s === '||' || s === '??';
        const place = isDefault ? `${path.path.join('.')} ${s} …` : `${path.path.join('.')} ${s}`;
        // A fallback (`role || 'Member'`) is often a label to show, not a check: only its name counts.
        const evidence = isDefault ? 'name' : this.pathEvidence(path.path);
        return { kind, place, session: evidence === 'session', evidence };
      }
      case P.EQ:
        return this.assignSlot(p);
      case P.LBRACE:
        return this.jsxContainerSlot(p);
      case P.LPAREN:
      case P.COMMA:
      case P.LBRACKET: {
        // Reached when going up from a nested literal: an argument or an array element.
        const f = this.frames[fi];
        if (!f) return undefined;
        if (f.ch === P.LPAREN) {
          const callee = this.callee(f.open);
          const spec = callee && this.calleeSpec(callee);
          return callee && spec ? this.callArgSlot(callee, spec, f.count) : undefined;
        }
        return f.ch === P.LBRACKET ? this.slotFor(f.open, -1, fi - 1) : undefined;
      }
    }
    return undefined;
  }

  /** The slot given by what follows the value: `'admin' === role`, `['a', 'b'].includes(role)`. */
  private slotAfter(last: number): Slot | undefined {
    const nx = last + 1;
    if (this.isComparison(nx)) {
      const path = this.pathAfter(nx + 1);
      const kind = path && this.pathKind(path.path);
      if (path && kind) {
        const evidence = this.pathEvidence(path.path);
        return { kind, place: `${this.tx(nx)} ${path.path.join('.')}`, session: evidence === 'session', evidence };
      }
    }
    if (this.pc[nx] === P.DOT && this.isIdent(nx + 1) && MEMBERSHIP_METHODS.has(this.tx(nx + 1)) && this.pc[nx + 2] === P.LPAREN) {
      const path = this.pathAfter(nx + 3);
      const kind = path && this.pathKind(path.path);
      if (path && kind) {
        const evidence = this.pathEvidence(path.path);
        return { kind, place: `[…].${this.tx(nx + 1)}(${path.path.join('.')})`, session: evidence === 'session', evidence };
      }
    }
    return undefined;
  }

  private propertySlot(colon: number, fi: number): Slot | undefined {
    let key = colon - 1;
    if (this.pc[key] === P.QUESTION) key--; // optional member in a type: `role?: 'admin'`
    const f = this.frames[fi];
    if (!f || f.ch !== P.LBRACE) return undefined;
    const kt = this.t.type[key];
    if (kt !== Tok.Ident && kt !== Tok.String) return undefined;
    if (this.pc[key - 1] === P.QUESTION || this.isIdent(key - 1, 'case')) return undefined; // ternary, case label
    const keyText = kt === Tok.String ? this.tx(key).slice(1, -1) : this.tx(key);
    // Arguments of an SDK call: `check({ permissionSlug })`, `getToken({ scopes })`, `createPermission({ slug })`.
    const call = this.frames[fi - 1];
    const callee = call && call.ch === P.LPAREN && (this.pc[f.open - 1] === P.LPAREN || this.pc[f.open - 1] === P.COMMA) ? this.callee(call.open) : undefined;
    // A quoted key that is itself slug-like (`'org-billing-admin': [...]`, `'/admin': …`) is data,
    // not a name: its value takes the kind of the enclosing object instead.
    let kind = kt === Tok.String && !/^[A-Za-z_$][\w$]*$/.test(keyText) ? undefined : kindFromName(keyText);
    let evidence: Evidence = 'name';
    const apiKind = WORKOS_SLUG_KEYS[keyText];
    if (apiKind) {
      // WorkOS's field names are evidence inside a WorkOS call; elsewhere (another SDK's payload, a
      // fixture, a field map) they are names like any other.
      kind = apiKind;
      if (callee && this.isWorkosCall(callee)) evidence = 'sdk';
    }
    if (callee) {
      if (keyText === 'scopes' && callee.name === 'getToken') {
        kind = 'permission';
        evidence = 'sdk';
      } else if (keyText === 'slug' && SDK_CREATE_SLUG[callee.name]) {
        kind = SDK_CREATE_SLUG[callee.name];
        evidence = 'sdk';
      } else if (keyText === 'permissions' && SDK_POSITIONAL[callee.name] && callee.path.some((p) => /workos|authorization/i.test(p))) {
        evidence = 'sdk';
      }
    }
    if (kind === null) return undefined;
    if (kind) {
      // `{ role: 'assistant', content }` is a chat message for an LLM API.
      if (evidence === 'name' && keyText === 'role' && this.objectHasKey(f.open, CHAT_MESSAGE_KEYS)) return undefined;
      const isCheck = callee?.name === 'check';
      return {
        kind,
        place: callee ? `${callee.name}({ ${keyText} })` : `${keyText}:`,
        session: false,
        evidence,
        callId: isCheck ? call!.open : undefined,
        aria: keyText === 'role' || keyText === 'accessibilityRole',
      };
    }
    // A key that describes the slug (`name`, `description`, `resource`, `action`) holds none, and in
    // an object with a `slug` key only that key does.
    if (DESCRIPTIVE_KEYS.has(keyText.toLowerCase())) return undefined;
    // A neutral key (`ADMIN: 'admin'`) takes the kind of the object it is in (`const ROLES = {…}`).
    const outer = this.slotFor(f.open, -1, fi - 1);
    if (!outer) return undefined;
    if (keyText !== 'slug' && kt === Tok.Ident && /^[a-z]/.test(keyText) && this.objectHasKey(f.open, SLUG_KEY)) return undefined;
    return { ...outer, place: `${outer.place} → ${keyText}` };
  }

  /** A call into the WorkOS SDK: `workos.authorization.check(…)`, `userManagement.updateOrganizationMembership(…)`. */
  private isWorkosCall(c: Callee): boolean {
    if (c.path.some((p) => /workos|authorization|usermanagement|organizationmembership/i.test(p))) return true;
    return WORKOS_METHODS.has(c.name);
  }

  /** Whether the object literal opened at `open` has one of these keys (shorthand members included). */
  private objectHasKey(open: number, keys: Set<string>): boolean {
    // Asked for each member of a large literal: answer each (object, key set) once.
    const cacheKey = keys === SLUG_KEY ? open * 2 : open * 2 + 1;
    let known = this.keyCache.get(cacheKey);
    if (known === undefined) this.keyCache.set(cacheKey, (known = this.scanKeys(open, keys)));
    return known;
  }

  private scanKeys(open: number, keys: Set<string>): boolean {
    const close = this.closerOf[open];
    if (close < 0) return false;
    for (let i = open + 1; i < close; i++) {
      if (this.closerOf[i] > i) {
        i = this.closerOf[i];
        continue;
      }
      const ty = this.t.type[i];
      if (ty !== Tok.Ident && ty !== Tok.String) continue;
      const before = this.pc[i - 1];
      if (i !== open + 1 && before !== P.COMMA) continue;
      const after = this.pc[i + 1];
      if (after !== P.COLON && after !== P.COMMA && after !== P.RBRACE && after !== P.LPAREN) continue;
      if (keys.has(this.keyText(i) ?? '')) return true;
    }
    return false;
  }

  private assignSlot(eq: number): Slot | undefined {
    let j = eq - 1;
    if (this.t.type[j] === Tok.JsxAttr) return this.jsxAttrSlot(j);
    // `const role: Role = 'x'` and `const roles: string[] = [...]`: the name stands before the type.
    let nameTok = -1;
    for (let back = 0, i = j; back < 16 && i > 0; back++, i--) {
      if (this.pc[i] === P.COLON && this.isIdent(i - 1)) {
        nameTok = i - 1;
        break;
      }
      if (this.pc[i] === P.SEMI || this.pc[i] === P.LBRACE || this.pc[i] === P.LPAREN || this.pc[i] === P.COMMA || this.pc[i] === P.EQ) break;
    }
    if (nameTok < 0 && this.isIdent(j)) nameTok = j;
    if (nameTok < 0) return undefined;
    const name = this.tx(nameTok);
    // `const x: Role[] = …`, `let r: Permission = …`: the type says more than the name.
    if (nameTok < j) {
      const typed = this.typeSlot(nameTok + 2, j);
      if (typed) return { ...typed, place: `${name}: ${typed.typeName} =` };
    }
    const kind = kindFromName(name);
    return kind ? { kind, place: `${name} =`, session: false, evidence: 'name' } : undefined;
  }

  /** A type annotation spanning tokens [a, b] that names a slug type: `Role`, `Permission[]`, `Array<Role>`. */
  private typeSlot(a: number, b: number): Slot | undefined {
    let i = a;
    if (this.isIdent(i, 'readonly')) i++;
    if (this.isIdent(i, 'Array') || this.isIdent(i, 'ReadonlyArray') || this.isIdent(i, 'Set')) {
      if (this.pc[i + 1] !== P.LT) return undefined;
      i += 2;
    }
    if (!this.isIdent(i)) return undefined;
    let end = i;
    while (this.pc[end + 1] === P.DOT && this.isIdent(end + 2)) end += 2;
    const typeName = this.tx(end);
    const rest = end + 1;
    // Only the type itself, or an array of it, may follow.
    for (let j = rest; j <= b; j++) {
      const c = this.pc[j];
      if (c !== P.LBRACKET && c !== P.RBRACKET && c !== P.GT) return undefined;
    }
    const kind = kindFromName(typeName);
    return kind ? { kind, place: typeName, session: false, evidence: 'type', typeName } : undefined;
  }

  private jsxContainerSlot(brace: number): Slot | undefined {
    if (this.pc[brace - 1] === P.EQ && this.t.type[brace - 2] === Tok.JsxAttr) return this.jsxAttrSlot(brace - 2);
    return undefined;
  }

  private jsxAttrSlot(attr: number): Slot | undefined {
    const tagTok = this.jsxTags[this.jsxTags.length - 1];
    const tag = tagTok === undefined ? '' : this.tx(tagTok);
    const name = this.tx(attr);
    const intrinsic = /^[a-z]/.test(tag) && !tag.includes('.');
    if (intrinsic && name === 'role') return undefined; // the HTML/ARIA attribute
    const kind = kindFromName(name);
    // A component may be a helper (`function Can({ permission })` checks it): decided with the file's helpers.
    if (!intrinsic && this.slotDepth === 1 && this.valueLast >= this.valueFirst && this.valueFirst >= 0 && kind !== null && !/^(className|class|style|key|id|href|src|alt|title|type|variant|size)$/.test(name)) {
      this.deferredJsx.push({ tag, attr: name, first: this.valueFirst, last: this.valueLast });
    }
    return kind ? { kind, place: `<${tag} ${name}>`, session: false, evidence: 'name', aria: name === 'role' || name === 'accessibilityRole' } : undefined;
  }

  private caseSlot(fi: number): Slot | undefined {
    for (let i = fi; i >= 0; i--) {
      const f = this.frames[i];
      if (f.ch !== P.LBRACE) continue;
      const rp = f.open - 1;
      if (this.pc[rp] !== P.RPAREN) continue;
      const lp = this.openerOf[rp];
      if (lp < 0 || !this.isIdent(lp - 1, 'switch')) continue;
      const path = this.operandBefore(rp - 1);
      if (!path || path.first !== lp + 1) return undefined;
      const kind = this.pathKind(path.path);
      const evidence = this.pathEvidence(path.path);
      return kind ? { kind, place: `switch (${path.path.join('.')}) case`, session: evidence === 'session', evidence } : undefined;
    }
    return undefined;
  }

  /**
   * `expect(user.roles).toEqual(['admin'])`: a test's expectation compares like `===`, so the
   * expected value takes the kind of what `expect` was given.
   */
  private matcherSlot(open: number): Slot | undefined {
    let i = open - 1; // the matcher's name
    i -= 2;
    if (this.isIdent(i, 'not') || this.isIdent(i, 'resolves') || this.isIdent(i, 'rejects')) i -= 2;
    if (this.pc[i + 1] !== P.DOT || this.pc[i] !== P.RPAREN) return undefined;
    const lp = this.openerOf[i];
    if (lp < 1 || !this.isIdent(lp - 1, 'expect')) return undefined;
    const operand = this.operandBefore(i - 1) ?? this.sortedOperand(i - 1);
    if (!operand || (operand.first !== lp + 1 && operand.first !== lp)) return undefined;
    const kind = this.pathKind(operand.path);
    if (!kind) return undefined;
    const evidence = this.pathEvidence(operand.path);
    return { kind, place: `expect(${operand.path.join('.')})`, session: evidence === 'session', evidence };
  }

  /** `permissions?.slice().sort()`: copying and sorting keep the values. */
  private sortedOperand(end: number): { first: number; path: string[] } | undefined {
    let j = end;
    for (let guard = 0; guard < 4 && this.pc[j] === P.RPAREN && this.openerOf[j] === j - 1 && this.isIdent(j - 2) && /^(slice|sort|toSorted|concat|flat)$/.test(this.tx(j - 2)); guard++) {
      j -= 4;
    }
    return j === end ? undefined : this.operandBefore(j);
  }

  private firstArgIsCredential(open: number): boolean {
    const close = this.closerOf[open];
    let last = open + 1;
    while (last < close && this.pc[last] !== P.COMMA && (this.isIdent(last) || this.pc[last] === P.DOT || this.pc[last] === P.OPTIONAL_DOT)) last++;
    if (this.pc[last] !== P.COMMA || last === open + 1) return false;
    return /(api_?key|apikey|key|token|client|credential|secret)s?$/i.test(this.tx(last - 1));
  }

  /** `useState<Role>('admin')`: a state hook typed by a slug type. */
  private typeArgSlot(gt: number): Slot | undefined {
    let lt = gt - 1;
    for (let guard = 16; lt > 0 && guard > 0 && this.pc[lt] !== P.LT; guard--) lt--;
    if (this.pc[lt] !== P.LT) return undefined;
    const slot = this.typeSlot(lt + 1, gt - 1);
    return slot && { ...slot, place: `<${slot.typeName}>` };
  }

  private calleeSpec(c: Callee): { helper?: HelperSpec; fixed?: Slot; builtin?: SlugKind; sdk?: { arg: number; kind: SlugKind }; receiver?: SlugKind; receiverEvidence?: Evidence; compose: boolean; session: boolean; loose: boolean } | undefined {
    const user = this.helpers.get(c.name);
    if (user) return { helper: user, compose: false, session: user.session ?? false, loose: false };
    const open = c.open;
    if (MATCHERS.has(c.name)) {
      const slot = this.matcherSlot(open);
      return slot ? { fixed: slot, compose: false, session: slot.session, loose: false } : undefined;
    }
    if (this.pc[open - 1] === P.GT) {
      const slot = STATE_HOOKS.has(c.name) ? this.typeArgSlot(open - 1) : undefined;
      return slot ? { fixed: slot, compose: false, session: false, loose: false } : undefined;
    }
    if (c.path.length === 1 && MEMBERSHIP_METHODS.has(c.name) && (this.pc[open - 2] === P.DOT || this.pc[open - 2] === P.OPTIONAL_DOT) && this.pc[open - 3] === P.RPAREN) {
      // `effectivePermissions(user).includes('a:b')`: the list comes from a function named for its kind.
      const inner = this.openerOf[open - 3];
      const fn = inner > 0 ? this.pathBefore(inner - 1) : undefined;
      const receiver = fn && kindFromName(fn.path[fn.path.length - 1]);
      if (receiver) return { receiver, receiverEvidence: 'name', compose: false, session: false, loose: false };
      return undefined;
    }
    if (c.path.length >= 2 && MEMBERSHIP_METHODS.has(c.name)) {
      const receiverPath = c.path.slice(0, -1);
      const receiver = this.pathKind(receiverPath);
      if (receiver) return { receiver, receiverEvidence: this.pathEvidence(receiverPath), compose: false, session: true, loose: false };
      return undefined;
    }
    if (PERMISSION_HELPERS.has(c.name)) {
      // `ability.can('read', 'Post')` is CASL: its arguments are an action and a subject.
      if (LOOSE_HELPERS.has(c.name) && c.path.includes('ability')) return undefined;
      // `hasPermission(apiKey, 'mcp:write')`: the scopes of an API key or token, not WorkOS's.
      if (this.firstArgIsCredential(open)) return undefined;
      // `can('team', 'manage')` means `team:manage` like `requirePermission('team', 'manage')`.
      return { builtin: 'permission', compose: true, session: true, loose: LOOSE_HELPERS.has(c.name) };
    }
    if (ROLE_HELPERS.has(c.name)) return { builtin: 'role', compose: false, session: true, loose: false };
    const sdk = SDK_POSITIONAL[c.name];
    if (sdk && c.path.length >= 2) return { sdk, compose: false, session: false, loose: false };
    return undefined;
  }

  private callArgSlot(c: Callee, spec: NonNullable<ReturnType<Analyzer['calleeSpec']>>, arg: number): Slot | undefined {
    const place = `${c.path.join('.')}()`;
    if (spec.fixed) return arg === 0 ? spec.fixed : undefined;
    if (spec.helper) return spec.helper.arg === arg && spec.helper.prop === undefined ? { kind: spec.helper.kind, place, session: spec.session, evidence: 'helper' } : undefined;
    if (spec.receiver) {
      const evidence = spec.receiverEvidence ?? 'name';
      return arg === 0 ? { kind: spec.receiver, place, session: evidence === 'session', evidence } : undefined;
    }
    if (spec.builtin) return { kind: spec.builtin, place, session: spec.session, loose: spec.loose, evidence: 'helper' };
    if (spec.sdk) {
      const evidence: Evidence = c.path.some((p) => /workos|authorization/i.test(p)) ? 'sdk' : 'name';
      return spec.sdk.arg === arg ? { kind: spec.sdk.kind, place, session: false, evidence } : undefined;
    }
    return undefined;
  }

  // ---- emitting ----

  /** Emits what an argument or element spanning [a, b] holds: a string, a template, an array, a constant. */
  private emitRange(a: number, b: number, slot: Slot): void {
    if (a > b) return;
    // `'ghost' as never`, `ROLES.ADMIN as Role`: an assertion changes no value.
    if (b >= a + 2 && this.isIdent(b - 1, 'as') && this.isIdent(b)) return this.emitRange(a, b - 2, slot);
    if (this.isStringLike(a) && (a === b || this.unterminated(a))) return this.emitString(a, slot);
    if (this.t.type[a] === Tok.TemplateHead && this.templateEnd(a) === b) return this.emitTemplate(a, b, slot);
    if (this.pc[a] === P.LBRACKET && this.closerOf[a] === b) return this.emitArray(a, slot);
    // `expect.arrayContaining(['a:b'])`, `new Set(['admin'])`: the list inside.
    if (this.pc[b] === P.RPAREN && this.pc[b - 1] === P.RBRACKET && this.openerOf[b] >= a && this.pc[this.openerOf[b] + 1] === P.LBRACKET && this.closerOf[this.openerOf[b] + 1] === b - 1) {
      const callee = this.tx(this.openerOf[b] - 1);
      if (callee === 'arrayContaining' || callee === 'Set' || callee === 'freeze' || callee === 'from') return this.emitArray(this.openerOf[b] + 1, slot);
    }
    const p = this.pathAfter(a);
    if (p && p.last === b && !NOT_VALUES.has(p.path[0])) this.pushRef(a, b, p.path, slot);
  }

  private emitArray(open: number, slot: Slot): void {
    for (const [a, b] of this.itemsOf(open) ?? []) {
      if (this.pc[a] === P.SPREAD) {
        const p = this.pathAfter(a + 1);
        if (p && p.last === b) this.pushRef(a + 1, b, p.path, slot);
        continue;
      }
      if (this.pc[a] === P.LBRACKET) continue;
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
    if (!this.plausible(value, slot)) return;
    this.occurrences.push({
      kind: slot.kind,
      slug: value,
      range,
      via: 'literal',
      place: slot.place,
      session: slot.session,
      evidence: slot.evidence,
      typeName: slot.typeName,
      callId: slot.callId,
    });
  }

  /**
   * Whether a value can be a slug at this place. Sentinels (`''`, `'any'`, `'string'`) never are.
   * Where only a name says "slug", a value that cannot be one (capitals, spaces: a display label)
   * or that is an LLM chat role means the place is no slug place at all, not a malformed slug.
   */
  private plausible(value: string, slot: Slot): boolean {
    // Completion asks about the string being typed: any prefix of a slug, the empty one too.
    if (this.completion) return true;
    if (value === '') return false;
    if (slot.evidence === 'sdk') return true;
    if (SENTINELS.has(value)) return false;
    if (isStrong(slot.evidence)) return true;
    if (!SLUG_SHAPE.test(value)) return false;
    if (slot.kind === 'role' && CHAT_ROLES.has(value)) return false;
    return true;
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
    // A template checked where only a name says "slug" is a key or a label far more often than a slug.
    if (!isStrong(slot.evidence)) return;
    this.occurrences.push({
      kind: slot.kind,
      slug: parts.join('*'),
      range,
      via: 'template',
      place: slot.place,
      session: slot.session,
      evidence: slot.evidence,
      templateParts: parts,
      callId: slot.callId,
    });
  }

  private pushRef(a: number, b: number, path: string[], slot: Slot): void {
    // A parameter of the enclosing function is no constant: it makes the function a helper.
    const param = this.functions.length > 0 && path.length <= 2 ? this.paramAt(a, path[0]) : undefined;
    if (param) {
      if (path.length === 1) this.paramUses.push({ fn: param.fn, arg: param.arg, prop: param.prop, slot });
      else if (param.prop === undefined) this.paramUses.push({ fn: param.fn, arg: param.arg, prop: path[1], slot });
      return;
    }
    this.constantRefs.push({
      kind: slot.kind,
      path,
      range: { start: this.t.start[a], end: this.t.end[b] },
      place: slot.place,
      session: slot.session,
      evidence: slot.evidence,
      typeName: slot.typeName,
      callId: slot.callId,
    });
  }

  // ---- file-level facts ----

  private collectConstants(): Map<string, ConstantValue[]> {
    const out = new Map<string, ConstantValue[]>();
    const add = (name: string, k: number, type?: true): void => {
      const range = this.stringContent(k);
      const value = this.text.slice(range.start, range.end);
      let list = out.get(name);
      if (!list) out.set(name, (list = []));
      list.push(type ? { value, range, type } : { value, range });
    };
    const collect = (name: string, v: number, depth: number): void => {
      if (depth > 8 || v >= this.n) return;
      if (this.isStringLike(v)) {
        if (this.pc[v + 1] !== P.PLUS) add(name, v);
      } else if (this.pc[v] === P.LBRACKET) {
        for (const [a, b] of this.itemsOf(v) ?? []) if (a === b && this.isStringLike(a)) add(name, a);
      } else if (this.pc[v] === P.LBRACE) {
        for (const [a, b] of this.itemsOf(v) ?? []) {
          if (b < a + 2 || this.pc[a + 1] !== P.COLON) continue;
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
        if (!name || this.pc[d + 2] !== P.LBRACE) continue;
        for (const [a, b] of this.itemsOf(d + 2) ?? []) {
          if (this.isIdent(a) && this.pc[a + 1] === P.EQ && b === a + 2 && this.isStringLike(b)) add(`${name}.${this.tx(a)}`, b);
        }
      } else if (kw === 'type') {
        if (!this.isIdent(d + 1) || this.pc[d + 2] !== P.EQ) continue;
        const name = this.tx(d + 1);
        let j = d + 3;
        if (this.pc[j] === P.PIPE) j++;
        while (this.isStringLike(j)) {
          add(name, j, true);
          if (this.pc[j + 1] !== P.PIPE) break;
          j += 2;
        }
      } else {
        let j = d + 1;
        for (let declarators = 0; declarators < 64 && this.isIdent(j); declarators++) {
          const name = this.tx(j);
          const eq = this.afterAnnotation(j + 1);
          if (this.pc[eq] !== P.EQ) break;
          const v = eq + 1;
          collect(name, v, 0);
          const end = this.closerOf[v] > v ? this.closerOf[v] : v;
          let next = end + 1;
          if (this.isIdent(next, 'as') || this.isIdent(next, 'satisfies')) next += 2;
          if (this.pc[next] !== P.COMMA) break;
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
        if (this.pc[j] === P.COMMA) j++;
      }
      if (this.pc[j] === P.STAR && this.isIdent(j + 1, 'as') && this.isIdent(j + 2)) {
        names.push([this.tx(j + 2), '*']);
        j += 3;
      } else if (this.pc[j] === P.LBRACE) {
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
    const lines = LineIndex.of(this.text);
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
