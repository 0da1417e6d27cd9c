import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { Catalog, SNAPSHOT_VERSION } from '../../server/src/core/catalog';
import { hoverMarkdown } from '../../server/src/core/hover';
import { checkOccurrences } from '../../server/src/core/rules';
import type { Occurrence, SlugKind } from '../../server/src/core/types';

const CATALOG = new Catalog(
  {
    version: SNAPSHOT_VERSION,
    permissions: [
      { slug: 'doc:edit', name: 'Edit documents', description: 'Change a document', resource_type_slug: 'document' },
      { slug: 'report:export', name: 'Export reports', description: null, resource_type_slug: 'organization' },
      { slug: 'video:create', name: 'Create videos', description: 'Upload a new video', resource_type_slug: 'organization' },
      { slug: 'video:read', name: 'Watch videos', description: null, resource_type_slug: 'organization' },
      { slug: 'widgets:sso:manage', name: 'Manage SSO', description: null, system: true, resource_type_slug: 'organization' },
    ],
    environmentRoles: [
      { slug: 'admin', name: 'Admin', description: 'Does everything', permissions: ['video:create', 'video:read'], type: 'EnvironmentRole', resource_type_slug: 'organization' },
      { slug: 'member', name: 'Member', description: null, permissions: ['video:read'], type: 'EnvironmentRole', resource_type_slug: 'organization' },
      { slug: 'doc-editor', name: 'Document editor', description: null, permissions: ['doc:edit'], type: 'EnvironmentRole', resource_type_slug: 'document' },
    ],
    organizations: [
      { id: 'org_1', name: 'Acme', roles: [{ slug: 'org-uploader', name: 'Uploader', description: 'Uploads', permissions: ['video:create'], type: 'OrganizationRole' }] },
      { id: 'org_2', name: 'Globex', roles: [{ slug: 'org-uploader', name: 'Uploader', description: 'Uploads', permissions: ['video:create'], type: 'OrganizationRole' }] },
    ],
  },
  { kind: 'snapshot' },
);

function occ(kind: SlugKind, slug: string, extra: Partial<Occurrence> = {}): Occurrence {
  return { kind, slug, range: { start: 0, end: slug.length }, via: 'literal', place: 'test()', session: false, evidence: 'helper', ...extra };
}

/** `null` stands for "no catalog loaded". */
function hover(o: Occurrence, catalog: Catalog | null = CATALOG): string {
  return hoverMarkdown(catalog ?? undefined, o, checkOccurrences([o], [], catalog ?? undefined));
}

describe('hover: permission', () => {
  test('name, description, resource type, granting roles with organizations, session token', () => {
    const md = hover(occ('permission', 'video:create'));
    assert.match(md, /\*\*Permission\*\* `video:create` — Create videos/);
    assert.match(md, /Upload a new video/);
    assert.match(md, /Resource type: `organization`/);
    assert.match(md, /Environment roles: `admin`/);
    assert.match(md, /Organization roles: `org-uploader` \(Acme, Globex\)/);
    assert.match(md, /In the session token: yes/);
    assert.doesNotMatch(md, /System permission/);
  });
  test('system flag', () => {
    assert.match(hover(occ('permission', 'widgets:sso:manage')), /System permission/);
  });
  test('granted only by resource-scoped roles: not in the session token', () => {
    const md = hover(occ('permission', 'doc:edit'));
    assert.match(md, /`doc-editor` on `document`/);
    assert.match(md, /In the session token: no — only resource-scoped roles/);
  });
  test('granted by no role', () => {
    const md = hover(occ('permission', 'report:export'));
    assert.match(md, /Granted by: no role/);
    assert.match(md, /In the session token: no — no role grants it/);
  });
  test('a session check of it lists the finding', () => {
    const md = hover(occ('permission', 'doc:edit', { session: true }));
    assert.match(md, /\*\*session-token-scope\*\* \(warning\)/);
  });
});

describe('hover: role', () => {
  test('environment role: name, description, type, resource type, priority, permissions', () => {
    const md = hover(occ('role', 'member'));
    assert.match(md, /\*\*Role\*\* `member` — Member/);
    assert.match(md, /Type: environment role/);
    assert.match(md, /Resource type: `organization`/);
    assert.match(md, /Priority: 2/);
    assert.match(md, /Permissions \(1\): `video:read`/);
  });
  test('organization role names its organizations', () => {
    const md = hover(occ('role', 'org-uploader'));
    assert.match(md, /Type: organization role \(Acme, Globex\)/);
    assert.match(md, /Uploads/);
    assert.match(md, /Priority: 1 \(1 is highest, within its organization\)/);
  });
  test('resource-scoped role', () => {
    assert.match(hover(occ('role', 'doc-editor')), /Resource type: `document`/);
  });
});

describe('hover: resource type', () => {
  test('lists the permissions and roles that use it', () => {
    const md = hover(occ('resource-type', 'document'));
    assert.match(md, /\*\*Resource type\*\* `document`/);
    assert.match(md, /Permissions \(1\): `doc:edit`/);
    assert.match(md, /Roles \(1\): `doc-editor`/);
  });
});

describe('hover: unknown and mismatched slugs', () => {
  test('unknown: the findings say why, and the nearest slugs are listed', () => {
    const md = hover(occ('permission', 'videos:create'));
    assert.match(md, /\*\*Unknown permission\*\* `videos:create`/);
    assert.match(md, /\*\*unknown-permission\*\* \(error\): Unknown permission `videos:create`/);
    assert.match(md, /Nearest: `video:create`/);
  });
  test('unknown without findings passed in still lists nearest slugs', () => {
    const md = hoverMarkdown(CATALOG, occ('role', 'admn'), []);
    assert.match(md, /Nearest: `admin`/);
  });
  test('nothing near', () => {
    assert.match(hover(occ('permission', 'kernel:eval')), /No permission in the catalog comes close/);
  });
  test('findings for other occurrences are not shown', () => {
    const other = occ('permission', 'nope:nope', { range: { start: 50, end: 59 } });
    const o = occ('permission', 'video:read');
    const md = hoverMarkdown(CATALOG, o, checkOccurrences([other], [], CATALOG));
    assert.doesNotMatch(md, /nope:nope/);
  });
  test('a role where a permission is expected shows the role', () => {
    const md = hover(occ('permission', 'admin'));
    assert.match(md, /\*\*`admin` is a role, not a permission\*\*/);
    assert.match(md, /\*\*Role\*\* `admin` — Admin/);
    assert.match(md, /kind-mismatch/);
    assert.doesNotMatch(md, /Nearest/);
  });
  test('no catalog loaded', () => {
    assert.match(hover(occ('permission', 'video:create'), null), /No WorkOS catalog is loaded/);
  });
});

describe('hover: templates and constants', () => {
  test('template lists matching slugs', () => {
    const md = hover(occ('permission', 'video:*', { via: 'template', templateParts: ['video:', ''] }));
    assert.match(md, /\*\*Permission pattern\*\* `video:\*`/);
    assert.match(md, /Matches 2 catalog permissions: `video:create`, `video:read`/);
  });
  test('template without a match', () => {
    const md = hover(occ('permission', '*:fly', { via: 'template', templateParts: ['', ':fly'] }));
    assert.match(md, /No catalog permission matches this pattern/);
  });
  test('constant: via NAME', () => {
    const md = hover(occ('role', 'admin', { via: 'constant', definition: { uri: 'file:///r.ts', range: { start: 0, end: 5 }, name: 'ROLES.ADMIN' } }));
    assert.match(md, /\*\*Role\*\* `admin`/);
    assert.match(md, /via `ROLES\.ADMIN`/);
  });
});
