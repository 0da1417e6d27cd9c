import { withAuth } from '@workos-inc/authkit-nextjs';
import { PERMS, ROLES } from '../../lib/permissions';
import { Can } from '../../components/Can';

export default async function Dashboard() {
  const { user, role, roles, permissions, entitlements } = await withAuth({ ensureSignedIn: true });
  const canUpload = permissions.includes('video:craete');
  const canDelete = permissions.includes(PERMS.VIDEO_DELETE);
  const canSeeBilling = permissions.includes(PERMS.BILLING_VIEW);
  // Resource-scoped roles never reach the session token: this is always false.
  const canExport = permissions.includes('reports:export');
  const isAdmin = role === 'admin';
  const isBillingAdmin = roles?.includes('org:billing-admin');
  const hasAuditLogs = entitlements?.includes('audit-logs');

  return (
    <main className="md:flex p-4">
      <h1>Welcome back, {user.firstName}</h1>
      {canUpload && <button role="button">Upload</button>}
      <Can permission="video:view">
        <VideoList />
      </Can>
      <Can permission="admin">
        <a href="/admin">Admin</a>
      </Can>
      {isAdmin && <Icon name="lucide:shield-check" />}
      {isBillingAdmin && <a href="/billing">Billing</a>}
      {canDelete && canSeeBilling && canExport && hasAuditLogs && <p>{t('common:save')}</p>}
    </main>
  );
}

function VideoList() {
  return <ul />;
}
function Icon(_: { name: string }) {
  return null;
}
function t(key: string) {
  return key;
}
