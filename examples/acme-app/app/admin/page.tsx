import { withAuth } from '@workos-inc/authkit-nextjs';
import { hasPermission, hasRole, mayAccess } from '../../lib/auth';
import { ROLES } from '../../lib/permissions';

export default async function AdminPage() {
  const { role } = await withAuth({ ensureSignedIn: true });

  switch (role) {
    case 'owner':
      return <p>Owners manage everything.</p>;
    case ROLES.EDITOR:
      return <p>Editors see content tools.</p>;
  }

  if (await hasRole('admn')) return <p>Admin tools</p>;
  if (await hasRole('org-admin')) return <p>Prefixed admin</p>;
  if (await hasRole('billing-admin')) return <p>Billing</p>;
  if (await hasPermission('Video:Create')) return <p>Uploads</p>;
  if (await hasPermission('video:*')) return <p>All video actions</p>;
  if (await mayAccess('setings:manage')) return <p>Settings</p>;
  // workos-authz-ignore-next-line unknown-permission -- created in WorkOS next sprint
  if (await hasPermission('analytics:view')) return <p>Analytics</p>;

  const cacheKey = `orders:${role}`;
  const startsAt = '10:30';
  return <p data-key={cacheKey}>Nothing for {role ?? 'member'} at {startsAt}</p>;
}
