// Data-driven scanner tests: each case is a snippet and the slugs (kind + value) it must yield.
// Every slug place has a positive case and a negative one; look-alikes must yield nothing.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { scanDocument, slotAt } from '../../server/src/core/scanner';

interface Case {
  name: string;
  code: string;
  file?: string;
  expect: string[];
  refs?: string[];
  helpers?: { name: string; arg: number; kind: 'permission' | 'role' | 'resource-type' }[];
}

function found(c: Case): { occ: string[]; refs: string[] } {
  const scan = scanDocument(c.code, { fileName: c.file ?? 'x.tsx', helpers: c.helpers });
  for (const o of scan.occurrences) {
    // The range must cover exactly the slug text for literals.
    if (o.via === 'literal' && !o.composite) assert.equal(c.code.slice(o.range.start, o.range.end), o.slug, `range of ${o.slug}`);
  }
  return {
    occ: scan.occurrences.map((o) => `${o.kind} ${o.slug}${o.via === 'literal' ? '' : ` (${o.via})`}`),
    refs: scan.constantRefs.map((r) => `${r.kind} ${r.path.join('.')}`),
  };
}

const places: Case[] = [
  { name: 'permissions.includes', code: `if (permissions.includes('video:create')) {}`, expect: ['permission video:create'] },
  { name: 'permissions?.includes', code: `permissions?.includes('video:view')`, expect: ['permission video:view'] },
  { name: 'user.permissions.includes', code: `session.user.permissions.includes("org:view")`, expect: ['permission org:view'] },
  { name: 'includes on an unrelated list', code: `tags.includes('video:create')`, expect: [] },
  { name: 'roles.includes', code: `roles.includes('org-billing-admin')`, expect: ['role org-billing-admin'] },
  { name: 'roles?.includes on claims', code: `claims.roles?.includes('admin')`, expect: ['role admin'] },
  { name: 'role ===', code: `if (role === 'admin') {}`, expect: ['role admin'] },
  { name: 'role !== and ==', code: `a = role !== 'member' || role == 'viewer'`, expect: ['role member', 'role viewer'] },
  { name: 'string on the left', code: `if ('admin' === role) {}`, expect: ['role admin'] },
  { name: 'role?.slug ===', code: `if (user?.role?.slug === 'admin') {}`, expect: ['role admin'] },
  { name: 'comparison with an unrelated name', code: `if (status === 'admin') {}`, expect: [] },
  { name: 'switch (role) case', code: `switch (role) { case 'owner': break; case 'admin': { break; } }`, expect: ['role owner', 'role admin'] },
  { name: 'switch on something else', code: `switch (kind) { case 'owner': break; }`, expect: [] },
  { name: 'default value ||', code: `const r = role?.slug || 'member';`, expect: ['role member'] },
  { name: 'default value ??', code: `const r = user.role ?? 'member';`, expect: ['role member'] },
  { name: 'default value on an unrelated name', code: `const r = theme ?? 'dark:mode';`, expect: [] },
  { name: 'destructuring default', code: `const { role = 'member' } = await withAuth();`, expect: ['role member'] },
  { name: 'authorization.check', code: `await workos.authorization.check({ organizationMembershipId: om, permissionSlug: 'documents:read', resourceTypeSlug: 'document', resourceExternalId: 'doc-1' })`, expect: ['permission documents:read', 'resource-type document'] },
  { name: 'check without slug keys', code: `await workos.authorization.check({ resourceExternalId: 'doc:1' })`, expect: [] },
  { name: 'assignRole', code: `workos.authorization.assignRole({ organizationMembershipId: om, roleSlug: 'editor', resourceTypeSlug: 'workspace', resourceExternalId: 'ws' })`, expect: ['role editor', 'resource-type workspace'] },
  { name: 'removeRole', code: `workos.authorization.removeRole({ roleSlug: 'editor' })`, expect: ['role editor'] },
  { name: 'createOrganizationMembership roleSlug', code: `workos.userManagement.createOrganizationMembership({ userId, organizationId, roleSlug: 'member' })`, expect: ['role member'] },
  { name: 'updateOrganizationMembership roleSlugs', code: `workos.userManagement.updateOrganizationMembership(id, { roleSlugs: ['admin', 'billing'] })`, expect: ['role admin', 'role billing'] },
  { name: 'sendInvitation', code: `workos.userManagement.sendInvitation({ email, roleSlug: 'viewer' })`, expect: ['role viewer'] },
  { name: 'listResourcesForMembership', code: `workos.authorization.listResourcesForMembership({ organizationMembershipId: om, permissionSlug: 'project:view' })`, expect: ['permission project:view'] },
  { name: 'createGroupRoleAssignment', code: `workos.authorization.createGroupRoleAssignment({ groupId, roleSlug: 'workspace-admin' })`, expect: ['role workspace-admin'] },
  { name: 'setEnvironmentRolePermissions', code: `workos.authorization.setEnvironmentRolePermissions('admin', { permissions: ['users:read', 'users:write'] })`, expect: ['role admin', 'permission users:read', 'permission users:write'] },
  { name: 'getPermission positional', code: `workos.authorization.getPermission('video:view')`, expect: ['permission video:view'] },
  { name: 'positional in an unrelated method', code: `cache.getPermission('video:view')`, expect: ['permission video:view'] },
  { name: 'snake_case API body', code: `fetch(url, { body: JSON.stringify({ permission_slug: 'a:b', role_slug: 'c' }) })`, expect: ['permission a:b', 'role c'] },
  { name: 'widgets.getToken scopes', code: `workos.widgets.getToken({ organizationId, userId, scopes: ['widgets:users-table:manage'] })`, expect: ['permission widgets:users-table:manage'] },
  { name: 'scopes elsewhere are OAuth scopes', code: `oauth.authorize({ scopes: ['openid', 'profile:read'] })`, expect: [] },
  { name: 'hasPermission', code: `if (hasPermission('video:create')) {}`, expect: ['permission video:create'] },
  { name: 'member helper call', code: `auth.requirePermission("billing:manage")`, expect: ['permission billing:manage'] },
  { name: 'hasRole', code: `await hasRole('admin')`, expect: ['role admin'] },
  { name: 'hasAnyRole with an array', code: `hasAnyRole(['admin', 'owner'])`, expect: ['role admin', 'role owner'] },
  { name: 'hasAllPermissions with several args', code: `hasAllPermissions('a:b', 'c:d')`, expect: ['permission a:b', 'permission c:d'] },
  { name: 'two-argument form', code: `requirePermission('video', 'create')`, expect: ['permission video:create'] },
  { name: 'resource and action after a user', code: `hasPermission(user, 'video', 'delete')`, expect: ['permission video:delete'] },
  { name: 'unrelated function', code: `track('video:create')`, expect: [] },
  { name: 'can() needs a slug shape', code: `can('video:create'); can('read', 'Post')`, expect: ['permission video:create'] },
  { name: 'CASL ability.can', code: `ability.can('read:all', 'Post')`, expect: [] },
  { name: 'user helper setting', code: `mayI('video:view', user); mayI(user, 'x:y')`, helpers: [{ name: 'mayI', arg: 0, kind: 'permission' }], expect: ['permission video:view'] },
  { name: 'user helper with a role argument', code: `guard(req, 'admin')`, helpers: [{ name: 'guard', arg: 1, kind: 'role' }], expect: ['role admin'] },
  { name: 'object property permission', code: `const route = { path: '/a', permission: 'video:view' }`, expect: ['permission video:view'] },
  { name: 'requiredRoles array property', code: `export const config = { requiredRoles: ['admin'], required_roles: ['owner'] }`, expect: ['role admin', 'role owner'] },
  { name: 'route permission map', code: `const routePermissions = { '/admin': 'admin:access' };`, expect: ['permission admin:access'] },
  { name: 'role → permissions map: values are permissions, keys roles', code: `const ROLE_PERMISSIONS = { admin: ['a:b'], member: ['c:d'] };`, expect: ['permission a:b', 'permission c:d', 'role admin', 'role member'] },
  { name: 'slug-like quoted keys are data, not names', code: `const ROLE_PERMISSIONS = { 'org-billing-role': ['billing:view'], 'admin': ['a:b'] };`, expect: ['permission billing:view', 'permission a:b', 'role org-billing-role', 'role admin'] },
  { name: 'property with a display-name key', code: `const r = { roleName: 'Administrator', permissionId: 'perm_1' }`, expect: [] },
  { name: 'JSX prop on a component', code: `<Can permission="video:view"><X /></Can>`, expect: ['permission video:view'] },
  { name: 'JSX expression prop with an array', code: `<Gate roles={['admin', 'owner']} requiredPermissions={["a:b"]} />`, expect: ['role admin', 'role owner', 'permission a:b'] },
  { name: 'JSX role prop on a component', code: `<Protected role="admin" />`, expect: ['role admin'] },
  { name: 'role="button" on an intrinsic element', code: `<div role="button" aria-label="x" className="md:flex" />`, expect: [] },
  { name: 'ARIA role in props objects', code: `createElement('div', { role: 'dialog' })`, expect: [] },
  { name: 'typed variable', code: `const role: string = 'admin';`, expect: ['role admin'] },
  { name: 'string-literal union type', code: `type Role = 'admin' | 'member';\ntype Permission =\n  | 'a:b'\n  | 'c:d';`, expect: ['role admin', 'role member', 'permission a:b', 'permission c:d'] },
  { name: 'interface member union', code: `interface U { role?: 'admin' | 'viewer'; name: 'x' }`, expect: ['role admin', 'role viewer'] },
  { name: 'union of an unrelated type', code: `type Theme = 'dark' | 'light';`, expect: [] },
  { name: 'array .includes(role)', code: `const ok = ['admin', 'owner'].includes(user?.role?.slug);`, expect: ['role admin', 'role owner'] },
  { name: 'array .includes(other)', code: `const ok = ['md', 'lg'].includes(size);`, expect: [] },
];

