// In-process passes over the same files as the indexer: plain Node read + slug regex (what
// performance.md calls the practical single-thread ceiling), read + this project's lexer alone
// (the least any scan built on it costs: no pre-pass, no analysis, no index), and a full
// TypeScript parse (the cost an AST-for-everything design would pay).

import { readFileSync } from 'node:fs';
import { extname } from 'node:path';
import ts from 'typescript';
import { lex } from '../server/src/core/lexer';
import { jsxFor } from '../server/src/core/scanner';
import { SLUG_REGEX } from './ripgrep';
import { median } from './stats';

export interface PassResult {
  seconds: number;
  runs: number[];
  count: number;
}

function timed(runs: number, warmup: boolean, pass: () => number): PassResult {
  const count = warmup ? pass() : 0;
  const times: number[] = [];
  let last = count;
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    last = pass();
    times.push((performance.now() - started) / 1000);
  }
  return { seconds: median(times), runs: times, count: last };
}

export function nodeRegexPass(files: readonly string[], runs: number): PassResult {
  const re = new RegExp(SLUG_REGEX, 'g');
  return timed(runs, true, () => {
    let matches = 0;
    for (const f of files) {
      const text = readFileSync(f, 'utf8');
      re.lastIndex = 0;
      while (re.exec(text)) matches++;
    }
    return matches;
  });
}

/** Read + the lexer the scanner runs on, for every file; returns the tokens so the work is not dead code. */
export function lexPass(files: readonly string[], runs: number): PassResult {
  return timed(runs, true, () => {
    let tokens = 0;
    for (const f of files) tokens += lex(readFileSync(f, 'utf8'), jsxFor({ fileName: f })).tokens.count;
    return tokens;
  });
}

const KINDS: Record<string, ts.ScriptKind> = {
  '.ts': ts.ScriptKind.TS, '.mts': ts.ScriptKind.TS, '.cts': ts.ScriptKind.TS, '.tsx': ts.ScriptKind.TSX,
  '.js': ts.ScriptKind.JS, '.mjs': ts.ScriptKind.JS, '.cjs': ts.ScriptKind.JS, '.jsx': ts.ScriptKind.JSX,
};

/** Read + `ts.createSourceFile` for every file; returns statements parsed so the work is not dead code. */
export function typescriptParsePass(files: readonly string[], runs: number, warmup: boolean): PassResult {
  return timed(runs, warmup, () => {
    let statements = 0;
    for (const f of files) {
      const text = readFileSync(f, 'utf8');
      const sf = ts.createSourceFile(f, text, ts.ScriptTarget.Latest, false, KINDS[extname(f)] ?? ts.ScriptKind.TS);
      statements += sf.statements.length;
    }
    return statements;
  });
}
