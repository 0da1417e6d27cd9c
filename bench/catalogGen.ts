// A synthetic WorkOS catalog in the workos-catalog.json format, shaped like a big real tenant:
// `resource:action` permissions (some with several colons, some resource-scoped), environment
// roles, and organization roles spread over many organizations.

import type { ApiPermission, ApiRole, CatalogSnapshot, SnapshotOrganization } from '../server/src/core/catalog';
import { createRng, hash32, type Rng } from './prng';

export interface CatalogSpec {
  seed: string;
  permissions: number;
  /** Environment roles plus distinct organization-role slugs. */
  roles: number;
  organizations: number;
}

export const RESOURCE_WORDS = [
  'account', 'activity', 'agent', 'alert', 'analytics', 'api-key', 'app', 'approval', 'asset', 'audit-log',
  'backup', 'billing', 'board', 'branch', 'budget', 'build', 'calendar', 'campaign', 'card', 'catalog',
  'channel', 'chart', 'checkout', 'cluster', 'comment', 'connection', 'contact', 'contract', 'coupon', 'course',
  'customer', 'dashboard', 'dataset', 'deal', 'deployment', 'device', 'directory', 'discount', 'document', 'domain',
  'draft', 'email', 'employee', 'endpoint', 'environment', 'event', 'expense', 'experiment', 'export', 'feature',
  'feed', 'file', 'folder', 'form', 'group', 'incident', 'integration', 'inventory', 'invoice', 'issue',
  'job', 'key', 'label', 'lead', 'license', 'log', 'member', 'message', 'metric', 'model',
  'monitor', 'note', 'notification', 'order', 'organization', 'page', 'payment', 'payout', 'pipeline', 'plan',
  'policy', 'post', 'price', 'product', 'profile', 'project', 'queue', 'quote', 'receipt', 'refund',
  'release', 'report', 'repository', 'request', 'resource', 'review', 'role', 'rule', 'schedule', 'secret',
  'segment', 'service', 'session', 'setting', 'shipment', 'site', 'snippet', 'sso', 'storage', 'subscription',
  'survey', 'task', 'team', 'template', 'tenant', 'ticket', 'token', 'transaction', 'user', 'vendor',
  'video', 'webhook', 'widget', 'workflow', 'workspace',
] as const;

export const ACTION_WORDS = [
  'read', 'write', 'create', 'update', 'delete', 'manage', 'view', 'list', 'export', 'import',
  'approve', 'share', 'archive', 'publish', 'invite', 'assign', 'comment', 'download', 'upload', 'restore',
  'configure', 'audit', 'refund', 'transfer', 'execute', 'cancel', 'clone', 'lock', 'moderate', 'sign',
] as const;

const QUALIFIERS = ['internal', 'external', 'team', 'shared', 'private', 'public', 'legacy', 'beta', 'bulk', 'self'];

export const RESOURCE_TYPES = ['workspace', 'project', 'document', 'folder', 'repository', 'board'] as const;

const ROLE_STEMS = [
  'admin', 'member', 'viewer', 'editor', 'owner', 'billing-admin', 'support', 'auditor', 'developer', 'analyst',
  'manager', 'guest', 'contributor', 'moderator', 'reviewer', 'operator', 'finance', 'sales', 'marketing', 'hr',
  'security', 'compliance', 'legal', 'ops', 'engineer', 'designer', 'recruiter', 'partner', 'contractor', 'intern',
];

const TIMESTAMP = '2026-01-15T12:00:00.000Z';

function objectId(prefix: string, key: string): string {
  // Deterministic ULID-looking ids: the format matters to nobody, stability does.
  const alphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
  let out = '';
  let h = hash32(key);
  for (let i = 0; i < 26; i++) {
    h = Math.imul(h ^ (h >>> 15), 0x2c1b3c6d) >>> 0;
    h = (h + i * 0x9e3779b9) >>> 0;
    out += alphabet[h % 32];
  }
  return `${prefix}_${out}`;
}

function title(slug: string): string {
  return slug
    .split(/[:\-_.]/)
    .filter(Boolean)
    .map((w) => w[0].toUpperCase() + w.slice(1))
    .join(' ');
}

