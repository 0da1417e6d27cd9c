import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { Catalog, SNAPSHOT_VERSION, type ApiPermission } from '../../server/src/core/catalog';
import { completionCandidates, completionDocumentation } from '../../server/src/core/completion';

const CATALOG = new Catalog(
  {
    version: SNAPSHOT_VERSION,
    permissions: [
      { slug: 'create:all', name: 'Create anything', description: null },
      { slug: 'doc:edit', name: 'Edit documents', description: null, resource_type_slug: 'document' },
      { slug: 'video:create', name: 'Create videos', description: 'Upload a new video' },
      { slug: 'video:read', name: 'Watch videos', description: null },
      { slug: 'widgets:users-table:manage', name: 'Users table', description: null, system: true },
    ],
    environmentRoles: [
      { slug: 'admin', name: 'Admin', description: 'Does everything', permissions: ['video:create', 'video:read'], type: 'EnvironmentRole' },
      { slug: 'member', name: 'Member', description: null, permissions: ['video:read'], type: 'EnvironmentRole' },
    ],
    organizations: [
      { id: 'org_1', name: 'Acme', roles: [{ slug: 'org-uploader', name: 'Uploader', description: null, permissions: ['video:create'], type: 'OrganizationRole' }] },
      { id: 'org_2', name: 'Globex', roles: [{ slug: 'org-uploader', name: 'Uploader', description: null, permissions: ['video:create'], type: 'OrganizationRole' }] },
    ],
  },
  { kind: 'snapshot' },
);

function slugs(kind: 'permission' | 'role' | 'resource-type', prefix: string, limit?: number): string[] {
  return completionCandidates(CATALOG, kind, prefix, limit).items.map((i) => i.slug);
}

describe('completionCandidates', () => {
  test('permissions only, for a permission slot', () => {
    assert.deepEqual(slugs('permission', ''), ['create:all', 'doc:edit', 'video:create', 'video:read', 'widgets:users-table:manage']);
  });
  test('roles: environment roles in priority order, then organization roles in their catalog form', () => {
    assert.deepEqual(slugs('role', ''), ['admin', 'member', 'org-uploader']);
  });
  test('resource types', () => {
    assert.deepEqual(slugs('resource-type', ''), ['document', 'organization']);
  });
  test('prefix filter', () => {
    assert.deepEqual(slugs('permission', 'video:'), ['video:create', 'video:read']);
    assert.deepEqual(slugs('role', 'org'), ['org-uploader']);
    assert.deepEqual(slugs('permission', 'zzz'), []);
  });
  test('prefix matches come before segment matches', () => {
    assert.deepEqual(slugs('permission', 'create'), ['create:all', 'video:create']);
    const items = completionCandidates(CATALOG, 'permission', 'create', 500).items;
    assert.ok(items[0].sortText < items[1].sortText);
  });
  test('segment match inside a hyphenated segment', () => {
    assert.deepEqual(slugs('permission', 'table'), ['widgets:users-table:manage']);
    assert.deepEqual(slugs('permission', 'users-t'), ['widgets:users-table:manage']);
  });
  test('mid-segment text is not a match', () => {
    assert.deepEqual(slugs('permission', 'reate'), []);
  });
  test('separators are interchangeable in the prefix', () => {
    assert.deepEqual(slugs('role', 'org:up'), ['org-uploader']);
    assert.deepEqual(slugs('permission', 'video_r'), ['video:read']);
  });
  test('long lists in documentation are capped', () => {
    const permissions: ApiPermission[] = [];
    for (let i = 0; i < 30; i++) permissions.push({ slug: `p${i}:read`, name: `P${i}`, description: null });
    const big = new Catalog(
      { version: SNAPSHOT_VERSION, permissions, environmentRoles: [{ slug: 'all', name: 'All', description: null, permissions: permissions.map((p) => p.slug), type: 'EnvironmentRole' }], organizations: [] },
      { kind: 'snapshot' },
    );
    assert.match(completionDocumentation(big, 'role', completionCandidates(big, 'role', '').items[0].slug)!, /and 10 more$/);
  });
  test('case-insensitive prefix', () => {
    assert.deepEqual(slugs('permission', 'Video:R'), ['video:read']);
  });
  test('name as detail; description, resource type and granting roles as documentation', () => {
    const [item] = completionCandidates(CATALOG, 'permission', 'video:c').items;
    assert.equal(item.label, 'video:create');
    assert.equal(item.detail, 'Create videos');
    assert.match(completionDocumentation(CATALOG, 'permission', item.slug)!, /Upload a new video/);
    assert.match(completionDocumentation(CATALOG, 'permission', item.slug)!, /Granted by: `admin`, `org-uploader`/);
    const [doc] = completionCandidates(CATALOG, 'permission', 'doc').items;
    assert.match(completionDocumentation(CATALOG, 'permission', doc.slug)!, /Resource type: `document`/);
    assert.equal(completionDocumentation(CATALOG, 'permission', 'video:gone'), undefined, 'a slug the catalog no longer has');
    const [sys] = completionCandidates(CATALOG, 'permission', 'widgets').items;
    assert.equal(sys.detail, 'Users table (system)');
  });
  test('role detail says environment or which organizations', () => {
    const items = completionCandidates(CATALOG, 'role', '').items;
    assert.equal(items[0].detail, 'Admin — environment role');
    assert.match(completionDocumentation(CATALOG, 'role', items[0].slug)!, /Does everything/);
    assert.match(completionDocumentation(CATALOG, 'role', items[0].slug)!, /`video:create`, `video:read`/);
    assert.equal(items[2].detail, 'Uploader — organization role in Acme, Globex');
  });
  test('sortText keeps the order', () => {
    const items = completionCandidates(CATALOG, 'permission', '').items;
    const sorted = [...items].sort((a, b) => (a.sortText < b.sortText ? -1 : 1));
    assert.deepEqual(sorted.map((i) => i.slug), items.map((i) => i.slug));
  });
  test('capped at the limit, with isIncomplete', () => {
    const capped = completionCandidates(CATALOG, 'permission', '', 2);
    assert.equal(capped.items.length, 2);
    assert.equal(capped.isIncomplete, true);
    const full = completionCandidates(CATALOG, 'permission', '', 5);
    assert.equal(full.items.length, 5);
    assert.equal(full.isIncomplete, false);
  });
  test('default limit is 500', () => {
    const permissions: ApiPermission[] = [];
    for (let i = 0; i < 600; i++) permissions.push({ slug: `p${String(i).padStart(3, '0')}:read`, name: `P${i}`, description: null });
    const big = new Catalog({ version: SNAPSHOT_VERSION, permissions, environmentRoles: [], organizations: [] }, { kind: 'snapshot' });
    const r = completionCandidates(big, 'permission', '');
    assert.equal(r.items.length, 500);
    assert.equal(r.isIncomplete, true);
  });
});
