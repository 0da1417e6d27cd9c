'use client';
import { useAuth } from '@workos-inc/authkit-nextjs/components';
import type { ReactNode } from 'react';

export function Can({ permission, children }: { permission: string; children: ReactNode }) {
  const { permissions } = useAuth();
  return permissions?.includes(permission) ? <>{children}</> : null;
}

export function RoleBadge() {
  const { role } = useAuth();
  const label = role === 'member' ? 'Member' : role === 'org-support' ? 'Support' : 'Staff';
  return <span className="text-sm font-medium">{label}</span>;
}
