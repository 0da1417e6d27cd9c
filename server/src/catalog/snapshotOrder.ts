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
    permissions: sortedBy(snapshot.permissions, (p) => p.slug),
    organizations: sortedBy(snapshot.organizations, (o) => o.id),
  };
}

/** The list in code-unit order of its keys: a copy, or the list itself when already in order (as a written snapshot is). */
function sortedBy<T>(list: readonly T[], key: (item: T) => string): T[] {
  let inOrder = true;
  for (let i = 1; i < list.length && inOrder; i++) inOrder = key(list[i - 1]) <= key(list[i]);
  return inOrder ? (list as T[]) : [...list].sort((a, b) => compareCodeUnits(key(a), key(b)));
}
