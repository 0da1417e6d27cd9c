// Evidence, not names: each class of false positive (P1–P9) and miss (M1–M4) found on real
// applications, rebuilt as a small fixture of our own. A place is a slug place because of what
// the code does with the value (a WorkOS SDK parameter, WorkOS session data, a helper whose body
// checks it), and what is reported at a place that only a name vouches for is limited.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Catalog, SNAPSHOT_VERSION, type ApiRole } from '../../server/src/core/catalog';
import { hoverMarkdown } from '../../server/src/core/hover';
import { kindFromName } from '../../server/src/core/names';
import { scanDocument } from '../../server/src/core/scanner';
import type { Evidence } from '../../server/src/core/types';
import { WorkspaceIndex } from '../../server/src/core/workspaceIndex';

function role(slug: string, permissions: string[], type: ApiRole['type'] = 'EnvironmentRole'): ApiRole {
  return { slug, name: slug, description: null, permissions, type, resource_type_slug: 'organization' };
}

const PERMISSIONS = ['posts:read', 'posts:write', 'settings:edit', 'team:manage', 'users:manage_roles', 'invoices:read'];
const catalog = new Catalog(
  {
    version: SNAPSHOT_VERSION,
    permissions: PERMISSIONS.map((slug) => ({ slug, name: slug, description: null })),
    environmentRoles: [role('admin', PERMISSIONS), role('member', ['posts:read']), role('owner', PERMISSIONS)],
    organizations: [{ id: 'org_1', name: 'Acme', roles: [role('org-billing-admin', ['settings:edit'], 'OrganizationRole')] }],
  },
  { kind: 'snapshot' },
);

/** Findings of one file (or several: the first is checked) as `rule slug`. */
function findings(files: Record<string, string>, only?: string): string[] {
  const index = new WorkspaceIndex();
  for (const [name, text] of Object.entries(files)) index.setFile(`file:///ws/${name}`, text);
  const uri = `file:///ws/${only ?? Object.keys(files)[0]}`;
  return index.findings(uri, catalog).map((f) => `${f.rule} ${f.slug}`);
}

/** Occurrences of one file as `kind slug evidence`. */
function places(files: Record<string, string>, only?: string, configs: Record<string, string> = {}): string[] {
  const index = new WorkspaceIndex();
  for (const [name, text] of Object.entries(configs)) index.setConfigFile(`file:///ws/${name}`, text);
  for (const [name, text] of Object.entries(files)) index.setFile(`file:///ws/${name}`, text);
  const uri = `file:///ws/${only ?? Object.keys(files)[0]}`;
  return index.occurrences(uri).map((o) => `${o.kind} ${o.slug} ${o.evidence}`);
}

const SESSION = `import { withAuth } from '@workos-inc/authkit-nextjs';\nconst { role, permissions } = await withAuth();\n`;

