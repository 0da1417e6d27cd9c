// A JavaScript/TypeScript/JSX tokenizer that keeps only what slug analysis needs: identifiers,
// punctuation, string and template literals with exact ranges, and JSX structure. Comments are
// skipped (strings in comments are not code), regex literals are recognised so their contents are
// not mistaken for strings, and template literals nest through `${}`.
//
// Why not `ts.createScanner`: it runs at ~140 MB/s here and adds ~144 ms of load time and 3.6 MB
// of bundle (shared/reference/performance.md); this lexer runs several times faster on the same
// corpus and its string ranges are checked against the TypeScript parser in test/unit/lexer.test.ts.
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

/**
 * Tokenizes `text`. The returned token arrays are shared and overwritten by the next call: copy what
 * must outlive it. `jsx` enables JSX (off for `.ts`, where `<T>x` is a type assertion).
 */
export function lex(text: string, jsx: boolean): LexResult {
  const len = text.length;
  let toks = shared;
  let count = 0;
  const directives: CommentDirective[] = [];

  // Mode stack: parallel arrays of mode and, for Js frames, open-brace depth.
  let modes: number[] = [Mode.Js];
  let depths: number[] = [0];

  let lastType = 0;
  let lastStart = 0;
  let lastEnd = 0;

  const push = (type: number, start: number, end: number): void => {
    if (count === toks.type.length) {
      const size = toks.type.length * 2;
      const grown: Tokens = { count, type: new Uint8Array(size), start: new Int32Array(size), end: new Int32Array(size) };
      grown.type.set(toks.type);
      grown.start.set(toks.start);
      grown.end.set(toks.end);
      toks = shared = grown;
    }
    toks.type[count] = type;
    toks.start[count] = start;
    toks.end[count] = end;
    count++;
    lastType = type;
    lastStart = start;
    lastEnd = end;
  };

  // True when the previous token ends an operand, so `/` divides and `<` compares.
  const afterOperand = (): boolean => {
    switch (lastType) {
      case 0:
        return false;
      case Tok.Ident:
        return !EXPRESSION_KEYWORDS.has(text.slice(lastStart, lastEnd));
      case Tok.Punct: {
        const c = text.charCodeAt(lastStart);
        if (lastEnd - lastStart === 1) return c === 41 /* ) */ || c === 93 /* ] */ || c === 125 /* } */;
        // Postfix ++ and -- end an operand.
        return (c === 43 || c === 45) && text.charCodeAt(lastStart + 1) === c;
      }
      case Tok.JsxText:
      case Tok.JsxTagEnd:
        return false;
      default:
        return true;
    }
  };

  const checkDirective = (bodyStart: number, bodyEnd: number, commentStart: number): void => {
    let p = bodyStart;
    while (p < bodyEnd && (text.charCodeAt(p) === 32 || text.charCodeAt(p) === 9 || text.charCodeAt(p) === 42)) p++;
    if (text.startsWith(DIRECTIVE, p)) {
      directives.push({ offset: commentStart, text: text.slice(p + DIRECTIVE.length, bodyEnd) });
    }
  };

  // Skips whitespace and comments; returns the new position.
  const skipTrivia = (p: number): number => {
    while (p < len) {
      const c = text.charCodeAt(p);
      if (c === 32 || c === 9 || c === 10 || c === 13 || c === 11 || c === 12 || c === 0xa0 || c === 0xfeff || c === 0x2028 || c === 0x2029) {
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
          checkDirective(p + 2, e, p);
          p = e;
        } else if (d === 42) {
          let e = text.indexOf('*/', p + 2);
          e = e < 0 ? len : e;
          checkDirective(p + 2, e, p);
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
  };

  const scanQuoted = (p: number, quote: number, allowNewline: boolean, escapes: boolean): number => {
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
  };

  // Scans template text from p (just after ` or }); returns [end, endedWithBacktick].
  const scanTemplateText = (p: number): [number, boolean] => {
    let e = p;
    while (e < len) {
      const c = text.charCodeAt(e);
      if (c === 96 /* ` */) return [e + 1, true];
      if (c === 92) {
        e += 2;
        continue;
      }
      if (c === 36 /* $ */ && text.charCodeAt(e + 1) === 123 /* { */) return [e + 2, false];
      e++;
    }
    return [len, true];
  };

  const scanRegex = (p: number): number => {
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
  };

  const scanJsxName = (p: number): number => {
    let e = p;
    while (e < len) {
      const c = text.charCodeAt(e);
      if (isIdentPart(c) || c === 45 /* - */ || c === 46 /* . */ || c === 58 /* : */) e++;
      else break;
    }
    return e;
  };

  let pos = 0;
  // Bounded by construction (every branch advances pos), but a hard cap keeps a logic slip from hanging.
  let guard = len * 4 + 16;
  while (pos < len && guard-- > 0) {
    const mode = modes[modes.length - 1];

    if (mode === Mode.Template) {
      // Resuming after a `${ … }` hole: pos is at the closing brace.
      const [e, closed] = scanTemplateText(pos + 1);
      push(closed ? Tok.TemplateTail : Tok.TemplateMiddle, pos, e);
      if (closed) modes.pop(), depths.pop();
      else modes.push(Mode.Js), depths.push(0);
      pos = e;
      continue;
    }

    if (mode === Mode.JsxChildren) {
      const c = text.charCodeAt(pos);
      if (c === 123 /* { */) {
        push(Tok.Punct, pos, pos + 1);
        modes.push(Mode.Js), depths.push(0);
        pos++;
      } else if (c === 60 /* < */) {
        let p = pos + 1;
        while (p < len && (text.charCodeAt(p) === 32 || text.charCodeAt(p) === 10 || text.charCodeAt(p) === 9 || text.charCodeAt(p) === 13)) p++;
        if (text.charCodeAt(p) === 47 /* / */) {
          const gt = text.indexOf('>', p);
          const e = gt < 0 ? len : gt + 1;
          push(Tok.JsxClose, pos, e);
          modes.pop(), depths.pop();
          pos = e;
        } else if (text.charCodeAt(p) === 62 /* > fragment */) {
          push(Tok.JsxTagName, p, p);
          push(Tok.JsxTagEnd, p, p + 1);
          modes.push(Mode.JsxChildren), depths.push(0);
          pos = p + 1;
        } else {
          const e = scanJsxName(p);
          push(Tok.JsxTagName, p, e);
          modes.push(Mode.JsxTag), depths.push(0);
          pos = e > p ? e : p + 1;
        }
      } else {
        let e = pos;
        while (e < len) {
          const x = text.charCodeAt(e);
          if (x === 123 || x === 60) break;
          e++;
        }
        push(Tok.JsxText, pos, e);
        pos = e;
      }
      continue;
    }

    if (mode === Mode.JsxTag) {
      const p = skipTrivia(pos);
      if (p >= len) break;
      const c = text.charCodeAt(p);
      if (c === 62 /* > */) {
        push(Tok.JsxTagEnd, p, p + 1);
        modes[modes.length - 1] = Mode.JsxChildren;
        pos = p + 1;
      } else if (c === 47 /* / */ && text.charCodeAt(p + 1) === 62) {
        push(Tok.JsxTagEnd, p, p + 2);
        modes.pop(), depths.pop();
        pos = p + 2;
      } else if (c === 123) {
        push(Tok.Punct, p, p + 1);
        modes.push(Mode.Js), depths.push(0);
        pos = p + 1;
      } else if (c === 34 || c === 39) {
        const e = scanQuoted(p, c, true, false);
        push(Tok.JsxString, p, e);
        pos = e;
      } else if (c === 61 /* = */) {
        push(Tok.Punct, p, p + 1);
        pos = p + 1;
      } else if (isIdentStart(c)) {
        const e = scanJsxName(p);
        push(Tok.JsxAttr, p, e);
        pos = e;
      } else {
        // Not JSX after all (a TSX generic arrow such as `<T,>() => …`): back to code.
        modes.pop(), depths.pop();
        pos = p;
      }
      continue;
    }

    // Mode.Js
    pos = skipTrivia(pos);
    if (pos >= len) break;
    const c = text.charCodeAt(pos);

    if (isIdentStart(c) || (c === 35 /* # private name */ && isIdentStart(text.charCodeAt(pos + 1)))) {
      let e = pos + 1;
      while (e < len && isIdentPart(text.charCodeAt(e))) e++;
      push(Tok.Ident, pos, e);
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
      push(Tok.Number, pos, e);
      pos = e;
      continue;
    }
    if (c === 34 || c === 39) {
      const e = scanQuoted(pos, c, false, true);
      push(Tok.String, pos, e);
      pos = e;
      continue;
    }
    if (c === 96) {
      const [e, closed] = scanTemplateText(pos + 1);
      if (closed) {
        push(Tok.Template, pos, e);
      } else {
        push(Tok.TemplateHead, pos, e);
        modes.push(Mode.Template), depths.push(0);
        modes.push(Mode.Js), depths.push(0);
      }
      pos = e;
      continue;
    }
    if (c === 123) {
      depths[depths.length - 1]++;
      push(Tok.Punct, pos, pos + 1);
      pos++;
      continue;
    }
    if (c === 125) {
      const top = depths.length - 1;
      if (depths[top] > 0 || modes.length === 1) {
        if (depths[top] > 0) depths[top]--;
        push(Tok.Punct, pos, pos + 1);
        pos++;
      } else {
        // This brace closes a `${` hole or a JSX expression container.
        modes.pop(), depths.pop();
        if (modes[modes.length - 1] !== Mode.Template) {
          push(Tok.Punct, pos, pos + 1);
          pos++;
        }
        // For a template, the next loop turn scans from this brace as a middle or tail.
      }
      continue;
    }
    if (c === 47 /* / */ && !afterOperand()) {
      const e = scanRegex(pos);
      push(Tok.Regex, pos, e);
      pos = e;
      continue;
    }
    if (c === 60 /* < */ && jsx && !afterOperand()) {
      const d = text.charCodeAt(pos + 1);
      if (d === 62 /* <> fragment */) {
        push(Tok.JsxTagName, pos + 1, pos + 1);
        push(Tok.JsxTagEnd, pos + 1, pos + 2);
        modes.push(Mode.JsxChildren), depths.push(0);
        pos += 2;
        continue;
      }
      if (isIdentStart(d)) {
        const e = scanJsxName(pos + 1);
        push(Tok.JsxTagName, pos + 1, e);
        modes.push(Mode.JsxTag), depths.push(0);
        pos = e;
        continue;
      }
    }
    pos = scanPunct(text, pos, push);
  }

  // Unterminated constructs at the end of the file leave frames open; nothing more to do.
  modes = depths = [];
  toks.count = count;
  return { tokens: toks, directives };
}

const THREE = ['===', '!==', '...', '??=', '||=', '&&=', '>>>', '**=', '<<=', '>>='];
const TWO = ['==', '!=', '=>', '??', '?.', '||', '&&', '<=', '>=', '++', '--', '**', '+=', '-=', '*=', '/=', '%=', '&=', '|=', '^=', '<<'];

function scanPunct(text: string, pos: number, push: (t: number, s: number, e: number) => void): number {
  const c = text.charCodeAt(pos);
  // ( ) [ ] ; , ~ : @ never start a longer punctuator.
  if (c === 40 || c === 41 || c === 91 || c === 93 || c === 59 || c === 44 || c === 126 || c === 58 || c === 64) {
    push(Tok.Punct, pos, pos + 1);
    return pos + 1;
  }
  for (const p of THREE) {
    if (text.startsWith(p, pos)) {
      push(Tok.Punct, pos, pos + 3);
      return pos + 3;
    }
  }
  for (const p of TWO) {
    if (text.startsWith(p, pos)) {
      // `a?.5:b` is a conditional, not optional chaining.
      if (p === '?.' && isDigit(text.charCodeAt(pos + 2))) break;
      push(Tok.Punct, pos, pos + 2);
      return pos + 2;
    }
  }
  push(Tok.Punct, pos, pos + 1);
  return pos + 1;
}
