// Include/exclude globs come from `.vscode/settings.json`, which an untrusted repository writes.
// A glob with many wildcards compiled to a backtracking regex takes exponential time
// (`**/**/**/…/a` took 70 s on one 50-character path), hanging the CLI in CI and the language
// server even in Restricted Mode. The matcher must stay fast for any glob and mean exactly
// what the regex form means.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { DEFAULT_EXCLUDES, globMatcher, globToRegExp, isDefaultExcluded } from '../../server/src/fs/walk';
import { main } from '../../server/src/cli';
import { captureIo, fuzzRuns, fuzzSeed, removeDir, ROOT, tempDir } from './support';

const HOSTILE_GLOBS = [
  Array(16).fill('**').join('/') + '/a',
  Array(14).fill('*a').join('') + 'z',
  '**' + '*'.repeat(40) + 'z',
  Array(12).fill('**').join('') + '/x',
  '{a,b}*{a,b}*{a,b}*{a,b}*{a,b}*{a,b}*{a,b}*c',
];
const NASTY_PATHS = ['x/'.repeat(40) + 'b', 'a'.repeat(60), 'a/'.repeat(60) + 'y', 'ab'.repeat(50) + '/c', 'a'.repeat(200) + '/' + 'b'.repeat(200)];

describe('glob matching', () => {
  test('hostile globs answer at once on nasty paths', () => {
    for (const glob of HOSTILE_GLOBS) {
      const m = globMatcher([glob]);
      const t0 = performance.now();
      for (const p of NASTY_PATHS) m(p);
      // Hang detection, not a benchmark: the backtracking regex took seconds to minutes here.
      const ms = performance.now() - t0;
      assert.ok(ms < 1000, `${glob} took ${ms.toFixed(0)} ms`);
    }
  });

  test('wildcards inside braces are wildcards, not an invalid regex that throws out of the walk', () => {
    const m = globMatcher(['src/{*.test,*.spec}.ts', '{a?,b}*z']);
    assert.equal(m('src/x.test.ts'), true);
    assert.equal(m('src/x.spec.ts'), true);
    assert.equal(m('src/x.ts'), false);
    assert.equal(m('q/ab/z'), false);
    assert.equal(m('q/abz'), true);
  });

  test('hostile globs still match what they say', () => {
    const deep = globMatcher([Array(16).fill('**').join('/') + '/a']);
    assert.equal(deep('x/'.repeat(40) + 'a'), true);
    assert.equal(deep('a'), true);
    assert.equal(deep('x/'.repeat(40) + 'b'), false);
    const stars = globMatcher([Array(14).fill('*a').join('') + 'z']);
    assert.equal(stars('a'.repeat(14) + 'z'), true);
    assert.equal(stars('dir/' + 'ba'.repeat(14) + 'z/file.ts'), true);
    assert.equal(stars('a'.repeat(13) + 'z'), false);
    assert.equal(stars('a'.repeat(60)), false);
  });

  // Small alphabet so random globs and paths actually meet.
  const globChar = fc.constantFrom('a', 'b', '.', '/', '*', '**', '**/', '?', '{a,b}', '{,a}', '{*a,?}', '{', '}', '+', '(', '[');
  const glob = fc.array(globChar, { minLength: 1, maxLength: 9 }).map((p) => p.join(''));
  const pathStr = fc.array(fc.constantFrom('a', 'b', '.', '/', 'ab/', '.a'), { maxLength: 10 }).map((p) => p.join(''));

  test('the matcher means exactly what the regex form means', () => {
    fc.assert(
      fc.property(glob, fc.array(pathStr, { minLength: 1, maxLength: 8 }), (g, paths) => {
        const re = globToRegExp(g);
        const m = globMatcher([g]);
        for (const p of paths) assert.equal(m(p), re.test(p), `glob ${JSON.stringify(g)} on ${JSON.stringify(p)}`);
      }),
      { numRuns: fuzzRuns(2000), seed: fuzzSeed() },
    );
  });
});

describe('the default excludes', () => {
  // The walk answers them a segment at a time: that must mean exactly what their globs mean.
  const segment = fc.constantFrom(
    'node_modules', '.git', 'dist', 'build', 'out', 'coverage', '.next', 'distx', 'xdist', 'node_module', 'outs',
    'a.d.ts', '.d.ts', 'a.d.tsx', 'd.ts', 'a.min.js', '.min.js', 'a.min.jsx', 'min.js', 'a', 'src', '', 'a\nb', 'x\u2028',
  );
  const rel = fc.array(segment, { minLength: 1, maxLength: 5 }).map((parts) => parts.join('/'));

  test('the segment check means exactly what DEFAULT_EXCLUDES mean', () => {
    const globs = globMatcher(DEFAULT_EXCLUDES);
    for (const p of ['node_modules/x.ts', 'a/dist/b.ts', 'dist', 'dist/', 'a/b.d.ts', 'a.min.js/x', 'src/a.ts', 'a\nb/node_modules/x']) {
      assert.equal(isDefaultExcluded(p), globs(p), p);
    }
    fc.assert(
      fc.property(rel, fc.boolean(), (p, dir) => {
        const q = dir ? p + '/' : p;
        assert.equal(isDefaultExcluded(q), globs(q), JSON.stringify(q));
      }),
      { numRuns: fuzzRuns(5000), seed: fuzzSeed() },
    );
  });
});

describe('a repository whose settings carry a hostile glob', () => {
  let dir: string;
  before(() => {
    dir = tempDir('globs');
    const deep = path.join(dir, ...Array(30).fill('x'));
    fs.mkdirSync(deep, { recursive: true });
    fs.writeFileSync(path.join(deep, 'b.ts'), "hasRole('admn');\n");
    fs.writeFileSync(path.join(dir, 'a.ts'), "hasRole('admn');\n");
    fs.mkdirSync(path.join(dir, 'src'));
    fs.writeFileSync(path.join(dir, 'src', 'a.test.ts'), "hasRole('admn');\n");
    fs.writeFileSync(path.join(dir, 'src', 'a.spec.ts'), "hasRole('admn');\n");
    fs.mkdirSync(path.join(dir, '.vscode'));
    fs.writeFileSync(
      path.join(dir, '.vscode', 'settings.json'),
      JSON.stringify({ 'workosAuthz.exclude': [HOSTILE_GLOBS[0], HOSTILE_GLOBS[1], 'src/{*.test,*.spec}.ts'], 'workosAuthz.include': [HOSTILE_GLOBS[3], '**/*.ts'] }),
    );
  });
  after(() => removeDir(dir));

  test('`check` finishes and honours the globs', { timeout: 60_000 }, async () => {
    const io = captureIo(dir);
    const code = await main(['check', dir, '--catalog', path.join(ROOT, 'examples', 'acme-app', 'workos-catalog.json'), '--format', 'json'], io);
    assert.equal(code, 1, io.text().stderr);
    assert.equal(JSON.parse(io.text().stdout).files, 2);
  });
});