describe('false positives the evidence model removes', () => {
  test('P1: only `slug` of a permission description is a slug; the name cache keeps its veto', () => {
    const code = `export const PERMISSIONS = [{ slug: 'posts:read', name: 'Read posts', description: 'Lets people read', category: 'Posts', resource: 'posts', action: 'read' }];`;
    assert.deepEqual(places({ 'p.ts': code }), ['permission posts:read name']);
    assert.equal(kindFromName('name'), null);
    assert.equal(kindFromName('name'), null, 'a second lookup still says "not a slug"');
    assert.equal(kindFromName('description'), null);
  });

  test('P2: prose and display labels under kind names are no slug places', () => {
    const code = `${SESSION}const team = [{ role: 'Founder & CEO' }];\nconst label = role || 'Member';\nconst NO_PERMISSIONS = 'No permissions defined';\nconst roleClass = 'badge badge-admin';`;
    assert.deepEqual(findings({ 'p.tsx': code }), []);
    assert.deepEqual(places({ 'p.tsx': code }), []);
  });

  test("P3: the app's own role vocabulary is not reported", () => {
    const code = `enum DealRole { BUYER = 'BUYER', SELLER = 'SELLER' }\nconst signatoryRoles = ['Broker'];\nconst gate = { roles: ['Admin', 'Project Manager'] };\nexport function Badge({ role }: { role: 'patient' | 'expert' }) { return role; }`;
    assert.deepEqual(findings({ 'p.tsx': code }), []);
  });

  test("P4: other systems' roles: LLM chat messages, ARIA, calendars, schemas, API-key scopes", () => {
    const code = [
      `messages.push({ role: 'assistant', content: reply });`,
      `const history = [{ role: 'user', content: 'hi' }, { role: 'system', content: prompt }];`,
      `if (message.role === 'tool') {}`,
      `const el = <View accessibilityRole="button" />;`,
      `const acl = { accessRole: 'writer' };`,
      `const schema = { metadata: { role: 'string' } };`,
      `if (hasPermission(apiKey, 'mcp:write')) {}`,
    ].join('\n');
    assert.deepEqual(findings({ 'p.tsx': code }), []);
    assert.ok(!places({ 'p.tsx': code }).some((p) => /assistant|user|system|tool|button/.test(p)), places({ 'p.tsx': code }).join());
  });

  test('P5: a constant table keeps the kind of the place that uses it, and features are no roles', () => {
    const perms = `export const PERMS = { USERS_MANAGE_ROLES: 'users:manage_roles', INVOICES: 'invoices:raed' } as const;\nexport const CUSTOM_ROLES = 'custom_roles';\nexport const ROLES = [{ role: 'admin', emailEnv: 'TEST_ADMIN_EMAIL' }];`;
    const page = `import { PERMS } from './perms';\nhasPermission(PERMS.USERS_MANAGE_ROLES);\nhasPermission(PERMS.INVOICES);`;
    assert.deepEqual(findings({ 'perms.ts': perms, 'page.ts': page }), ['unknown-permission invoices:raed']);
    assert.deepEqual(findings({ 'page.ts': page, 'perms.ts': perms }), ['unknown-permission invoices:raed']);
    assert.ok(!places({ 'perms.ts': perms }).some((p) => p.includes('TEST_ADMIN_EMAIL')));
  });

  test('P6: sentinels and type names', () => {
    const code = `${SESSION}if (typeof role === 'string') {}\nif (permissions.includes('any') || permissions.includes('')) {}\nif (role !== 'separator' && role !== 'all' && role !== 'none') {}\nfunction f(resourceType = 'Resource') {}`;
    assert.deepEqual(places({ 'p.ts': code }), []);
  });

  test('P7: a second authorization system with WorkOS-shaped slugs is not checked against WorkOS', () => {
    const code = `const dbPermissions = ['invoice.read', 'invoice.write'];\nconst apiScopes = ['mcp:write'];\nbus.emit('messages:moved');\nif (grantedScopes.includes('mcp:read')) {}`;
    assert.deepEqual(findings({ 'p.ts': code }), []);
  });

  test('P8: wildcards in grant lists the app expands itself are not reported; in checks they are', () => {
    assert.deepEqual(findings({ 'p.ts': `const ROLE_PERMISSIONS = { admin: ['posts:*'], member: ['posts:read'] };` }), []);
    assert.deepEqual(findings({ 'p.ts': `hasPermission('posts:*');` }), ['wildcard-permission posts:*']);
  });

  test('P9: a union type is reported once, where it is written, not at every annotation', () => {
    const code = `type RecipientRole = 'signer' | 'approver';\ninterface Recipient { role: RecipientRole }\nfunction f(x: { role: RecipientRole }) {}\nconst r: Recipient = load();`;
    const found = places({ 'p.ts': code });
    assert.equal(found.filter((p) => p.startsWith('role signer')).length, 1);
    assert.equal(found.filter((p) => p.startsWith('role approver')).length, 1);
  });
});

