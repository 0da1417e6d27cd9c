import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CatalogSnapshot } from '../../server/src/core/catalog';
import { parseCatalogText, sortSnapshot, stringifySnapshot, writeFileAtomic, writeSnapshotFile } from '../../server/src/catalog';

const SNAP: CatalogSnapshot = {
  version: 1,
  fetchedAt: '2026-11-23T12:00:00.000Z',
  host: 'api.workos.com',
  environmentRoles: [
    { type: 'EnvironmentRole', permissions: ['b:read', 'a:read'], description: null, name: 'Member', slug: 'member', object: 'role' },
    { slug: 'admin', name: 'Admin', description: 'x', permissions: ['a:read'], type: 'EnvironmentRole' },
  ],
  permissions: [
    { updated_at: 't2', created_at: 't1', slug: 'b:read', name: 'B', description: null, system: false, object: 'permission', id: 'perm_b' },
    { slug: 'a:read', name: 'A', description: 'a', resource_type_slug: 'document' },
  ],
  organizations: [
    { id: 'org_2', name: 'Two', roles: [] },
    { id: 'org_1', name: 'One', roles: [{ slug: 'org-x', name: 'X', description: null, permissions: ['a:read'], type: 'OrganizationRole' }] },
  ],
};

describe('sortSnapshot', () => {
  const perm = (slug: string) => ({ slug, name: slug, description: null });
  test('lists already in order are kept as they are; one out of order, even at the end, is sorted into a copy', () => {
    const inOrder: CatalogSnapshot = { version: 1, environmentRoles: [], permissions: ['a:read', 'b:read', 'b:read2'].map(perm), organizations: [{ id: 'org_1', name: 'One', roles: [] }] };
    const sorted = sortSnapshot(inOrder);
    assert.equal(sorted.permissions, inOrder.permissions, 'a snapshot as written (in order) is not copied');
    assert.equal(sorted.organizations, inOrder.organizations);
    const lastOut: CatalogSnapshot = { ...inOrder, permissions: ['a:read', 'c:read', 'b:read'].map(perm) };
    const resorted = sortSnapshot(lastOut);
    assert.deepEqual(resorted.permissions.map((p) => p.slug), ['a:read', 'b:read', 'c:read']);
    assert.deepEqual(lastOut.permissions.map((p) => p.slug), ['a:read', 'c:read', 'b:read'], 'the input is left alone');
  });
});

describe('stringifySnapshot', () => {
  test('canonical: fixed key order, permissions by slug, organizations by id, role order kept, 2 spaces, final newline', () => {
    const text = stringifySnapshot(SNAP);
    assert.ok(text.endsWith('}\n'));
    const parsed = JSON.parse(text);
    assert.deepEqual(Object.keys(parsed), ['version', 'fetchedAt', 'host', 'environmentRoles', 'permissions', 'organizations']);
    assert.deepEqual(parsed.permissions.map((p: { slug: string }) => p.slug), ['a:read', 'b:read']);
    assert.deepEqual(Object.keys(parsed.permissions[1]), ['object', 'id', 'slug', 'name', 'description', 'system', 'created_at', 'updated_at']);
    assert.deepEqual(Object.keys(parsed.environmentRoles[0]), ['object', 'slug', 'name', 'description', 'permissions', 'type']);
    assert.deepEqual(parsed.environmentRoles.map((r: { slug: string }) => r.slug), ['member', 'admin']);
    assert.deepEqual(parsed.environmentRoles[0].permissions, ['b:read', 'a:read'], 'a role lists its permissions as the API does');
    assert.deepEqual(parsed.organizations.map((o: { id: string }) => o.id), ['org_1', 'org_2']);
    assert.match(text, /^\{\n {2}"version": 1,\n/);
  });

  test('the same catalog in any order gives the same bytes, and reads back equal', () => {
    const shuffled: CatalogSnapshot = { ...SNAP, permissions: [...SNAP.permissions].reverse(), organizations: [...SNAP.organizations].reverse() };
    assert.equal(stringifySnapshot(shuffled), stringifySnapshot(SNAP));
    const back = parseCatalogText(stringifySnapshot(SNAP), 'workos-catalog.json');
    assert.equal(stringifySnapshot(back), stringifySnapshot(SNAP));
  });

  test('unknown fields are not written', () => {
    const extra = structuredClone(SNAP) as any;
    extra.permissions[0].secret = 'x';
    extra.apiKey = 'sk_test_nope';
    const text = stringifySnapshot(extra);
    assert.ok(!text.includes('secret') && !text.includes('sk_test_nope'));
  });
});

describe('atomic writes', () => {
  test('writes the file and leaves no temporary file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'catalog-write-'));
    try {
      const path = join(dir, 'workos-catalog.json');
      writeSnapshotFile(path, SNAP);
      assert.equal(readFileSync(path, 'utf8'), stringifySnapshot(SNAP));
      writeFileAtomic(path, 'second');
      assert.equal(readFileSync(path, 'utf8'), 'second');
      assert.deepEqual(readdirSync(dir), ['workos-catalog.json']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('a write that cannot complete leaves the old file whole and no temporary file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'catalog-write-'));
    try {
      // The rename onto a non-empty directory fails after the temporary file is fully written.
      const target = join(dir, 'workos-catalog.json');
      mkdirSync(target);
      writeFileSync(join(target, 'keep'), 'old');
      assert.throws(() => writeSnapshotFile(target, SNAP));
      assert.deepEqual(readdirSync(dir), ['workos-catalog.json']);
      assert.equal(readFileSync(join(target, 'keep'), 'utf8'), 'old');
      assert.throws(() => writeSnapshotFile(join(dir, 'missing', 'x.json'), SNAP));
      assert.deepEqual(readdirSync(dir), ['workos-catalog.json']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
