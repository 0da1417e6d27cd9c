// The catalog: what WorkOS says exists. The snapshot types mirror the API's JSON objects
// (snake_case, as returned) so a committed `workos-catalog.json` diffs cleanly against a fresh pull.

import type { SlugKind } from './types';

export const SNAPSHOT_VERSION = 1;

/** The resource type every organization-level role and permission has. */
export const ORGANIZATION_RESOURCE_TYPE = 'organization';

export interface ApiPermission {
  object?: 'permission';
  id?: string;
  slug: string;
  name: string;
  description: string | null;
  system?: boolean;
  resource_type_slug?: string;
  created_at?: string;
  updated_at?: string;
}

export type RoleType = 'EnvironmentRole' | 'OrganizationRole';

export interface ApiRole {
  object?: 'role';
  id?: string;
  slug: string;
  name: string;
  description: string | null;
  permissions: string[];
  resource_type_slug?: string;
  type: RoleType;
  created_at?: string;
  updated_at?: string;
}

export interface SnapshotOrganization {
  id: string;
  name: string;
  /** The organization's own roles (type OrganizationRole), in the organization's priority order. */
  roles: ApiRole[];
}

/** The `workos-catalog.json` format, version 1. */
export interface CatalogSnapshot {
  version: typeof SNAPSHOT_VERSION;
  /** ISO time of the pull; absent for hand-written or seed-derived catalogs. */
  fetchedAt?: string;
  /** API host the catalog came from (never the key). */
  host?: string;
  /** Environment roles in priority order, first is highest. */
  environmentRoles: ApiRole[];
  /** Sorted by slug. */
  permissions: ApiPermission[];
  /** Sorted by id. */
  organizations: SnapshotOrganization[];
}

export type CatalogSourceKind = 'snapshot' | 'seed' | 'emulate' | 'live' | 'cache';

export interface CatalogSource {
  kind: CatalogSourceKind;
  /** File the catalog was read from, when it came from a file. */
  path?: string;
  /** API host, for live and cached catalogs. */
  host?: string;
  fetchedAt?: string;
}

export interface PermissionInfo {
  slug: string;
  name: string;
  description: string | null;
  resourceTypeSlug: string;
  system: boolean;
}

export interface RoleInfo {
  slug: string;
  name: string;
  description: string | null;
  permissions: string[];
  resourceTypeSlug: string;
  type: RoleType;
  /** 0 is the highest priority (environment order; per organization for organization roles). */
  priority: number;
  /** For organization roles: the organizations that define this slug. */
  organizations: { id: string; name: string }[];
}

/**
 * WorkOS's own system permissions (the widget scopes): every environment has them, so they are
 * known even when a catalog file leaves them out.
 */
export const SYSTEM_PERMISSIONS: ReadonlySet<string> = new Set([
  'widgets:users-table:manage',
  'widgets:sso:manage',
  'widgets:dsync:manage',
  'widgets:api-keys:manage',
  'widgets:domain-verification:manage',
  'widgets:audit-log-streaming:manage',
]);

/** Which organization-role prefix the catalog's own slugs use. */
export type OrgPrefixStyle = 'org-' | 'org:' | 'mixed' | 'none';

export class Catalog {
  readonly permissions = new Map<string, PermissionInfo>();
  readonly environmentRoles = new Map<string, RoleInfo>();
  /** Organization roles by slug, merged across organizations. */
  readonly organizationRoles = new Map<string, RoleInfo>();
  readonly resourceTypes = new Set<string>();
  readonly orgPrefixStyle: OrgPrefixStyle;
  private readonly grantedBy = new Map<string, RoleInfo[]>();

