// What the WorkOS-compatible test server serves. Records keep the API's wire shape (snake_case)
// so the server can hand most of them out unchanged; relations are held by id (a role
// assignment names a resource id, not a copy of the resource) so a test can mutate one place.

import type { ApiPermission, ApiRole, CatalogSnapshot, RoleType } from '../../server/src/core/catalog';

/** The key tests use unless they configure another. Never printed. */
export const TEST_API_KEY = 'sk_test_workos_authz_local';

export type PermissionRecord = Required<ApiPermission>;
export type RoleRecord = Required<ApiRole>;

export interface OrganizationRecord {
  object: 'organization';
  id: string;
  name: string;
  external_id: string | null;
  metadata: Record<string, string>;
  created_at: string;
  updated_at: string;
  /** The organization's own roles (type OrganizationRole) in priority order. Not part of the wire object. */
  roles: RoleRecord[];
}

export interface UserRecord {
  object: 'user';
  id: string;
  email: string;
  first_name: string | null;
  last_name: string | null;
  email_verified: boolean;
  profile_picture_url: string | null;
  external_id: string | null;
  last_sign_in_at: string | null;
  created_at: string;
  updated_at: string;
}

export type MembershipStatus = 'active' | 'inactive' | 'pending';

export interface MembershipRecord {
  object: 'organization_membership';
  id: string;
  user_id: string;
  organization_id: string;
  status: MembershipStatus;
  /** Primary organization-level role. */
  role: { slug: string };
  /** All organization-level roles (multiple roles); when empty, `role` alone applies. */
  roles: { slug: string }[];
  directory_managed: boolean;
  custom_attributes: Record<string, unknown>;
  created_at: string;
  updated_at: string;
}

export interface ResourceRecord {
  object: 'authorization_resource';
  id: string;
  external_id: string;
  name: string;
  description: string | null;
  resource_type_slug: string;
  organization_id: string;
  /** Null for a top-level resource, whose parent is its organization. */
  parent_resource_id: string | null;
  created_at: string;
  updated_at: string;
}

/** A role given directly to a membership. `resource_id: null` means the organization itself. */
export interface RoleAssignmentRecord {
  id: string;
  organization_membership_id: string;
  role_slug: string;
  resource_id: string | null;
  created_at: string;
  updated_at: string;
}

export interface GroupRecord {
  object: 'group';
  id: string;
  organization_id: string;
  name: string;
  description: string | null;
  created_at: string;
  updated_at: string;
}

export interface GroupMembershipRecord {
  group_id: string;
  organization_membership_id: string;
  created_at: string;
}

/** A role given to a group; every member of the group holds it. `resource_id: null` = the organization. */
export interface GroupRoleAssignmentRecord {
  id: string;
  group_id: string;
  role_slug: string;
  resource_id: string | null;
  created_at: string;
  updated_at: string;
}

export interface WorkosState {
  apiKeys: string[];
  permissions: PermissionRecord[];
  /** Priority order, first is highest. */
  environmentRoles: RoleRecord[];
  organizations: OrganizationRecord[];
  users: UserRecord[];
  memberships: MembershipRecord[];
  resources: ResourceRecord[];
  roleAssignments: RoleAssignmentRecord[];
  groups: GroupRecord[];
  groupMemberships: GroupMembershipRecord[];
  groupRoleAssignments: GroupRoleAssignmentRecord[];
}

export function emptyState(apiKeys: string[] = [TEST_API_KEY]): WorkosState {
  return {
    apiKeys,
    permissions: [],
    environmentRoles: [],
    organizations: [],
    users: [],
    memberships: [],
    resources: [],
    roleAssignments: [],
    groups: [],
    groupMemberships: [],
    groupRoleAssignments: [],
  };
}

/** Every organization has an implicit `organization` resource whose external id is the organization id. */
export function organizationResourceId(organizationId: string): string {
  return `authz_resource_${organizationId}`;
}

// ---------------------------------------------------------------------------------------------
// Ids and times

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const BASE_TIME = Date.UTC(2024, 0, 15, 9, 30, 0);

