import { WorkOS } from '@workos-inc/node';

export const workos = new WorkOS(process.env.WORKOS_API_KEY);

export async function canEditProject(membershipId: string, projectId: string) {
  const { authorized } = await workos.authorization.check({
    organizationMembershipId: membershipId,
    permissionSlug: 'project:edit',
    resourceTypeSlug: 'project',
    resourceExternalId: projectId,
  });
  return authorized;
}

// Wrong: a user id where an organization membership id belongs, and a resource type the
// catalog does not know.
export async function canReadDocument(user: { id: string }, documentId: string) {
  return workos.authorization.check({
    organizationMembershipId: user.id,
    permissionSlug: 'project:view',
    resourceTypeSlug: 'document',
    resourceExternalId: documentId,
  });
}

// Wrong: `project:edit` is a permission on projects, checked here on a workspace.
export async function canEditWorkspace(membershipId: string, workspaceId: string) {
  return workos.authorization.check({
    organizationMembershipId: membershipId,
    permissionSlug: 'project:edit',
    resourceTypeSlug: 'workspace',
    resourceExternalId: workspaceId,
  });
}

export async function promote(membershipId: string) {
  await workos.authorization.assignRole({
    organizationMembershipId: membershipId,
    roleSlug: 'workspace-admin',
    resourceTypeSlug: 'workspace',
    resourceExternalId: 'ws-engineering',
  });
  await workos.userManagement.updateOrganizationMembership(membershipId, { roleSlug: 'editr' });
}

export async function usersTableToken(organizationId: string, userId: string) {
  return workos.widgets.getToken({ organizationId, userId, scopes: ['widgets:users-table:manage'] });
}
