// Drift between the committed snapshot and the live catalog, as a readable report.

import type { ApiRole, CatalogSnapshot } from '../../../server/src/core/catalog';

export interface Drift {
  permissions: { added: string[]; removed: string[] };
  roles: { added: string[]; removed: string[]; changed: { slug: string; gained: string[]; lost: string[] }[] };
}

function roleMap(s: CatalogSnapshot): Map<string, ApiRole> {
  const m = new Map<string, ApiRole>();
  for (const r of s.environmentRoles) m.set(r.slug, r);
  for (const o of s.organizations) for (const r of o.roles) m.set(`${r.slug}`, r);
  return m;
}

/** What changed from `local` (the committed file) to `live` (WorkOS now). */
export function diffSnapshots(local: CatalogSnapshot, live: CatalogSnapshot): Drift {
  const lp = new Set(local.permissions.map((p) => p.slug));
  const vp = new Set(live.permissions.map((p) => p.slug));
  const lr = roleMap(local);
  const vr = roleMap(live);
  const changed: Drift['roles']['changed'] = [];
  for (const [slug, role] of vr) {
    const before = lr.get(slug);
    if (!before) continue;
    const a = new Set(before.permissions);
    const b = new Set(role.permissions);
    const gained = [...b].filter((p) => !a.has(p)).sort();
    const lost = [...a].filter((p) => !b.has(p)).sort();
    if (gained.length || lost.length) changed.push({ slug, gained, lost });
  }
  return {
    permissions: { added: [...vp].filter((p) => !lp.has(p)).sort(), removed: [...lp].filter((p) => !vp.has(p)).sort() },
    roles: {
      added: [...vr.keys()].filter((r) => !lr.has(r)).sort(),
      removed: [...lr.keys()].filter((r) => !vr.has(r)).sort(),
      changed: changed.sort((a, b) => a.slug.localeCompare(b.slug)),
    },
  };
}

export function formatDrift(d: Drift, host: string): string {
  const lines = [`# Catalog drift: workos-catalog.json → ${host}`, ''];
  const none = !d.permissions.added.length && !d.permissions.removed.length && !d.roles.added.length && !d.roles.removed.length && !d.roles.changed.length;
  if (none) return lines.concat('No drift: the snapshot matches the live catalog.', '').join('\n');
  const section = (title: string, items: string[]) => {
    if (items.length) lines.push(`## ${title} (${items.length})`, '', ...items.map((i) => `- \`${i}\``), '');
  };
  section('Permissions added in WorkOS', d.permissions.added);
  section('Permissions removed from WorkOS', d.permissions.removed);
  section('Roles added in WorkOS', d.roles.added);
  section('Roles removed from WorkOS', d.roles.removed);
  if (d.roles.changed.length) {
    lines.push(`## Roles with changed permissions (${d.roles.changed.length})`, '');
    for (const c of d.roles.changed) {
      lines.push(`- \`${c.slug}\`${c.gained.length ? ` gained ${c.gained.map((p) => `\`${p}\``).join(', ')}` : ''}${c.lost.length ? ` lost ${c.lost.map((p) => `\`${p}\``).join(', ')}` : ''}`);
    }
    lines.push('');
  }
  lines.push('Run "WorkOS Authz: Pull Catalog Snapshot" to update the file.', '');
  return lines.join('\n');
}