  constructor(
    readonly snapshot: CatalogSnapshot,
    readonly source: CatalogSource,
  ) {
    this.resourceTypes.add(ORGANIZATION_RESOURCE_TYPE);
    for (const p of snapshot.permissions) {
      const resourceTypeSlug = p.resource_type_slug ?? ORGANIZATION_RESOURCE_TYPE;
      this.permissions.set(p.slug, {
        slug: p.slug,
        name: p.name,
        description: p.description ?? null,
        resourceTypeSlug,
        system: p.system ?? false,
      });
      this.resourceTypes.add(resourceTypeSlug);
    }
    snapshot.environmentRoles.forEach((r, i) => {
      this.environmentRoles.set(r.slug, toRoleInfo(r, i));
    });
    for (const org of snapshot.organizations) {
      org.roles.forEach((r, i) => {
        const existing = this.organizationRoles.get(r.slug);
        if (existing) {
          existing.organizations.push({ id: org.id, name: org.name });
          for (const p of r.permissions) if (!existing.permissions.includes(p)) existing.permissions.push(p);
        } else {
          const info = toRoleInfo(r, i);
          info.organizations.push({ id: org.id, name: org.name });
          this.organizationRoles.set(r.slug, info);
        }
      });
    }
    for (const role of [...this.environmentRoles.values(), ...this.organizationRoles.values()]) {
      this.resourceTypes.add(role.resourceTypeSlug);
      for (const p of role.permissions) {
        let list = this.grantedBy.get(p);
        if (!list) this.grantedBy.set(p, (list = []));
        list.push(role);
      }
    }
    this.orgPrefixStyle = prefixStyle([...this.organizationRoles.keys()]);
  }

  /** A permission's facts; WorkOS's system permissions are there even when the catalog file omits them. */
  permission(slug: string): PermissionInfo | undefined {
    const p = this.permissions.get(slug);
    if (p || !SYSTEM_PERMISSIONS.has(slug)) return p;
    return { slug, name: 'WorkOS system permission', description: null, resourceTypeSlug: ORGANIZATION_RESOURCE_TYPE, system: true };
  }

  role(slug: string): RoleInfo | undefined {
    return this.environmentRoles.get(slug) ?? this.organizationRoles.get(slug);
  }

  has(kind: SlugKind, slug: string): boolean {
    if (kind === 'permission') return this.permissions.has(slug) || SYSTEM_PERMISSIONS.has(slug);
    if (kind === 'role') return this.environmentRoles.has(slug) || this.organizationRoles.has(slug);
    return this.resourceTypes.has(slug);
  }

  private readonly slugLists = new Map<SlugKind, string[]>();

  /** Every slug of a kind. The same array is returned each time (a catalog never changes): do not modify it. */
  slugs(kind: SlugKind): string[] {
    let list = this.slugLists.get(kind);
    if (!list) {
      if (kind === 'permission') list = [...this.permissions.keys()];
      else if (kind === 'role') list = [...this.environmentRoles.keys(), ...this.organizationRoles.keys()];
      else list = [...this.resourceTypes];
      this.slugLists.set(kind, list);
    }
    return list;
  }

  /** Roles (environment and organization) whose permission list holds this slug. */
  rolesGranting(permission: string): RoleInfo[] {
    return this.grantedBy.get(permission) ?? [];
  }

  /**
   * True when some organization-level role grants the permission, so it can appear in the
   * session token's `permissions` claim. Resource-scoped roles are left out of the token.
   */
  inSessionToken(permission: string): boolean {
    return this.rolesGranting(permission).some((r) => r.resourceTypeSlug === ORGANIZATION_RESOURCE_TYPE);
  }

  get counts(): { permissions: number; roles: number; organizations: number } {
    return {
      permissions: this.permissions.size,
      roles: this.environmentRoles.size + this.organizationRoles.size,
      organizations: this.snapshot.organizations.length,
    };
  }
}

function toRoleInfo(r: ApiRole, priority: number): RoleInfo {
  return {
    slug: r.slug,
    name: r.name,
    description: r.description ?? null,
    permissions: [...(r.permissions ?? [])],
    resourceTypeSlug: r.resource_type_slug ?? ORGANIZATION_RESOURCE_TYPE,
    type: r.type,
    priority,
    organizations: [],
  };
}

function prefixStyle(slugs: string[]): OrgPrefixStyle {
  const dash = slugs.some((s) => s.startsWith('org-'));
  const colon = slugs.some((s) => s.startsWith('org:'));
  if (dash && colon) return 'mixed';
  if (dash) return 'org-';
  if (colon) return 'org:';
  return 'none';
}

export function emptySnapshot(): CatalogSnapshot {
  return { version: SNAPSHOT_VERSION, environmentRoles: [], permissions: [], organizations: [] };
}