describe('misses the evidence model finds', () => {
  const AUTH = `import { withAuth } from '@workos-inc/authkit-nextjs';
export async function requirePerm(perm: string) {
  const { permissions } = await withAuth();
  if (!permissions.includes(perm)) throw new Error('forbidden');
}
export function createAuthorizedQuery(roles: string[]) {
  return async () => {
    const { role } = await withAuth();
    return roles.includes(role);
  };
}
export function Can({ permission, children }: { permission: string; children: unknown }) {
  const { permissions } = useAuth();
  return permissions.includes(permission) ? children : null;
}
`;

  test("M1: the project's own helpers, inferred from their bodies, across imports", () => {
    const page = `import { requirePerm, createAuthorizedQuery, Can } from './auth';\nimport { P } from './perms';\nawait requirePerm(P.SETTINGS);\nawait requirePerm('posts:raed');\nconst q = createAuthorizedQuery(['admn']);\nconst el = <Can permission="owner">x</Can>;`;
    const perms = `export const P = { SETTINGS: 'settings:edti' } as const;`;
    const files = { 'page.tsx': page, 'auth.tsx': AUTH, 'perms.ts': perms };
    assert.deepEqual(findings(files), ['unknown-permission settings:edti', 'unknown-permission posts:raed', 'unknown-role admn', 'kind-mismatch owner']);
    const evidence = places(files).map((p) => p.split(' ')[2]);
    assert.ok(evidence.every((e: string) => e === 'helper'), evidence.join());
  });

  test('M1: helpers in the same file, the two-argument form of can(), and a helper wrapping a helper', () => {
    const code = `${AUTH}async function mayEdit(p: string) { return requirePerm(p); }\nawait mayEdit('team:manag');\nif (can('team', 'manage')) {}`;
    assert.deepEqual(findings({ 'a.tsx': code }), ['unknown-permission team:manag']);
    assert.ok(places({ 'a.tsx': code }).includes('permission team:manage helper'));
  });

  test('M2: imports resolve through tsconfig paths, not by a unique name', () => {
    const configs = { 'tsconfig.json': `{ "compilerOptions": { "baseUrl": ".", "paths": { "@/*": ["src/*"] } } }` };
    const files = {
      'src/app/page.ts': `import { ROLES } from '@/lib/roles';\nhasRole(ROLES.ADMIN);`,
      'src/lib/roles.ts': `export const ROLES = { ADMIN: 'admn' } as const;`,
      'docs/roles.ts': `export const ROLES = { ADMIN: 'admin' } as const;`,
    };
    assert.deepEqual(places(files, 'src/app/page.ts', configs), ['role admn helper']);
  });

  test('M2: workspace packages and re-exports', () => {
    const index = new WorkspaceIndex();
    index.setConfigFile('file:///ws/packages/types/package.json', `{ "name": "@acme/types", "main": "./src/index.ts" }`);
    index.setFile('file:///ws/packages/types/src/index.ts', `export * from './perms';`);
    index.setFile('file:///ws/packages/types/src/perms.ts', `export const PERMS = { EDIT: 'settings:edti' } as const;`);
    index.setFile('file:///ws/apps/web/page.ts', `import { PERMS } from '@acme/types';\nhasPermission(PERMS.EDIT);`);
    assert.deepEqual(index.findings('file:///ws/apps/web/page.ts', catalog).map((f) => `${f.rule} ${f.slug}`), ['unknown-permission settings:edti']);
  });

  test('M3: keys of role-keyed maps and values typed by a slug type', () => {
    const code = `type Role = 'admin' | 'member';\ntype Permission = 'posts:read' | 'posts:write';\nconst ROLE_PERMISSIONS: Record<Role, Permission[]> = { admin: ['posts:read'], membr: ['posts:read'] };\nconst staff: Role[] = ['admn'];`;
    const found = places({ 'a.ts': code });
    assert.ok(found.includes('role admin type'), found.join());
    assert.ok(found.includes('role admn type'), found.join());
    // The alias holds catalog slugs: the typed values are checked like any trusted place.
    assert.deepEqual(findings({ 'a.ts': code }), ['unknown-role membr', 'unknown-role admn']);
  });

  test('M4: string methods, assertions, indexed paths, call results, returned lists, validators', () => {
    const code = [
      SESSION,
      `if (role?.toLowerCase() === 'ownr') {}`,
      `if ((role as string) === 'admn') {}`,
      `const { data } = await workos.userManagement.listOrganizationMemberships({ userId });`,
      `const r = data[0].role?.slug || 'membr';`,
      `if (effectivePermissions(user).includes('posts:raed')) {}`,
      `function defaultPermissions() { return ['posts:writ']; }`,
      `const memberships = defineTable({ roleSlug: v.union(v.literal('admin'), v.literal('ownr')) });`,
    ].join('\n');
    const found = places({ 'a.ts': code });
    for (const slug of ['ownr', 'admn', 'membr', 'posts:raed', 'posts:writ']) assert.ok(found.some((p) => p.split(' ')[1] === slug), `${slug} in ${found.join()}`);
    const rules = findings({ 'a.ts': code });
    for (const f of ['unknown-role admn', 'unknown-role membr', 'unknown-permission posts:raed', 'unknown-permission posts:writ']) assert.ok(rules.includes(f), `${f} in ${rules.join()}`);
  });
});

