// Drift between two catalogs (the committed snapshot and live WorkOS): what code checks against.
// Ids and timestamps are ignored, as are fields a hand-written or seed file leaves out and the API
// fills with its defaults, so only differences that change what slugs mean are reported.

import {
  ORGANIZATION_RESOURCE_TYPE,
  type ApiPermission,
  type ApiRole,
  type CatalogSnapshot,
} from '../core/catalog';
import { compareCodeUnits } from './snapshotOrder';

export interface FieldChange {
  field: string;
  from: string | boolean | null;
  to: string | boolean | null;
}

export interface RoleChange {
  slug: string;
  permissionsAdded: string[];
  permissionsRemoved: string[];
  /** Name, description, resource type, type. */
  changes: FieldChange[];
}

export interface OrganizationRef {
  id: string;
  name: string;
}

export interface CatalogDiff {
  permissions: { added: ApiPermission[]; removed: ApiPermission[]; changed: { slug: string; changes: FieldChange[] }[] };
  environmentRoles: {
    added: ApiRole[];
    removed: ApiRole[];
    changed: RoleChange[];
    /** Priority order of the roles both sides have, when it differs. */
    orderChanged?: { from: string[]; to: string[] };
  };
  organizationRoles: {
    added: { organization: OrganizationRef; role: ApiRole }[];
    removed: { organization: OrganizationRef; role: ApiRole }[];
    changed: (RoleChange & { organization: OrganizationRef })[];
  };
}

const bySlug = <T extends { slug: string }>(a: T, b: T) => compareCodeUnits(a.slug, b.slug);

function permissionFields(p: ApiPermission): Record<string, string | boolean | null> {
  return {
    name: p.name,
    description: p.description ?? null,
    resource_type_slug: p.resource_type_slug ?? ORGANIZATION_RESOURCE_TYPE,
    system: p.system ?? false,
  };
}

function roleFields(r: ApiRole): Record<string, string | boolean | null> {
  return {
    name: r.name,
    description: r.description ?? null,
    resource_type_slug: r.resource_type_slug ?? ORGANIZATION_RESOURCE_TYPE,
    type: r.type,
  };
}

function fieldChanges(a: Record<string, string | boolean | null>, b: Record<string, string | boolean | null>): FieldChange[] {
  const out: FieldChange[] = [];
  for (const field of Object.keys(a)) if (a[field] !== b[field]) out.push({ field, from: a[field], to: b[field] });
  return out;
}

function roleChange(a: ApiRole, b: ApiRole): RoleChange | undefined {
  const before = new Set(a.permissions);
  const after = new Set(b.permissions);
  const permissionsAdded = [...after].filter((p) => !before.has(p)).sort(compareCodeUnits);
  const permissionsRemoved = [...before].filter((p) => !after.has(p)).sort(compareCodeUnits);
  const changes = fieldChanges(roleFields(a), roleFields(b));
  if (!permissionsAdded.length && !permissionsRemoved.length && !changes.length) return undefined;
  return { slug: a.slug, permissionsAdded, permissionsRemoved, changes };
}

function diffRoles(from: ApiRole[], to: ApiRole[]): { added: ApiRole[]; removed: ApiRole[]; changed: RoleChange[] } {
  const a = new Map(from.map((r) => [r.slug, r]));
  const b = new Map(to.map((r) => [r.slug, r]));
  const added = to.filter((r) => !a.has(r.slug)).sort(bySlug);
  const removed = from.filter((r) => !b.has(r.slug)).sort(bySlug);
  const changed: RoleChange[] = [];
  for (const r of [...from].sort(bySlug)) {
    const other = b.get(r.slug);
    if (!other) continue;
    const c = roleChange(r, other);
    if (c) changed.push(c);
  }
  return { added, removed, changed };
}

