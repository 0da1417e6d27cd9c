import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CatalogError,
  catalogFileKind,
  loadCatalogFile,
  parseCatalog,
  parseCatalogText,
  readCatalogFile,
} from '../../server/src/catalog';

function catalogError(fn: () => unknown): CatalogError {
  try {
    fn();
  } catch (e) {
    assert.ok(e instanceof CatalogError, `expected CatalogError, got ${String(e)}`);
    return e;
  }
  assert.fail('expected a CatalogError');
}

const SNAPSHOT = {
  version: 1,
  fetchedAt: '2026-11-23T12:00:00.000Z',
  host: 'api.workos.com',
  environmentRoles: [
    {
      object: 'role',
      id: 'role_1',
      slug: 'admin',
      name: 'Admin',
      description: 'All',
      permissions: ['posts:read', 'posts:write'],
      resource_type_slug: 'organization',
      type: 'EnvironmentRole',
      created_at: '2024-01-01T00:00:00.000Z',
      updated_at: '2024-01-01T00:00:00.000Z',
    },
    { slug: 'member', name: 'Member', description: null, permissions: ['posts:read'], type: 'EnvironmentRole' },
  ],
  permissions: [
    { slug: 'posts:write', name: 'Write posts', description: null, system: false, resource_type_slug: 'organization' },
    { slug: 'posts:read', name: 'Read posts', description: 'Read', system: false },
    { slug: 'doc:view', name: 'View doc', description: null, resource_type_slug: 'document' },
  ],
  organizations: [
    { id: 'org_b', name: 'Beta', roles: [] },
    {
      id: 'org_a',
      name: 'Acme',
      roles: [{ slug: 'org-billing', name: 'Billing', description: null, permissions: ['posts:read'], type: 'OrganizationRole' }],
    },
  ],
};