function permissionSlugs(rng: Rng, count: number): string[] {
  const slugs = new Set<string>();
  // Multi-colon system-style permissions exist in real tenants.
  for (const s of ['widgets:users-table:manage', 'widgets:sso:manage', 'widgets:dsync:manage', 'widgets:api-keys:manage']) {
    if (slugs.size < count) slugs.add(s);
  }
  const resources: string[] = [...RESOURCE_WORDS];
  for (const q of QUALIFIERS) for (const r of RESOURCE_WORDS) resources.push(`${q}-${r}`);
  let guard = 0;
  while (slugs.size < count && guard++ < count * 50) {
    const resource = resources[Math.min(resources.length - 1, Math.floor(rng.next() ** 1.6 * resources.length))];
    const action = rng.pick(ACTION_WORDS);
    const shape = rng.next();
    if (shape < 0.06) slugs.add(`${resource}:${rng.pick(RESOURCE_WORDS)}:${action}`);
    else if (shape < 0.09) slugs.add(`${resource}.${action}`);
    else if (shape < 0.1) slugs.add(`${resource}:*`);
    else slugs.add(`${resource}:${action}`);
  }
  return [...slugs];
}

function roleSlugs(rng: Rng, count: number, prefix: string): string[] {
  const slugs = new Set<string>();
  for (const s of ROLE_STEMS) {
    if (slugs.size >= count) break;
    slugs.add(`${prefix}${s}`);
  }
  let guard = 0;
  while (slugs.size < count && guard++ < count * 50) {
    const stem = rng.pick(ROLE_STEMS);
    const area = rng.pick(RESOURCE_WORDS);
    slugs.add(rng.chance(0.5) ? `${prefix}${area}-${stem}` : `${prefix}${stem}-${area}`);
  }
  return [...slugs];
}

export function generateCatalog(spec: CatalogSpec): CatalogSnapshot {
  const rng = createRng(`catalog:${spec.seed}`);
  const permSlugs = permissionSlugs(rng.fork('permissions'), spec.permissions);
  const permissions: ApiPermission[] = permSlugs.map((slug) => {
    const scoped = hash32(slug) % 100 < 12;
    return {
      object: 'permission',
      id: objectId('perm', slug),
      slug,
      name: title(slug),
      description: hash32(`d:${slug}`) % 3 === 0 ? null : `Allows ${title(slug).toLowerCase()}.`,
      system: slug.startsWith('widgets:'),
      resource_type_slug: scoped ? RESOURCE_TYPES[hash32(`t:${slug}`) % RESOURCE_TYPES.length] : 'organization',
      created_at: TIMESTAMP,
      updated_at: TIMESTAMP,
    };
  });
  permissions.sort((a, b) => (a.slug < b.slug ? -1 : a.slug > b.slug ? 1 : 0));

  const roleRng = rng.fork('roles');
  const envCount = Math.max(1, Math.round(spec.roles * 0.2));
  const orgCount = spec.roles - envCount;
  const grant = (): string[] => {
    const n = roleRng.int(5, 60);
    const out = new Set<string>();
    for (let i = 0; i < n; i++) out.add(permSlugs[Math.floor(roleRng.next() ** 2 * permSlugs.length)]);
    return [...out].sort();
  };
  const role = (slug: string, type: ApiRole['type']): ApiRole => ({
    object: 'role',
    id: objectId('role', `${type}:${slug}`),
    slug,
    name: title(slug),
    description: `${title(slug)} role`,
    permissions: grant(),
    resource_type_slug: hash32(`rt:${slug}`) % 100 < 8 ? RESOURCE_TYPES[hash32(slug) % RESOURCE_TYPES.length] : 'organization',
    type,
    created_at: TIMESTAMP,
    updated_at: TIMESTAMP,
  });
  const environmentRoles = roleSlugs(roleRng, envCount, '').map((s) => role(s, 'EnvironmentRole'));
  const orgRoleSlugs = roleSlugs(roleRng, orgCount, 'org-');
  const orgRoles = orgRoleSlugs.map((s) => role(s, 'OrganizationRole'));

  // Every organization role slug is defined by at least one organization; some by several.
  const organizations: SnapshotOrganization[] = [];
  for (let i = 0; i < spec.organizations; i++) {
    const id = objectId('org', `org:${spec.seed}:${i}`);
    organizations.push({ id, name: `Organization ${i + 1}`, roles: [] });
  }
  orgRoles.forEach((r, i) => {
    if (organizations.length === 0) return;
    organizations[i % organizations.length].roles.push(r);
    if (roleRng.chance(0.1)) organizations[roleRng.int(0, organizations.length - 1)].roles.push(r);
  });
  for (const org of organizations) org.roles = [...new Set(org.roles)];
  organizations.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));

  return { version: 1, environmentRoles, permissions, organizations };
}