function crockford(n: number, width: number): string {
  let out = '';
  let v = Math.floor(n);
  for (let i = 0; i < width; i++) {
    out = CROCKFORD[v % 32] + out;
    v = Math.floor(v / 32);
  }
  return out;
}

/**
 * ULID-shaped ids (26 chars after the prefix) that sort in creation order, like WorkOS's, so
 * cursor pagination over them behaves as it does against the real API.
 */
export function makeId(prefix: string, sequence: number, salt = 0): string {
  return `${prefix}_01HQ${crockford(sequence, 10)}${crockford(salt, 12)}`;
}

/** Creation time of the n-th generated object: one minute apart, from a fixed base. */
export function makeTime(sequence: number): string {
  return new Date(BASE_TIME + sequence * 60_000).toISOString();
}

/** mulberry32: small, fast, and the same sequence on every machine for a given seed. */
export function createRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function titleCase(s: string): string {
  return s
    .split(/[-_:.]/)
    .filter(Boolean)
    .map((w) => w[0].toUpperCase() + w.slice(1))
    .join(' ');
}

// ---------------------------------------------------------------------------------------------
// Generated state

export interface GenerateOptions {
  permissions: number;
  roles: number;
  organizations: number;
  seed: number;
  apiKeys?: string[];
  /** Organization roles per organization are drawn from 0..max (default 3). */
  maxOrganizationRoles?: number;
}

// Resource nouns with the resource type their permissions belong to; most are organization-wide.
const NOUNS: [string, string][] = [
  ['workspace', 'workspace'], ['project', 'project'], ['document', 'document'], ['folder', 'document'],
  ['repository', 'project'], ['pipeline', 'project'], ['board', 'workspace'], ['channel', 'workspace'],
  ['users', 'organization'], ['members', 'organization'], ['billing', 'organization'], ['invoices', 'organization'],
  ['settings', 'organization'], ['reports', 'organization'], ['analytics', 'organization'], ['audit-logs', 'organization'],
  ['api-keys', 'organization'], ['webhooks', 'organization'], ['integrations', 'organization'], ['posts', 'organization'],
  ['comments', 'organization'], ['tickets', 'organization'], ['orders', 'organization'], ['products', 'organization'],
  ['inventory', 'organization'], ['customers', 'organization'], ['contracts', 'organization'], ['payments', 'organization'],
  ['subscriptions', 'organization'], ['teams', 'organization'], ['roles', 'organization'], ['domains', 'organization'],
  ['sso', 'organization'], ['directory', 'organization'], ['dashboards', 'organization'], ['alerts', 'organization'],
  ['deployments', 'project'], ['environments', 'project'], ['secrets', 'project'], ['builds', 'project'],
  ['releases', 'project'], ['issues', 'project'], ['sprints', 'workspace'], ['calendars', 'workspace'],
  ['files', 'document'], ['templates', 'document'], ['forms', 'document'], ['surveys', 'organization'],
  ['campaigns', 'organization'], ['leads', 'organization'], ['quotes', 'organization'], ['shipments', 'organization'],
  ['vendors', 'organization'], ['expenses', 'organization'], ['budgets', 'organization'], ['payroll', 'organization'],
  ['timesheets', 'organization'], ['assets', 'organization'], ['licenses', 'organization'], ['devices', 'organization'],
];

const ACTIONS = [
  'read', 'view', 'list', 'create', 'update', 'edit', 'write', 'delete', 'manage', 'admin', 'export', 'import',
  'share', 'invite', 'approve', 'archive', 'restore', 'publish', 'assign', 'comment', 'download', 'upload',
  'configure', 'deploy', 'rotate', 'revoke', 'audit', 'transfer', 'moderate', 'sync',
];

const QUALIFIERS = [
  'settings', 'members', 'billing', 'history', 'metadata', 'permissions', 'labels', 'attachments',
  'notes', 'tags', 'owners', 'schedules', 'limits', 'exports', 'drafts', 'versions',
];

