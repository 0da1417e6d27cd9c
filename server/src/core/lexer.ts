// A JavaScript/TypeScript/JSX tokenizer that keeps only what slug analysis needs: identifiers,
// punctuation, string and template literals with exact ranges, and JSX structure. Comments are
// skipped (strings in comments are not code), regex literals are recognised so their contents are
// not mistaken for strings, and template literals nest through `${}`.
//
// Why not `ts.createScanner`: scanner-only use still leaves JSX and template nesting to the caller,
// and bundling the typescript package would add megabytes to the server and its load time to
// every start. This lexer's string, template and regex ranges are checked against the TypeScript
// parser in test/unit/lexer.test.ts.
// It never throws: unterminated constructs end at the line or file end.

export const enum Tok {
  Ident = 1,
  String = 2,
  /** A template literal without substitutions, backticks included. */
  Template = 3,
  /** From the opening backtick to `${`. */
  TemplateHead = 4,
  /** From `}` to the next `${`. */
  TemplateMiddle = 5,
  /** From `}` to the closing backtick. */
  TemplateTail = 6,
  Number = 7,
  Punct = 8,
  Regex = 9,
  JsxText = 10,
  /** The tag name of an opening JSX element (empty for a fragment). */
  JsxTagName = 11,
  JsxAttr = 12,
  /** A quoted JSX attribute value, quotes included. */
  JsxString = 13,
  /** `>` or `/>` ending an opening tag. */
  JsxTagEnd = 14,
  /** A whole closing tag `</name>`. */
  JsxClose = 15,
}

export interface Tokens {
  count: number;
  type: Uint8Array;
  start: Int32Array;
  end: Int32Array;
}

export interface CommentDirective {
  /** Offset of the comment start. */
  offset: number;
  /** The comment text after the directive keyword. */
  text: string;
}

export interface LexResult {
  tokens: Tokens;
  directives: CommentDirective[];
}

const DIRECTIVE = 'workos-authz-ignore-next-line';

// Keywords after which `/` starts a regex and `<` may start JSX: an expression is expected next.
const EXPRESSION_KEYWORDS = new Set([
  'return', 'typeof', 'instanceof', 'in', 'of', 'new', 'delete', 'void', 'throw', 'case', 'do', 'else',
  'yield', 'await', 'extends',
]);

const enum Mode {
  Js = 0,
  Template = 1,
  JsxTag = 2,
  JsxChildren = 3,
}

// Token buffers are reused between calls: scanning a workspace allocates them once.
let shared: Tokens = { count: 0, type: new Uint8Array(4096), start: new Int32Array(4096), end: new Int32Array(4096) };

function isIdentStart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95 || c === 36 || (c >= 128 && c !== 0x2028 && c !== 0x2029 && c !== 0xa0 && c !== 0xfeff);
}