const constants: Case[] = [
  { name: 'object constant by name', code: `export const ROLES = { ADMIN: 'admin', MEMBER: 'member' } as const;`, expect: ['role admin', 'role member'] },
  { name: 'use of a constant', code: `hasRole(ROLES.ADMIN); permissions.includes(PERM.KERNEL_EVAL)`, expect: [], refs: ['role ROLES.ADMIN', 'permission PERM.KERNEL_EVAL'] },
  { name: 'constant in property, comparison, case', code: `x({ roleSlug: Roles.Admin }); if (role === ROLES.OWNER) {} switch (role) { case ROLES.VIEWER: }`, expect: [], refs: ['role Roles.Admin', 'role ROLES.OWNER', 'role ROLES.VIEWER'] },
  { name: 'constant as a default and as an initializer', code: `const r = role ?? ROLES.MEMBER; const admin: string = ADMIN_ROLE;`, expect: [], refs: ['role ROLES.MEMBER'] },
  { name: 'constant on the left', code: `if (ROLES.OWNER === role) {}`, expect: [], refs: ['role ROLES.OWNER'] },
  { name: 'JSX expression constant', code: `<Can permission={PERMS.VIEW} />`, expect: [], refs: ['permission PERMS.VIEW'] },
  { name: 'array spread of a constant', code: `hasAnyRole([...ADMIN_ROLES, 'owner'])`, expect: ['role owner'], refs: ['role ADMIN_ROLES'] },
  { name: 'names on both sides are left for resolution to decide', code: `if (role === currentRole) {}`, expect: [], refs: ['role currentRole', 'role role'] },
];