const SYSTEM_PERMISSIONS = [
  'widgets:users-table:manage', 'widgets:sso:manage', 'widgets:dsync:manage', 'widgets:api-keys:manage',
  'widgets:domain-verification:manage', 'widgets:audit-log-streaming:manage',
];

const ROLE_LEVELS = ['viewer', 'editor', 'admin', 'manager', 'owner', 'auditor', 'analyst', 'contributor', 'operator', 'support'];

const COMPANY_WORDS = [
  'Acme', 'Globex', 'Initech', 'Umbrella', 'Stark', 'Wayne', 'Hooli', 'Vandelay', 'Soylent', 'Tyrell',
  'Cyberdyne', 'Wonka', 'Oscorp', 'Massive', 'Dynamic', 'Pied Piper', 'Aperture', 'Black Mesa', 'Nakatomi', 'Monarch',
];
const COMPANY_SUFFIXES = ['Inc.', 'Labs', 'Corp', 'GmbH', 'Ltd', 'Systems', 'Group', 'Studio'];

function pick<T>(rand: () => number, items: readonly T[]): T {
  return items[Math.floor(rand() * items.length)];
}

function sample<T>(rand: () => number, items: readonly T[], count: number): T[] {
  const n = Math.min(count, items.length);
  const chosen = new Set<number>();
  // Rejection sampling is fine while n is small relative to the pool, which it is here.
  while (chosen.size < n) chosen.add(Math.floor(rand() * items.length));
  return [...chosen].sort((a, b) => a - b).map((i) => items[i]);
}

/** Permission slugs in a deterministic order: `noun:action`, then `noun:qualifier:action`. */
function permissionSlugs(rand: () => number, count: number): { slug: string; type: string }[] {
  const out: { slug: string; type: string }[] = [];
  for (const slug of SYSTEM_PERMISSIONS) {
    if (out.length >= count) return out;
    out.push({ slug, type: 'organization' });
  }
  const simple: { slug: string; type: string }[] = [];
  for (const [noun, type] of NOUNS) for (const action of ACTIONS) simple.push({ slug: `${noun}:${action}`, type });
  shuffle(rand, simple);
  for (const p of simple) {
    if (out.length >= count) return out;
    out.push(p);
  }
  for (const qualifier of QUALIFIERS) {
    for (const [noun, type] of NOUNS) {
      for (const action of ACTIONS) {
        if (out.length >= count) return out;
        out.push({ slug: `${noun}:${qualifier}:${action}`, type });
      }
    }
  }
  // Beyond ~31,000 permissions: numbered slugs keep the generator total.
  for (let i = 0; out.length < count; i++) out.push({ slug: `generated:perm-${i}:read`, type: 'organization' });
  return out;
}

function shuffle<T>(rand: () => number, items: T[]): void {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [items[i], items[j]] = [items[j], items[i]];
  }
}

/**
 * A realistic, deterministic environment: the same options always give the same state.
 * Scales to thousands of permissions and hundreds of roles and organizations in milliseconds.
 */
