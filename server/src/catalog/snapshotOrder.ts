// The one canonical order of a snapshot, so that a pull, a re-pull and a hand edit diff cleanly:
// permissions by slug, organizations by id; role lists keep API order because it is priority.

import type { CatalogSnapshot } from '../core/catalog';

/** Code-unit order: the same on every machine and locale. */
export function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function sortSnapshot(snapshot: CatalogSnapshot): CatalogSnapshot {
  return {
    ...snapshot,
    permissions: [...snapshot.permissions].sort((a, b) => compareCodeUnits(a.slug, b.slug)),
    organizations: [...snapshot.organizations].sort((a, b) => compareCodeUnits(a.id, b.id)),
  };
}
