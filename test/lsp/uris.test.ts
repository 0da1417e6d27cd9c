import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';
import fc from 'fast-check';
import * as path from 'node:path';
import { canonicalUri, isInside, pathToUri, uriToPath } from '../../server/src/lsp/uris';

// The direct conversion of plain paths must spell every file exactly as Node's URL functions do:
// the index keys files by these strings, so two spellings would be two files.
describe('uris', () => {
  const samples = [
    '/ws/src/app/page.tsx',
    '/ws/node_modules/@scope/pkg/index.js',
    '/ws/a+b,c=d~e/f.ts',
    '/ws/with space/f.ts',
    '/ws/ünïcödé/f.ts',
    '/ws/hash#/q?.ts',
    '/ws/pct%41.ts',
    '/ws/./a/../b.ts',
    '/ws//double.ts',
    '/ws/dir/',
    '/ws/.hidden/.file.ts',
    '/ws/..foo/bar..ts',
  ];

  test('paths convert to the URI Node makes, and back', () => {
    for (const p of samples) {
      const expected = pathToFileURL(p).href;
      assert.equal(pathToUri(p), expected, p);
      assert.equal(uriToPath(expected), fileURLToPath(expected), p);
      assert.equal(canonicalUri(expected), pathToFileURL(fileURLToPath(expected)).href, p);
    }
  });

  test('random paths agree with Node', () => {
    const segment = fc.stringMatching(/^[A-Za-z0-9._~@+,=\- %#?é]{1,8}$/);
    fc.assert(
      fc.property(fc.array(segment, { minLength: 1, maxLength: 5 }), (parts) => {
        const p = '/' + parts.join('/');
        const expected = pathToFileURL(p).href;
        assert.equal(pathToUri(p), expected);
        assert.equal(uriToPath(expected), fileURLToPath(expected));
        assert.equal(canonicalUri(expected), pathToFileURL(fileURLToPath(expected)).href);
      }),
      { numRuns: 2000 },
    );
  });

  test('URIs that are not files, or not canonical, are handled as before', () => {
    assert.equal(uriToPath('untitled:Untitled-1'), undefined);
    assert.equal(canonicalUri('untitled:Untitled-1'), 'untitled:Untitled-1');
    assert.equal(canonicalUri('file:///ws/a%20b.ts'), pathToFileURL('/ws/a b.ts').href);
    assert.equal(canonicalUri('file:///ws/./x/../y.ts'), pathToFileURL('/ws/y.ts').href);
  });

  test('isInside answers as path.relative does, for plain paths and others', () => {
    const byRelative = (dir: string, file: string) => {
      const rel = path.relative(dir, file);
      return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
    };
    const pairs: [string, string][] = [
      ['/ws', '/ws'],
      ['/ws', '/ws/a.ts'],
      ['/ws', '/wsx/a.ts'],
      ['/ws/a', '/ws'],
      ['/ws/', '/ws/a.ts'],
      ['/ws', '/ws/../etc/passwd'],
      ['/ws/./a', '/ws/a/b.ts'],
      ['/ws', '/ws//a.ts'],
      ['/', '/ws/a.ts'],
    ];
    for (const [dir, file] of pairs) assert.equal(isInside(dir, file), byRelative(dir, file), `${dir} ∋ ${file}`);
    const segment = fc.constantFrom('a', 'b', 'ab', '.', '..', 'a.b', 'x y', '');
    const p = fc.array(segment, { minLength: 0, maxLength: 4 }).map((parts) => '/' + parts.join('/'));
    fc.assert(fc.property(p, p, (dir, file) => isInside(dir, file) === byRelative(dir, file)), { numRuns: 2000 });
  });
});