export function generateState(options: GenerateOptions): WorkosState {
  const rand = createRandom(options.seed);
  const state = emptyState(options.apiKeys);
  let seq = 0;
  const salt = () => Math.floor(rand() * 2 ** 40);

  const slugs = permissionSlugs(rand, options.permissions);
  for (const { slug, type } of slugs) {
    const n = seq++;
    state.permissions.push({
      object: 'permission',
      id: makeId('perm', n, salt()),
      slug,
      name: titleCase(slug),
      description: rand() < 0.5 ? `Allows ${slug.split(':').reverse().join(' on ')}` : null,
      system: slug.startsWith('widgets:'),
      resource_type_slug: type,
      created_at: makeTime(n),
      updated_at: makeTime(n),
    });
  }
  const byType = new Map<string, string[]>();
  for (const p of state.permissions) {
    const list = byType.get(p.resource_type_slug) ?? [];
    list.push(p.slug);
    byType.set(p.resource_type_slug, list);
  }
  const allSlugs = state.permissions.map((p) => p.slug);

  const makeRole = (slug: string, type: RoleType, resourceType: string, permissions: string[]): RoleRecord => {
    const n = seq++;
    return {
      object: 'role',
      id: makeId('role', n, salt()),
      name: titleCase(slug),
      slug,
      description: rand() < 0.6 ? `${titleCase(slug)} role` : null,
      permissions,
      resource_type_slug: resourceType,
      type,
      created_at: makeTime(n),
      updated_at: makeTime(n),
    };
  };

  const roleSlugs = new Set<string>();
  const basics: [string, number][] = [['admin', 1], ['member', 0.05]];
  for (const [slug, share] of basics) {
    if (roleSlugs.size >= options.roles) break;
    roleSlugs.add(slug);
    const perms = slug === 'admin'
      ? (byType.get('organization') ?? []).slice()
      : sample(rand, byType.get('organization') ?? [], Math.max(1, Math.round(allSlugs.length * share)));
    state.environmentRoles.push(makeRole(slug, 'EnvironmentRole', 'organization', perms));
  }
  for (let attempt = 0; roleSlugs.size < options.roles; attempt++) {
    const [noun, type] = pick(rand, NOUNS);
    const level = pick(rand, ROLE_LEVELS);
    const slug = attempt < 2000 ? `${noun}-${level}` : `${noun}-${level}-${attempt}`;
    if (roleSlugs.has(slug)) continue;
    roleSlugs.add(slug);
    // Roles scoped to a sub-resource type grant that type's permissions; others mix org permissions.
    const resourceType = type !== 'organization' && rand() < 0.7 ? type : 'organization';
    const pool = resourceType === 'organization' ? allSlugs : byType.get(resourceType) ?? allSlugs;
    const perms = sample(rand, pool, 2 + Math.floor(rand() * 24));
    state.environmentRoles.push(makeRole(slug, 'EnvironmentRole', resourceType, perms));
  }

  const maxOrgRoles = options.maxOrganizationRoles ?? 3;
  for (let i = 0; i < options.organizations; i++) {
    const n = seq++;
    const id = makeId('org', n, salt());
    const name = `${pick(rand, COMPANY_WORDS)} ${pick(rand, COMPANY_SUFFIXES)} ${i + 1}`;
    const roles: RoleRecord[] = [];
    const count = Math.floor(rand() * (maxOrgRoles + 1));
    const used = new Set<string>();
    for (let r = 0; r < count; r++) {
      const [noun] = pick(rand, NOUNS);
      const slug = `org-${noun}-${pick(rand, ROLE_LEVELS)}`;
      if (used.has(slug)) continue;
      used.add(slug);
      roles.push(makeRole(slug, 'OrganizationRole', 'organization', sample(rand, allSlugs, 1 + Math.floor(rand() * 12))));
    }
    state.organizations.push({
      object: 'organization',
      id,
      name,
      external_id: null,
      metadata: {},
      created_at: makeTime(n),
      updated_at: makeTime(n),
      roles,
    });
  }
  return state;
}

// ---------------------------------------------------------------------------------------------
// From a catalog snapshot

/**
 * Serves a `workos-catalog.json`'s content. Objects without ids or times get deterministic ones,
 * in the snapshot's order, so pagination and `catalog pull` round-trip.
 */
export function stateFromSnapshot(snapshot: CatalogSnapshot, extras: Partial<WorkosState> = {}): WorkosState {
  let seq = 0;
  const perm = (p: ApiPermission): PermissionRecord => {
    const n = seq++;
    return {
      object: 'permission',
      id: p.id ?? makeId('perm', n),
      slug: p.slug,
      name: p.name,
      description: p.description ?? null,
      system: p.system ?? false,
      resource_type_slug: p.resource_type_slug ?? 'organization',
      created_at: p.created_at ?? makeTime(n),
      updated_at: p.updated_at ?? p.created_at ?? makeTime(n),
    };
  };
  const role = (r: ApiRole, type: RoleType): RoleRecord => {
    const n = seq++;
    return {
      object: 'role',
      id: r.id ?? makeId('role', n),
      slug: r.slug,
      name: r.name,
      description: r.description ?? null,
      permissions: [...(r.permissions ?? [])],
      resource_type_slug: r.resource_type_slug ?? 'organization',
      type,
      created_at: r.created_at ?? makeTime(n),
      updated_at: r.updated_at ?? r.created_at ?? makeTime(n),
    };
  };
  const base = emptyState();
  return {
    ...base,
    permissions: snapshot.permissions.map(perm),
    environmentRoles: snapshot.environmentRoles.map((r) => role(r, 'EnvironmentRole')),
    organizations: snapshot.organizations.map((o) => {
      const n = seq++;
      return {
        object: 'organization' as const,
        id: o.id,
        name: o.name,
        external_id: null,
        metadata: {},
        created_at: makeTime(n),
        updated_at: makeTime(n),
        roles: o.roles.map((r) => role(r, 'OrganizationRole')),
      };
    }),
    ...extras,
  };
}

