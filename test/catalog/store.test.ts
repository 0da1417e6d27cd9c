import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { Catalog, emptySnapshot } from '../../server/src/core/catalog';
import { CatalogStore, type CatalogState } from '../../server/src/catalog';
import { WorkosApiError } from '../../server/src/workos';

const live = (n: number) =>
  new Catalog(
    { ...emptySnapshot(), host: 'api.workos.com', fetchedAt: `2026-11-23T0${n}:00:00.000Z`, permissions: Array.from({ length: n }, (_, i) => ({ slug: `p:${i}`, name: 'P', description: null })) },
    { kind: 'live', host: 'api.workos.com', fetchedAt: `2026-11-23T0${n}:00:00.000Z` },
  );

describe('CatalogStore', () => {
  test('starts empty or with a given catalog; state for UIs', () => {
    assert.deepEqual(new CatalogStore().state(), { refreshing: false });
    const s = new CatalogStore(live(2));
    assert.deepEqual(s.state(), {
      refreshing: false,
      source: 'live',
      host: 'api.workos.com',
      fetchedAt: '2026-11-23T02:00:00.000Z',
      counts: { permissions: 2, roles: 0, organizations: 0 },
    });
  });

  test('failure keeps the last good catalog; since is the first failure; success clears it', async () => {
    let now = new Date('2026-11-23T10:00:00.000Z');
    const s = new CatalogStore(undefined, () => now);
    const first = await s.refresh(async () => {
      throw new WorkosApiError('network', 'Could not reach api.workos.com');
    });
    assert.equal(first.ok, false);
    assert.equal(s.catalog, undefined, 'no catalog yet: still none, and stale says why');
    assert.equal(s.state().stale?.reason, 'network');

    const good = live(3);
    assert.equal((await s.refresh(async () => good)).ok, true);
    assert.equal(s.stale, undefined);

    await s.refresh(async () => {
      throw new WorkosApiError('unauthorized', 'bad key');
    });
    now = new Date('2026-11-23T11:00:00.000Z');
    await s.refresh(async () => {
      throw new Error('socket hang up');
    });
    assert.equal(s.catalog, good);
    assert.deepEqual(s.stale, { since: '2026-11-23T10:00:00.000Z', reason: 'error', message: 'socket hang up' });
    assert.equal(s.state().counts?.permissions, 3);
  });

  test('an older refresh finishing after a newer one changes nothing', async () => {
    const s = new CatalogStore();
    let resolveOld!: (c: Catalog) => void;
    const old = s.refresh(() => new Promise<Catalog>((r) => (resolveOld = r)));
    const newer = live(4);
    await s.refresh(async () => newer);
    resolveOld(live(1));
    const r = await old;
    assert.equal(r.ok, false);
    assert.ok('superseded' in r);
    assert.equal(s.catalog, newer);
  });

  test('set replaces and clears staleness; listeners see every change and refreshing', async () => {
    const s = new CatalogStore(live(1));
    const seen: CatalogState[] = [];
    const off = s.onDidChange((st) => seen.push(st));
    await s.refresh(async () => {
      throw new WorkosApiError('timeout', 'slow');
    });
    assert.deepEqual(seen.map((x) => [x.refreshing, x.stale?.reason]), [[true, undefined], [false, 'timeout']]);
    s.set(live(2));
    assert.equal(s.stale, undefined);
    assert.equal(seen.length, 3);
    off();
    s.set(undefined);
    assert.equal(seen.length, 3);
    assert.equal(s.catalog, undefined);
  });
});