describe('workos-catalog.json', () => {
  test('reads every field and puts permissions by slug, organizations by id', () => {
    const snap = parseCatalogText(JSON.stringify(SNAPSHOT, null, 2), 'workos-catalog.json');
    assert.equal(snap.version, 1);
    assert.equal(snap.fetchedAt, '2026-11-23T12:00:00.000Z');
    assert.equal(snap.host, 'api.workos.com');
    assert.deepEqual(snap.permissions.map((p) => p.slug), ['doc:view', 'posts:read', 'posts:write']);
    assert.deepEqual(snap.organizations.map((o) => o.id), ['org_a', 'org_b']);
    assert.deepEqual(snap.environmentRoles.map((r) => r.slug), ['admin', 'member'], 'role order is priority: kept');
    assert.deepEqual(snap.environmentRoles[0], SNAPSHOT.environmentRoles[0]);
    assert.equal(snap.permissions[0].resource_type_slug, 'document');
    assert.equal(snap.organizations[0].roles[0].type, 'OrganizationRole');
  });

  test('a UTF-8 byte order mark is accepted', () => {
    const snap = parseCatalogText('\ufeff' + JSON.stringify(SNAPSHOT), 'workos-catalog.json');
    assert.equal(snap.permissions.length, 3);
  });

  test('missing lists are empty; role type defaults by where the role sits', () => {
    const snap = parseCatalogText(
      JSON.stringify({
        version: 1,
        environmentRoles: [{ slug: 'a', name: 'A', permissions: [] }],
        organizations: [{ id: 'o', name: 'O', roles: [{ slug: 'org-x', name: 'X' }] }],
      }),
      'workos-catalog.json',
    );
    assert.deepEqual(snap.permissions, []);
    assert.equal(snap.environmentRoles[0].type, 'EnvironmentRole');
    assert.equal(snap.organizations[0].roles[0].type, 'OrganizationRole');
    assert.deepEqual(snap.organizations[0].roles[0].permissions, []);
  });

  test('syntax error names the line from the parse position', () => {
    const text = '{\n  "version": 1,\n  "permissions": [\n    {"slug": "a", "name": "A"},\n    {"slug": "b" "name": "B"}\n  ]\n}\n';
    const e = catalogError(() => parseCatalogText(text, 'workos-catalog.json'));
    assert.equal(e.file, 'workos-catalog.json');
    assert.equal(e.line, 5);
    assert.match(e.message, /^workos-catalog\.json:5: invalid JSON/);
  });

  test('truncated JSON names the last line', () => {
    const e = catalogError(() => parseCatalogText('{\n  "version": 1,\n  "permissions": [\n', 'workos-catalog.json'));
    assert.equal(e.line, 4);
  });

  test('a trailing comma is a syntax error on its line', () => {
    const e = catalogError(() => parseCatalogText('{\n  "version": 1,\n  "permissions": [],\n}', 'workos-catalog.json'));
    assert.equal(e.line, 4);
  });

  const cases: { name: string; mutate: (s: any) => void; line: number; field: string; message: RegExp }[] = [
    { name: 'wrong version', mutate: (s) => (s.version = 2), line: 2, field: 'version', message: /version must be 1/ },
    { name: 'missing version', mutate: (s) => delete s.version, line: 1, field: 'version', message: /version is required/ },
    { name: 'permissions not a list', mutate: (s) => (s.permissions = { a: 1 }), line: 0, field: 'permissions', message: /permissions must be a list/ },
    { name: 'permission slug not a string', mutate: (s) => (s.permissions[1].slug = 7), line: 0, field: 'permissions[1].slug', message: /must be a string/ },
    { name: 'permission slug empty', mutate: (s) => (s.permissions[0].slug = ''), line: 0, field: 'permissions[0].slug', message: /must not be empty/ },
    { name: 'permission name missing', mutate: (s) => delete s.permissions[2].name, line: 0, field: 'permissions[2].name', message: /is required/ },
    { name: 'permission description a number', mutate: (s) => (s.permissions[0].description = 5), line: 0, field: 'permissions[0].description', message: /string or null/ },
    { name: 'permission system not boolean', mutate: (s) => (s.permissions[0].system = 'no'), line: 0, field: 'permissions[0].system', message: /true or false/ },
    { name: 'permission resource_type_slug not string', mutate: (s) => (s.permissions[0].resource_type_slug = 1), line: 0, field: 'permissions[0].resource_type_slug', message: /must be a string/ },
    { name: 'role permissions not a list', mutate: (s) => (s.environmentRoles[1].permissions = 'posts:read'), line: 0, field: 'environmentRoles[1].permissions', message: /must be a list of slugs/ },
    { name: 'role permission not a string', mutate: (s) => (s.environmentRoles[0].permissions[1] = { slug: 'x' }), line: 0, field: 'environmentRoles[0].permissions[1]', message: /must be a slug/ },
    { name: 'role type unknown', mutate: (s) => (s.environmentRoles[0].type = 'Admin'), line: 0, field: 'environmentRoles[0].type', message: /EnvironmentRole/ },
    { name: 'organization id missing', mutate: (s) => delete s.organizations[0].id, line: 0, field: 'organizations[0].id', message: /is required/ },
    { name: 'organization role not an object', mutate: (s) => (s.organizations[1].roles[0] = 'org-billing'), line: 0, field: 'organizations[1].roles[0]', message: /must be an object/ },
    { name: 'top level an array', mutate: () => undefined, line: 1, field: '', message: /must be a JSON object/ },
  ];
  for (const c of cases) {
    test(`error: ${c.name}`, () => {
      const s = structuredClone(SNAPSHOT) as any;
      c.mutate(s);
      const text = c.name === 'top level an array' ? '[\n]' : JSON.stringify(s, null, 2);
      const e = catalogError(() => parseCatalogText(text, 'workos-catalog.json'));
      assert.equal(e.file, 'workos-catalog.json');
      assert.equal(e.field, c.field || undefined);
      assert.match(e.message, c.message);
      // Every error names a line, and it is the line where the field (or its object) is written.
      assert.ok(e.line && e.line >= 1, `line missing in ${e.message}`);
      const lines = text.split('\n');
      const at = lines[e.line - 1];
      if (c.line) assert.equal(e.line, c.line);
      else {
        const lastKey = c.field.replace(/\[\d+\]$/, '').split('.').pop()!.replace(/\[\d+\]/g, '');
        assert.ok(at.includes(`"${lastKey}"`) || /^\s*[{"]/.test(at), `line ${e.line} (${at}) should hold ${c.field}`);
      }
      assert.ok(e.message.startsWith(`workos-catalog.json:${e.line}: `));
    });
  }

  test('error line points at the exact offending field', () => {
    const s = structuredClone(SNAPSHOT) as any;
    s.permissions[1].system = 'yes';
    const text = JSON.stringify(s, null, 2);
    const e = catalogError(() => parseCatalogText(text, 'workos-catalog.json'));
    assert.match(text.split('\n')[e.line! - 1], /"system": "yes"/);
  });

  test('duplicate permission slug is an error naming both places', () => {
    const s = structuredClone(SNAPSHOT) as any;
    s.permissions[2].slug = 'posts:write';
    const text = JSON.stringify(s, null, 2);
    const e = catalogError(() => parseCatalogText(text, 'workos-catalog.json'));
    assert.equal(e.field, 'permissions[2].slug');
    assert.match(e.message, /duplicates permission 'posts:write' \(first defined at permissions\[0\]\.slug, line \d+\)/);
    assert.match(text.split('\n')[e.line! - 1], /"slug": "posts:write"/);
  });

  test('duplicate environment role, organization id and organization role are errors', () => {
    const a = structuredClone(SNAPSHOT) as any;
    a.environmentRoles[1].slug = 'admin';
    assert.equal(catalogError(() => parseCatalogText(JSON.stringify(a), 'workos-catalog.json')).field, 'environmentRoles[1].slug');
    const b = structuredClone(SNAPSHOT) as any;
    b.organizations[1].id = 'org_b';
    assert.equal(catalogError(() => parseCatalogText(JSON.stringify(b), 'workos-catalog.json')).field, 'organizations[1].id');
    const c = structuredClone(SNAPSHOT) as any;
    c.organizations[1].roles.push({ ...c.organizations[1].roles[0] });
    assert.equal(catalogError(() => parseCatalogText(JSON.stringify(c), 'workos-catalog.json')).field, 'organizations[1].roles[1].slug');
  });

  test('a role naming an unknown permission is a warning, not an error', () => {
    const s = structuredClone(SNAPSHOT) as any;
    s.organizations[1].roles[0].permissions.push('ghost:read');
    const text = JSON.stringify(s, null, 2);
    const parsed = parseCatalog(text, 'workos-catalog.json');
    assert.equal(parsed.warnings.length, 1);
    const m = /^workos-catalog\.json:(\d+): organizations\[1\]\.roles\[0\]\.permissions\[1\]: .*'ghost:read'/.exec(parsed.warnings[0]);
    assert.ok(m, parsed.warnings[0]);
    assert.match(text.split('\n')[Number(m[1]) - 1], /ghost:read/);
    assert.deepEqual(parsed.snapshot.organizations[0].roles[0].permissions, ['posts:read', 'ghost:read']);
  });
});

const SEED = `# WorkOS CLI seed
permissions:
  - slug: posts:read
    name: Read posts
    description: Read any post
  - slug: posts:write
    name: Write posts
  - name: Delete posts
    slug: posts:delete

roles:
  - slug: admin
    name: Admin
    description: Everything
    permissions:
      - posts:read
      - posts:write
      - posts:delete
  - slug: member
    name: Member
    permissions: [posts:read]

organizations:
  - name: Acme
    domains: [acme.com]

config:
  redirect_uris: [http://localhost:3000/callback]
`;

describe('workos-seed.yml', () => {
  test('reads permissions, environment roles and organizations', () => {
    const { snapshot, kind, warnings } = parseCatalog(SEED, 'workos-seed.yml');
    assert.equal(kind, 'seed');
    assert.deepEqual(warnings, []);
    assert.deepEqual(snapshot.permissions.map((p) => p.slug), ['posts:delete', 'posts:read', 'posts:write']);
    assert.deepEqual(snapshot.permissions.find((p) => p.slug === 'posts:read'), {
      slug: 'posts:read',
      name: 'Read posts',
      description: 'Read any post',
    });
    assert.equal(snapshot.permissions.find((p) => p.slug === 'posts:write')!.description, null);
    assert.deepEqual(
      snapshot.environmentRoles.map((r) => [r.slug, r.type, r.permissions]),
      [
        ['admin', 'EnvironmentRole', ['posts:read', 'posts:write', 'posts:delete']],
        ['member', 'EnvironmentRole', ['posts:read']],
      ],
    );
    assert.deepEqual(snapshot.organizations, [{ id: 'Acme', name: 'Acme', roles: [] }]);
    assert.equal(snapshot.fetchedAt, undefined);
  });

  test('.yaml spelling reads the same', () => {
    assert.deepEqual(parseCatalogText(SEED, 'workos-seed.yaml'), parseCatalogText(SEED, 'workos-seed.yml'));
  });

  test('role permissions as a string: file, line and field path', () => {
    const text = SEED.replace('permissions: [posts:read]', 'permissions: posts:read');
    const e = catalogError(() => parseCatalogText(text, 'workos-seed.yml'));
    assert.equal(e.message, 'workos-seed.yml:21: roles[1].permissions must be a list of slugs');
    assert.equal(e.file, 'workos-seed.yml');
    assert.equal(e.line, 21);
    assert.equal(e.field, 'roles[1].permissions');
  });

  test('a number where a permission slug goes points at that list item', () => {
    const text = SEED.replace('      - posts:write\n', '      - 42\n');
    const e = catalogError(() => parseCatalogText(text, 'workos-seed.yml'));
    assert.equal(e.field, 'roles[0].permissions[1]');
    assert.equal(e.line, 17);
    assert.match(e.message, /must be a slug/);
  });

  test('a missing name points at the item', () => {
    const text = SEED.replace('    name: Write posts\n', '');
    const e = catalogError(() => parseCatalogText(text, 'workos-seed.yml'));
    assert.equal(e.field, 'permissions[1].name');
    assert.equal(e.line, 6);
    assert.match(e.message, /permissions\[1\]\.name is required/);
  });

  test('roles as a mapping instead of a list', () => {
    const e = catalogError(() => parseCatalogText('roles:\n  admin:\n    name: Admin\n', 'workos-seed.yml'));
    assert.equal(e.field, 'roles');
    assert.equal(e.line, 2);
    assert.match(e.message, /roles must be a list/);
  });

  test('a list item that is a bare string', () => {
    const e = catalogError(() => parseCatalogText('permissions:\n  - posts:read\n', 'workos-seed.yml'));
    assert.equal(e.field, 'permissions[0]');
    assert.equal(e.line, 2);
  });

  test('duplicate permission slug', () => {
    const text = SEED.replace('slug: posts:delete', 'slug: posts:read');
    const e = catalogError(() => parseCatalogText(text, 'workos-seed.yml'));
    assert.equal(e.field, 'permissions[2].slug');
    assert.equal(e.line, 9);
    assert.match(e.message, /duplicates permission 'posts:read' \(first defined at permissions\[0\]\.slug, line 3\)/);
  });

  test('duplicate role slug', () => {
    const text = SEED.replace('slug: member', 'slug: admin');
    const e = catalogError(() => parseCatalogText(text, 'workos-seed.yml'));
    assert.equal(e.field, 'roles[1].slug');
    assert.equal(e.line, 19);
  });

  test('malformed YAML names the line', () => {
    const text = SEED.replace('permissions: [posts:read]', 'permissions: [posts:read');
    const e = catalogError(() => parseCatalogText(text, 'workos-seed.yml'));
    assert.match(e.message, /^workos-seed\.yml:\d+: invalid YAML/);
    assert.ok(e.line! >= 21, `line ${e.line}`);
  });

  test('duplicate mapping keys are a YAML error', () => {
    const e = catalogError(() => parseCatalogText('permissions: []\nroles: []\npermissions: []\n', 'workos-seed.yml'));
    assert.equal(e.line, 3);
  });

  test('empty file and a top-level list are errors', () => {
    assert.match(catalogError(() => parseCatalogText('# nothing\n', 'workos-seed.yml')).message, /is empty/);
    const e = catalogError(() => parseCatalogText('- a\n- b\n', 'workos-seed.yml'));
    assert.equal(e.line, 1);
    assert.match(e.message, /must be a mapping/);
  });

  test('unknown permission in a role is a warning with its line', () => {
    const text = SEED.replace('permissions: [posts:read]', 'permissions: [posts:read, posts:publish]');
    const { snapshot, warnings } = parseCatalog(text, 'workos-seed.yml');
    assert.deepEqual(warnings, [
      "workos-seed.yml:21: roles[1].permissions[1]: role 'member' names permission 'posts:publish', which this file does not define",
    ]);
    assert.deepEqual(snapshot.environmentRoles[1].permissions, ['posts:read', 'posts:publish']);
  });

  test('a YAML number where a slug is expected', () => {
    const e = catalogError(() => parseCatalogText('permissions:\n  - slug: 100\n    name: N\n', 'workos-seed.yml'));
    assert.equal(e.field, 'permissions[0].slug');
    assert.equal(e.line, 2);
    assert.match(e.message, /must be a string/);
  });
});

const EMULATE = `organizations:
  - id: org_acme
    name: Acme
  - name: Globex
users:
  - email: a@acme.test
permissions:
  - slug: doc:read
    name: Read docs
    resource_type_slug: document
  - slug: doc:write
    name: Write docs
roles:
  - slug: member
    name: Member
    permissions: [doc:read]
  - slug: org-editor
    name: Editor
    type: OrganizationRole
    organization_id: org_acme
    permissions: [doc:read, doc:write]
    resource_type_slug: document
  - slug: org-viewer
    name: Viewer
    organization_id: Globex
    permissions: [doc:read]
  - slug: admin
    name: Admin
    type: EnvironmentRole
    permissions: [doc:read, doc:write]
`;

describe('workos-emulate.config.yaml', () => {
  test('groups organization roles into their organizations', () => {
    const { snapshot, kind, warnings } = parseCatalog(EMULATE, 'workos-emulate.config.yaml');
    assert.equal(kind, 'emulate');
    assert.deepEqual(warnings, []);
    assert.deepEqual(snapshot.environmentRoles.map((r) => r.slug), ['member', 'admin']);
    assert.deepEqual(
      snapshot.organizations.map((o) => [o.id, o.name, o.roles.map((r) => [r.slug, r.type])]),
      [
        ['Globex', 'Globex', [['org-viewer', 'OrganizationRole']]],
        ['org_acme', 'Acme', [['org-editor', 'OrganizationRole']]],
      ],
    );
    assert.equal(snapshot.organizations[1].roles[0].resource_type_slug, 'document');
    assert.equal(snapshot.permissions[0].resource_type_slug, 'document');
  });

  test('loads into a Catalog with organization roles', () => {
    const dir = mkdtempSync(join(tmpdir(), 'catalog-emulate-'));
    try {
      const path = join(dir, 'workos-emulate.config.yaml');
      writeFileSync(path, EMULATE);
      const catalog = loadCatalogFile(path);
      assert.deepEqual(catalog.source, { kind: 'emulate', path });
      assert.ok(catalog.organizationRoles.has('org-editor'));
      assert.ok(catalog.environmentRoles.has('admin'));
      assert.ok(catalog.has('resource-type', 'document'));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('organization role without organization_id is an error', () => {
    const text = EMULATE.replace('    organization_id: org_acme\n', '');
    const e = catalogError(() => parseCatalogText(text, 'workos-emulate.config.yaml'));
    assert.equal(e.field, 'roles[1].organization_id');
    assert.equal(e.line, 17);
    assert.match(e.message, /required for a role of type OrganizationRole/);
  });

  test('environment role with organization_id is an error', () => {
    const text = EMULATE.replace('    type: EnvironmentRole\n', '    type: EnvironmentRole\n    organization_id: org_acme\n');
    const e = catalogError(() => parseCatalogText(text, 'workos-emulate.config.yaml'));
    assert.equal(e.field, 'roles[3].organization_id');
    assert.equal(e.line, 30);
  });

  test('unknown role type is an error', () => {
    const e = catalogError(() => parseCatalogText(EMULATE.replace('type: OrganizationRole', 'type: OrgRole'), 'workos-emulate.config.yaml'));
    assert.equal(e.field, 'roles[1].type');
    assert.equal(e.line, 19);
  });

  test('an organization_id no organization lists is a warning and gets its own organization', () => {
    const { snapshot, warnings } = parseCatalog(EMULATE.replace('organization_id: Globex', 'organization_id: org_other'), 'workos-emulate.config.yaml');
    assert.equal(warnings.length, 1);
    assert.match(warnings[0], /^workos-emulate\.config\.yaml:25: roles\[2\]\.organization_id: organization 'org_other'/);
    assert.deepEqual(snapshot.organizations.map((o) => o.id), ['Globex', 'org_acme', 'org_other']);
  });

  test('same organization role slug twice in one organization is an error; in two organizations it is fine', () => {
    const twice = EMULATE.replace('slug: org-viewer', 'slug: org-editor').replace('organization_id: Globex', 'organization_id: org_acme');
    const e = catalogError(() => parseCatalogText(twice, 'workos-emulate.config.yaml'));
    assert.equal(e.field, 'roles[2].slug');
    const ok = parseCatalogText(EMULATE.replace('slug: org-viewer', 'slug: org-editor'), 'workos-emulate.config.yaml');
    assert.equal(ok.organizations.length, 2);
  });
});

describe('files on disk', () => {
  test('kind from the file name', () => {
    assert.equal(catalogFileKind('/x/workos-catalog.json'), 'snapshot');
    assert.equal(catalogFileKind('custom.json'), 'snapshot');
    assert.equal(catalogFileKind('/x/workos-seed.yml'), 'seed');
    assert.equal(catalogFileKind('/x/workos-emulate.config.yaml'), 'emulate');
  });

  test('readCatalogFile returns the catalog and warnings; a missing file is a CatalogError', () => {
    const dir = mkdtempSync(join(tmpdir(), 'catalog-files-'));
    try {
      const path = join(dir, 'workos-seed.yml');
      writeFileSync(path, SEED.replace('[posts:read]', '[posts:read, nope:nope]'));
      const loaded = readCatalogFile(path);
      assert.equal(loaded.kind, 'seed');
      assert.equal(loaded.catalog.source.kind, 'seed');
      assert.equal(loaded.catalog.counts.permissions, 3);
      assert.equal(loaded.warnings.length, 1);
      assert.ok(loaded.warnings[0].startsWith(`${path}:21: `));
      const e = catalogError(() => loadCatalogFile(join(dir, 'workos-catalog.json')));
      assert.match(e.message, /workos-catalog\.json: file not found$/);
      assert.match(catalogError(() => loadCatalogFile(dir)).message, /is a directory/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('a snapshot file carries its host and fetchedAt into the source', () => {
    const dir = mkdtempSync(join(tmpdir(), 'catalog-files-'));
    try {
      const path = join(dir, 'workos-catalog.json');
      writeFileSync(path, JSON.stringify(SNAPSHOT));
      const c = loadCatalogFile(path);
      assert.deepEqual(c.source, { kind: 'snapshot', path, host: 'api.workos.com', fetchedAt: '2026-11-23T12:00:00.000Z' });
      assert.ok(c.permissions.has('doc:view'));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
