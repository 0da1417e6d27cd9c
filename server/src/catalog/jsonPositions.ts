// A small position-tracking JSON reader, used only after JSON.parse has failed or a field has
// been rejected: it finds the offset of a syntax error, and the offset of the value at a path,
// so every catalog error can name a line. The fast path stays on JSON.parse.

export interface JsonPosNode {
  start: number;
  keys?: Map<string, JsonPosNode>;
  items?: JsonPosNode[];
}

export class JsonSyntaxError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

export function parseJsonPositions(text: string): JsonPosNode {
  let i = 0;
  const ws = (): void => {
    while (i < text.length && (text[i] === ' ' || text[i] === '\t' || text[i] === '\n' || text[i] === '\r')) i++;
  };
  const fail = (message: string): never => {
    throw new JsonSyntaxError(message, Math.min(i, text.length));
  };
  const describe = (): string => (i >= text.length ? 'unexpected end of file' : `unexpected character '${text[i]}'`);

  const string = (): string => {
    let out = '';
    i++; // opening quote
    while (i < text.length) {
      const c = text[i];
      if (c === '"') {
        i++;
        return out;
      }
      if (c === '\\') {
        const e = text[i + 1];
        if (e === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) fail('invalid \\u escape in string');
          out += String.fromCharCode(parseInt(text.slice(i + 2, i + 6), 16));
          i += 6;
          continue;
        }
        const map: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };
        if (e === undefined || !(e in map)) {
          i++;
          fail('invalid escape in string');
        }
        out += map[e];
        i += 2;
        continue;
      }
      if (c < ' ') fail('control character in string (unterminated string?)');
      out += c;
      i++;
    }
    return fail('unterminated string');
  };

  const value = (): JsonPosNode => {
    ws();
    const start = i;
    const c = text[i];
    if (c === '{') {
      i++;
      const keys = new Map<string, JsonPosNode>();
      ws();
      if (text[i] === '}') {
        i++;
        return { start, keys };
      }
      for (;;) {
        ws();
        if (text[i] !== '"') fail(`expected a property name in double quotes, found ${describe()}`);
        const key = string();
        ws();
        if (text[i] !== ':') fail(`expected ':' after property name, found ${describe()}`);
        i++;
        keys.set(key, value());
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === '}') {
          i++;
          return { start, keys };
        }
        fail(`expected ',' or '}' in object, found ${describe()}`);
      }
    }
    if (c === '[') {
      i++;
      const items: JsonPosNode[] = [];
      ws();
      if (text[i] === ']') {
        i++;
        return { start, items };
      }
      for (;;) {
        items.push(value());
        ws();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === ']') {
          i++;
          return { start, items };
        }
        fail(`expected ',' or ']' in array, found ${describe()}`);
      }
    }
    if (c === '"') {
      string();
      return { start };
    }
    const m = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i, i + 64));
    if (m && m[0].length > 0 && c !== undefined && /[-0-9]/.test(c)) {
      i += m[0].length;
      return { start };
    }
    for (const word of ['true', 'false', 'null']) {
      if (text.startsWith(word, i)) {
        i += word.length;
        return { start };
      }
    }
    return fail(`expected a value, found ${describe()}`);
  };

  // A UTF-8 BOM is not JSON, but editors write it; JSON.parse rejects it too, so report it.
  const root = value();
  ws();
  if (i < text.length) fail(`unexpected content after the end of the JSON value: '${text[i]}'`);
  return root;
}

/** Offset of the deepest existing node along `path`. */
export function jsonOffsetAt(root: JsonPosNode, path: (string | number)[]): number {
  let node = root;
  for (const seg of path) {
    const next = typeof seg === 'number' ? node.items?.[seg] : node.keys?.get(seg);
    if (!next) break;
    node = next;
  }
  return node.start;
}
