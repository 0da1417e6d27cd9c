// The live catalog, fetched from WorkOS with the key the client handed over. One per server:
// a key belongs to one WorkOS environment, whatever folders are open. A failed refresh keeps
// the last good catalog (CatalogStore) and records why it is stale; with a storage folder from
// the client, the last good catalog also survives a restart (CatalogCache).

import { Catalog } from '../core/catalog';
import { CatalogCache, CatalogStore, displayHost, fetchLiveCatalog, type ApiConnection } from '../catalog/index';

export const DEFAULT_API_URL = 'https://api.workos.com';

export interface LiveState {
  catalog?: Catalog;
  /** Set when the last fetch failed; the catalog (if any) is then the last good one. */
  error?: string;
  fetching: boolean;
}

export class LiveCatalog {
  private apiKey: string | null = null;
  private apiUrl = DEFAULT_API_URL;
  private store = new CatalogStore();
  private cache?: CatalogCache;
  private controller?: AbortController;

  get hasKey(): boolean {
    return this.apiKey !== null;
  }

  get host(): string {
    const conn = this.connection();
    return conn ? displayHost(conn) : this.apiUrl;
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

  /** Returns true when the key or URL actually changed (a refetch is then due). */
  configure(apiKey: string | null | undefined, apiUrl: string | undefined): boolean {
    let changed = false;
    if (apiUrl !== undefined && (apiUrl || DEFAULT_API_URL) !== this.apiUrl) {
      this.apiUrl = apiUrl || DEFAULT_API_URL;
      changed = true;
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
    if (!conn) {
      await store.refresh(() => Promise.reject(new Error(`the API URL "${this.apiUrl}" is not a valid http(s) URL`)));
      return;
    }
    this.controller?.abort();
    const controller = new AbortController();
    this.controller = controller;
    await store.refresh(async () => {
      const snapshot = await fetchLiveCatalog(conn, { signal: controller.signal });
      const host = displayHost(conn);
      const fetchedAt = snapshot.fetchedAt ?? new Date().toISOString();
      try {
        this.cache?.write(conn, snapshot);
      } catch {
        // The cache is a head start for the next session, not a requirement for this one.
      }
      return new Catalog({ ...snapshot, fetchedAt, host }, { kind: 'live', host, fetchedAt });
    });
    if (this.controller === controller) this.controller = undefined;
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

  private connection(): ApiConnection | undefined {
    if (!this.apiKey) return undefined;
    let url: URL;
    try {
      url = new URL(this.apiUrl);
    } catch {
      return undefined;
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') return undefined;
    return {
      apiKey: this.apiKey,
      hostname: url.hostname.replace(/^\[|\]$/g, ''),
      port: url.port ? Number(url.port) : undefined,
      https: url.protocol === 'https:',
      timeoutMs: 15_000,
    };
  }
}
