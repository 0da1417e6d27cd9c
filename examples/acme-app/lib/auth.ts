import { withAuth } from '@workos-inc/authkit-nextjs';
import { NextResponse } from 'next/server';

export async function hasPermission(permission: string): Promise<boolean> {
  const { permissions } = await withAuth();
  return permissions?.includes(permission) ?? false;
}

export async function hasRole(role: string): Promise<boolean> {
  const { role: current, roles } = await withAuth();
  return current === role || (roles ?? []).includes(role);
}

// The two-argument form: requirePermission('video', 'create') checks `video:create`.
export async function requirePermission(resource: string, action: string) {
  if (!(await hasPermission(`${resource}:${action}`))) {
    return NextResponse.json({ error: 'Forbidden' }, { status: 403 });
  }
  return null;
}

export async function mayAccess(permission: string): Promise<boolean> {
  return hasPermission(permission);
}
