// The editor's live catalog lifecycle in two calls: show the cached catalog at once (offline
// too), then refresh from WorkOS in the background; a good fetch replaces the catalog and the
// cache, a failed one leaves the last good catalog in use, marked stale.

import { Catalog } from '../core/catalog';
import type { CatalogCache } from './cache';
import type { ApiConnection } from '../workos/index';
import { fetchLiveCatalog, type FetchOptions } from '../workos/index';
import type { CatalogStore, RefreshResult } from './store';

/** Puts the cached catalog for this connection into the store when the store has none. */
export function primeFromCache(store: CatalogStore, cache: CatalogCache, conn: ApiConnection): boolean {
  if (store.catalog) return false;
  const cached = cache.read(conn);
  if (!cached) return false;
  store.set(cached);
  return true;
}

/** Fetches, and on success stores the catalog (source 'live') and writes the cache. Never throws. */
export function refreshLiveCatalog(
  store: CatalogStore,
  conn: ApiConnection,
  options: FetchOptions & { cache?: CatalogCache } = {},
): Promise<RefreshResult> {
  const { cache, ...fetchOptions } = options;
  return store.refresh(async () => {
    const snapshot = await fetchLiveCatalog(conn, fetchOptions);
    try {
      cache?.write(conn, snapshot);
    } catch {
      // A cache that cannot be written (disk full, read-only) costs only the next cold start.
    }
    return new Catalog(snapshot, { kind: 'live', host: snapshot.host, fetchedAt: snapshot.fetchedAt });
  });
}
