// Fixes that reach the catalog: adding a permission or role to a catalog file in place (comments,
// order and formatting kept), creating one in WorkOS through the SDK (only after confirmation;
// 409 is "already there"), and `catalog pull --format seed` (read back by our own seed loader).

import { afterEach, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startWorkosServer, type WorkosTestServer } from '../support/workosServer';
import { stateFromSnapshot } from '../support/workosState';
import type { CatalogSnapshot } from '../../server/src/core/catalog';
import { catalogCommand, readCatalogFile } from '../../server/src/catalog';
import { addToCatalogText, nameFromSlug } from '../../server/src/catalog/catalogEdit';

const KEY = 'sk_test_ADDKEYMARKER_5e1';
const FAST = { fetch: { baseDelayMs: 1, maxDelayMs: 5, retryAfterCapMs: 5, maxAttempts: 2 } };

const SEED = `# Seed for local development
permissions:
  # reading comes first
  - slug: posts:read   # the most used one
    name: Read posts
  - slug: posts:write
    name: "Write posts"
    description: Create and edit

roles:
- slug: admin
  name: Admin
  permissions:
    - posts:read
    - posts:write
# end of roles
`;

describe('adding to a catalog file in place', () => {
  test('a permission goes at the end of the list, everything else byte for byte', () => {
    const out = addToCatalogText(SEED, 'workos-seed.yml', { kind: 'permission', slug: 'reports:export', name: 'Reports export' });
    const after = '    description: Create and edit\n';
    assert.equal(out, SEED.replace(after, after + '  - slug: reports:export\n    name: Reports export\n'));
    assert.ok(out.includes('# the most used one') && out.includes('# end of roles') && out.includes('"Write posts"'));
  });

  test('a role in a seed with a dash at column 0, quoted where YAML needs it, and still a valid seed', () => {
    const out = addToCatalogText(SEED, 'workos-seed.yml', { kind: 'role', slug: 'auditor', name: 'Auditor: #1', description: 'Reads: all' });
    assert.ok(out.includes('    - posts:write\n- slug: auditor\n  name: "Auditor: #1"\n  description: "Reads: all"\n  permissions: []\n# end of roles\n'), out);
    const roles = readBack(out, 'workos-seed.yml').environmentRoles;
    assert.deepEqual(roles.map((r) => [r.slug, r.name, r.description]), [['admin', 'Admin', null], ['auditor', 'Auditor: #1', 'Reads: all']]);
  });

  test('the emulator config and a JSON snapshot, keeping their indentation', () => {
    const emulate = 'roles:\n  - slug: admin\n    name: Admin\n    type: EnvironmentRole\n';
    assert.equal(
      addToCatalogText(emulate, 'workos-emulate.config.yaml', { kind: 'permission', slug: 'a:b', name: 'A b' }),
      emulate + 'permissions:\n  - slug: a:b\n    name: A b\n',
    );
    const snap = '{\n    "version": 1,\n    "environmentRoles": [],\n    "permissions": [\n        { "slug": "a:b", "name": "A", "description": null }\n    ],\n    "organizations": []\n}\n';
    const p = addToCatalogText(snap, 'workos-catalog.json', { kind: 'permission', slug: 'c:d', name: 'C d' });
    assert.ok(p.startsWith('{\n    "version": 1,\n    "environmentRoles": [],\n    "permissions": [\n        { "slug": "a:b", "name": "A", "description": null },\n        {\n            "slug": "c:d",'), p);
    const r = addToCatalogText(snap, 'workos-catalog.json', { kind: 'role', slug: 'auditor', name: 'Auditor' });
    assert.deepEqual(readBack(r, 'workos-catalog.json').environmentRoles.map((x) => [x.slug, x.type]), [['auditor', 'EnvironmentRole']]);
  });

  test('a slug already there, or a broken file, is an error and no text', () => {
    assert.throws(() => addToCatalogText(SEED, 'workos-seed.yml', { kind: 'permission', slug: 'posts:read', name: 'x' }), /already has the permission 'posts:read'/);
    assert.throws(() => addToCatalogText('permissions: [\n', 'workos-seed.yml', { kind: 'permission', slug: 'a:b', name: 'x' }), /invalid YAML/);
  });

  test('names from slugs', () => {
    assert.equal(nameFromSlug('reports:export'), 'Reports export');
    assert.equal(nameFromSlug('org-billing_admin'), 'Org billing admin');
  });
});

