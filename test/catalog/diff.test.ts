import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import type { CatalogSnapshot } from '../../server/src/core/catalog';
import { countChanges, diffSnapshots, formatDiff, isEmptyDiff } from '../../server/src/catalog';
import { driftReport } from '../../server/src/lsp/workosRequests';

const BASE: CatalogSnapshot = {
  version: 1,
  environmentRoles: [
    { slug: 'admin', name: 'Admin', description: null, permissions: ['posts:read', 'posts:write'], type: 'EnvironmentRole' },
    { slug: 'member', name: 'Member', description: null, permissions: ['posts:read'], type: 'EnvironmentRole' },
    { slug: 'viewer', name: 'Viewer', description: null, permissions: ['posts:read'], type: 'EnvironmentRole' },
  ],
  permissions: [
    { slug: 'posts:read', name: 'Read', description: null },
    { slug: 'posts:write', name: 'Write', description: null },
    { slug: 'posts:legacy', name: 'Legacy', description: null },
  ],
  organizations: [
    { id: 'org_1', name: 'Acme', roles: [{ slug: 'org-billing', name: 'Billing', description: null, permissions: ['posts:read'], type: 'OrganizationRole' }] },
    { id: 'org_2', name: 'Beta', roles: [] },
  ],
};

describe('diffSnapshots', () => {
  test('identical catalogs: empty', () => {
    const d = diffSnapshots(BASE, structuredClone(BASE));
    assert.ok(isEmptyDiff(d));
    assert.equal(formatDiff(d), '');
  });

  test('ids, timestamps, fetchedAt, host and API defaults are not drift', () => {
    const live = structuredClone(BASE) as CatalogSnapshot;
    live.fetchedAt = '2026-01-01T00:00:00Z';
    live.host = 'api.workos.com';
    for (const p of live.permissions) Object.assign(p, { object: 'permission', id: `perm_${p.slug}`, system: false, resource_type_slug: 'organization', created_at: 'x', updated_at: 'y' });
    for (const r of live.environmentRoles) Object.assign(r, { object: 'role', id: `role_${r.slug}`, resource_type_slug: 'organization', created_at: 'x' });
    live.permissions.reverse();
    assert.ok(isEmptyDiff(diffSnapshots(BASE, live)));
  });

  test('every kind of drift, exactly', () => {
    const live = structuredClone(BASE) as CatalogSnapshot;
    live.permissions = live.permissions.filter((p) => p.slug !== 'posts:legacy');
    live.permissions.push({ slug: 'posts:publish', name: 'Publish', description: null });
    live.permissions[0].name = 'Read posts';
    live.permissions[1].resource_type_slug = 'document';
    live.environmentRoles = live.environmentRoles.filter((r) => r.slug !== 'viewer');
    live.environmentRoles.push({ slug: 'editor', name: 'Editor', description: null, permissions: ['posts:write'], type: 'EnvironmentRole' });
    live.environmentRoles[0].permissions = ['posts:read', 'posts:publish'];
    live.environmentRoles.reverse();
    live.organizations[0].roles[0].permissions.push('posts:write');
    live.organizations[1].roles.push({ slug: 'org-ops', name: 'Ops', description: null, permissions: [], type: 'OrganizationRole' });
    live.organizations.push({ id: 'org_3', name: 'Gamma', roles: [{ slug: 'org-auditor', name: 'Auditor', description: null, permissions: ['posts:read'], type: 'OrganizationRole' }] });
    live.organizations[0].roles.push({ slug: 'org-new', name: 'New', description: null, permissions: [], type: 'OrganizationRole' });
    const removedOrg = structuredClone(BASE) as CatalogSnapshot;

    const d = diffSnapshots(removedOrg, live);
    assert.deepEqual(d.permissions.added.map((p) => p.slug), ['posts:publish']);
    assert.deepEqual(d.permissions.removed.map((p) => p.slug), ['posts:legacy']);
    assert.deepEqual(d.permissions.changed, [
      { slug: 'posts:read', changes: [{ field: 'name', from: 'Read', to: 'Read posts' }] },
      { slug: 'posts:write', changes: [{ field: 'resource_type_slug', from: 'organization', to: 'document' }] },
    ]);
    assert.deepEqual(d.environmentRoles.added.map((r) => r.slug), ['editor']);
    assert.deepEqual(d.environmentRoles.removed.map((r) => r.slug), ['viewer']);
    assert.deepEqual(d.environmentRoles.changed, [{ slug: 'admin', permissionsAdded: ['posts:publish'], permissionsRemoved: ['posts:write'], changes: [] }]);
    assert.deepEqual(d.environmentRoles.orderChanged, { from: ['admin', 'member'], to: ['member', 'admin'] });
    assert.deepEqual(d.organizationRoles.added.map((a) => `${a.organization.id}/${a.role.slug}`), ['org_1/org-new', 'org_2/org-ops', 'org_3/org-auditor']);
    assert.deepEqual(d.organizationRoles.removed, []);
    assert.deepEqual(d.organizationRoles.changed.map((c) => [c.organization.id, c.slug, c.permissionsAdded, c.permissionsRemoved]), [['org_1', 'org-billing', ['posts:write'], []]]);
    assert.equal(countChanges(d), 12);

    assert.equal(
      formatDiff(d),
      [
        'Permissions:',
        '  + posts:publish (Publish)',
        '  - posts:legacy',
        '  ~ posts:read: name "Read" -> "Read posts"',
        '  ~ posts:write: resource_type_slug "organization" -> "document"',
        'Environment roles:',
        '  + editor [posts:write]',
        '  - viewer',
        '  ~ admin: permissions added: posts:publish; permissions removed: posts:write',
        '  ~ priority order: admin, member -> member, admin',
        'Organization roles:',
        '  + org-new in Acme (org_1)',
        '  + org-ops in Beta (org_2)',
        '  + org-auditor in Gamma (org_3) [posts:read]',
        '  ~ org-billing in Acme (org_1): permissions added: posts:write',
        '',
      ].join('\n'),
    );
  });

  test('organization roles removed with their organization', () => {
    const live = structuredClone(BASE) as CatalogSnapshot;
    live.organizations = live.organizations.filter((o) => o.id !== 'org_1');
    const d = diffSnapshots(BASE, live);
    assert.deepEqual(d.organizationRoles.removed.map((r) => `${r.organization.name}/${r.role.slug}`), ['Acme/org-billing']);
    assert.equal(countChanges(d), 1, 'an organization without roles of its own is not drift');
    assert.match(formatDiff(d), /^Organization roles:\n {2}- org-billing in Acme \(org_1\)\n$/);
  });

  test('a role description change is drift', () => {
    const live = structuredClone(BASE) as CatalogSnapshot;
    live.environmentRoles[1].description = 'Default role';
    const d = diffSnapshots(BASE, live);
    assert.deepEqual(d.environmentRoles.changed, [{ slug: 'member', permissionsAdded: [], permissionsRemoved: [], changes: [{ field: 'description', from: null, to: 'Default role' }] }]);
    assert.equal(formatDiff(d), 'Environment roles:\n  ~ member: description none -> "Default role"\n');
  });
});

