// Writing workos-catalog.json: one canonical text for one catalog (fixed key order, canonical
// list order, 2-space indent, final newline) so re-pulling an unchanged environment changes no
// byte, and an atomic replace so an interrupted write never leaves half a file behind.

import { closeSync, existsSync, fsyncSync, openSync, readFileSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { ApiPermission, ApiRole, CatalogSnapshot, SnapshotOrganization } from '../core/catalog';
import { countChanges, diffSnapshots } from './diff';
import { parseCatalogText } from './files';
import { sortSnapshot } from './snapshotOrder';

const PERMISSION_KEYS: (keyof ApiPermission)[] = ['object', 'id', 'slug', 'name', 'description', 'system', 'resource_type_slug', 'created_at', 'updated_at'];
const ROLE_KEYS: (keyof ApiRole)[] = ['object', 'id', 'slug', 'name', 'description', 'permissions', 'resource_type_slug', 'type', 'created_at', 'updated_at'];

function pick<T extends object>(obj: T, keys: (keyof T)[]): Partial<T> {
  const out: Partial<T> = {};
  for (const k of keys) if (obj[k] !== undefined) out[k] = obj[k];
  return out;
}

/** The snapshot with only known fields, in canonical key and list order. */
export function canonicalSnapshot(snapshot: CatalogSnapshot): CatalogSnapshot {
  const sorted = sortSnapshot(snapshot);
  const role = (r: ApiRole) => pick(r, ROLE_KEYS) as ApiRole;
  const out: CatalogSnapshot = { version: sorted.version } as CatalogSnapshot;
  if (sorted.fetchedAt !== undefined) out.fetchedAt = sorted.fetchedAt;
  if (sorted.host !== undefined) out.host = sorted.host;
  out.environmentRoles = sorted.environmentRoles.map(role);
  out.permissions = sorted.permissions.map((p) => pick(p, PERMISSION_KEYS) as ApiPermission);
  out.organizations = sorted.organizations.map((o): SnapshotOrganization => ({ id: o.id, name: o.name, roles: o.roles.map(role) }));
  return out;
}

export function stringifySnapshot(snapshot: CatalogSnapshot): string {
  return JSON.stringify(canonicalSnapshot(snapshot), null, 2) + '\n';
}

/**
 * Writes beside the target and renames over it: readers see the old file or the new one,
 * never a mix. The temporary file is removed if anything fails.
 */
export function writeFileAtomic(path: string, text: string): void {
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  let fd: number | undefined;
  try {
    fd = openSync(tmp, 'wx', 0o644);
    writeSync(fd, text);
    fsyncSync(fd);
    closeSync(fd);
    fd = undefined;
    renameSync(tmp, path);
  } catch (e) {
    if (fd !== undefined) {
      try {
        closeSync(fd);
      } catch {
        // already failing; the original error matters
      }
    }
    try {
      unlinkSync(tmp);
    } catch {
      // never created, or already renamed
    }
    throw e;
  }
}

export function writeSnapshotFile(path: string, snapshot: CatalogSnapshot): void {
  writeFileAtomic(path, stringifySnapshot(snapshot));
}

export interface PullOutcome {
  /** False when the file already held this catalog: it was left untouched so git stays clean. */
  written: boolean;
  /** Whether a readable snapshot was there before. */
  replaced: boolean;
  /** Catalog changes since that snapshot (ids and times are not changes). */
  changes: number;
}

/** Writes a freshly pulled catalog to `path` atomically, unless the file already says the same. */
export function pullInto(path: string, live: CatalogSnapshot): PullOutcome {
  let previous: CatalogSnapshot | undefined;
  if (existsSync(path)) {
    try {
      previous = parseCatalogText(readFileSync(path, 'utf8'), path);
    } catch {
      // An unreadable old snapshot is simply replaced.
    }
  }
  if (!previous) {
    writeSnapshotFile(path, live);
    return { written: true, replaced: false, changes: 0 };
  }
  const changes = countChanges(diffSnapshots(previous, live));
  // Same content as before: keep the file (and its fetchedAt) so a re-pull leaves git clean.
  if (changes === 0 && stringifySnapshot({ ...previous, fetchedAt: live.fetchedAt, host: live.host }) === stringifySnapshot(live)) {
    return { written: false, replaced: true, changes };
  }
  writeSnapshotFile(path, live);
  return { written: true, replaced: true, changes };
}
