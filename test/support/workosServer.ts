// A WorkOS-compatible HTTP server on 127.0.0.1 for tests and benchmarks: the real
// @workos-inc/node SDK talks to it. It answers from a WorkosState with WorkOS's paths, JSON
// shapes, pagination and error bodies (../shared/reference/workos-api.md), evaluates access
// checks with real semantics, and can be told to misbehave the ways the network and API do.

import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import {
  organizationResourceId,
  type GroupRoleAssignmentRecord,
  type MembershipRecord,
  type OrganizationRecord,
  type ResourceRecord,
  type RoleAssignmentRecord,
  type PermissionRecord,
  type RoleRecord,
  type WorkosState,
} from './workosState';

export type FaultKind = '429' | '500' | 'slow' | 'malformed' | 'reset' | 'cursor-loop';

export interface Fault {
  kind: FaultKind;
  /** Only requests whose path matches are affected (default: all). */
  path?: RegExp;
  /** How many affected requests before the fault switches itself off (default: unlimited). */
  times?: number;
  /** For '429': the Retry-After header, in seconds (default 1). */
  retryAfterSeconds?: number;
  /** For 'slow': how long to hold the answer, in ms (default 2000). */
  delayMs?: number;
}

export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  /** HTTP status sent; 0 when the connection was reset or dropped before an answer. */
  status: number;
  /** The fault that shaped this answer, if any. */
  fault?: FaultKind;
}

export interface WorkosTestServer {
  host: '127.0.0.1';
  port: number;
  url: string;
  state: WorkosState;
  requests: RecordedRequest[];
  setFault(fault: Fault | null): void;
  close(): Promise<void>;
}

export interface StartOptions {
  port?: number;
  /**
   * Further WorkOS environments on the same host, as WorkOS has them: a request whose key one
   * of these states holds is answered from that state (staging and production keys, one API).
   */
  environments?: WorkosState[];
}

// ---------------------------------------------------------------------------------------------
// Errors and responses

class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: Record<string, unknown>,
  ) {
    super(String(body.message ?? status));
  }
}

const notFound = (message: string) => new ApiError(404, { message });
const unprocessable = (message: string) => new ApiError(422, { message });
const badRequest = (code: string, message: string) => new ApiError(400, { code, message });

interface Reply {
  status: number;
  body: unknown;
  /** Set on paginated lists so the cursor-loop fault can bend them. */
  paginated?: PageRequest;
}

const ok = (body: unknown, status = 200): Reply => ({ status, body });

// ---------------------------------------------------------------------------------------------
// Pagination (WorkOS: before/after are object ids, limit 1-100 default 10, order asc|desc|normal)

interface Identified {
  id: string;
  created_at?: string;
}

interface PageRequest {
  items: Identified[];
  limit: number;
  order: 'asc' | 'desc' | 'normal';
}

function pageRequest(items: Identified[], query: URLSearchParams): PageRequest {
  const rawLimit = query.get('limit');
  let limit = 10;
  if (rawLimit !== null && rawLimit !== '') {
    limit = Number(rawLimit);
    if (!Number.isInteger(limit) || limit < 1 || limit > 100) {
      throw unprocessable('limit must be an integer between 1 and 100.');
    }
  }
  const order = query.get('order') || 'desc';
  if (order !== 'asc' && order !== 'desc' && order !== 'normal') {
    throw unprocessable(`order must be one of "asc", "desc" or "normal".`);
  }
  return { items, limit, order };
}