const templates: Case[] = [
  { name: 'template with a hole', code: 'const { permissions } = await withAuth();\npermissions.includes(`${resource}:read`)', expect: ['permission *:read (template)'] },
  { name: 'template with a hole where only a name says permission', code: 'permissions.includes(`${resource}:read`)', expect: [] },
  { name: 'template without holes', code: 'hasRole(`admin`)', expect: ['role admin'] },
  { name: 'template in a property', code: 'check({ permissionSlug: `${type}:${action}` })', expect: ['permission *:* (template)'] },
  { name: 'cache key template', code: 'const key = `orders:${id}`; cache.get(`user:${id}:profile`)', expect: [] },
];

const lookAlikes: Case[] = [
  { name: 'Tailwind classes', code: `<div className="md:flex hover:bg-gray-100" />; clsx('sm:hidden')`, expect: [] },
  { name: 'icon ids', code: `<Icon name="lucide:check" icon={'mdi:home'} />`, expect: [] },
  { name: 'i18n keys', code: `t('common:save'); i18n.t("errors:notFound")`, expect: [] },
  { name: 'URLs, MIME types, times', code: `fetch('https://api.workos.com:443/x'); const type = 'application/json'; const at = '10:30';`, expect: [] },
  { name: 'entitlements and feature flags', code: `entitlements.includes('audit-logs'); featureFlags.includes('beta:ui'); feature_flags.includes('x:y')`, expect: [] },
  { name: 'CSS in JS', code: 'const css = `a:hover { color: red; }`; styled.div`&:focus { outline: none }`', expect: [] },
  { name: 'strings in comments', code: `// permissions.includes('video:create')\n/* hasRole('admin') */\nconst x = 1;`, expect: [] },
  { name: 'regex literal with quotes', code: `const re = /role === 'admin'/g; if (role === 'owner') {}`, expect: ['role owner'] },
  { name: 'division is not a regex', code: `const a = b / c; if (role === 'x') {} const d = e / f;`, expect: ['role x'] },
  { name: 'apostrophe in JSX text', code: `const el = <p>Don't do it</p>; if (role === 'admin') {}`, expect: ['role admin'] },
  { name: 'type assertion in a .ts file is not JSX', file: 'a.ts', code: `const x = <any>foo; if (role === 'admin') {}`, expect: ['role admin'] },
];