/** What changed going from `from` (e.g. the snapshot) to `to` (e.g. live WorkOS). */
export function diffSnapshots(from: CatalogSnapshot, to: CatalogSnapshot): CatalogDiff {
  const pa = new Map(from.permissions.map((p) => [p.slug, p]));
  const pb = new Map(to.permissions.map((p) => [p.slug, p]));
  const permissions: CatalogDiff['permissions'] = {
    added: to.permissions.filter((p) => !pa.has(p.slug)).sort(bySlug),
    removed: from.permissions.filter((p) => !pb.has(p.slug)).sort(bySlug),
    changed: [],
  };
  for (const p of [...from.permissions].sort(bySlug)) {
    const other = pb.get(p.slug);
    if (!other) continue;
    const changes = fieldChanges(permissionFields(p), permissionFields(other));
    if (changes.length) permissions.changed.push({ slug: p.slug, changes });
  }

  const environmentRoles: CatalogDiff['environmentRoles'] = diffRoles(from.environmentRoles, to.environmentRoles);
  const inTo = new Set(to.environmentRoles.map((r) => r.slug));
  const inFrom = new Set(from.environmentRoles.map((r) => r.slug));
  const orderFrom = from.environmentRoles.map((r) => r.slug).filter((s) => inTo.has(s));
  const orderTo = to.environmentRoles.map((r) => r.slug).filter((s) => inFrom.has(s));
  if (orderFrom.join('\0') !== orderTo.join('\0')) environmentRoles.orderChanged = { from: orderFrom, to: orderTo };

  const organizationRoles: CatalogDiff['organizationRoles'] = { added: [], removed: [], changed: [] };
  const oa = new Map(from.organizations.map((o) => [o.id, o]));
  const ob = new Map(to.organizations.map((o) => [o.id, o]));
  const ids = [...new Set([...oa.keys(), ...ob.keys()])].sort(compareCodeUnits);
  for (const id of ids) {
    const before = oa.get(id);
    const after = ob.get(id);
    const organization = { id, name: (after ?? before)!.name };
    const d = diffRoles(before?.roles ?? [], after?.roles ?? []);
    for (const role of d.added) organizationRoles.added.push({ organization, role });
    for (const role of d.removed) organizationRoles.removed.push({ organization, role });
    for (const c of d.changed) organizationRoles.changed.push({ ...c, organization });
  }
  return { permissions, environmentRoles, organizationRoles };
}

export function countChanges(d: CatalogDiff): number {
  return (
    d.permissions.added.length +
    d.permissions.removed.length +
    d.permissions.changed.length +
    d.environmentRoles.added.length +
    d.environmentRoles.removed.length +
    d.environmentRoles.changed.length +
    (d.environmentRoles.orderChanged ? 1 : 0) +
    d.organizationRoles.added.length +
    d.organizationRoles.removed.length +
    d.organizationRoles.changed.length
  );
}

export function isEmptyDiff(d: CatalogDiff): boolean {
  return countChanges(d) === 0;
}

const show = (v: string | boolean | null): string => (v === null ? 'none' : typeof v === 'string' ? JSON.stringify(v) : String(v));

function describeRoleChange(c: RoleChange): string {
  const parts: string[] = [];
  if (c.permissionsAdded.length) parts.push(`permissions added: ${c.permissionsAdded.join(', ')}`);
  if (c.permissionsRemoved.length) parts.push(`permissions removed: ${c.permissionsRemoved.join(', ')}`);
  for (const f of c.changes) parts.push(`${f.field} ${show(f.from)} -> ${show(f.to)}`);
  return parts.join('; ');
}

/** Lines such as `  + posts:publish`, grouped under headings; empty string for no drift. */
export function formatDiff(d: CatalogDiff): string {
  const lines: string[] = [];
  const section = (title: string, body: string[]) => {
    if (body.length) lines.push(title, ...body);
  };
  section('Permissions:', [
    ...d.permissions.added.map((p) => `  + ${p.slug}${p.name ? ` (${p.name})` : ''}`),
    ...d.permissions.removed.map((p) => `  - ${p.slug}`),
    ...d.permissions.changed.map((c) => `  ~ ${c.slug}: ${c.changes.map((f) => `${f.field} ${show(f.from)} -> ${show(f.to)}`).join('; ')}`),
  ]);
  const env = d.environmentRoles;
  section('Environment roles:', [
    ...env.added.map((r) => `  + ${r.slug}${r.permissions.length ? ` [${r.permissions.join(', ')}]` : ''}`),
    ...env.removed.map((r) => `  - ${r.slug}`),
    ...env.changed.map((c) => `  ~ ${c.slug}: ${describeRoleChange(c)}`),
    ...(env.orderChanged ? [`  ~ priority order: ${env.orderChanged.from.join(', ')} -> ${env.orderChanged.to.join(', ')}`] : []),
  ]);
  const org = d.organizationRoles;
  const where = (o: OrganizationRef) => (o.name && o.name !== o.id ? `${o.name} (${o.id})` : o.id);
  section('Organization roles:', [
    ...org.added.map(({ organization, role }) => `  + ${role.slug} in ${where(organization)}${role.permissions.length ? ` [${role.permissions.join(', ')}]` : ''}`),
    ...org.removed.map(({ organization, role }) => `  - ${role.slug} in ${where(organization)}`),
    ...org.changed.map((c) => `  ~ ${c.slug} in ${where(c.organization)}: ${describeRoleChange(c)}`),
  ]);
  return lines.length ? lines.join('\n') + '\n' : '';
}
