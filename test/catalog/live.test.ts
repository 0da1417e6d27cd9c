import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startWorkosServer } from '../support/workosServer';
import { generateState } from '../support/workosState';
import { CatalogCache, CatalogStore, primeFromCache, refreshLiveCatalog } from '../../server/src/catalog';
import type { ApiConnection } from '../../server/src/workos';

const KEY = 'sk_test_LIVEMARKER_0b';
const FAST = { baseDelayMs: 1, maxDelayMs: 5, maxAttempts: 2 };

describe('editor lifecycle: cache first, then refresh', () => {
  test('a restart works offline at once from the cache, stale until WorkOS answers again', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'catalog-live-'));
    const state = generateState({ permissions: 120, roles: 6, organizations: 5, seed: 3, apiKeys: [KEY] });
    let server = await startWorkosServer(state);
    const port = server.port;
    const conn: ApiConnection = { apiKey: KEY, hostname: '127.0.0.1', port, https: false, timeoutMs: 1000 };
    try {
      // First session: nothing cached; a good fetch fills store and cache.
      const cache = new CatalogCache(join(dir, 'globalStorage'));
      const first = new CatalogStore();
      assert.equal(primeFromCache(first, cache, conn), false);
      assert.equal((await refreshLiveCatalog(first, conn, { ...FAST, cache })).ok, true);
      assert.equal(first.state().source, 'live');
      assert.equal(first.catalog?.counts.permissions, 120);

      // WorkOS unreachable; a new session starts from the cache and stays usable.
      await server.close();
      const second = new CatalogStore();
      assert.equal(primeFromCache(second, cache, conn), true);
      assert.equal(second.state().source, 'cache');
      assert.equal(second.catalog?.counts.permissions, 120);
      const r = await refreshLiveCatalog(second, conn, { ...FAST, cache });
      assert.equal(r.ok, false);
      assert.equal(second.state().stale?.reason, 'network');
      assert.equal(second.catalog?.counts.permissions, 120);

      // WorkOS back with a change: the refresh replaces catalog and cache.
      state.permissions.pop();
      server = await startWorkosServer(state, { port });
      assert.equal((await refreshLiveCatalog(second, conn, { ...FAST, cache })).ok, true);
      assert.equal(second.state().stale, undefined);
      assert.equal(second.catalog?.counts.permissions, 119);
      assert.equal(cache.read(conn)?.counts.permissions, 119);
    } finally {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
