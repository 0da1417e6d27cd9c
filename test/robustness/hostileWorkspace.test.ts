// Workspaces nobody curated: a 50 MB bundle, binary files with a source extension, symlink
// loops, files vanishing mid-index, 100,000 files, a file with a million literals. The walk and
// the index must finish, skip what they cannot use with a note, and keep memory bounded. The CLI
// is driven in-process through `main(argv, io)`.

import { after, before, describe, mock, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { main } from '../../server/src/cli';
import { looksBinary, readSourceFile, walkWorkspace, walkWorkspaceSliced } from '../../server/src/fs/walk';
import { indexPaths } from '../../server/src/workspaceRun';
import { captureIo, removeDir, ROOT, tempDir } from './support';

const CATALOG = path.join(ROOT, 'examples', 'acme-app', 'workos-catalog.json');
// The module object itself (not an import namespace copy) so mocks reach walk.ts too.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const realFs: typeof fs = require('node:fs');

const GOOD_SOURCE = "import { withAuth } from '@workos-inc/authkit-nextjs';\nconst { role } = await withAuth();\nif (role === 'admn') {}\n";

function write(file: string, content: string | Buffer): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, content);
}

describe('hostile workspace', () => {
  let dir: string;

  before(() => {
    dir = tempDir('hostile');
    write(path.join(dir, 'src', 'page.ts'), GOOD_SOURCE);
    // 50 MB of minified code under a name the default excludes do not catch.
    const chunk = "function a(b){return b.role==='admin'&&hasRole('owner')}var x=[1,2,3];".repeat(1000);
    const fd = fs.openSync(path.join(dir, 'src', 'vendor.bundle.js'), 'w');
    for (let written = 0; written < 50 * 1024 * 1024; written += chunk.length) fs.writeSync(fd, chunk);
    fs.closeSync(fd);
    // A binary file dressed as TypeScript (an image, a compiled blob).
    const bin = Buffer.alloc(4096);
    for (let i = 0; i < bin.length; i++) bin[i] = (i * 37) & 0xff;
    write(path.join(dir, 'src', 'logo.ts'), bin);
    // Symlink loops: a link to an ancestor and a link to itself.
    fs.mkdirSync(path.join(dir, 'src', 'deep'), { recursive: true });
    fs.symlinkSync('..', path.join(dir, 'src', 'deep', 'up'));
    fs.symlinkSync('self', path.join(dir, 'src', 'self'));
    fs.symlinkSync(path.join(dir, 'src'), path.join(dir, 'src', 'deep', 'again'));
  });

  after(() => removeDir(dir));

  test('walk: the symlink loops terminate and each file is listed once', () => {
    const { files } = walkWorkspace(dir);
    const rel = files.map((f) => path.relative(dir, f));
    assert.equal(new Set(rel).size, rel.length, `listed twice: ${rel.join(', ')}`);
    assert.ok(rel.includes(path.join('src', 'page.ts')));
    assert.ok(!rel.some((f) => f.includes('deep')), `a file reached through a loop: ${rel.join(', ')}`);
  });

  test('the sliced walk (the server\'s, yielding between directories) lists exactly what the walk lists', async () => {
    const sliced = await walkWorkspaceSliced(dir, {}, 0);
    assert.deepEqual(sliced, walkWorkspace(dir));
    assert.ok(sliced.files.length > 0);
  });

  test('index: the bundle is skipped by size, the binary file as binary, the rest indexed', async () => {
    const run = await indexPaths([dir]);
    assert.deepEqual(run.files.map((f) => path.relative(dir, f)), [path.join('src', 'page.ts')]);
    const reason = (name: string) => run.skipped.find((s) => s.path.endsWith(name));
    assert.equal(reason('vendor.bundle.js')?.reason, 'size');
    assert.match(reason('vendor.bundle.js')!.detail, /50\.0 MB is over the 1\.0 MB limit/);
    assert.equal(reason('logo.ts')?.reason, 'binary');
  });

  test('binary means a NUL byte within the first 8 KB, as git decides', () => {
    const at = (i: number, size = 10_000) => {
      const buf = new Uint8Array(size).fill(97);
      if (i >= 0) buf[i] = 0;
      return looksBinary(buf);
    };
    assert.deepEqual([at(-1), at(0), at(8191), at(8192), at(9_999), at(5, 6), at(-1, 0)], [false, true, true, false, false, true, false]);
  });

  test('read: a NUL-bearing .ts file is skipped as binary', () => {
    const r = readSourceFile(path.join(dir, 'src', 'logo.ts'));
    assert.ok('skipped' in r);
    assert.equal(r.skipped.reason, 'binary');
  });

  test('CLI check: finishes, reports the real finding, notes the bundle and the binary file', async () => {
    const io = captureIo(dir);
    const code = await main(['check', dir, '--catalog', CATALOG], io);
    const { stdout, stderr } = io.text();
    assert.equal(code, 1, stderr);
    assert.match(stdout, /src\/page\.ts:3:\d+ error unknown-role/);
    assert.match(stdout, /note: skipped src\/vendor\.bundle\.js: 50\.0 MB is over the 1\.0 MB limit/);
    assert.match(stdout, /note: skipped src\/logo\.ts: binary content/);
    assert.match(stdout, /in 1 files/);
  });

  test('CLI check --format json lists skipped files with reasons', async () => {
    const io = captureIo(dir);
    const code = await main(['check', dir, '--catalog', CATALOG, '--format', 'json'], io);
    assert.equal(code, 1);
    const out = JSON.parse(io.text().stdout);
    const reasons = Object.fromEntries(out.skipped.map((s: { file: string; reason: string }) => [s.file, s.reason]));
    assert.equal(reasons['src/vendor.bundle.js'], 'size');
    assert.equal(reasons['src/logo.ts'], 'binary');
  });
});

