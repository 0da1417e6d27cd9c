// The scan pool: files read and scanned on worker threads give the index exactly what scanning
// them on the calling thread gives; a worker that dies or fails loses no file; cancelling stops.
// Needs the built worker (dist/scanWorker.js): run after the build, as `npm test` does.

import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { WorkspaceIndex } from '../../server/src/core/workspaceIndex';
import { indexFiles } from '../../server/src/pool/indexFiles';
import { defaultPoolSize, ScanPool, serverLargeRunPoolSize, serverPoolSize } from '../../server/src/pool/scanPool';
import { threadNiceness } from '../../server/src/pool/threadPriority';
import { indexPaths } from '../../server/src/workspaceRun';

const root = join(__dirname, '..', '..');
const workerPath = join(root, 'dist', 'scanWorker.js');
let dir: string;
const files: { key: string; path: string }[] = [];

before(() => {
  assert.ok(existsSync(workerPath), 'dist/scanWorker.js is built (npm test builds it first)');
  dir = mkdtempSync(join(tmpdir(), 'workos-authz-pool-'));
  mkdirSync(join(dir, 'src'));
  writeFileSync(join(dir, 'src', 'perms.ts'), `export const PERMS = { READ: 'posts:read', TYPO: 'posts:raed' } as const;\n`);
  for (let i = 0; i < 300; i++) {
    const body =
      i % 3 === 0
        ? `import { PERMS } from './perms';\nexport function f${i}(user: { permissions: string[] }) {\n  return user.permissions.includes(PERMS.TYPO) || hasPermission('posts:wr${i}');\n}\n`
        : `export function g${i}(a: number) {\n  return a * ${i};\n}\n`;
    const path = join(dir, 'src', `m${i}.ts`);
    writeFileSync(path, body);
    files.push({ key: path, path });
  }
  files.push({ key: join(dir, 'src', 'perms.ts'), path: join(dir, 'src', 'perms.ts') });
  // A generated table with more values than PACK_FROM: its constants cross threads packed.
  const entries = Array.from({ length: 300 }, (_, i) => `  K${i}: '${i % 7 === 0 ? 'posts:raed' : `posts:p${i % 40}`}',`);
  const table = `export const TABLE = {\n${entries.join('\n')}\n} as const;\nexport type Perm = 'posts:read' | 'posts:wrte';\n`;
  writeFileSync(join(dir, 'src', 'table.ts'), table);
  writeFileSync(join(dir, 'src', 'useTable.ts'), `import { TABLE } from './table';\nexport const ok = (u) => hasPermission(u, TABLE.K7) && hasPermission(u, TABLE.K8);\n`);
  for (const name of ['table.ts', 'useTable.ts']) files.push({ key: join(dir, 'src', name), path: join(dir, 'src', name) });
});
after(() => rmSync(dir, { recursive: true, force: true }));

function summary(index: WorkspaceIndex): string[] {
  return index
    .uris()
    .sort()
    .flatMap((u) => index.occurrences(u).map((o) => `${u.slice(dir.length)} ${o.kind} ${o.slug} ${o.range.start} ${o.evidence}`));
}