describe('evidence levels', () => {
  const ev = (code: string): Evidence[] => scanDocument(code, { fileName: 'a.ts' }).occurrences.map((o) => o.evidence);

  test('sdk, session, helper and name', () => {
    assert.deepEqual(ev(`workos.authorization.check({ permissionSlug: 'posts:read' })`), ['sdk']);
    assert.deepEqual(ev(`${SESSION}permissions.includes('posts:read')`), ['session']);
    assert.deepEqual(ev(`hasPermission('posts:read')`), ['helper']);
    assert.deepEqual(ev(`permissions.includes('posts:read')`), ['name']);
  });

  test('session data is followed through aliases, assignments and membership callbacks', () => {
    const code = `import { useAuth } from '@workos-inc/authkit-react';\nconst { role: current } = useAuth();\nconst r = current;\nif (r === 'admin') {}\nmemberships.data.filter((m) => m.role.slug === 'owner');\nconst memberships = await workos.userManagement.listOrganizationMemberships({ userId });`;
    const occ = scanDocument(code, { fileName: 'a.ts' }).occurrences.map((o) => `${o.slug} ${o.evidence}`);
    assert.deepEqual(occ, ['admin session', 'owner name']);
    const ordered = `const memberships = await workos.userManagement.listOrganizationMemberships({ userId });\nmemberships.data.filter((m) => m.role.slug === 'owner');`;
    assert.deepEqual(ev(ordered), ['session']);
  });

  test("useAuth from another provider is no WorkOS session", () => {
    assert.deepEqual(ev(`import { useAuth } from '@clerk/nextjs';\nconst { role } = useAuth();\nif (role === 'admin') {}`), ['name']);
  });

  test('a name-only place reports a likely typo, at most as a warning, and nothing far from the catalog', () => {
    const index = new WorkspaceIndex();
    index.setFile('file:///ws/a.ts', `const adminRoles = ['admn', 'auditor'];`);
    const f = index.findings('file:///ws/a.ts', catalog);
    assert.deepEqual(f.map((x) => `${x.rule} ${x.slug} ${x.severity} ${x.evidence}`), ['unknown-role admn warning name']);
  });

  test("WorkOS's system permissions are known without the catalog file listing them", () => {
    assert.deepEqual(findings({ 'a.ts': `workos.widgets.getToken({ organizationId, userId, scopes: ['widgets:users-table:manage', 'widgets:sso:manag'] })` }), ['unknown-permission widgets:sso:manag']);
  });
});

describe('evidence where developers see it', () => {
  test('hover names the evidence and the place', () => {
    const index = new WorkspaceIndex();
    index.setFile('file:///ws/a.ts', `hasPermission('posts:read');\nconst requiredPermissions = ['posts:read'];`);
    const [helper, named] = index.occurrences('file:///ws/a.ts');
    assert.match(hoverMarkdown(catalog, helper, []), /Evidence: \*\*helper\*\*.*hasPermission\(\)/);
    assert.match(hoverMarkdown(catalog, named, []), /Evidence: \*\*name\*\*/);
  });
});