function isIdentPart(c: number): boolean {
  return isIdentStart(c) || (c >= 48 && c <= 57);
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** Past this many slots the shared buffers are dropped after use: one huge file must not pin them. */
export const KEEP_SLOTS = 1 << 18;

/** Drops token buffers grown for a large text (the next call allocates what it needs). */
export function releaseLargeBuffers(): void {
  if (shared.type.length > KEEP_SLOTS) shared = { count: 0, type: new Uint8Array(4096), start: new Int32Array(4096), end: new Int32Array(4096) };
}

/**
 * Tokenizes `text`. The returned token arrays are shared and overwritten by the next call: copy what
 * must outlive it. `jsx` enables JSX (off for `.ts`, where `<T>x` is a type assertion).
 */
export function lex(text: string, jsx: boolean): LexResult {
  // Every token but an empty fragment name consumes a character: len + 2 slots always suffice.
  // A few zeroed slots past the last token let readers peek ahead without bounds checks.
  if (shared.type.length < text.length + 8) {
    const size = Math.max(text.length + 8, shared.type.length * 2);
    shared = { count: 0, type: new Uint8Array(size), start: new Int32Array(size), end: new Int32Array(size) };
  }
  const lexer = new Lexer(text, jsx, shared);
  lexer.run();
  shared.count = lexer.count;
  shared.type.fill(0, lexer.count, lexer.count + 6);
  return { tokens: shared, directives: lexer.directives };
}

class Lexer {
  count = 0;
  readonly directives: CommentDirective[] = [];
  private readonly len: number;
  private readonly type: Uint8Array;
  private readonly start: Int32Array;
  private readonly end: Int32Array;
  // Mode stack: parallel arrays of mode and, for Js frames, open-brace depth.
  private readonly modes: number[] = [Mode.Js];
  private readonly depths: number[] = [0];
  private lastType = 0;
  private lastStart = 0;
  private lastEnd = 0;
  /** Set by scanTemplateText: whether the part ended with a backtick. */
  private templateClosed = false;

  constructor(
    private readonly text: string,
    private readonly jsx: boolean,
    toks: Tokens,
  ) {
    this.len = text.length;
    this.type = toks.type;
    this.start = toks.start;
    this.end = toks.end;
  }

  private push(type: number, start: number, end: number): void {
    const i = this.count++;
    this.type[i] = type;
    this.start[i] = start;
    this.end[i] = end;
    this.lastType = type;
    this.lastStart = start;
    this.lastEnd = end;
  }

  private pushMode(mode: number): void {
    this.modes.push(mode);
    this.depths.push(0);
  }

  private popMode(): void {
    this.modes.pop();
    this.depths.pop();
  }

  /** True when the previous token ends an operand, so `/` divides and `<` compares. */
  private afterOperand(): boolean {
    const text = this.text;
    switch (this.lastType) {
      case 0:
        return false;
      case Tok.Ident:
        return !EXPRESSION_KEYWORDS.has(text.slice(this.lastStart, this.lastEnd));
      case Tok.Punct: {
        const c = text.charCodeAt(this.lastStart);
        if (this.lastEnd - this.lastStart === 1) return c === 41 /* ) */ || c === 93 /* ] */ || c === 125 /* } */;
        // Postfix ++ and -- end an operand.
        return (c === 43 || c === 45) && text.charCodeAt(this.lastStart + 1) === c;
      }
      case Tok.JsxText:
      case Tok.JsxTagEnd:
        return false;
      default:
        return true;
    }
  }

  private checkDirective(bodyStart: number, bodyEnd: number, commentStart: number): void {
    const text = this.text;
    let p = bodyStart;
    while (p < bodyEnd && (text.charCodeAt(p) === 32 || text.charCodeAt(p) === 9 || text.charCodeAt(p) === 42)) p++;
    if (text.charCodeAt(p) === 119 /* w */ && text.startsWith(DIRECTIVE, p)) {
      this.directives.push({ offset: commentStart, text: text.slice(p + DIRECTIVE.length, bodyEnd) });
    }
  }

  /** Skips whitespace and comments; returns the new position. */
  private skipTrivia(p: number): number {
    const text = this.text;
    const len = this.len;
    while (p < len) {
      const c = text.charCodeAt(p);
      if (c === 32 || c === 10 || c === 9 || c === 13 || c === 11 || c === 12 || c === 0xa0 || c === 0xfeff || c === 0x2028 || c === 0x2029) {
        p++;
      } else if (c === 47 /* / */) {
        const d = text.charCodeAt(p + 1);
        if (d === 47) {
          let e = p + 2;
          while (e < len) {
            const x = text.charCodeAt(e);
            if (x === 10 || x === 13) break;
            e++;
          }
          this.checkDirective(p + 2, e, p);
          p = e;
        } else if (d === 42) {
          let e = text.indexOf('*/', p + 2);
          e = e < 0 ? len : e;
          this.checkDirective(p + 2, e, p);
          p = e === len ? len : e + 2;
        } else {
          return p;
        }
      } else if (c === 35 /* # */ && p === 0 && text.charCodeAt(1) === 33 /* ! hashbang */) {
        while (p < len && text.charCodeAt(p) !== 10) p++;
      } else {
        return p;
      }
    }
    return p;
  }

  private scanQuoted(p: number, quote: number, allowNewline: boolean, escapes: boolean): number {
    const text = this.text;
    const len = this.len;
    let e = p + 1;
    while (e < len) {
      const c = text.charCodeAt(e);
      if (c === quote) return e + 1;
      if (escapes && c === 92 /* \ */) {
        e += 2;
        continue;
      }
      if (!allowNewline && (c === 10 || c === 13)) return e; // unterminated: ends at the line end
      e++;
    }
    return len;
  }

  /** Scans template text from p (just after ` or }); sets templateClosed; returns the end. */
  private scanTemplateText(p: number): number {
    const text = this.text;
    const len = this.len;
    let e = p;
    while (e < len) {
      const c = text.charCodeAt(e);
      if (c === 96 /* ` */) {
        this.templateClosed = true;
        return e + 1;
      }
      if (c === 92) {
        e += 2;
        continue;
      }
      if (c === 36 /* $ */ && text.charCodeAt(e + 1) === 123 /* { */) {
        this.templateClosed = false;
        return e + 2;
      }
      e++;
    }
    this.templateClosed = true;
    return len;
  }

  private scanRegex(p: number): number {
    const text = this.text;
    const len = this.len;
    let e = p + 1;
    let inClass = false;
    while (e < len) {
      const c = text.charCodeAt(e);
      if (c === 10 || c === 13) return e;
      if (c === 92) {
        e += 2;
        continue;
      }
      if (c === 91) inClass = true;
      else if (c === 93) inClass = false;
      else if (c === 47 && !inClass) {
        e++;
        while (e < len && isIdentPart(text.charCodeAt(e))) e++;
        return e;
      }
      e++;
    }
    return len;
  }

  private scanJsxName(p: number): number {
    const text = this.text;
    let e = p;
    while (e < this.len) {
      const c = text.charCodeAt(e);
      if (isIdentPart(c) || c === 45 /* - */ || c === 46 /* . */ || c === 58 /* : */) e++;
      else break;
    }
    return e;
  }

  run(): void {
    const text = this.text;
    const len = this.len;
    const modes = this.modes;
    const depths = this.depths;
    let pos = 0;
    // Bounded by construction (every branch advances pos), but a hard cap keeps a logic slip from hanging.
    let guard = len * 4 + 16;
    while (pos < len && guard-- > 0) {
      const mode = modes[modes.length - 1];

      if (mode === Mode.Template) {
        // Resuming after a `${ … }` hole: pos is at the closing brace.
        const e = this.scanTemplateText(pos + 1);
        const closed = this.templateClosed;
        this.push(closed ? Tok.TemplateTail : Tok.TemplateMiddle, pos, e);
        if (closed) this.popMode();
        else this.pushMode(Mode.Js);
        pos = e;
        continue;
      }

      if (mode === Mode.JsxChildren) {
        pos = this.jsxChildren(pos);
        continue;
      }

      if (mode === Mode.JsxTag) {
        pos = this.jsxTag(pos);
        continue;
      }

      // Mode.Js
      let c = text.charCodeAt(pos);
      if (c <= 32 || c === 47 || c >= 0xa0 || c === 35) {
        pos = this.skipTrivia(pos);
        if (pos >= len) break;
        c = text.charCodeAt(pos);
      }

      if (isIdentStart(c) || (c === 35 /* # private name */ && isIdentStart(text.charCodeAt(pos + 1)))) {
        let e = pos + 1;
        while (e < len && isIdentPart(text.charCodeAt(e))) e++;
        this.push(Tok.Ident, pos, e);
        pos = e;
        continue;
      }
      if (c === 34 || c === 39) {
        const e = this.scanQuoted(pos, c, false, true);
        this.push(Tok.String, pos, e);
        pos = e;
        continue;
      }
      if (isDigit(c) || (c === 46 && isDigit(text.charCodeAt(pos + 1)))) {
        let e = pos + 1;
        while (e < len) {
          const x = text.charCodeAt(e);
          if (isIdentPart(x) || x === 46) e++;
          else if ((x === 43 || x === 45) && (text.charCodeAt(e - 1) | 32) === 101 && !text.startsWith('0x', pos)) e++;
          else break;
        }
        this.push(Tok.Number, pos, e);
        pos = e;
        continue;
      }
      if (c === 96) {
        const e = this.scanTemplateText(pos + 1);
        if (this.templateClosed) {
          this.push(Tok.Template, pos, e);
        } else {
          this.push(Tok.TemplateHead, pos, e);
          this.pushMode(Mode.Template);
          this.pushMode(Mode.Js);
        }
        pos = e;
        continue;
      }
      if (c === 123) {
        depths[depths.length - 1]++;
        this.push(Tok.Punct, pos, pos + 1);
        pos++;
        continue;
      }
      if (c === 125) {
        const top = depths.length - 1;
        if (depths[top] > 0 || modes.length === 1) {
          if (depths[top] > 0) depths[top]--;
          this.push(Tok.Punct, pos, pos + 1);
          pos++;
        } else {
          // This brace closes a `${` hole or a JSX expression container.
          this.popMode();
          if (modes[modes.length - 1] !== Mode.Template) {
            this.push(Tok.Punct, pos, pos + 1);
            pos++;
          }
          // For a template, the next loop turn scans from this brace as a middle or tail.
        }
        continue;
      }
      if (c === 47 /* / */ && !this.afterOperand()) {
        const e = this.scanRegex(pos);
        this.push(Tok.Regex, pos, e);
        pos = e;
        continue;
      }
      if (c === 60 /* < */ && this.jsx && !this.afterOperand()) {
        const d = text.charCodeAt(pos + 1);
        if (d === 62 /* <> fragment */) {
          this.push(Tok.JsxTagName, pos + 1, pos + 1);
          this.push(Tok.JsxTagEnd, pos + 1, pos + 2);
          this.pushMode(Mode.JsxChildren);
          pos += 2;
          continue;
        }
        if (isIdentStart(d)) {
          const e = this.scanJsxName(pos + 1);
          this.push(Tok.JsxTagName, pos + 1, e);
          this.pushMode(Mode.JsxTag);
          pos = e;
          continue;
        }
      }
      const plen = punctLength(text, pos);
      this.push(Tok.Punct, pos, pos + plen);
      pos += plen;
    }
  }

  private jsxChildren(pos: number): number {
    const text = this.text;
    const len = this.len;
    const c = text.charCodeAt(pos);
    if (c === 123 /* { */) {
      this.push(Tok.Punct, pos, pos + 1);
      this.pushMode(Mode.Js);
      return pos + 1;
    }
    if (c === 60 /* < */) {
      let p = pos + 1;
      while (p < len && (text.charCodeAt(p) === 32 || text.charCodeAt(p) === 10 || text.charCodeAt(p) === 9 || text.charCodeAt(p) === 13)) p++;
      if (text.charCodeAt(p) === 47 /* / */) {
        const gt = text.indexOf('>', p);
        const e = gt < 0 ? len : gt + 1;
        this.push(Tok.JsxClose, pos, e);
        this.popMode();
        return e;
      }
      if (text.charCodeAt(p) === 62 /* > fragment */) {
        this.push(Tok.JsxTagName, p, p);
        this.push(Tok.JsxTagEnd, p, p + 1);
        this.pushMode(Mode.JsxChildren);
        return p + 1;
      }
      const e = this.scanJsxName(p);
      this.push(Tok.JsxTagName, p, e);
      this.pushMode(Mode.JsxTag);
      return e > p ? e : p + 1;
    }
    let e = pos;
    while (e < len) {
      const x = text.charCodeAt(e);
      if (x === 123 || x === 60) break;
      e++;
    }
    this.push(Tok.JsxText, pos, e);
    return e;
  }

  private jsxTag(pos: number): number {
    const text = this.text;
    const p = this.skipTrivia(pos);
    if (p >= this.len) return this.len;
    const c = text.charCodeAt(p);
    if (c === 62 /* > */) {
      this.push(Tok.JsxTagEnd, p, p + 1);
      this.modes[this.modes.length - 1] = Mode.JsxChildren;
      return p + 1;
    }
    if (c === 47 /* / */ && text.charCodeAt(p + 1) === 62) {
      this.push(Tok.JsxTagEnd, p, p + 2);
      this.popMode();
      return p + 2;
    }
    if (c === 123) {
      this.push(Tok.Punct, p, p + 1);
      this.pushMode(Mode.Js);
      return p + 1;
    }
    if (c === 34 || c === 39) {
      const e = this.scanQuoted(p, c, true, false);
      this.push(Tok.JsxString, p, e);
      return e;
    }
    if (c === 61 /* = */) {
      this.push(Tok.Punct, p, p + 1);
      return p + 1;
    }
    if (isIdentStart(c)) {
      const e = this.scanJsxName(p);
      this.push(Tok.JsxAttr, p, e);
      return e;
    }
    // Not JSX after all (a TSX generic arrow such as `<T,>() => …`): back to code.
    this.popMode();
    return p;
  }
}

/** Length of the punctuator at `pos` (1 to 4 characters). */
function punctLength(text: string, pos: number): number {
  const c = text.charCodeAt(pos);
  const d = text.charCodeAt(pos + 1);
  const e = text.charCodeAt(pos + 2);
  switch (c) {
    case 61: // =
      if (d === 61) return e === 61 ? 3 : 2; // == ===
      return d === 62 ? 2 : 1; // =>
    case 33: // !
      return d === 61 ? (e === 61 ? 3 : 2) : 1;
    case 46: // .
      return d === 46 && e === 46 ? 3 : 1;
    case 63: // ?
      if (d === 63) return e === 61 ? 3 : 2; // ?? ??=
      // `a?.5:b` is a conditional, not optional chaining.
      return d === 46 && !(e >= 48 && e <= 57) ? 2 : 1;
    case 124: // |
    case 38: // &
      if (d === c) return e === 61 ? 3 : 2;
      return d === 61 ? 2 : 1;
    case 42: // *
      if (d === 42) return e === 61 ? 3 : 2;
      return d === 61 ? 2 : 1;
    case 60: // <
      if (d === 60) return e === 61 ? 3 : 2;
      return d === 61 ? 2 : 1;
    case 62: // >
      if (d === 62) {
        if (e === 62) return text.charCodeAt(pos + 3) === 61 ? 4 : 3;
        return e === 61 ? 3 : 2;
      }
      return d === 61 ? 2 : 1;
    case 43: // +
    case 45: // -
      return d === c || d === 61 ? 2 : 1;
    case 47: // /
    case 37: // %
    case 94: // ^
      return d === 61 ? 2 : 1;
    default:
      return 1;
  }
}
