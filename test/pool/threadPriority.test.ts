// Thread priorities: the server lowers every thread but its request thread, and a worker lowers
// its own. Lowering is for good (raising a priority back needs privileges), so the process whose
// threads are lowered is a child, never the test runner itself.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'node:test';

const root = join(__dirname, '..', '..');

/** Runs `body` in a fresh Node process (TypeScript through tsx) and returns what it prints as JSON. */
function inChild<T>(body: string): T {
  const script = `const tp = require(${JSON.stringify(join(root, 'server', 'src', 'pool', 'threadPriority.ts'))});\n${body}`;
  const out = execFileSync(process.execPath, ['--import', 'tsx', '-e', script], { cwd: root, encoding: 'utf8' });
  return JSON.parse(out) as T;
}

test('every thread of the process but the calling (main) one is lowered, and the main thread keeps its priority', () => {
  const r = inChild<{ lowered: boolean; main: number | undefined; others: (number | undefined)[] }>(`
    const { readdirSync } = require('node:fs');
    const lowered = tp.lowerOtherThreadsPriority(10);
    const tids = process.platform === 'linux' ? readdirSync('/proc/self/task').map(Number) : [];
    console.log(JSON.stringify({
      lowered,
      main: tp.threadNiceness(process.pid),
      others: tids.filter((t) => t !== process.pid).map((t) => tp.threadNiceness(t)),
    }));
  `);
  if (process.platform !== 'linux') {
    assert.equal(r.lowered, false, 'no per-thread priority here: nothing is lowered, and the call says so');
    return;
  }
  assert.equal(r.lowered, true);
  assert.equal(r.main, 0, 'the main thread keeps the normal priority');
  assert.ok(r.others.length >= 1, 'the runtime has helper threads');
  assert.deepEqual(r.others, r.others.map(() => 10), 'each other thread runs at niceness 10');
});

test('a thread lowers its own priority only: the others keep theirs', () => {
  const r = inChild<{ lowered: boolean; worker: number | undefined; main: number | undefined }>(`
    const { Worker } = require('node:worker_threads');
    const w = new Worker(${JSON.stringify(`
      const { parentPort } = require('node:worker_threads');
      const { readlinkSync } = require('node:fs');
      require('tsx/cjs');
      const tp = require(${JSON.stringify(join(root, 'server', 'src', 'pool', 'threadPriority.ts'))});
      const lowered = tp.lowerOwnThreadPriority(7);
      const tid = process.platform === 'linux' ? Number(readlinkSync('/proc/thread-self').split('/').pop()) : 0;
      parentPort.postMessage({ lowered, worker: tid ? tp.threadNiceness(tid) : undefined });
    `)}, { eval: true });
    w.on('message', (m) => { console.log(JSON.stringify({ ...m, main: tp.threadNiceness(process.pid) })); w.terminate(); });
  `);
  if (process.platform !== 'linux') {
    assert.equal(r.lowered, false);
    return;
  }
  assert.equal(r.lowered, true);
  assert.equal(r.worker, 7);
  assert.equal(r.main, 0);
});