describe('files that vanish or cannot be read', () => {
  let dir: string;
  before(() => {
    dir = tempDir('vanish');
    write(path.join(dir, 'a.ts'), GOOD_SOURCE);
    write(path.join(dir, 'b.ts'), GOOD_SOURCE);
    write(path.join(dir, 'c.ts'), GOOD_SOURCE);
    fs.symlinkSync(path.join(dir, 'missing.ts'), path.join(dir, 'dangling.ts'));
  });
  after(() => removeDir(dir));

  test('a file deleted between the walk and the read is skipped with a note', async (t) => {
    const victim = path.join(dir, 'b.ts');
    let seen = 0;
    // Delete the file at the moment the indexer reaches for it (whichever call it reads with):
    // the walk has already listed it.
    for (const name of ['readFileSync', 'openSync'] as const) {
      const real = realFs[name] as (...a: unknown[]) => unknown;
      t.mock.method(realFs, name, function (this: unknown, ...args: unknown[]) {
        if (args[0] === victim && fs.existsSync(victim)) {
          seen++;
          fs.unlinkSync(victim);
        }
        return real.apply(realFs, args);
      });
    }
    const run = await indexPaths([dir]);
    assert.equal(seen, 1, 'the read went through the mock');
    assert.deepEqual(run.files.map((f) => path.basename(f)), ['a.ts', 'c.ts']);
    const note = run.skipped.find((s) => s.path === victim);
    assert.equal(note?.reason, 'unreadable');
    assert.match(note!.detail, /ENOENT/);
  });

  test('a dangling symlink and a path that does not exist end the run cleanly', async () => {
    const run = await indexPaths([dir, path.join(dir, 'nope')]);
    assert.ok(!run.files.some((f) => f.endsWith('dangling.ts')));
    assert.ok(run.skipped.some((s) => s.path.endsWith('nope') && s.reason === 'unreadable'));
  });

  test('an unreadable subfolder is noted, the rest is indexed', () => {
    const locked = path.join(dir, 'locked');
    write(path.join(locked, 'x.ts'), GOOD_SOURCE);
    const real = realFs.readdirSync;
    mock.method(realFs, 'readdirSync', function (this: unknown, ...args: Parameters<typeof fs.readdirSync>) {
      if (args[0] === locked) throw Object.assign(new Error(`EACCES: permission denied, scandir '${locked}'`), { code: 'EACCES' });
      return (real as (...a: unknown[]) => unknown).apply(realFs, args);
    });
    try {
      const { files, skipped } = walkWorkspace(dir);
      assert.ok(files.some((f) => f.endsWith('a.ts')));
      assert.ok(!files.some((f) => f.endsWith('x.ts')));
      assert.equal(skipped.find((s) => s.path === locked)?.reason, 'unreadable');
    } finally {
      mock.restoreAll();
    }
  });
});

