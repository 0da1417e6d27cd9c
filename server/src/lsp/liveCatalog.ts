// The live catalog, fetched from WorkOS with the key the client handed over. One per server:
// a key belongs to one WorkOS environment, whatever folders are open. A failed refresh keeps
// the last good catalog (CatalogStore) and records why it is stale; with a storage folder from
// the client, the last good catalog also survives a restart (CatalogCache).

import { warmInTurns } from './slices';
import type { Catalog } from '../core/catalog';
import { CatalogCache, CatalogStore, refreshLiveCatalog } from '../catalog/index';
import type { ApiEndpoint } from '../protocol';
import { displayHost, endpointFrom, type ApiConnection } from '../workos/index';

export interface LiveState {
  catalog?: Catalog;
  /** Set when the last fetch failed; the catalog (if any) is then the last good one. */
  error?: string;
  fetching: boolean;
}

export class LiveCatalog {
  private apiKey: string | null = null;
  private endpoint: ApiEndpoint = endpointFrom(undefined);
  private store = new CatalogStore();
  private cache?: CatalogCache;
  private controller?: AbortController;

  get hasKey(): boolean {
    return this.apiKey !== null;
  }

  get host(): string {
    return displayHost(this.endpoint);
  }

  /** Where the key goes: the user-level endpoint the client handed over. */
  get api(): ApiEndpoint {
    return this.endpoint;
  }

  setCacheDir(dir: string | undefined): void {
    this.cache = dir ? new CatalogCache(dir) : undefined;
  }

  state(): LiveState {
    const s = this.store.state();
    return {
      catalog: this.store.catalog,
      error: s.stale ? `live catalog refresh failed (${s.stale.reason}): ${s.stale.message}` : undefined,
      fetching: s.refreshing,
    };
  }

  /** Returns true when the key or endpoint actually changed (a refetch is then due). */
  configure(apiKey: string | null | undefined, api: Partial<ApiEndpoint> | undefined): boolean {
    let changed = false;
    if (api !== undefined) {
      const endpoint = endpointFrom(api);
      if (JSON.stringify(endpoint) !== JSON.stringify(this.endpoint)) {
        this.endpoint = endpoint;
        changed = true;
      }
    }
    if (apiKey !== undefined) {
      const key = apiKey && apiKey.trim() ? apiKey.trim() : null;
      if (key !== this.apiKey) {
        this.apiKey = key;
        changed = true;
      }
    }
    if (changed) {
      this.controller?.abort();
      this.controller = undefined;
      // A catalog from another key or host says nothing about this one; a cached copy for
      // this key and host is a good start until the fetch answers.
      const conn = this.connection();
      this.store = new CatalogStore(conn ? this.readCache(conn) : undefined);
    }
    return changed;
  }

  /** Fetches the catalog. Never throws; a failure is recorded as staleness. */
  async refresh(): Promise<void> {
    if (!this.apiKey) return;
    const conn = this.connection();
    const store = this.store;
    if (!conn) return;
    this.controller?.abort();
    const controller = new AbortController();
    this.controller = controller;
    await refreshLiveCatalog(store, conn, { signal: controller.signal, cache: this.cache });
    if (this.controller === controller) this.controller = undefined;
    if (store.catalog) warmInTurns(store.catalog);
  }

  dispose(): void {
    this.controller?.abort();
    this.controller = undefined;
  }

  private readCache(conn: ApiConnection): Catalog | undefined {
    try {
      return this.cache?.read(conn);
    } catch {
      return undefined;
    }
  }

  /** The key and endpoint WorkOS calls use; undefined without a key. */
  connection(): ApiConnection | undefined {
    return this.apiKey ? { apiKey: this.apiKey, ...this.endpoint } : undefined;
  }
}
