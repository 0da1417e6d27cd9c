// The server's scan worker: a folder large enough for it is scanned there, and the worker stops
// as soon as nothing is left to scan (a worker holds tens of megabytes the server need not keep).
// Every thread but the one answering requests runs at a lower priority; a very large folder may
// use a worker per core.

import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { after, before, describe, test } from 'node:test';
import type { ServerStatusResult } from '../../server/src/protocol';
import { serverLargeRunPoolSize } from '../../server/src/pool/scanPool';
import { indexWorkers, LARGE_FOLDER_FILES } from '../../server/src/lsp/workspace';
import { ensureBuilt, fixture, LspTestClient, makeWorkspace } from './harness';

describe('language server over stdio: scan workers', () => {
  let client: LspTestClient;
  let root: string;
  const FILES = 120;

  before(async () => {
    ensureBuilt();
    const files: Record<string, string> = { 'workos-catalog.json': fixture('catalog-a.json') };
    for (let i = 0; i < FILES; i++) files[`src/f${i}.ts`] = `export const f${i} = (user) => hasPermission(user, 'video:read');\n`;
    root = makeWorkspace(files);
    client = await LspTestClient.start({ folders: [root] });
    await client.indexed(1);
  });
  after(async () => {
    await client?.stop();
    if (root) fs.rmSync(root, { recursive: true, force: true });
  });

  test('the folder is scanned on a worker, which stops once the index is built', async () => {
    const status = () => client.request<ServerStatusResult>('workosAuthz/serverStatus', {});
    const first = await status();
    assert.equal(first.folders[0].indexedFiles, FILES);
    assert.ok(first.scanWorkers && first.scanWorkers.filesScanned >= FILES, `files scanned on workers: ${JSON.stringify(first.scanWorkers)}`);
    const deadline = Date.now() + 5000;
    let running = first.scanWorkers.running;
    while (running > 0 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 50));
      running = (await status()).scanWorkers?.running ?? -1;
    }
    assert.equal(running, 0, 'no scan worker left running');
  });

  test('the threads besides the one answering requests (the runtime\'s helpers) run at niceness 10', { skip: process.platform !== 'linux' && 'per-thread priorities are read from /proc (Linux)' }, () => {
    const pid = client.proc.pid!;
    const nice = (tid: string) => {
      const stat = fs.readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
      return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]);
    };
    const tids = fs.readdirSync(`/proc/${pid}/task`);
    assert.equal(nice(String(pid)), 0, 'the request thread keeps the normal priority');
    const others = tids.filter((t) => t !== String(pid));
    assert.ok(others.length >= 1);
    assert.deepEqual(others.map(nice), others.map(() => 10));
  });
});

test('a folder gets a worker per core only above LARGE_FOLDER_FILES files, and only with the runtime threads lowered', () => {
  assert.equal(indexWorkers(LARGE_FOLDER_FILES, true), undefined);
  assert.equal(indexWorkers(LARGE_FOLDER_FILES + 1, true), serverLargeRunPoolSize());
  assert.equal(indexWorkers(10 * LARGE_FOLDER_FILES, false), undefined, 'workers at the normal priority would take the request thread\'s cores');
});
