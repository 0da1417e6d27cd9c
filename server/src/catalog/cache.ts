// The editor's on-disk copy of the last good live catalog, so a restart has a catalog at once,
// offline too, and refreshes in the background. One file per API host and key (a key belongs to
// one WorkOS environment). The file name carries a hash of the key, never the key; the content
// is an ordinary snapshot, read back with the same validation as workos-catalog.json.

import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { Catalog, type CatalogSnapshot } from '../core/catalog';
import { displayHost, type ApiConnection } from '../workos/index';
import { parseCatalogText } from './files';
import { writeSnapshotFile } from './snapshotWrite';

type CacheKey = Pick<ApiConnection, 'apiKey' | 'hostname' | 'port'>;

/** Not reversible, and salted so the digest is useless for matching a key anywhere else. */
export function keyFingerprint(apiKey: string): string {
  return createHash('sha256').update('workos-authz catalog cache\0').update(apiKey).digest('hex').slice(0, 20);
}

export class CatalogCache {
  /** `dir` is the caller's private storage (the editor's globalStorage); created on first write. */
  constructor(readonly dir: string) {}

  fileFor(conn: CacheKey): string {
    const host = displayHost(conn).toLowerCase().replace(/[^a-z0-9.-]+/g, '_');
    return join(this.dir, `catalog-${host}-${keyFingerprint(conn.apiKey)}.json`);
  }

  /** The cached catalog for this host and key, or undefined (none, unreadable, or for another host). */
  read(conn: CacheKey): Catalog | undefined {
    const path = this.fileFor(conn);
    let snapshot: CatalogSnapshot;
    try {
      snapshot = parseCatalogText(readFileSync(path, 'utf8'), path);
    } catch {
      // A damaged cache is only a missed head start; the next good fetch rewrites it.
      return undefined;
    }
    const host = displayHost(conn);
    if (snapshot.host !== undefined && snapshot.host !== host) return undefined;
    return new Catalog(snapshot, { kind: 'cache', host, fetchedAt: snapshot.fetchedAt });
  }

  write(conn: CacheKey, snapshot: CatalogSnapshot): void {
    mkdirSync(this.dir, { recursive: true });
    writeSnapshotFile(this.fileFor(conn), { ...snapshot, host: displayHost(conn) });
  }

  clear(conn: CacheKey): void {
    try {
      unlinkSync(this.fileFor(conn));
    } catch {
      // nothing cached
    }
  }
}
