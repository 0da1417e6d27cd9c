// Finding a slug's entry in a catalog file's text, for go-to-definition: snapshot JSON and seed
// YAML, definitions rather than mentions (a role's permission list only refers to a permission).

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { catalogEntries, findCatalogEntry } from '../../server/src/core/catalogLocations';
import { fixture } from './harness';

const slice = (text: string, r: { start: number; end: number }) => text.slice(r.start, r.end);

describe('catalogLocations', () => {
  test('snapshot JSON: permissions, environment roles and organization roles, each defined once', () => {
    const text = fixture('catalog-a.json');
    const entries = catalogEntries(text);
    assert.deepEqual(
      entries.map((e) => `${e.kind} ${e.slug}`),
      ['role admin', 'role member', 'permission billing:manage', 'permission video:create', 'permission video:delete', 'permission video:read', 'role org-editor'],
    );
    const read = findCatalogEntry(text, 'permission', 'video:read')!;
    assert.equal(slice(text, read.range), 'video:read');
    assert.match(slice(text, read.entryRange), /^\{ "slug": "video:read", "name": "Watch videos"/);
    assert.equal(findCatalogEntry(text, 'role', 'video:read'), undefined);
    assert.equal(slice(text, findCatalogEntry(text, 'role', 'org-editor')!.range), 'org-editor');
  });

  test('seed YAML with plain and quoted slugs', () => {
    const text = `permissions:
  - slug: videos:create
    name: Create
  - slug: "videos:read"
    name: Read
roles:
  - slug: admin
    permissions: [videos:create, videos:read]
`;
    assert.deepEqual(catalogEntries(text).map((e) => `${e.kind} ${e.slug} ${slice(text, e.range)}`), [
      'permission videos:create videos:create',
      'permission videos:read videos:read',
      'role admin admin',
    ]);
  });

  test('entries keyed by slug and top-level slug lists', () => {
    const text = `permissions:
  "a:read": { name: A }
roles:
  - owner
`;
    assert.deepEqual(catalogEntries(text).map((e) => `${e.kind} ${slice(text, e.range)}`), ['permission a:read', 'role owner']);
  });

  test('text that does not parse has no entries instead of throwing', () => {
    assert.deepEqual(catalogEntries('{ "permissions": [ { "slug": '), []);
    assert.deepEqual(catalogEntries(''), []);
  });
});