describe('scanner: slug places', () => {
  for (const c of [...places, ...constants, ...templates]) {
    test(c.name, () => {
      const r = found(c);
      assert.deepEqual(r.occ.sort(), [...c.expect].sort());
      if (c.refs) assert.deepEqual(r.refs.sort(), [...c.refs].sort());
    });
  }
});

describe('scanner: look-alikes are not slugs', () => {
  for (const c of lookAlikes) {
    test(c.name, () => assert.deepEqual(found(c).occ.sort(), [...c.expect].sort()));
  }
});

describe('scanner: file facts', () => {
  test('constants, imports, check calls and ignore directives', () => {
    const code = [
      `import { ROLES, PERMS as P } from './roles';`,
      `import * as perms from '../perms';`,
      `import def from 'x';`,
      `export const PERMS = { VIDEO: { CREATE: 'video:create' }, LIST: ['a:b', 'c:d'] } as const;`,
      `export enum Role { Admin = 'admin' }`,
      `const ADMIN_ROLE = 'admin', OWNER = 'owner';`,
      `workos.authorization.check({ organizationMembershipId: user.id, permissionSlug: 'x:y' });`,
      `// workos-authz-ignore-next-line unknown-role, org-prefix -- reason`,
      `hasRole('nope');`,
      `function f() { const inner = 'not:top-level'; }`,
    ].join('\n');
    const scan = scanDocument(code, { fileName: 'a.ts' });
    const consts = Object.fromEntries([...scan.constants].map(([k, v]) => [k, v.map((x) => x.value)]));
    assert.deepEqual(consts, {
      'PERMS.VIDEO.CREATE': ['video:create'],
      'PERMS.LIST': ['a:b', 'c:d'],
      'Role.Admin': ['admin'],
      ADMIN_ROLE: ['admin'],
      OWNER: ['owner'],
    });
    assert.deepEqual(Object.fromEntries(scan.imports), {
      ROLES: { from: './roles', name: 'ROLES' },
      P: { from: './roles', name: 'PERMS' },
      perms: { from: '../perms', name: '*' },
      def: { from: 'x', name: 'default' },
    });
    assert.equal(scan.checkCalls.length, 1);
    assert.equal(scan.checkCalls[0].membership?.text, 'user.id');
    const checkOcc = scan.occurrences.find((o) => o.slug === 'x:y');
    assert.equal(checkOcc?.callId, scan.checkCalls[0].callId);
    assert.deepEqual(scan.ignores, [{ line: 8, rules: ['unknown-role', 'org-prefix'] }]);
  });

  test('session flag: session data versus SDK arguments', () => {
    const scan = scanDocument(`const { permissions } = await withAuth(); permissions.includes('a:b'); check({ permissionSlug: 'c:d' })`);
    assert.deepEqual(scan.occurrences.map((o) => [o.slug, o.session]), [['a:b', true], ['c:d', false]]);
  });
});

describe('slotAt (completion context)', () => {
  test('inside a string at a slug place', () => {
    const text = `permissions.includes('video:cr')`;
    const at = text.indexOf('cr') + 2;
    const slot = slotAt(text, at);
    assert.equal(slot?.kind, 'permission');
    assert.equal(slot?.prefix, 'video:cr');
  });
  test('right after an opening quote, string unterminated', () => {
    const text = `if (hasRole('\nconst x = 1;`;
    const slot = slotAt(text, text.indexOf(`'`) + 1);
    assert.equal(slot?.kind, 'role');
    assert.equal(slot?.prefix, '');
  });
  test('empty string between quotes in a JSX prop', () => {
    const text = `<Can permission="" />`;
    assert.equal(slotAt(text, text.indexOf('""') + 1)?.kind, 'permission');
  });
  test('deep in a large file, the window still sees the place', () => {
    const filler = 'const x = `tpl ${1}`; /* c */ foo(a, b);\n'.repeat(2000);
    const text = filler + `if (roles.includes('org-bi')) {}\n` + filler;
    const at = text.indexOf('org-bi') + 6;
    const slot = slotAt(text, at);
    assert.equal(slot?.kind, 'role');
    assert.equal(slot?.prefix, 'org-bi');
    assert.equal(text.slice(slot!.range.start, slot!.range.end), 'org-bi');
  });
  test('a window that would start inside a template literal falls back to the whole text', () => {
    const text = 'const t = `\n' + 'line\n'.repeat(5000) + '`;\nhasRole(\'ad\');';
    const at = text.indexOf("'ad'") + 3;
    assert.equal(slotAt(text, at)?.kind, 'role');
  });
  test('not a slug place', () => {
    const text = `t('common:sa')`;
    assert.equal(slotAt(text, text.indexOf('sa') + 2), undefined);
  });
});