function readBack(text: string, name: string): CatalogSnapshot {
  const dir = mkdtempSync(join(tmpdir(), 'wa-readback-'));
  try {
    writeFileSync(join(dir, name), text);
    return readCatalogFile(join(dir, name)).catalog.snapshot;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const LIVE: CatalogSnapshot = {
  version: 1,
  environmentRoles: [
    { slug: 'admin', name: 'Admin', description: 'Everything', permissions: ['posts:read', 'posts:write'], type: 'EnvironmentRole' },
    { slug: 'member', name: 'Member', description: null, permissions: ['posts:read'], type: 'EnvironmentRole' },
  ],
  permissions: [
    { slug: 'posts:write', name: 'Write posts', description: 'Create: and edit', resource_type_slug: 'workspace' },
    { slug: 'posts:read', name: 'Read posts', description: null },
  ],
  organizations: [{ id: 'org_01ACME', name: 'Acme', roles: [{ slug: 'org-billing', name: 'Billing', description: null, permissions: [], type: 'OrganizationRole' }] }],
};

describe('workos-authz catalog add / pull --format seed, against the WorkOS-compatible server', () => {
  let server: WorkosTestServer;
  let dir: string;
  let env: NodeJS.ProcessEnv;
  beforeEach(async () => {
    server = await startWorkosServer(stateFromSnapshot(LIVE, { apiKeys: [KEY] }));
    dir = mkdtempSync(join(tmpdir(), 'catalog-add-'));
    env = { WORKOS_API_KEY: KEY, WORKOS_API_HOSTNAME: '127.0.0.1', WORKOS_API_PORT: String(server.port), WORKOS_API_HTTPS: 'false' };
  });
  afterEach(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const run = async (argv: string[], confirm?: (q: string) => Promise<boolean>) => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await catalogCommand(argv, { stdout: (s) => out.push(s), stderr: (s) => err.push(s), cwd: dir, env, confirm }, FAST);
    const all = out.join('') + err.join('');
    assert.ok(!all.includes('ADDKEYMARKER'), `key in output: ${all}`);
    return { code, out: out.join(''), err: err.join('') };
  };
  const posts = () => server.requests.filter((r) => r.method === 'POST');

  test('without a terminal to ask and without --yes, nothing is written to WorkOS', async () => {
    const r = await run(['add', 'permission', 'reports:export', '--name', 'Export reports']);
    assert.equal(r.code, 2);
    assert.match(r.err, /refusing to create permission reports:export \("Export reports"\) in WorkOS at 127\.0\.0\.1:\d+ without confirmation.*--yes/);
    assert.deepEqual(posts(), []);
  });

  test('the question names the host; answering no writes nothing, yes creates it through the SDK', async () => {
    const asked: string[] = [];
    const no = await run(['add', 'permission', 'reports:export', '--name', 'Export reports', '--description', 'CSV'], async (q) => (asked.push(q), false));
    assert.equal(no.code, 1);
    assert.match(asked[0], new RegExp(`^Create permission reports:export \\("Export reports", "CSV"\\) in WorkOS at 127\\.0\\.0\\.1:${server.port}\\? \\[y/N\\] $`));
    assert.deepEqual(posts(), []);
    const yes = await run(['add', 'permission', 'reports:export', '--name', 'Export reports', '--description', 'CSV'], async () => true);
    assert.equal(yes.code, 0, yes.err);
    assert.match(yes.out, /Created permission reports:export/);
    const created = server.state.permissions.find((p) => p.slug === 'reports:export');
    assert.deepEqual([created?.name, created?.description], ['Export reports', 'CSV']);
    assert.deepEqual(posts().map((p) => p.path), ['/authorization/permissions']);
  });

  test('--yes confirms; a second create answers 409 and is reported as already there; roles too', async () => {
    const a = await run(['add', 'role', 'auditor', '--yes']);
    assert.equal(a.code, 0, a.err);
    const role = server.state.environmentRoles.at(-1);
    assert.deepEqual([role?.slug, role?.name, role?.type], ['auditor', 'Auditor', 'EnvironmentRole']);
    const again = await run(['add', 'role', 'auditor', '--yes']);
    assert.equal(again.code, 0, again.err);
    assert.match(again.out, /already has the role auditor; nothing was changed/);
    assert.equal(server.state.environmentRoles.filter((r) => r.slug === 'auditor').length, 1);
  });

  test('a rejected key and a bad slug fail with a message, without the key', async () => {
    env.WORKOS_API_KEY = 'sk_test_ADDKEYMARKER_wrong';
    const r = await run(['add', 'permission', 'a:b', '--yes']);
    assert.equal(r.code, 2);
    assert.match(r.err, /rejected the API key/);
    const bad = await run(['add', 'permission', 'Not A Slug', '--yes']);
    assert.equal(bad.code, 2);
    assert.match(bad.err, /not a WorkOS slug/);
  });

  test('--file adds to the catalog file in place and calls no API', async () => {
    writeFileSync(join(dir, 'workos-seed.yml'), SEED);
    const r = await run(['add', 'permission', 'reports:export', '--file', 'workos-seed.yml']);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /Added permission reports:export \("Reports export"\) to workos-seed\.yml/);
    const text = readFileSync(join(dir, 'workos-seed.yml'), 'utf8');
    assert.ok(text.includes('  - slug: reports:export\n    name: Reports export\n') && text.includes('# the most used one'));
    const dup = await run(['add', 'permission', 'reports:export', '--file', 'workos-seed.yml']);
    assert.equal(dup.code, 2);
    assert.match(dup.err, /already has the permission/);
    assert.equal(server.requests.length, 0);
  });

  test('pull --format seed writes a seed our loader reads back to the same catalog; a re-pull changes nothing', async () => {
    const r = await run(['pull', '--format', 'seed']);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /Wrote workos-seed\.yml from 127\.0\.0\.1:\d+: 2 permissions, 2 environment roles/);
    const text = readFileSync(join(dir, 'workos-seed.yml'), 'utf8');
    assert.ok(!text.includes('perm_') && !text.includes('created_at') && !text.includes('ADDKEYMARKER'));
    const loaded = readCatalogFile(join(dir, 'workos-seed.yml'));
    assert.equal(loaded.kind, 'seed');
    assert.deepEqual(loaded.warnings, []);
    const s = loaded.catalog.snapshot;
    assert.deepEqual(
      s.permissions.map((p) => [p.slug, p.name, p.description, p.resource_type_slug ?? 'organization']),
      [['posts:read', 'Read posts', null, 'organization'], ['posts:write', 'Write posts', 'Create: and edit', 'workspace']],
    );
    assert.deepEqual(s.environmentRoles.map((x) => [x.slug, x.name, x.description, x.permissions]), [
      ['admin', 'Admin', 'Everything', ['posts:read', 'posts:write']],
      ['member', 'Member', null, ['posts:read']],
    ]);
    const again = await run(['pull', '--format', 'seed']);
    assert.match(again.out, /is up to date/);
    assert.equal((await run(['pull', '--format', 'seed', '--out', 'x.json'])).code, 2);
  });
});
