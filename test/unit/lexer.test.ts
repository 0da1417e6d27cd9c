// The lexer's string, template and regex ranges must agree exactly with the TypeScript parser's,
// on this repository's own sources and the example app (real TS/TSX), and on tricky snippets.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import ts from 'typescript';
import { lex, Tok } from '../../server/src/core/lexer';

const root = join(__dirname, '..', '..');

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) out.push(...sourceFiles(full));
    else if (/\.(ts|tsx)$/.test(name) && !name.endsWith('.d.ts')) out.push(full);
  }
  return out;
}

function tsRanges(fileName: string, text: string): string[] {
  const sf = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, false, fileName.endsWith('.tsx') ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const out: string[] = [];
  const visit = (node: ts.Node): void => {
    switch (node.kind) {
      case ts.SyntaxKind.StringLiteral:
      case ts.SyntaxKind.NoSubstitutionTemplateLiteral:
      case ts.SyntaxKind.TemplateHead:
      case ts.SyntaxKind.TemplateMiddle:
      case ts.SyntaxKind.TemplateTail:
      case ts.SyntaxKind.RegularExpressionLiteral:
        out.push(`${node.getStart(sf)}-${node.end}`);
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return out.sort();
}

function ourRanges(fileName: string, text: string): string[] {
  const { tokens } = lex(text, fileName.endsWith('.tsx'));
  const out: string[] = [];
  for (let i = 0; i < tokens.count; i++) {
    const t = tokens.type[i];
    if (t === Tok.String || t === Tok.Template || t === Tok.TemplateHead || t === Tok.TemplateMiddle || t === Tok.TemplateTail || t === Tok.Regex || t === Tok.JsxString) {
      out.push(`${tokens.start[i]}-${tokens.end[i]}`);
    }
  }
  return out.sort();
}

describe('lexer agrees with the TypeScript parser', () => {
  const files = [
    ...sourceFiles(join(root, 'server', 'src')),
    ...sourceFiles(join(root, 'examples')),
    join(root, 'test', 'unit', 'scanner.test.ts'),
  ];
  test(`literal ranges in ${files.length} real files`, () => {
    assert.ok(files.length > 20, 'expected the repository sources');
    for (const f of files) {
      const text = readFileSync(f, 'utf8');
      assert.deepEqual(ourRanges(f, text), tsRanges(f, text), f);
    }
  });

  const snippets: [string, string][] = [
    ['nested templates', 'const a = `x${`y${z}w`}v${ {a: 1}.a }`;'],
    ['regex after keyword and operators', 'function f() { return /a"b/.test(x) ? /\'/g : a / b / c; }'],
    ['regex with a class holding a slash', 'const r = /[/"]+/; const s = "ok";'],
    ['comments with quotes', '// don\'t\n/* "x" */ const s = \'y\'; // `z`'],
    ['JSX with apostrophes and nested expressions', 'const el = <div title="a\'b">It\'s {cond ? <b>"no"</b> : \'yes\'} {/* c */}</div>;'],
    ['JSX fragments and self-closing tags', 'const el = <><A b={"c"} /><D e=\'f\'>{`g${h}`}</D></>;'],
    ['escapes', 'const s = "a\\"b" + \'c\\\'d\' + `e\\`f`;'],
    ['division after a closing paren and postfix', 'const v = (a + b) / 2 / c; i++ / 2; const w = "x";'],
    ['generic arrow in TSX', 'const f = <T,>(x: T) => x; const s = "after";'],
  ];
  for (const [name, code] of snippets) {
    test(name, () => {
      assert.deepEqual(ourRanges('s.tsx', code), tsRanges('s.tsx', code));
    });
  }
});

describe('lexer never fails on broken input', () => {
  const broken = ['"unterminated', '`${', '/* never closed', '<div attr="x', 'a = /unterminated regex', '}}}))]]', '`a${b`c${', '<A><B></A>', "'\\"];
  for (const code of broken) {
    test(JSON.stringify(code), () => {
      const { tokens } = lex(code, true);
      for (let i = 0; i < tokens.count; i++) {
        assert.ok(tokens.start[i] >= 0 && tokens.end[i] <= code.length && tokens.start[i] <= tokens.end[i]);
      }
    });
  }
});
