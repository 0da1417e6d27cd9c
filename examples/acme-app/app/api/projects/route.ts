import { withAuth } from '@workos-inc/authkit-nextjs';
import { requirePermission } from '../../../lib/auth';

export async function POST(request: Request) {
  const denied = await requirePermission('video', 'create');
  if (denied) return denied;
  const { permissions } = await withAuth();
  const body = (await request.json()) as { resource: string };
  // A template is checked as far as it can be: some resource has a `:view` permission.
  const canView = permissions.includes(`${body.resource}:view`);
  const canArchive = permissions.includes(`${body.resource}:archive`);
  return Response.json({ canView, canArchive, type: 'application/json', docs: 'https://workos.com/docs' });
}

export async function DELETE() {
  return (await requirePermission('video', 'remove')) ?? Response.json({ ok: true });
}