function byCreation(a: Identified, b: Identified): number {
  const ta = a.created_at ?? '';
  const tb = b.created_at ?? '';
  if (ta !== tb) return ta < tb ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

function paginate(req: PageRequest, query: URLSearchParams, loop: boolean): Reply {
  const list = [...req.items].sort(byCreation);
  if (req.order !== 'asc') list.reverse();
  // 'normal' lists newest first like 'desc' but `after` means newer and `before` older.
  const swap = req.order === 'normal';
  let after = query.get(swap ? 'before' : 'after') || null;
  let before = query.get(swap ? 'after' : 'before') || null;
  if (loop) after = before = null;
  const indexOf = (id: string) => {
    const i = list.findIndex((item) => item.id === id);
    if (i < 0) throw badRequest('invalid_request_parameters', `Cursor '${id}' does not match an object in this list.`);
    return i;
  };
  let start: number;
  let end: number;
  if (after) {
    start = indexOf(after) + 1;
    end = Math.min(list.length, start + req.limit);
  } else if (before) {
    end = indexOf(before);
    start = Math.max(0, end - req.limit);
  } else {
    start = 0;
    end = Math.min(list.length, req.limit);
  }
  const page = list.slice(start, end);
  let metaAfter = page.length > 0 && end < list.length ? page[page.length - 1].id : null;
  const metaBefore = page.length > 0 && start > 0 ? page[0].id : null;
  // A cursor that always leads back to this same first page: clients must notice and stop.
  if (loop) metaAfter = page.length > 0 ? page[page.length - 1].id : 'cursor_loop';
  const list_metadata = swap ? { before: metaAfter, after: metaBefore } : { before: metaBefore, after: metaAfter };
  return ok({ object: 'list', data: page, list_metadata });
}

const listReply = (items: Identified[], query: URLSearchParams): Reply => ({
  status: 200,
  body: null,
  paginated: pageRequest(items, query),
});

// ---------------------------------------------------------------------------------------------
// Views of the state

/** Lookups over the state as it is now; tests may mutate `server.state` between requests. */
class View {
  constructor(readonly state: WorkosState) {}

  organization(id: string): OrganizationRecord {
    const org = this.state.organizations.find((o) => o.id === id);
    if (!org) throw notFound(`Organization not found: '${id}'.`);
    return org;
  }

  organizationJson(org: OrganizationRecord) {
    const { roles: _roles, ...rest } = org;
    return { ...rest, domains: [], allow_profiles_outside_organization: false };
  }

  /** Stored resources plus each organization's implicit `organization` resource. */
  allResources(): ResourceRecord[] {
    const out = [...this.state.resources];
    const explicit = new Set(out.filter((r) => r.resource_type_slug === 'organization').map((r) => r.external_id));
    for (const org of this.state.organizations) {
      if (explicit.has(org.id)) continue;
      out.push({
        object: 'authorization_resource',
        id: organizationResourceId(org.id),
        external_id: org.id,
        name: org.name,
        description: null,
        resource_type_slug: 'organization',
        organization_id: org.id,
        parent_resource_id: null,
        created_at: org.created_at,
        updated_at: org.updated_at,
      });
    }
    return out;
  }

  orgResource(organizationId: string): ResourceRecord {
    const r = this.allResources().find((x) => x.resource_type_slug === 'organization' && x.external_id === organizationId);
    if (!r) throw notFound(`Organization not found: '${organizationId}'.`);
    return r;
  }

  resource(id: string): ResourceRecord {
    const r = this.allResources().find((x) => x.id === id);
    if (!r) throw notFound(`Resource not found: '${id}'.`);
    return r;
  }

  resourceByExternalId(organizationId: string, type: string, externalId: string): ResourceRecord {
    const r = this.allResources().find(
      (x) => x.organization_id === organizationId && x.resource_type_slug === type && x.external_id === externalId,
    );
    if (!r) throw notFound(`Resource not found: '${type}' '${externalId}'.`);
    return r;
  }

  /** A record's resource; `null` means the organization itself. */
  assignmentResource(resourceId: string | null, organizationId: string): ResourceRecord {
    return resourceId === null ? this.orgResource(organizationId) : this.resource(resourceId);
  }

  membership(id: string): MembershipRecord {
    const m = this.state.memberships.find((x) => x.id === id);
    if (!m) throw notFound(`Organization membership not found: '${id}'.`);
    return m;
  }

  membershipJson(m: MembershipRecord) {
    const org = this.state.organizations.find((o) => o.id === m.organization_id);
    const user = this.state.users.find((u) => u.id === m.user_id);
    return { ...m, organization_name: org?.name ?? '', ...(user ? { user } : {}) };
  }

  /** Environment roles then the organization's own roles, in priority order. */
  rolesFor(organizationId: string): RoleRecord[] {
    const org = this.state.organizations.find((o) => o.id === organizationId);
    return [...this.state.environmentRoles, ...(org?.roles ?? [])];
  }

  rolePermissions(organizationId: string, slugs: Iterable<string>): Set<string> {
    const defs = new Map<string, string[]>();
    for (const r of this.rolesFor(organizationId)) defs.set(r.slug, [...(defs.get(r.slug) ?? []), ...r.permissions]);
    const out = new Set<string>();
    for (const slug of slugs) for (const p of defs.get(slug) ?? []) out.add(p);
    return out;
  }

  membershipRoleSlugs(m: MembershipRecord): string[] {
    return m.roles && m.roles.length > 0 ? m.roles.map((r) => r.slug) : [m.role.slug];
  }

  groupIdsOf(membershipId: string): Set<string> {
    return new Set(
      this.state.groupMemberships.filter((g) => g.organization_membership_id === membershipId).map((g) => g.group_id),
    );
  }

  /** The resource and its ancestors up to and including the organization resource. */
  ancestry(resource: ResourceRecord): Set<string> {
    const ids = new Set<string>();
    let current: ResourceRecord | undefined = resource;
    // Bounded so a parent cycle in a hand-written state cannot hang the server.
    for (let i = 0; current && i < 10_000 && !ids.has(current.id); i++) {
      ids.add(current.id);
      const parentId: string | null = current.parent_resource_id;
      current = parentId ? this.allResources().find((r) => r.id === parentId) : undefined;
    }
    ids.add(this.orgResource(resource.organization_id).id);
    return ids;
  }

  resolvedId(resourceId: string | null, organizationId: string): string {
    return resourceId ?? organizationResourceId(organizationId);
  }

  /** Role assignments of a membership as the API lists them: direct ones and those from its groups. */
  roleAssignmentsOf(m: MembershipRecord) {
    const direct = this.state.roleAssignments
      .filter((ra) => ra.organization_membership_id === m.id)
      .map((ra) => this.roleAssignmentJson(ra, m.organization_id));
    const groups = this.groupIdsOf(m.id);
    const fromGroups = this.state.groupRoleAssignments
      .filter((gra) => groups.has(gra.group_id))
      .map((gra) => this.groupSourcedJson(gra, m));
    return [...direct, ...fromGroups];
  }

  roleAssignmentJson(ra: RoleAssignmentRecord, organizationId: string) {
    return {
      object: 'role_assignment',
      id: ra.id,
      organization_membership_id: ra.organization_membership_id,
      role: { slug: ra.role_slug },
      resource: this.slimResource(this.assignmentResource(ra.resource_id, organizationId)),
      source: { type: 'direct', group_role_assignment_id: null },
      created_at: ra.created_at,
      updated_at: ra.updated_at,
    };
  }

  groupSourcedJson(gra: GroupRoleAssignmentRecord, m: MembershipRecord) {
    const joined = this.state.groupMemberships.find(
      (g) => g.group_id === gra.group_id && g.organization_membership_id === m.id,
    )?.created_at;
    const created = joined && joined > gra.created_at ? joined : gra.created_at;
    return {
      object: 'role_assignment',
      id: `role_assignment_${gra.id.replace(/^gra_/, '')}_${m.id.replace(/^om_/, '')}`,
      organization_membership_id: m.id,
      role: { slug: gra.role_slug },
      resource: this.slimResource(this.assignmentResource(gra.resource_id, m.organization_id)),
      source: { type: 'group', group_role_assignment_id: gra.id },
      created_at: created,
      updated_at: created,
    };
  }

  groupRoleAssignmentJson(gra: GroupRoleAssignmentRecord) {
    const group = this.state.groups.find((g) => g.id === gra.group_id);
    return {
      object: 'group_role_assignment',
      id: gra.id,
      group_id: gra.group_id,
      role: { slug: gra.role_slug },
      resource: this.slimResource(this.assignmentResource(gra.resource_id, group?.organization_id ?? '')),
      created_at: gra.created_at,
      updated_at: gra.updated_at,
    };
  }

  slimResource(r: ResourceRecord) {
    return { id: r.id, external_id: r.external_id, resource_type_slug: r.resource_type_slug };
  }

  /**
   * Every permission the membership holds on the resource: its organization-level roles apply
   * everywhere in its organization; direct and group role assignments apply on their resource
   * and every descendant of it.
   */
  effectivePermissions(m: MembershipRecord, resource: ResourceRecord): { all: Set<string>; onResource: Set<string> } {
    if (resource.organization_id !== m.organization_id) return { all: new Set(), onResource: new Set() };
    const scope = this.ancestry(resource);
    const orgId = m.organization_id;
    const slugs = new Set(this.membershipRoleSlugs(m));
    const exact = new Set<string>();
    for (const ra of this.state.roleAssignments) {
      if (ra.organization_membership_id !== m.id) continue;
      const target = this.resolvedId(ra.resource_id, orgId);
      if (scope.has(target)) slugs.add(ra.role_slug);
      if (target === resource.id) exact.add(ra.role_slug);
    }
    const groups = this.groupIdsOf(m.id);
    for (const gra of this.state.groupRoleAssignments) {
      if (!groups.has(gra.group_id)) continue;
      const target = this.resolvedId(gra.resource_id, orgId);
      if (scope.has(target)) slugs.add(gra.role_slug);
      if (target === resource.id) exact.add(gra.role_slug);
    }
    return { all: this.rolePermissions(orgId, slugs), onResource: this.rolePermissions(orgId, exact) };
  }

  permissionObjects(slugs: Set<string>) {
    return this.state.permissions.filter((p) => slugs.has(p.slug));
  }
}

// ---------------------------------------------------------------------------------------------
// Routes

interface Context {
  view: View;
  params: Record<string, string>;
  query: URLSearchParams;
  body: Record<string, unknown>;
  mutate: () => { nextId: (prefix: string) => string; now: () => string };
}

type Handler = (ctx: Context) => Reply;

interface Route {
  method: string;
  segments: string[];
  handler: Handler;
}

function str(body: Record<string, unknown>, key: string): string | undefined {
  const v = body[key];
  return typeof v === 'string' && v !== '' ? v : undefined;
}

/** resource_id | resource_external_id + resource_type_slug, mutually exclusive. */
function targetFromBody(
  view: View,
  body: Record<string, unknown>,
  organizationId: string,
  required: boolean,
): ResourceRecord | null {
  const id = str(body, 'resource_id');
  const externalId = str(body, 'resource_external_id');
  const type = str(body, 'resource_type_slug');
  if (id && (externalId || type)) {
    throw unprocessable('resource_id is mutually exclusive with resource_external_id and resource_type_slug.');
  }
  if (id) {
    const r = view.resource(id);
    if (r.organization_id !== organizationId) throw notFound(`Resource not found: '${id}'.`);
    return r;
  }
  if (externalId || type) {
    if (!externalId || !type) throw unprocessable('resource_external_id and resource_type_slug must be given together.');
    return view.resourceByExternalId(organizationId, type, externalId);
  }
  if (required) throw unprocessable('Provide resource_id, or resource_external_id and resource_type_slug.');
  return null;
}

function parentFromQuery(view: View, query: URLSearchParams, organizationId: string, externalKey: string): ResourceRecord | null {
  const id = query.get('parent_resource_id');
  const type = query.get('parent_resource_type_slug');
  const externalId = query.get(externalKey);
  if (id) return view.resource(id);
  if (type && externalId) return view.resourceByExternalId(organizationId, type, externalId);
  return null;
}

function checkRoleExists(view: View, organizationId: string, slug: string): void {
  if (!view.rolesFor(organizationId).some((r) => r.slug === slug)) {
    throw unprocessable(`Role '${slug}' is not a valid role.`);
  }
}

function membershipsWithPermission(view: View, resource: ResourceRecord, query: URLSearchParams): Reply {
  const permission = query.get('permission_slug');
  if (!permission) throw unprocessable('permission_slug is required.');
  const assignment = query.get('assignment');
  const items = view.state.memberships
    .filter((m) => m.organization_id === resource.organization_id)
    .filter((m) => {
      const { all, onResource } = view.effectivePermissions(m, resource);
      if (assignment === 'direct') return onResource.has(permission);
      if (assignment === 'indirect') return all.has(permission) && !onResource.has(permission);
      return all.has(permission);
    })
    .map((m) => view.membershipJson(m));
  return listReply(items, query);
}

function effectivePermissionsReply(view: View, m: MembershipRecord, resource: ResourceRecord, query: URLSearchParams): Reply {
  if (resource.organization_id !== m.organization_id) throw notFound(`Resource not found: '${resource.id}'.`);
  return listReply(view.permissionObjects(view.effectivePermissions(m, resource).all), query);
}

function roleAssignmentsOnResource(view: View, resource: ResourceRecord, query: URLSearchParams): Reply {
  const roleSlug = query.get('role_slug');
  const items = view.state.memberships
    .filter((m) => m.organization_id === resource.organization_id)
    .flatMap((m) => view.roleAssignmentsOf(m))
    .filter((ra) => ra.resource.id === resource.id && (!roleSlug || ra.role.slug === roleSlug));
  return listReply(items, query);
}

const routes: Route[] = [];

function route(method: string, pattern: string, handler: Handler): void {
  routes.push({ method, segments: pattern.split('/').filter(Boolean), handler });
}

route('GET', '/authorization/roles', ({ view }) => ok({ object: 'list', data: view.state.environmentRoles }));

route('GET', '/authorization/roles/:slug', ({ view, params }) => {
  const role = view.state.environmentRoles.find((r) => r.slug === params.slug);
  if (!role) throw notFound(`Role not found: '${params.slug}'.`);
  return ok(role);
});

route('GET', '/authorization/permissions', ({ view, query }) => listReply(view.state.permissions, query));

route('GET', '/authorization/permissions/:slug', ({ view, params }) => {
  const p = view.state.permissions.find((x) => x.slug === params.slug);
  if (!p) throw notFound(`Permission not found: '${params.slug}'.`);
  return ok(p);
});

/** The create DTOs' fields (CreateAuthorizationPermissionDto, CreateRoleDto): slug and name required, lengths bounded. */
function createFields(body: Record<string, unknown>): { slug: string; name: string; description: string | null; resourceType: string } {
  const slug = str(body, 'slug');
  const name = str(body, 'name');
  if (!slug || !name) throw unprocessable('slug and name are required.');
  if (slug.length > 48 || name.length > 48) throw unprocessable('slug and name are at most 48 characters.');
  if (!/^[a-z0-9\-_:.*]+$/.test(slug)) throw unprocessable('slug must be lowercase letters, numbers, hyphens, underscores, colons, periods and asterisks.');
  const description = body.description === undefined || body.description === null ? null : String(body.description);
  if (description !== null && description.length > 150) throw unprocessable('description is at most 150 characters.');
  return { slug, name, description, resourceType: str(body, 'resource_type_slug') ?? 'organization' };
}

route('POST', '/authorization/permissions', ({ view, body, mutate }) => {
  const f = createFields(body);
  if (view.state.permissions.some((p) => p.slug === f.slug)) {
    throw new ApiError(409, { code: 'permission_slug_conflict', message: `A permission with slug '${f.slug}' already exists.` });
  }
  const { nextId, now } = mutate();
  const time = now();
  const record: PermissionRecord = {
    object: 'permission',
    id: nextId('perm'),
    slug: f.slug,
    name: f.name,
    description: f.description,
    system: false,
    resource_type_slug: f.resourceType,
    created_at: time,
    updated_at: time,
  };
  view.state.permissions.push(record);
  return ok(record, 201);
});

route('POST', '/authorization/roles', ({ view, body, mutate }) => {
  const f = createFields(body);
  if (view.state.environmentRoles.some((r) => r.slug === f.slug)) {
    throw new ApiError(409, { code: 'role_slug_conflict', message: `A role with slug '${f.slug}' already exists.` });
  }
  const { nextId, now } = mutate();
  const time = now();
  const record: RoleRecord = {
    object: 'role',
    id: nextId('role'),
    slug: f.slug,
    name: f.name,
    description: f.description,
    permissions: [],
    resource_type_slug: f.resourceType,
    type: 'EnvironmentRole',
    created_at: time,
    updated_at: time,
  };
  // New roles go to the bottom of the priority order.
  view.state.environmentRoles.push(record);
  return ok(record, 201);
});

route('GET', '/organizations', ({ view, query }) =>
  listReply(view.state.organizations.map((o) => view.organizationJson(o)), query),
);

route('GET', '/organizations/:id', ({ view, params }) => ok(view.organizationJson(view.organization(params.id))));

route('GET', '/authorization/organizations/:org/roles', ({ view, params }) => {
  view.organization(params.org);
  return ok({ object: 'list', data: view.rolesFor(params.org) });
});

route('GET', '/authorization/organizations/:org/roles/:slug', ({ view, params }) => {
  view.organization(params.org);
  // The organization's own definition wins over an environment role of the same slug.
  const role = [...view.rolesFor(params.org)].reverse().find((r) => r.slug === params.slug);
  if (!role) throw notFound(`Role not found: '${params.slug}'.`);
  return ok(role);
});

route('GET', '/user_management/users', ({ view, query }) => {
  const email = query.get('email')?.toLowerCase();
  const org = query.get('organization_id');
  const inOrg = org ? new Set(view.state.memberships.filter((m) => m.organization_id === org).map((m) => m.user_id)) : null;
  const items = view.state.users.filter((u) => (!email || u.email.toLowerCase() === email) && (!inOrg || inOrg.has(u.id)));
  return listReply(items, query);
});

route('GET', '/user_management/users/:id', ({ view, params }) => {
  const user = view.state.users.find((u) => u.id === params.id);
  if (!user) throw notFound(`User not found: '${params.id}'.`);
  return ok(user);
});

route('GET', '/user_management/organization_memberships', ({ view, query }) => {
  const userId = query.get('user_id');
  const orgId = query.get('organization_id');
  if (!userId && !orgId) {
    throw badRequest('missing_user_id_or_organization_id', 'Either user_id or organization_id must be provided.');
  }
  const statuses = (query.get('statuses') || 'active').split(',').map((s) => s.trim());
  const items = view.state.memberships
    .filter((m) => (!userId || m.user_id === userId) && (!orgId || m.organization_id === orgId) && statuses.includes(m.status))
    .map((m) => view.membershipJson(m));
  return listReply(items, query);
});

route('GET', '/user_management/organization_memberships/:id', ({ view, params }) =>
  ok(view.membershipJson(view.membership(params.id))),
);

route('GET', '/user_management/organization_memberships/:id/groups', ({ view, params, query }) => {
  view.membership(params.id);
  const ids = view.groupIdsOf(params.id);
  return listReply(view.state.groups.filter((g) => ids.has(g.id)), query);
});

route('GET', '/authorization/organization_memberships/:om/role_assignments', ({ view, params, query }) => {
  const m = view.membership(params.om);
  const resourceId = query.get('resource_id');
  const externalId = query.get('resource_external_id');
  const type = query.get('resource_type_slug');
  const items = view.roleAssignmentsOf(m).filter(
    (ra) =>
      (!resourceId || ra.resource.id === resourceId) &&
      (!externalId || ra.resource.external_id === externalId) &&
      (!type || ra.resource.resource_type_slug === type),
  );
  return listReply(items, query);
});

route('POST', '/authorization/organization_memberships/:om/role_assignments', ({ view, params, body, mutate }) => {
  const m = view.membership(params.om);
  const roleSlug = str(body, 'role_slug');
  if (!roleSlug) throw unprocessable('role_slug is required.');
  const resource = targetFromBody(view, body, m.organization_id, true)!;
  checkRoleExists(view, m.organization_id, roleSlug);
  const duplicate = view.state.roleAssignments.some(
    (ra) =>
      ra.organization_membership_id === m.id &&
      ra.role_slug === roleSlug &&
      view.resolvedId(ra.resource_id, m.organization_id) === resource.id,
  );
  if (duplicate) throw new ApiError(409, { code: 'duplicate_role_assignment', message: 'The role is already assigned.' });
  const { nextId, now } = mutate();
  const time = now();
  const record: RoleAssignmentRecord = {
    id: nextId('role_assignment'),
    organization_membership_id: m.id,
    role_slug: roleSlug,
    resource_id: resource.id,
    created_at: time,
    updated_at: time,
  };
  view.state.roleAssignments.push(record);
  return ok(view.roleAssignmentJson(record, m.organization_id), 201);
});

route('POST', '/authorization/organization_memberships/:om/check', ({ view, params, body }) => {
  const m = view.membership(params.om);
  const permission = str(body, 'permission_slug');
  if (!permission) throw unprocessable('permission_slug is required.');
  const resource = targetFromBody(view, body, m.organization_id, true)!;
  return ok({ authorized: view.effectivePermissions(m, resource).all.has(permission) });
});

route('GET', '/authorization/organization_memberships/:om/resources', ({ view, params, query }) => {
  const m = view.membership(params.om);
  const permission = query.get('permission_slug');
  if (!permission) throw unprocessable('permission_slug is required.');
  const parent = parentFromQuery(view, query, m.organization_id, 'parent_resource_external_id');
  if (!parent) throw badRequest('bad_request', 'Request could not be processed.');
  const items = view
    .allResources()
    .filter((r) => r.organization_id === m.organization_id)
    .filter((r) => (r.parent_resource_id ?? organizationResourceId(r.organization_id)) === parent.id && r.id !== parent.id)
    .filter((r) => view.effectivePermissions(m, r).all.has(permission));
  return listReply(items, query);
});

// The SPEC's path and the one the SDK builds differ; serve both (workos-api.md §2.7).
route('GET', '/authorization/organization_memberships/:om/resources/:resource/permissions', ({ view, params, query }) =>
  effectivePermissionsReply(view, view.membership(params.om), view.resource(params.resource), query),
);
route('GET', '/authorization/resources/:resource/organization_memberships/:om/permissions', ({ view, params, query }) =>
  effectivePermissionsReply(view, view.membership(params.om), view.resource(params.resource), query),
);
route('GET', '/authorization/organization_memberships/:om/resources/:type/:external/permissions', ({ view, params, query }) => {
  const m = view.membership(params.om);
  return effectivePermissionsReply(view, m, view.resourceByExternalId(m.organization_id, params.type, params.external), query);
});

route('GET', '/authorization/resources', ({ view, query }) => {
  const orgId = query.get('organization_id');
  const type = query.get('resource_type_slug');
  const externalId = query.get('resource_external_id');
  const parentId = query.get('parent_resource_id');
  const parentType = query.get('parent_resource_type_slug');
  const parentExternal = query.get('parent_external_id');
  if (externalId && !orgId && !type) {
    throw badRequest('missing_organization_id_or_resource_type_slug', 'Request could not be processed.');
  }
  let parent: string | null = parentId;
  if (!parent && parentType && parentExternal) {
    const candidates = view
      .allResources()
      .filter((r) => r.resource_type_slug === parentType && r.external_id === parentExternal && (!orgId || r.organization_id === orgId));
    parent = candidates[0]?.id ?? 'none';
  }
  const items = view.allResources().filter(
    (r) =>
      (!orgId || r.organization_id === orgId) &&
      (!type || r.resource_type_slug === type) &&
      (!externalId || r.external_id === externalId) &&
      (!parent ||
        (r.id !== parent && (r.parent_resource_id ?? organizationResourceId(r.organization_id)) === parent)),
  );
  return listReply(items, query);
});

route('GET', '/authorization/resources/:id', ({ view, params }) => ok(view.resource(params.id)));

route('GET', '/authorization/resources/:id/role_assignments', ({ view, params, query }) =>
  roleAssignmentsOnResource(view, view.resource(params.id), query),
);

route('GET', '/authorization/resources/:id/organization_memberships', ({ view, params, query }) =>
  membershipsWithPermission(view, view.resource(params.id), query),
);

route('GET', '/authorization/organizations/:org/resources/:type/:external', ({ view, params }) => {
  view.organization(params.org);
  return ok(view.resourceByExternalId(params.org, params.type, params.external));
});

route('GET', '/authorization/organizations/:org/resources/:type/:external/role_assignments', ({ view, params, query }) =>
  roleAssignmentsOnResource(view, view.resourceByExternalId(params.org, params.type, params.external), query),
);

route('GET', '/authorization/organizations/:org/resources/:type/:external/organization_memberships', ({ view, params, query }) =>
  membershipsWithPermission(view, view.resourceByExternalId(params.org, params.type, params.external), query),
);

route('GET', '/organizations/:org/groups', ({ view, params, query }) => {
  view.organization(params.org);
  return listReply(view.state.groups.filter((g) => g.organization_id === params.org), query);
});

route('GET', '/organizations/:org/groups/:group', ({ view, params }) => {
  const group = view.state.groups.find((g) => g.id === params.group && g.organization_id === params.org);
  if (!group) throw notFound(`Group not found: '${params.group}'.`);
  return ok(group);
});

route('GET', '/organizations/:org/groups/:group/organization-memberships', ({ view, params, query }) => {
  const group = view.state.groups.find((g) => g.id === params.group && g.organization_id === params.org);
  if (!group) throw notFound(`Group not found: '${params.group}'.`);
  const ids = new Set(
    view.state.groupMemberships.filter((g) => g.group_id === group.id).map((g) => g.organization_membership_id),
  );
  return listReply(view.state.memberships.filter((m) => ids.has(m.id)), query);
});

function groupOf(view: View, id: string) {
  const group = view.state.groups.find((g) => g.id === id);
  if (!group) throw notFound(`Group not found: '${id}'.`);
  return group;
}

route('GET', '/authorization/groups/:group/role_assignments', ({ view, params, query }) => {
  groupOf(view, params.group);
  const items = view.state.groupRoleAssignments
    .filter((gra) => gra.group_id === params.group)
    .map((gra) => view.groupRoleAssignmentJson(gra));
  return listReply(items, query);
});

route('GET', '/authorization/groups/:group/role_assignments/:id', ({ view, params }) => {
  groupOf(view, params.group);
  const gra = view.state.groupRoleAssignments.find((g) => g.group_id === params.group && g.id === params.id);
  if (!gra) throw notFound(`Group role assignment not found: '${params.id}'.`);
  return ok(view.groupRoleAssignmentJson(gra));
});

route('POST', '/authorization/groups/:group/role_assignments', ({ view, params, body, mutate }) => {
  const group = groupOf(view, params.group);
  const roleSlug = str(body, 'role_slug');
  if (!roleSlug) throw unprocessable('role_slug is required.');
  // No resource means the organization itself.
  const resource = targetFromBody(view, body, group.organization_id, false) ?? view.orgResource(group.organization_id);
  checkRoleExists(view, group.organization_id, roleSlug);
  const duplicate = view.state.groupRoleAssignments.some(
    (g) =>
      g.group_id === group.id &&
      g.role_slug === roleSlug &&
      view.resolvedId(g.resource_id, group.organization_id) === resource.id,
  );
  if (duplicate) {
    throw new ApiError(409, { code: 'duplicate_group_role_assignment', message: 'The role is already assigned to the group.' });
  }
  const { nextId, now } = mutate();
  const time = now();
  const record: GroupRoleAssignmentRecord = {
    id: nextId('gra'),
    group_id: group.id,
    role_slug: roleSlug,
    resource_id: resource.id,
    created_at: time,
    updated_at: time,
  };
  view.state.groupRoleAssignments.push(record);
  return ok(view.groupRoleAssignmentJson(record), 201);
});

function matchRoute(method: string, path: string): { route: Route; params: Record<string, string> } | { methodMismatch: true } | null {
  const raw = path.split('/').filter(Boolean);
  let segments: string[];
  try {
    segments = raw.map((s) => decodeURIComponent(s));
  } catch {
    return null;
  }
  let pathMatched = false;
  for (const r of routes) {
    if (r.segments.length !== segments.length) continue;
    const params: Record<string, string> = {};
    let matched = true;
    for (let i = 0; i < segments.length; i++) {
      const pattern = r.segments[i];
      if (pattern.startsWith(':')) params[pattern.slice(1)] = segments[i];
      else if (pattern !== segments[i]) {
        matched = false;
        break;
      }
    }
    if (!matched) continue;
    if (r.method !== method) {
      pathMatched = true;
      continue;
    }
    return { route: r, params };
  }
  return pathMatched ? { methodMismatch: true } : null;
}

// ---------------------------------------------------------------------------------------------
// The server

const MAX_BODY_BYTES = 1_000_000;

export async function startWorkosServer(state: WorkosState, options: StartOptions = {}): Promise<WorkosTestServer> {
  let fault: (Fault & { remaining: number }) | null = null;
  let requestCounter = 0;
  let createdCounter = 0;
  const requests: RecordedRequest[] = [];
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();
  // Tests may replace or mutate the state between requests; every request reads it afresh.
  let current = state;

  /** Takes the active fault for this request, counting it against `times`. */
  const takeFault = (path: string, kinds: FaultKind[]): FaultKind | null => {
    if (!fault || !kinds.includes(fault.kind)) return null;
    if (fault.path && !fault.path.test(path)) return null;
    if (fault.remaining <= 0) return null;
    fault.remaining -= 1;
    return fault.kind;
  };

  const mutate = () => ({
    nextId: (prefix: string) => `${prefix}_01HZ${String(++createdCounter).padStart(22, '0')}`,
    now: () => new Date().toISOString(),
  });

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const record: RecordedRequest = {
      method: req.method ?? 'GET',
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      status: 0,
    };
    requests.push(record);
    const requestId = `req_${String(++requestCounter).padStart(8, '0')}`;

    const send = (status: number, body: string, headers: Record<string, string> = {}) => {
      // A client that already gave up (timeout) never sees this answer: leave the status at 0.
      if (res.destroyed || res.writableEnded || req.socket.destroyed) return;
      record.status = status;
      res.writeHead(status, {
        'Content-Type': 'application/json',
        'X-Request-ID': requestId,
        'Content-Length': String(Buffer.byteLength(body)),
        ...headers,
      });
      res.end(body);
    };
    const sendJson = (status: number, value: unknown, headers?: Record<string, string>) =>
      send(status, JSON.stringify(value), headers);

    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    req.on('end', () => {
      const transportFault = takeFault(url.pathname, ['429', '500', 'slow', 'malformed', 'reset']);
      if (transportFault) record.fault = transportFault;
      if (transportFault === 'reset') {
        req.socket.destroy();
        return;
      }
      if (transportFault === '429') {
        const seconds = fault?.retryAfterSeconds ?? 1;
        sendJson(429, { message: 'Too many requests.', code: 'rate_limit_exceeded' }, { 'Retry-After': String(seconds) });
        return;
      }
      if (transportFault === '500') {
        sendJson(500, { message: 'Internal Server Error' });
        return;
      }
      if (transportFault === 'malformed') {
        send(200, '{"object":"list","data":[{"object":');
        return;
      }
      const answer = () => {
        const reply = handle(req.method ?? 'GET', url, req.headers.authorization, Buffer.concat(chunks).toString('utf8'), size);
        sendJson(reply.status, reply.body);
      };
      if (transportFault === 'slow') {
        const timer = setTimeout(() => {
          timers.delete(timer);
          answer();
        }, fault?.delayMs ?? 2000);
        timers.add(timer);
      } else {
        answer();
      }
    });
  });

  const handle = (method: string, url: URL, authorization: string | undefined, rawBody: string, size: number): Reply => {
    const key = /^Bearer (.+)$/.exec(authorization ?? '')?.[1];
    const answering = key && current.apiKeys.includes(key) ? current : options.environments?.find((e) => key && e.apiKeys.includes(key));
    if (!key || !answering) return { status: 401, body: { message: 'Unauthorized', code: 'unauthorized' } };
    try {
      const found = matchRoute(method, url.pathname);
      if (!found) throw notFound(`The requested path '${url.pathname}' could not be found.`);
      if ('methodMismatch' in found) throw new ApiError(405, { message: `Method ${method} not allowed.` });
      let body: Record<string, unknown> = {};
      if (size > MAX_BODY_BYTES) throw new ApiError(413, { message: 'Request body too large.' });
      if (rawBody.trim() !== '') {
        let parsed: unknown;
        try {
          parsed = JSON.parse(rawBody);
        } catch {
          throw badRequest('bad_request', 'Request body is not valid JSON.');
        }
        if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw unprocessable('Request body must be a JSON object.');
        body = parsed as Record<string, unknown>;
      }
      const reply = found.route.handler({ view: new View(answering), params: found.params, query: url.searchParams, body, mutate });
      if (reply.paginated) {
        const loop = takeFault(url.pathname, ['cursor-loop']) !== null;
        return paginate(reply.paginated, url.searchParams, loop);
      }
      return reply;
    } catch (err) {
      if (err instanceof ApiError) return { status: err.status, body: err.body };
      // A bug in the test server itself: say so, so the failing test points here.
      return { status: 500, body: { message: 'Internal Server Error', detail: String(err) } };
    }
  };

  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  // A client that gives up mid-request (timeout) resets its socket; that is not a server error.
  server.on('clientError', (_err, socket) => socket.destroy());

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;

  let closing: Promise<void> | null = null;
  return {
    host: '127.0.0.1',
    port,
    url: `http://127.0.0.1:${port}`,
    get state() {
      return current;
    },
    set state(next: WorkosState) {
      current = next;
    },
    requests,
    setFault(f: Fault | null) {
      fault = f ? { ...f, remaining: f.times ?? Number.POSITIVE_INFINITY } : null;
    },
    close() {
      if (!closing) {
        closing = new Promise<void>((resolve) => {
          for (const t of timers) clearTimeout(t);
          timers.clear();
          server.close(() => resolve());
          for (const s of sockets) s.destroy();
        });
      }
      return closing;
    },
  };
}
