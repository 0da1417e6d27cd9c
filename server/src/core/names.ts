// What a name says about the values it holds: `requiredPermissions` holds permission slugs,
// `roleSlug` a role slug, `resourceTypeSlug` a resource type, `roleName` a display name (no slug),
// `featureFlags` nothing of ours. Also the built-in helper and SDK method tables.

import type { SlugKind } from './types';

// Words naming something that is not a slug even when a kind word stands before them.
const NOT_SLUG = new Set([
  'id', 'ids', 'name', 'names', 'label', 'labels', 'title', 'titles', 'description', 'desc', 'icon', 'color',
  'href', 'url', 'uri', 'path', 'message', 'text', 'count', 'length', 'error', 'errors', 'status', 'key', 'keys',
  'loading', 'enabled', 'disabled', 'denied', 'error', 'index', 'level', 'priority', 'object', 'type', 'types',
  'at', 'date', 'changed', 'updated', 'created', 'request', 'response', 'mapping', 'mappings', 'config',
]);

const TRAILING_NOISE = new Set(['slug', 'slugs', 'list', 'set', 'array', 'arr', 'values', 'value', 'const', 'constants', 'enum', 'scope', 'scopes', 'catalog', 'map', 'table', 'registry']);

/** Splits `requiredPermissions`, `ROLE_PERMISSIONS`, `role-slug` into lowercase words. */
export function words(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

/**
 * The slug kind a name implies: a kind, `null` when the name clearly holds something else
 * (`roleName`, `permissionId`), or `undefined` when it says nothing (`ADMIN`, `config`).
 */
// `undefined` is a legitimate answer, so the cache stores it as NEUTRAL.
const NEUTRAL = 'neutral';
const kindCache = new Map<string, SlugKind | null | typeof NEUTRAL>();

export function kindFromName(name: string): SlugKind | null | undefined {
  // Code repeats the same few thousand names; the word split is the costly part.
  let kind = kindCache.get(name);
  if (kind === undefined) {
    // `null` ("clearly not a slug") is an answer of its own and must survive the cache.
    const computed = computeKind(name);
    kind = computed === undefined ? NEUTRAL : computed;
    if (kindCache.size > 50_000) kindCache.clear();
    kindCache.set(name, kind);
  }
  return kind === NEUTRAL ? undefined : kind;
}

function computeKind(name: string): SlugKind | null | undefined {
  let w = words(name);
  if (w.length === 0) return undefined;
  // `permissionsByRole`, `rolesForUser` hold the head; `roleToPermissions` holds the tail.
  const to = w.indexOf('to');
  if (to > 0 && to < w.length - 1) w = w.slice(to + 1);
  const cut = w.findIndex((x, i) => i > 0 && (x === 'by' || x === 'for' || x === 'per' || x === 'of' || x === 'in'));
  if (cut > 0) w = w.slice(0, cut);
  while (w.length > 1 && TRAILING_NOISE.has(w[w.length - 1])) w = w.slice(0, -1);
  const last = w[w.length - 1];
  const prev = w[w.length - 2];
  if ((last === 'type' || last === 'types') && prev === 'resource') return 'resource-type';
  if (last === 'resourcetype' || last === 'resourcetypes') return 'resource-type';
  if (NOT_SLUG.has(last)) return null;
  if (/(permission|permissions|perm|perms)$/.test(last)) return 'permission';
  if (/(role|roles)$/.test(last) && !/(controles|paroles?)$/.test(last)) return 'role';
  return undefined;
}

/** The kind an access path implies: `user.role.slug` → role, `session.permissions` → permission. */
export function kindFromPath(path: string[]): SlugKind | undefined {
  let i = path.length - 1;
  while (i > 0 && (path[i] === 'slug' || path[i] === 'current' || path[i] === 'value')) i--;
  if (i < 0) return undefined;
  return kindFromName(path[i]) ?? undefined;
}

/** Methods that ask whether a list holds a value: `permissions.includes('x')`. */
export const MEMBERSHIP_METHODS = new Set(['includes', 'has', 'indexOf', 'lastIndexOf', 'contains']);

export const PERMISSION_HELPERS = new Set([
  'hasPermission', 'hasPermissions', 'hasAnyPermission', 'hasAllPermissions', 'hasSomePermission',
  'requirePermission', 'requirePermissions', 'requireAnyPermission', 'requireAllPermissions',
  'checkPermission', 'checkPermissions', 'assertPermission', 'ensurePermission', 'withPermission',
  'userHasPermission', 'can', 'cannot', 'userCan',
]);

export const ROLE_HELPERS = new Set([
  'hasRole', 'hasRoles', 'hasAnyRole', 'hasAllRoles', 'requireRole', 'requireRoles', 'requireAnyRole',
  'requireAllRoles', 'checkRole', 'assertRole', 'ensureRole', 'withRole', 'isRole', 'userHasRole',
]);

/** Generic verbs (CASL's `can('read', 'Post')`): only slug-shaped strings with a separator count. */
export const LOOSE_HELPERS = new Set(['can', 'cannot', 'userCan']);

/** WorkOS SDK methods that take a slug as a positional argument. */
export const SDK_POSITIONAL: Record<string, { arg: number; kind: SlugKind }> = {
  getEnvironmentRole: { arg: 0, kind: 'role' },
  updateEnvironmentRole: { arg: 0, kind: 'role' },
  setEnvironmentRolePermissions: { arg: 0, kind: 'role' },
  addEnvironmentRolePermission: { arg: 0, kind: 'role' },
  getPermission: { arg: 0, kind: 'permission' },
  updatePermission: { arg: 0, kind: 'permission' },
  deletePermission: { arg: 0, kind: 'permission' },
  getOrganizationRole: { arg: 1, kind: 'role' },
  updateOrganizationRole: { arg: 1, kind: 'role' },
  deleteOrganizationRole: { arg: 1, kind: 'role' },
  setOrganizationRolePermissions: { arg: 1, kind: 'role' },
  addOrganizationRolePermission: { arg: 1, kind: 'role' },
  removeOrganizationRolePermission: { arg: 1, kind: 'role' },
};

/** SDK create calls whose `slug` property is a slug of this kind. */
export const SDK_CREATE_SLUG: Record<string, SlugKind> = {
  createPermission: 'permission',
  createEnvironmentRole: 'role',
  createOrganizationRole: 'role',
};

/** ARIA role values: `role: 'dialog'` in props is an accessibility role, not a WorkOS role. */
export const ARIA_ROLES = new Set([
  'alert', 'alertdialog', 'application', 'article', 'banner', 'blockquote', 'button', 'caption', 'cell', 'checkbox',
  'code', 'columnheader', 'combobox', 'complementary', 'contentinfo', 'definition', 'deletion', 'dialog', 'directory',
  'document', 'emphasis', 'feed', 'figure', 'form', 'generic', 'grid', 'gridcell', 'group', 'heading', 'img',
  'insertion', 'link', 'list', 'listbox', 'listitem', 'log', 'main', 'mark', 'marquee', 'math', 'menu', 'menubar',
  'menuitem', 'menuitemcheckbox', 'menuitemradio', 'meter', 'navigation', 'none', 'note', 'option', 'paragraph',
  'presentation', 'progressbar', 'radio', 'radiogroup', 'region', 'row', 'rowgroup', 'rowheader', 'scrollbar',
  'search', 'searchbox', 'separator', 'slider', 'spinbutton', 'status', 'strong', 'subscript', 'superscript',
  'switch', 'tab', 'table', 'tablist', 'tabpanel', 'term', 'textbox', 'time', 'timer', 'toolbar', 'tooltip', 'tree',
  'treegrid', 'treeitem',
]);

/**
 * Keys that describe a slug rather than hold one: in `{ slug: 'posts:read', name: 'Read posts',
 * resource: 'posts', action: 'read' }` only `slug` is a slug, whatever the list is called.
 * Entries are lowercase; keys are compared lowercased.
 */
export const DESCRIPTIVE_KEYS = new Set([
  'name', 'names', 'label', 'labels', 'title', 'description', 'desc', 'details', 'category', 'group', 'section',
  'resource', 'resources', 'action', 'actions', 'icon', 'color', 'colour', 'display', 'displayname', 'summary', 'help',
  'hint', 'tooltip', 'placeholder', 'text', 'message', 'content', 'body', 'id', 'key', 'type', 'kind', 'value',
  'env', 'email', 'emailenv', 'href', 'url', 'path', 'route', 'classname', 'variant', 'badge', 'tone',
  'subtitle', 'heading', 'caption', 'image', 'avatar', 'order', 'sort', 'status', 'date', 'scope', 'scopes', 'effect',
  'feature', 'features', 'plan', 'tier', 'module', 'domain', 'tag', 'tags',
]);

/** Keys of an object that is a chat message for an LLM API (`{ role: 'assistant', content }`). */
export const CHAT_MESSAGE_KEYS = new Set(['content', 'parts', 'tool_calls', 'toolCalls', 'tool_call_id', 'toolCallId', 'experimental_attachments']);

/** Roles of LLM chat messages: never WorkOS roles, except where WorkOS itself is the evidence. */
export const CHAT_ROLES = new Set(['user', 'assistant', 'system', 'tool', 'developer', 'function', 'model', 'ai', 'human', 'bot']);

/** Values that stand for "no particular slug": type names, sentinels, placeholders. */
export const SENTINELS = new Set([
  '', 'any', 'all', 'none', 'string', 'number', 'boolean', 'object', 'undefined', 'null', 'unknown', 'function', 'symbol',
  'bigint', 'unauthenticated', 'authenticated', 'anonymous', 'separator', 'true', 'false', 'n/a', 'loading', 'error',
]);

/** WorkOS API field names that hold a slug wherever they are written (SDK options, API bodies). */
export const WORKOS_SLUG_KEYS: Record<string, SlugKind> = {
  permissionSlug: 'permission',
  permission_slug: 'permission',
  roleSlug: 'role',
  role_slug: 'role',
  roleSlugs: 'role',
  role_slugs: 'role',
  resourceTypeSlug: 'resource-type',
  resource_type_slug: 'resource-type',
};

/**
 * Calls whose result is WorkOS session data (`const { role, permissions } = await withAuth()`).
 * `withAuth` and the SDK's own methods are AuthKit's names; the generic ones (`useAuth`, `getUser`)
 * count only in a file that imports from a `@workos-inc/` package, or when called on `workos…`.
 */
export const SESSION_SOURCES = new Set([
  'withAuth', 'authenticateWithSessionCookie', 'loadSealedSession', 'getOrganizationMembership',
  'listOrganizationMemberships', 'authenticateWithCode', 'authenticateWithRefreshToken', 'authenticateWithPassword',
  'authenticateWithOrganizationSelection', 'refreshSession', 'getTokenClaims', 'useAccessToken', 'getAccessToken',
]);
export const GENERIC_SESSION_SOURCES = new Set(['useAuth', 'getUser', 'getSession', 'authenticate', 'refresh', 'getClaims', 'decodeJwt', 'jwtDecode', 'getSignedInUser', 'useUser', 'handleAuth']);

/** WorkOS types whose values are session data: `(membership: OrganizationMembership) => …`. */
export const SESSION_TYPES = new Set(['OrganizationMembership', 'AuthenticationResponse', 'AccessToken', 'UserInfo', 'Session', 'AuthkitSession', 'UserInfoWithAccessToken']);

export const NOT_VALUES = new Set(['true', 'false', 'null', 'undefined', 'this', 'new', 'typeof', 'void', 'await', 'super']);
