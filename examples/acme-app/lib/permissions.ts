// One place for the app's permission and role slugs.
export const PERMS = {
  VIDEO_CREATE: 'video:create',
  VIDEO_DELETE: 'video:delete',
  BILLING_VIEW: 'billing:veiw',
  SETTINGS: 'settings:manage',
} as const;

export const ROLES = {
  ADMIN: 'admin',
  EDITOR: 'editor',
  BILLING_ADMIN: 'org-billing-admin',
} as const;

export type Role = 'admin' | 'editor' | 'member';
