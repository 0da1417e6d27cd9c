// The choices the "Add Access Check" walk offers, read from WorkOS: organizations, an
// organization's memberships (with their users' emails), and its resources of one type.

import type { WorkOS } from '@workos-inc/node';
import type { AccessCheckChoice, AccessCheckChoicesParams } from '../protocol';
import { listAll } from './pagination';

type PickerApi = {
  organizations: Pick<WorkOS['organizations'], 'listOrganizations'>;
  userManagement: Pick<WorkOS['userManagement'], 'listOrganizationMemberships' | 'listUsers'>;
  authorization: Pick<WorkOS['authorization'], 'listResources'>;
};

export async function accessCheckChoices(workos: PickerApi, params: AccessCheckChoicesParams): Promise<AccessCheckChoice[]> {
  switch (params.step) {
    case 'organizations':
      return (await listAll((after) => workos.organizations.listOrganizations({ limit: 100, after }))).map((o) => ({ id: o.id, name: o.name }));
    case 'memberships': {
      const organizationId = params.organizationId;
      const [memberships, users] = await Promise.all([
        listAll((after) => workos.userManagement.listOrganizationMemberships({ organizationId, limit: 100, after })),
        listAll((after) => workos.userManagement.listUsers({ organizationId, limit: 100, after })),
      ]);
      const emails = new Map(users.map((u) => [u.id, u.email]));
      return memberships
        .map((m) => ({ id: m.id, userId: m.userId, email: emails.get(m.userId), roleSlug: m.role?.slug }))
        .sort((a, b) => (a.email ?? a.userId).localeCompare(b.email ?? b.userId));
    }
    case 'resources': {
      const { organizationId, resourceTypeSlug } = params;
      const resources = await listAll((after) => workos.authorization.listResources({ organizationId, resourceTypeSlug, limit: 100, after }));
      return resources.map((r) => ({ id: r.id, externalId: r.externalId, name: r.name }));
    }
  }
}
