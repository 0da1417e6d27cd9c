import { test, describe, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CatalogSnapshot } from '../../server/src/core/catalog';
import { CatalogCache, keyFingerprint } from '../../server/src/catalog';
import type { ApiConnection } from '../../server/src/workos';

const KEY = 'sk_test_CACHEKEYMARKER_77a1';
const CONN: ApiConnection = { apiKey: KEY, hostname: 'api.workos.com', https: true };
const SNAP: CatalogSnapshot = {
  version: 1,
  fetchedAt: '2026-11-23T12:00:00.000Z',
  host: 'api.workos.com',
  environmentRoles: [{ slug: 'admin', name: 'Admin', description: null, permissions: ['a:read'], type: 'EnvironmentRole' }],
  permissions: [{ slug: 'a:read', name: 'A', description: null }],
  organizations: [],
};

describe('CatalogCache', () => {
  let dir: string;
  beforeEach(() => {
    dir = join(mkdtempSync(join(tmpdir(), 'catalog-cache-')), 'globalStorage');
  });
  afterEach(() => rmSync(join(dir, '..'), { recursive: true, force: true }));

  test('nothing cached yet: undefined', () => {
    assert.equal(new CatalogCache(dir).read(CONN), undefined);
  });

  test('write then read: the same catalog, source cache, host and fetchedAt kept', () => {
    const cache = new CatalogCache(dir);
    cache.write(CONN, SNAP);
    const c = cache.read(CONN)!;
    assert.equal(c.source.kind, 'cache');
    assert.equal(c.source.host, 'api.workos.com');
    assert.equal(c.source.fetchedAt, '2026-11-23T12:00:00.000Z');
    assert.ok(c.permissions.has('a:read'));
    assert.deepEqual(c.snapshot.environmentRoles, SNAP.environmentRoles);
  });

  test('the key is in neither the file name nor the content', () => {
    const cache = new CatalogCache(dir);
    cache.write(CONN, SNAP);
    const files = readdirSync(dir);
    assert.equal(files.length, 1);
    assert.ok(!files[0].includes(KEY) && !files[0].includes('CACHEKEYMARKER'));
    assert.ok(files[0].includes(keyFingerprint(KEY)));
    assert.ok(!readFileSync(join(dir, files[0]), 'utf8').includes('CACHEKEYMARKER'));
    assert.notEqual(keyFingerprint(KEY), keyFingerprint(KEY + 'x'));
  });

  test('keyed by host and key: another key or host misses', () => {
    const cache = new CatalogCache(dir);
    cache.write(CONN, SNAP);
    assert.equal(cache.read({ ...CONN, apiKey: 'sk_test_other' }), undefined);
    assert.equal(cache.read({ ...CONN, hostname: '127.0.0.1', port: 8080 }), undefined);
    cache.write({ ...CONN, hostname: '127.0.0.1', port: 8080 }, { ...SNAP, permissions: [] });
    assert.equal(cache.read({ ...CONN, hostname: '127.0.0.1', port: 8080 })?.counts.permissions, 0);
    assert.equal(cache.read(CONN)?.counts.permissions, 1);
  });

  test('a damaged cache file is a miss, and the next write repairs it', () => {
    const cache = new CatalogCache(dir);
    cache.write(CONN, SNAP);
    writeFileSync(cache.fileFor(CONN), '{"version":1,"permissions":[');
    assert.equal(cache.read(CONN), undefined);
    cache.write(CONN, SNAP);
    assert.ok(cache.read(CONN));
    cache.clear(CONN);
    assert.equal(cache.read(CONN), undefined);
  });
});