describe('many files', () => {
  let base: string;
  let dir: string;
  const COUNT = 100_000;

  before(() => {
    base = tempDir('many');
    dir = path.join(base, 'ws');
    // Hard links to tiny files, in 100 folders: a link is one system call where writing a file
    // is three, which keeps setting up 100,000 files to a few seconds. One source per folder
    // stays under the file system's limit of links per file.
    for (let d = 0; d < 100; d++) {
      const sub = path.join(dir, `d${String(d).padStart(3, '0')}`);
      fs.mkdirSync(sub, { recursive: true });
      const plain = path.join(base, `plain${d}.ts`);
      fs.writeFileSync(plain, 'x;\n');
      fs.writeFileSync(path.join(sub, 'f0.ts'), "hasRole('admin');\n");
      for (let f = 1; f < COUNT / 100; f++) fs.linkSync(plain, path.join(sub, `f${f}.ts`));
    }
  });
  after(() => removeDir(base));

  test('100,000 files: the default limit keeps 50,000 and says so', { timeout: 300_000 }, async () => {
    const io = captureIo(dir);
    const code = await main(['check', dir, '--catalog', CATALOG, '--format', 'json'], io);
    assert.equal(code, 0, io.text().stderr);
    const out = JSON.parse(io.text().stdout);
    assert.equal(out.files, 50_000);
    const limit = out.skipped.filter((s: { reason: string }) => s.reason === 'limit');
    assert.equal(limit.length, 1);
    assert.match(limit[0].detail, /more than 50000 files/);
  });

  test('100,000 files with a raised limit: every file is indexed', { timeout: 300_000 }, async () => {
    const run = await indexPaths([dir], { maxFiles: 200_000 });
    assert.equal(run.files.length, COUNT);
    assert.equal(run.skipped.length, 0);
    const uses = run.index.usages('role', 'admin');
    assert.equal(uses.length, 100);
    const rss = process.memoryUsage().rss;
    assert.ok(rss < 1.5 * 1024 ** 3, `rss ${(rss / 1024 ** 2).toFixed(0)} MB`);
  });
});

describe('a file with 1,000,000 string literals', () => {
  let dir: string;
  before(() => {
    dir = tempDir('literals');
    const body = 'export const words = [' + "'lorem',".repeat(1_000_000) + "];\nhasRole('admn');\n";
    write(path.join(dir, 'words.ts'), body);
  });
  after(() => removeDir(dir));

  test('skipped by the default size limit with a note', async () => {
    const io = captureIo(dir);
    const code = await main(['check', dir, '--catalog', CATALOG], io);
    assert.equal(code, 0, io.text().stderr);
    assert.match(io.text().stdout, /note: skipped words\.ts: 7\.6 MB is over the 1\.0 MB limit/);
  });

  test('indexed under a raised limit, finding intact, memory bounded', { timeout: 120_000 }, async () => {
    const io = captureIo(dir);
    const code = await main(['check', dir, '--catalog', CATALOG, '--max-file-size', String(32 * 1024 * 1024), '--format', 'sarif'], io);
    assert.equal(code, 1, io.text().stderr);
    const sarif = JSON.parse(io.text().stdout);
    const results = sarif.runs[0].results;
    assert.equal(results.length, 1);
    assert.equal(results[0].ruleId, 'unknown-role');
    assert.equal(results[0].locations[0].physicalLocation.region.startLine, 2);
    const rss = process.memoryUsage().rss;
    assert.ok(rss < 1.5 * 1024 ** 3, `rss ${(rss / 1024 ** 2).toFixed(0)} MB`);
  });
});
