// The catalog in use, for long-lived hosts (language server, editor). A refresh replaces it only
// when the loader succeeds; a failure keeps the last good catalog and records why it is stale, so
// diagnostics keep working offline or while WorkOS is unreachable.

import type { Catalog, CatalogSourceKind } from '../core/catalog';
import { WorkosApiError, type ApiFailureReason } from '../workos/index';

export interface StaleInfo {
  /** ISO time of the first failure since the last success. */
  since: string;
  reason: ApiFailureReason | 'error';
  message: string;
}

export interface CatalogState {
  source?: CatalogSourceKind;
  path?: string;
  host?: string;
  fetchedAt?: string;
  counts?: { permissions: number; roles: number; organizations: number };
  stale?: StaleInfo;
  refreshing: boolean;
}

export type RefreshResult =
  | { ok: true; catalog: Catalog }
  | { ok: false; stale: StaleInfo; catalog?: Catalog }
  /** A newer refresh started before this one finished; its result was dropped. */
  | { ok: false; superseded: true; catalog?: Catalog };

export class CatalogStore {
  private current?: Catalog;
  private staleInfo?: StaleInfo;
  private generation = 0;
  private inFlight = 0;
  private readonly listeners = new Set<(state: CatalogState) => void>();

  constructor(
    initial?: Catalog,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.current = initial;
  }

  get catalog(): Catalog | undefined {
    return this.current;
  }

  get stale(): StaleInfo | undefined {
    return this.staleInfo;
  }

  /** Replaces the catalog outright (a file load, a cached catalog at start). Clears staleness. */
  set(catalog: Catalog | undefined): void {
    this.generation++;
    this.current = catalog;
    this.staleInfo = undefined;
    this.emit();
  }

  /**
   * Runs the loader; never throws. Concurrent refreshes: the latest one started wins, an older
   * one finishing later changes nothing.
   */
  async refresh(loader: () => Promise<Catalog>): Promise<RefreshResult> {
    const gen = ++this.generation;
    this.inFlight++;
    this.emit();
    try {
      const catalog = await loader();
      if (gen !== this.generation) return { ok: false, superseded: true, catalog: this.current };
      this.current = catalog;
      this.staleInfo = undefined;
      return { ok: true, catalog };
    } catch (e) {
      if (gen !== this.generation) return { ok: false, superseded: true, catalog: this.current };
      const reason = e instanceof WorkosApiError ? e.reason : 'error';
      const message = e instanceof Error ? e.message : String(e);
      this.staleInfo = { since: this.staleInfo?.since ?? this.now().toISOString(), reason, message };
      return { ok: false, stale: this.staleInfo, catalog: this.current };
    } finally {
      this.inFlight--;
      this.emit();
    }
  }

  state(): CatalogState {
    const c = this.current;
    const state: CatalogState = { refreshing: this.inFlight > 0 };
    if (c) {
      state.source = c.source.kind;
      if (c.source.path) state.path = c.source.path;
      const host = c.source.host ?? c.snapshot.host;
      if (host) state.host = host;
      const fetchedAt = c.source.fetchedAt ?? c.snapshot.fetchedAt;
      if (fetchedAt) state.fetchedAt = fetchedAt;
      state.counts = c.counts;
    }
    if (this.staleInfo) state.stale = { ...this.staleInfo };
    return state;
  }

  onDidChange(listener: (state: CatalogState) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(): void {
    const state = this.state();
    for (const l of this.listeners) l(state);
  }
}