describe('scan pool', () => {
  test('worker threads give the index what the calling thread gives', async () => {
    const pool = new ScanPool({ size: 2, workerPath });
    const viaWorkers = new WorkspaceIndex();
    await indexFiles(viaWorkers, pool, files, { helpers: [] });
    assert.equal(pool.counts.workers, files.length, 'every file went through a worker');
    await pool.close();

    const here = new ScanPool({ size: 0 });
    const viaThisThread = new WorkspaceIndex();
    await indexFiles(viaThisThread, here, files, { helpers: [] });
    assert.equal(here.counts.inline, files.length);
    const want = summary(viaThisThread);
    assert.ok(want.length >= 200, `occurrences to compare (${want.length})`);
    assert.ok(want.some((o) => o.startsWith('/src/useTable.ts permission posts:raed')), 'a value of the packed table reaches the file that uses it');
    assert.deepEqual(summary(viaWorkers), want);
  });

  test('scans put in a slice at a time (sliceMs, pause) give the index what putting each batch in at once gives', async () => {
    const pool = new ScanPool({ size: 2, workerPath });
    const sliced = new WorkspaceIndex();
    let pauses = 0;
    const indexed: string[] = [];
    await indexFiles(sliced, pool, files, {
      helpers: [],
      sliceMs: 0,
      pause: async () => {
        pauses++;
        await new Promise<void>((resolve) => setImmediate(resolve));
      },
      indexed: (key) => indexed.push(key),
    });
    await pool.close();
    assert.ok(pauses > 10, `a zero-length slice pauses between files (${pauses} pauses)`);
    assert.deepEqual([...indexed].sort(), files.map((f) => f.key).sort(), 'every file put in once');
    const want = new WorkspaceIndex();
    await indexFiles(want, new ScanPool({ size: 0 }), files, { helpers: [] });
    assert.deepEqual(summary(sliced), summary(want));

    // Cancelled half-way: what was taken stays, nothing after the cancel goes in.
    const partial = new WorkspaceIndex();
    let taken = 0;
    const cancelPool = new ScanPool({ size: 2, workerPath });
    await indexFiles(partial, cancelPool, files, {
      helpers: [],
      sliceMs: 0,
      pause: () => new Promise<void>((resolve) => setImmediate(resolve)),
      indexed: () => taken++,
      cancelled: () => taken >= 50,
    });
    await cancelPool.close();
    assert.equal(partial.uris().length, 50);
  });

  test('a caller that is full gets no more batches until it resumes the pool', async () => {
    const pool = new ScanPool({ size: 2, workerPath });
    let full = false;
    let delivered = 0;
    let whileFull = 0;
    const done = pool.scan(
      { files, helpers: [] },
      (results) => {
        delivered += results.length;
        if (full) whileFull++;
        full = true; // the first batch fills the caller up
      },
      () => false,
      () => full,
    );
    await new Promise((resolve) => setTimeout(resolve, 300));
    // Batches already on the workers when the caller filled up still arrive; nothing after them.
    assert.ok(whileFull <= 2 * 2, `batches delivered while full: ${whileFull}`);
    assert.ok(delivered < files.length, `held back: ${delivered} of ${files.length} delivered`);
    full = false;
    pool.resume();
    // From now on the caller never fills up again: everything arrives.
    const rest = setInterval(() => {
      full = false;
      pool.resume();
    }, 5);
    await done;
    clearInterval(rest);
    assert.equal(delivered, files.length);
    await pool.close();
  });

  test('a worker that dies loses no file: its batches are scanned on the calling thread', async () => {
    const crashing = join(dir, 'crash.js');
    writeFileSync(crashing, `require('node:worker_threads').parentPort.on('message', () => process.exit(3));\n`);
    const logs: string[] = [];
    let turns = 0;
    let turnsAtFirstStop = -1;
    const pool = new ScanPool({
      size: 2,
      workerPath: crashing,
      log: (m) => {
        logs.push(m);
        if (turnsAtFirstStop < 0) turnsAtFirstStop = turns;
      },
    });
    const index = new WorkspaceIndex();
    const ticker = setInterval(() => turns++, 0);
    await indexFiles(index, pool, files, { helpers: [] });
    clearInterval(ticker);
    assert.equal(index.uris().length, files.length);
    assert.equal(pool.counts.inline, files.length);
    assert.ok(logs.some((l) => /scan worker stopped \(exit 3\)/.test(l)), logs.join('\n'));
    assert.equal(logs.filter((l) => /scan worker stopped/.test(l)).length, 2, 'a worker that stops is not replaced mid-run');
    assert.ok(turns - turnsAtFirstStop >= 10, `the thread kept turning while it scanned what the workers left (${turns - turnsAtFirstStop} timer ticks)`);
    const want = new WorkspaceIndex();
    await indexFiles(want, new ScanPool({ size: 0 }), files, { helpers: [] });
    assert.deepEqual(summary(index), summary(want));
    await pool.close();
  });

  test('a worker that fails a batch hands it back', async () => {
    const failing = join(dir, 'fail.js');
    writeFileSync(failing, `const { parentPort } = require('node:worker_threads');\nparentPort.on('message', (b) => parentPort.postMessage({ id: b.id, results: [], error: 'broken' }));\n`);
    const logs: string[] = [];
    const pool = new ScanPool({ size: 1, workerPath: failing, log: (m) => logs.push(m) });
    const index = new WorkspaceIndex();
    await indexFiles(index, pool, files, { helpers: [] });
    assert.equal(index.uris().length, files.length);
    assert.ok(logs.some((l) => /failed on a batch \(broken\)/.test(l)));
    await pool.close();
  });

  test('cancelling stops the run: no more results are put in', async () => {
    const pool = new ScanPool({ size: 2, workerPath });
    const index = new WorkspaceIndex();
    let seen = 0;
    await indexFiles(index, pool, files, { helpers: [], indexed: () => seen++, cancelled: () => seen >= 24 });
    assert.ok(seen >= 24 && seen < files.length, `stopped early (${seen} of ${files.length})`);
    await pool.close();
  });

  test('a file that vanishes before its read is skipped with the reason', async () => {
    const pool = new ScanPool({ size: 2, workerPath });
    const gone = [...files, { key: join(dir, 'src', 'gone.ts'), path: join(dir, 'src', 'gone.ts') }];
    const skipped: string[] = [];
    await indexFiles(new WorkspaceIndex(), pool, gone, { helpers: [], skipped: (k, s) => skipped.push(`${k.slice(dir.length)} ${s.reason}`) });
    assert.deepEqual(skipped, ['/src/gone.ts unreadable']);
    await pool.close();
  });

  test('the CLI run lists files in walk order whatever order the threads finish in', async () => {
    const pool = new ScanPool({ size: 2, workerPath });
    const run = await indexPaths([join(dir, 'src')], {}, pool);
    const sorted = [...run.files].sort();
    assert.deepEqual(run.files, sorted);
    assert.equal(run.files.length, files.length);
    assert.ok(pool.counts.workers > 0);
    await pool.close();
  });

  test('a run may start more workers than the pool holds; they stop with the rest when idle', async () => {
    const pool = new ScanPool({ size: 1, workerPath, idleMs: 0 });
    let most = 0;
    const index = new WorkspaceIndex();
    await pool.scan({ files, helpers: [], workers: 2 }, (results) => {
      most = Math.max(most, pool.running);
      for (const r of results) if ('scanned' in r) index.setScan(r.key, r.scanned);
    });
    assert.equal(most, 2, 'two workers scanned the run');
    assert.equal(pool.counts.workers, files.length);
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.equal(pool.running, 0, 'both stopped once the run was done');
    let plain = 0;
    await pool.scan({ files, helpers: [] }, () => {
      plain = Math.max(plain, pool.running);
    });
    assert.equal(plain, 1, 'a run that asks for nothing more keeps to the pool size');
    await pool.close();
  });

  test('workers given a niceness run at it, thread by thread; the calling thread keeps its priority', async () => {
    const niceThreads = (nice: number) => readdirSync('/proc/self/task').filter((tid) => threadNiceness(Number(tid)) === nice).length;
    const linux = process.platform === 'linux';
    const before = linux ? niceThreads(13) : 0;
    const pool = new ScanPool({ size: 2, workerPath, niceness: 13 });
    let during = 0;
    await indexFiles(new WorkspaceIndex(), pool, files, {
      helpers: [],
      indexed: () => {
        if (linux) during = Math.max(during, niceThreads(13) - before);
      },
    });
    assert.equal(pool.counts.workers, files.length, 'every file went through a worker');
    await pool.close();
    if (linux) {
      assert.equal(during, 2, 'each worker thread lowered its own priority');
      assert.equal(threadNiceness(process.pid), 0, 'the calling thread keeps its priority');
    }
  });

  test('pool sizes: the server always has a worker; WORKOS_AUTHZ_SCAN_THREADS overrides both', () => {
    const saved = process.env.WORKOS_AUTHZ_SCAN_THREADS;
    try {
      delete process.env.WORKOS_AUTHZ_SCAN_THREADS;
      assert.ok(serverPoolSize() >= 1);
      const cores = availableParallelism();
      assert.equal(serverLargeRunPoolSize(), Math.min(8, cores), 'a large run below the request thread: one worker per core');
      assert.equal(defaultPoolSize() >= 2, cores >= 2, 'a batch run scans on workers whenever there is more than one core');
      assert.ok(defaultPoolSize() <= 8 && defaultPoolSize() <= Math.max(2, cores - 1));
      process.env.WORKOS_AUTHZ_SCAN_THREADS = '3';
      assert.deepEqual([defaultPoolSize(), serverPoolSize(), serverLargeRunPoolSize()], [3, 3, 3]);
      process.env.WORKOS_AUTHZ_SCAN_THREADS = 'many';
      assert.ok(serverPoolSize() >= 1, 'a malformed value is ignored');
    } finally {
      if (saved === undefined) delete process.env.WORKOS_AUTHZ_SCAN_THREADS;
      else process.env.WORKOS_AUTHZ_SCAN_THREADS = saved;
    }
  });
});