// ---------------------------------------------------------------------------------------------
// The hand-made access fixture

/** Ids of the access fixture, so tests name what they check. */
export const ACCESS = {
  organizationId: 'org_01HQACME00000000000000000A',
  otherOrganizationId: 'org_01HQGL0BEX000000000000000B',
  users: { alice: 'user_01HQAL1CE0000000000000000A', bob: 'user_01HQB0B000000000000000000B' },
  memberships: { alice: 'om_01HQAL1CE0000000000000000A', bob: 'om_01HQB0B000000000000000000B' },
  groups: { engineering: 'group_01HQENG1NEER1NG00000000000' },
  groupRoleAssignments: { engineeringWorkspaceAdmin: 'gra_01HQENGWSADM1N000000000000' },
  roleAssignments: { bobProjectViewer: 'role_assignment_01HQB0BPV00000000000000' },
  resources: {
    wsEngineering: 'authz_resource_01HQWSENG000000000000000',
    projApi: 'authz_resource_01HQPR0JAP1000000000000000',
    projWeb: 'authz_resource_01HQPR0JWEB000000000000000',
    docApiSpec: 'authz_resource_01HQD0CAP1SPEC00000000000',
    wsMarketing: 'authz_resource_01HQWSMKT000000000000000',
    projCampaign: 'authz_resource_01HQPR0JCMPGN0000000000000',
  },
} as const;

/**
 * One organization, alice and bob, a workspace with child projects and a grandchild document.
 * alice gets `workspace-admin` on ws-engineering through the Engineering group; bob gets
 * `project-viewer` directly on proj-web. Both are `member`s of the organization.
 */
