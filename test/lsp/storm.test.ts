// Protocol test of a checkout storm: hundreds of files rewritten, deleted and created on disk
// at once, reported in one workspace/didChangeWatchedFiles, as after `git switch`. The server's
// diagnostics must end up exactly as a fresh server's on the new tree, and no file may get its
// old diagnostics again after its new ones were published.

import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, test } from 'node:test';
import { generateCatalog } from '../../bench/catalogGen';
import { applyStorm, ConvergenceTracker, diagnosticsKey, planStorm } from '../../bench/storm';
import { generateWorkspace } from '../../bench/workspaceGen';
import { ensureBuilt, LspTestClient } from './harness';

const SEED = 'storm-protocol-test';
const CATALOG = { seed: SEED, permissions: 600, roles: 40, organizations: 8 };
const WORKSPACE = {
  seed: SEED,
  minFiles: 300,
  minBytes: 900_000,
  medianBytes: 2_000,
  sigma: 1.0,
  largeFiles: [60_000],
  editFileLines: 300,
  typoRate: 0.05,
};

/** The client's published diagnostics per URI, as comparable keys. */
function publishedKeys(client: LspTestClient): Map<string, string> {
  return new Map([...client.diagnostics].map(([uri, d]) => [uri, diagnosticsKey(d)]));
}

async function indexedAndSettled(root: string): Promise<LspTestClient> {
  const client = await LspTestClient.start({ folders: [root] });
  await client.indexed(1);
  await client.settled(500);
  return client;
}

describe('language server over stdio: checkout storm', () => {
  const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'workos-authz-storm-test-')));
  const clients: LspTestClient[] = [];
  after(async () => {
    for (const c of clients) await c.stop();
    fs.rmSync(root, { recursive: true, force: true });
  });

  test('one didChangeWatchedFiles for 350 files: diagnostics converge to a fresh server\'s, with no stale publish', async () => {
    ensureBuilt();
    const catalog = generateCatalog(CATALOG);
    generateWorkspace(root, WORKSPACE, catalog);
    fs.writeFileSync(path.join(root, 'workos-catalog.json'), JSON.stringify(catalog));
    const plan = planStorm(root, catalog, { seed: SEED, rewrite: 250, remove: 50, create: 50 });
    assert.equal(plan.changes.length, 350);

    const server = await indexedAndSettled(root);
    clients.push(server);
    const before = publishedKeys(server);
    applyStorm(plan);
    const fresh = await indexedAndSettled(root);
    const expected = publishedKeys(fresh);
    await fresh.stop();

    const tracker = new ConvergenceTracker(before, expected);
    // The storm must change findings, or the comparison below proves nothing.
    assert.ok(tracker.changedFiles >= 30, `only ${tracker.changedFiles} files' diagnostics changed`);
    server.publishListeners.push((p) => tracker.publish(p));
    await server.watched(plan.changes);
    await server.waitFor(() => tracker.converged || undefined, 'diagnostics equal to the fresh server\'s', 60_000).catch(() => undefined);
    await server.settled(1000);
    assert.deepEqual(tracker.describeMismatches(5), [], `${tracker.mismatched.size} files differ from a fresh server's diagnostics`);
    assert.deepEqual(tracker.stale, [], 'old diagnostics published after new ones');
  });
});
