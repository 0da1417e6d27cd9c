// The difference between two named environments as Catalog view nodes, free of the vscode module
// so it can be unit-tested.

import type { CatalogDiff, EnvironmentDiffResult } from '../../../server/src/protocol';

export interface DiffEntry {
  sign: '+' | '-' | '~';
  slug: string;
  detail: string;
}

export type DiffNode = { type: 'message'; text: string } | { type: 'diffGroup'; label: string; entries: DiffEntry[] };

/** The difference between two environments as tree nodes: `+` only in the second, `-` only in the first. */
export function diffChildren(result: EnvironmentDiffResult): DiffNode[] {
  if (!result.ok) return [{ type: 'message', text: result.message }];
  const groups = diffEntries(result.diff, result.from, result.to);
  if (groups.length === 0) return [{ type: 'message', text: `${result.from} and ${result.to} have the same permissions and environment roles.` }];
  return [{ type: 'message', text: `${result.from} → ${result.to}: ${result.changes} change${result.changes === 1 ? '' : 's'}` }, ...groups];
}

export function diffEntries(d: CatalogDiff, from: string, to: string): DiffNode[] {
  const fields = (c: { changes: { field: string; from: unknown; to: unknown }[] }) => c.changes.map((f) => `${f.field} ${String(f.from)} → ${String(f.to)}`);
  const permissions: DiffEntry[] = [
    ...d.permissions.added.map((p): DiffEntry => ({ sign: '+', slug: p.slug, detail: `only in ${to}` })),
    ...d.permissions.removed.map((p): DiffEntry => ({ sign: '-', slug: p.slug, detail: `only in ${from}` })),
    ...d.permissions.changed.map((c): DiffEntry => ({ sign: '~', slug: c.slug, detail: fields(c).join('; ') })),
  ];
  const env = d.environmentRoles;
  const roles: DiffEntry[] = [
    ...env.added.map((r): DiffEntry => ({ sign: '+', slug: r.slug, detail: `only in ${to}` })),
    ...env.removed.map((r): DiffEntry => ({ sign: '-', slug: r.slug, detail: `only in ${from}` })),
    ...env.changed.map((c): DiffEntry => ({
      sign: '~',
      slug: c.slug,
      detail: [
        ...(c.permissionsAdded.length ? [`grants in ${to} only: ${c.permissionsAdded.join(', ')}`] : []),
        ...(c.permissionsRemoved.length ? [`grants in ${from} only: ${c.permissionsRemoved.join(', ')}`] : []),
        ...fields(c),
      ].join('; '),
    })),
  ];
  const out: DiffNode[] = [];
  if (permissions.length) out.push({ type: 'diffGroup', label: 'Permissions', entries: permissions });
  if (roles.length) out.push({ type: 'diffGroup', label: 'Environment roles', entries: roles });
  return out;
}
