// Offset ↔ line/character conversion. Characters are UTF-16 code units, as in LSP's default
// position encoding and in JavaScript strings.

export interface Position {
  line: number;
  character: number;
}

export class LineIndex {
  private constructor(
    private readonly starts: Int32Array,
    private readonly length: number,
  ) {}

  static of(text: string): LineIndex {
    return new LineIndex(LineIndex.lineStarts(text), text.length);
  }

  /** The line starts this index was made from. */
  get lineStarts(): Int32Array {
    return this.starts;
  }

  /** From line starts computed elsewhere (a worker thread) for a text of `length` characters. */
  static fromStarts(starts: Int32Array, length: number): LineIndex {
    return new LineIndex(starts, length);
  }

  /** Offsets where lines start (`\n`, `\r\n` and `\r` end lines), in one typed array. */
  static lineStarts(text: string): Int32Array {
    let count = 1;
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) count++;
    const hasCr = text.includes('\r');
    if (!hasCr) {
      const starts = new Int32Array(count);
      let n = 1;
      for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts[n++] = i + 1;
      return starts;
    }
    const starts: number[] = [0];
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 10) starts.push(i + 1);
      else if (c === 13) {
        if (text.charCodeAt(i + 1) === 10) i++;
        starts.push(i + 1);
      }
    }
    return Int32Array.from(starts);
  }

  get lineCount(): number {
    return this.starts.length;
  }

  positionAt(offset: number): Position {
    offset = Math.max(0, Math.min(offset, this.length));
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, character: offset - this.starts[lo] };
  }

  offsetAt(pos: Position): number {
    if (pos.line < 0) return 0;
    if (pos.line >= this.starts.length) return this.length;
    const start = this.starts[pos.line];
    const next = pos.line + 1 < this.starts.length ? this.starts[pos.line + 1] : this.length;
    return Math.max(start, Math.min(start + pos.character, next));
  }

  lineStart(line: number): number {
    return this.starts[Math.max(0, Math.min(line, this.starts.length - 1))];
  }
}
