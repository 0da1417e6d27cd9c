// Explains why a membership can do what it can: its role assignments, each with the resource it
// applies to and where it came from (a direct assignment or a group), the way WorkOS's dashboard does:
// "workspace-admin on Workspace: Engineering, from the Engineering group".

import type { WorkOS } from '@workos-inc/node';
import { listAll } from './pagination';

export interface EffectiveRole {
  role: string;
  resource: { id?: string; externalId?: string; typeSlug: string; name?: string };
  /** direct: assigned to the membership on a resource; membership: the membership's own organization role. */
  source: { type: 'direct' } | { type: 'membership' } | { type: 'group'; groupId?: string; groupName?: string };
}

/** The SDK calls this module needs; a `WorkOS` instance has them. */
export type RolesApi = {
  authorization: Pick<WorkOS['authorization'], 'listRoleAssignments' | 'listGroupRoleAssignments' | 'getResource'>;
  userManagement: Pick<WorkOS['userManagement'], 'listGroupsForOrganizationMembership' | 'getOrganizationMembership'>;
};

export interface ResolveContext {
  /** Names the organization resource, which WorkOS identifies by the organization id. */
  organization?: { id: string; name?: string };
}

/**
 * The membership's role assignments with sources. Only listing assignments is required; naming
 * groups and resources is best effort, so an environment without groups or resource reads still
 * gets an answer.
 */
export async function resolveEffectiveRoles(api: RolesApi, membershipId: string, ctx: ResolveContext = {}): Promise<EffectiveRole[]> {
  const assignments = await listAll((after) =>
    api.authorization.listRoleAssignments({ organizationMembershipId: membershipId, limit: 100, after }),
  );

  const groupByAssignment = new Map<string, { id: string; name: string }>();
  if (assignments.some((a) => a.source?.type === 'group')) {
    try {
      const groups = await listAll((after) =>
        api.userManagement.listGroupsForOrganizationMembership({ organizationMembershipId: membershipId, limit: 100, after }),
      );
      for (const g of groups) {
        const gras = await listAll((after) => api.authorization.listGroupRoleAssignments({ groupId: g.id, limit: 100, after }));
        for (const gra of gras) groupByAssignment.set(gra.id, { id: g.id, name: g.name });
      }
    } catch {
      // Group names are an explanation, not the answer: fall back to "from a group".
    }
  }

  const resourceNames = new Map<string, string | undefined>();
  const nameOf = async (id: string | undefined, typeSlug: string, externalId: string | undefined): Promise<string | undefined> => {
    if (typeSlug === 'organization' && ctx.organization && (externalId === ctx.organization.id || !externalId)) {
      return ctx.organization.name;
    }
    if (!id) return undefined;
    if (!resourceNames.has(id)) {
      try {
        resourceNames.set(id, (await api.authorization.getResource(id)).name);
      } catch {
        resourceNames.set(id, undefined);
      }
    }
    return resourceNames.get(id);
  };

  const out: EffectiveRole[] = [];
  // The membership's organization-level roles are not role assignments in the API, yet they grant
  // organization permissions: list them first, as the dashboard does.
  try {
    const m = await api.userManagement.getOrganizationMembership(membershipId);
    const slugs = m.roles?.length ? m.roles.map((r) => r.slug) : m.role ? [m.role.slug] : [];
    const orgName = ctx.organization?.id === m.organizationId ? ctx.organization.name : undefined;
    for (const role of slugs) {
      out.push(stripUndefinedDeep({
        role,
        resource: { externalId: m.organizationId, typeSlug: 'organization', name: orgName ?? m.organizationName },
        source: { type: 'membership' as const },
      }));
    }
  } catch {
    // Without the membership record the assignments below still explain resource access.
  }
  for (const a of assignments) {
    const typeSlug = a.resource?.resourceTypeSlug ?? 'organization';
    const resource = {
      id: a.resource?.id || undefined,
      externalId: a.resource?.externalId || undefined,
      typeSlug,
      name: await nameOf(a.resource?.id || undefined, typeSlug, a.resource?.externalId || undefined),
    };
    let source: EffectiveRole['source'] = { type: 'direct' };
    if (a.source?.type === 'group') {
      const g = a.source.groupRoleAssignmentId ? groupByAssignment.get(a.source.groupRoleAssignmentId) : undefined;
      source = { type: 'group', groupId: g?.id, groupName: g?.name };
    }
    out.push(stripUndefinedDeep({ role: a.role.slug, resource, source }));
  }
  return out;
}

/** "workspace-admin on Workspace: Engineering, from the Engineering group". */
export function describeEffectiveRole(r: EffectiveRole): string {
  return `${r.role} on ${describeResource(r.resource)}, ${describeSource(r.source)}`;
}

export function describeResource(res: EffectiveRole['resource']): string {
  const type = titleCase(res.typeSlug);
  const name = res.name ?? res.externalId ?? res.id ?? '?';
  return `${type}: ${name}`;
}

export function describeSource(source: EffectiveRole['source']): string {
  if (source.type === 'direct') return 'assigned directly';
  if (source.type === 'membership') return 'the membership\'s organization role';
  if (source.groupName) return `from the ${source.groupName} group`;
  return source.groupId ? `from group ${source.groupId}` : 'from a group';
}

function titleCase(slug: string): string {
  return slug
    .split(/[-_]/)
    .filter(Boolean)
    .map((w) => w[0].toUpperCase() + w.slice(1))
    .join(' ');
}

function stripUndefinedDeep<T>(v: T): T {
  if (typeof v !== 'object' || v === null) return v;
  const out: Record<string, unknown> = {};
  for (const [k, val] of Object.entries(v)) if (val !== undefined) out[k] = stripUndefinedDeep(val);
  return out as T;
}