describe('the drift report the editor opens', () => {
  const role = (slug: string, permissions: string[]) => ({ slug, name: slug, description: null, permissions, type: 'EnvironmentRole' as const });
  const snap = (perms: string[], roles: ReturnType<typeof role>[]): CatalogSnapshot => ({
    version: 1,
    environmentRoles: roles,
    permissions: perms.map((slug) => ({ slug, name: slug, description: null })),
    organizations: [],
  });

  test('the same lines as `catalog diff`, in a diff block under a title naming the file and host', () => {
    const d = diffSnapshots(snap(['a:read', 'b:read'], [role('admin', ['a:read'])]), snap(['a:read', 'c:read'], [role('admin', ['a:read', 'c:read'])]));
    const text = driftReport('workos-catalog.json', 'api.workos.com', countChanges(d), formatDiff(d));
    assert.match(text, /^# Catalog drift: workos-catalog\.json → api\.workos\.com\n/);
    assert.match(text, /3 changes/);
    assert.ok(text.includes('```diff\n' + formatDiff(d) + '```'), text);
    assert.match(text, /  \+ c:read/);
    assert.match(text, /  ~ admin: permissions added: c:read/);
  });

  test('says so when there is none', () => {
    const s = snap(['a:read'], [role('admin', ['a:read'])]);
    assert.match(driftReport('workos-catalog.json', 'h', 0, ''), /No drift: the snapshot matches the live catalog/);
    assert.equal(countChanges(diffSnapshots(s, s)), 0);
  });
});