export function accessState(apiKeys: string[] = [TEST_API_KEY]): WorkosState {
  let seq = 0;
  const t = () => makeTime(seq++);
  const perm = (slug: string, resourceType: string, name: string): PermissionRecord => {
    const time = t();
    return {
      object: 'permission', id: makeId('perm', seq), slug, name, description: null, system: false,
      resource_type_slug: resourceType, created_at: time, updated_at: time,
    };
  };
  const role = (slug: string, type: RoleType, resourceType: string, permissions: string[], description: string | null = null): RoleRecord => {
    const time = t();
    return {
      object: 'role', id: makeId('role', seq), slug, name: titleCase(slug), description, permissions,
      resource_type_slug: resourceType, type, created_at: time, updated_at: time,
    };
  };
  const state = emptyState(apiKeys);
  state.permissions = [
    perm('org:view', 'organization', 'View organization'),
    perm('members:invite', 'organization', 'Invite members'),
    perm('billing:manage', 'organization', 'Manage billing'),
    perm('workspace:view', 'workspace', 'View workspace'),
    perm('workspace:edit', 'workspace', 'Edit workspace'),
    perm('project:view', 'project', 'View project'),
    perm('project:edit', 'project', 'Edit project'),
    perm('project:delete', 'project', 'Delete project'),
    perm('document:read', 'document', 'Read document'),
  ];
  state.environmentRoles = [
    role('admin', 'EnvironmentRole', 'organization', ['org:view', 'members:invite', 'billing:manage'], 'Full administrative access'),
    role('member', 'EnvironmentRole', 'organization', ['org:view'], 'Default role of every member'),
    role('workspace-admin', 'EnvironmentRole', 'workspace',
      ['workspace:view', 'workspace:edit', 'project:view', 'project:edit', 'project:delete', 'document:read']),
    role('project-viewer', 'EnvironmentRole', 'project', ['project:view', 'document:read']),
    role('project-editor', 'EnvironmentRole', 'project', ['project:view', 'project:edit', 'document:read']),
  ];
  const orgTime = t();
  state.organizations = [
    {
      object: 'organization', id: ACCESS.organizationId, name: 'Acme Inc.', external_id: null, metadata: {},
      created_at: orgTime, updated_at: orgTime,
      roles: [role('org-billing-admin', 'OrganizationRole', 'organization', ['org:view', 'billing:manage'])],
    },
    {
      object: 'organization', id: ACCESS.otherOrganizationId, name: 'Globex Corp', external_id: null, metadata: {},
      created_at: orgTime, updated_at: orgTime, roles: [],
    },
  ];
  const user = (id: string, first: string): UserRecord => {
    const time = t();
    return {
      object: 'user', id, email: `${first.toLowerCase()}@acme.test`, first_name: first, last_name: 'Example',
      email_verified: true, profile_picture_url: null, external_id: null, last_sign_in_at: null,
      created_at: time, updated_at: time,
    };
  };
  state.users = [user(ACCESS.users.alice, 'Alice'), user(ACCESS.users.bob, 'Bob')];
  const membership = (id: string, userId: string): MembershipRecord => {
    const time = t();
    return {
      object: 'organization_membership', id, user_id: userId, organization_id: ACCESS.organizationId,
      status: 'active', role: { slug: 'member' }, roles: [{ slug: 'member' }], directory_managed: false,
      custom_attributes: {}, created_at: time, updated_at: time,
    };
  };
  state.memberships = [
    membership(ACCESS.memberships.alice, ACCESS.users.alice),
    membership(ACCESS.memberships.bob, ACCESS.users.bob),
  ];
  const resource = (id: string, externalId: string, type: string, name: string, parent: string | null): ResourceRecord => {
    const time = t();
    return {
      object: 'authorization_resource', id, external_id: externalId, name, description: null,
      resource_type_slug: type, organization_id: ACCESS.organizationId, parent_resource_id: parent,
      created_at: time, updated_at: time,
    };
  };
  const r = ACCESS.resources;
  state.resources = [
    resource(r.wsEngineering, 'ws-engineering', 'workspace', 'Engineering', null),
    resource(r.projApi, 'proj-api', 'project', 'API', r.wsEngineering),
    resource(r.projWeb, 'proj-web', 'project', 'Web', r.wsEngineering),
    resource(r.docApiSpec, 'doc-api-spec', 'document', 'API spec', r.projApi),
    resource(r.wsMarketing, 'ws-marketing', 'workspace', 'Marketing', null),
    resource(r.projCampaign, 'proj-campaign', 'project', 'Campaign', r.wsMarketing),
  ];
  const groupTime = t();
  state.groups = [{
    object: 'group', id: ACCESS.groups.engineering, organization_id: ACCESS.organizationId, name: 'Engineering',
    description: 'The engineering team', created_at: groupTime, updated_at: groupTime,
  }];
  state.groupMemberships = [
    { group_id: ACCESS.groups.engineering, organization_membership_id: ACCESS.memberships.alice, created_at: t() },
  ];
  const graTime = t();
  state.groupRoleAssignments = [{
    id: ACCESS.groupRoleAssignments.engineeringWorkspaceAdmin, group_id: ACCESS.groups.engineering,
    role_slug: 'workspace-admin', resource_id: r.wsEngineering, created_at: graTime, updated_at: graTime,
  }];
  const raTime = t();
  state.roleAssignments = [{
    id: ACCESS.roleAssignments.bobProjectViewer, organization_membership_id: ACCESS.memberships.bob,
    role_slug: 'project-viewer', resource_id: r.projWeb, created_at: raTime, updated_at: raTime,
  }];
  return state;
}
