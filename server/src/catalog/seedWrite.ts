// A catalog as a `workos-seed.yml` for the WorkOS CLI: permissions and environment roles with
// their permissions, so an environment's catalog can be recreated and reviewed as code. The text
// depends on the catalog alone (no time, no ids), so pulling an unchanged environment rewrites
// nothing; our own seed loader reads it back (test/catalog/seed.test.ts).

import { stringify } from 'yaml';
import type { CatalogSnapshot } from '../core/catalog';
import { sortSnapshot } from './snapshotOrder';

export function seedText(snapshot: CatalogSnapshot): string {
  const s = sortSnapshot(snapshot);
  const resourceType = (slug: string | undefined) => (slug && slug !== 'organization' ? { resource_type_slug: slug } : {});
  const described = (d: string | null) => (d ? { description: d } : {});
  const doc = {
    permissions: s.permissions
      .filter((p) => !p.system)
      .map((p) => ({ slug: p.slug, name: p.name, ...described(p.description), ...resourceType(p.resource_type_slug) })),
    roles: s.environmentRoles.map((r) => ({ slug: r.slug, name: r.name, ...described(r.description), ...resourceType(r.resource_type_slug), permissions: [...r.permissions] })),
  };
  const origin = s.host ? ` from ${s.host}` : '';
  return (
    `# WorkOS seed file written by \`workos-authz catalog pull --format seed\`${origin}.\n` +
    `# Permissions, and environment roles in priority order (first is highest) with their permissions.\n` +
    stringify(doc, { lineWidth: 0 })
  );
}
