import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Catalog, type CatalogSnapshot } from '../../server/src/core/catalog';
import { EVIDENCE_RANK, type Evidence, type Occurrence } from '../../server/src/core/types';
import { strongestOnce, WorkspaceIndex } from '../../server/src/core/workspaceIndex';

const snapshot: CatalogSnapshot = {
  version: 1,
  environmentRoles: [
    { slug: 'admin', name: 'Admin', description: null, permissions: ['video:create', 'video:view'], type: 'EnvironmentRole', resource_type_slug: 'organization' },
    { slug: 'member', name: 'Member', description: null, permissions: ['video:view'], type: 'EnvironmentRole', resource_type_slug: 'organization' },
  ],
  permissions: [
    { slug: 'video:create', name: 'Create', description: null, resource_type_slug: 'organization' },
    { slug: 'video:view', name: 'View', description: null, resource_type_slug: 'organization' },
  ],
  organizations: [],
};
const catalog = new Catalog(snapshot, { kind: 'snapshot' });

const ROLES_FILE = 'file:///ws/src/roles.ts';
const PAGE_FILE = 'file:///ws/src/app/page.tsx';

function rulesAt(index: WorkspaceIndex, uri: string): string[] {
  return index.findings(uri, catalog).map((f) => `${f.rule} ${f.slug}`);
}

describe('WorkspaceIndex', () => {
  test('a constant use resolves through a relative import and reports at use and definition', () => {
    const index = new WorkspaceIndex();
    index.setFile(ROLES_FILE, `export const ROLES = { ADMIN: 'admn', MEMBER: 'member' } as const;`);
    index.setFile(PAGE_FILE, `import { ROLES } from '../roles';\nif (hasRole(ROLES.ADMIN)) {}`);
    const use = index.findings(PAGE_FILE, catalog);
    assert.deepEqual(use.map((f) => `${f.rule} ${f.slug}`), ['unknown-role admn']);
    assert.equal(use[0].fixes.length, 0, 'no fix at the use: the literal is elsewhere');
    const text = `import { ROLES } from '../roles';\nif (hasRole(ROLES.ADMIN)) {}`;
    assert.equal(text.slice(use[0].range.start, use[0].range.end), 'ROLES.ADMIN');
    const def = index.findings(ROLES_FILE, catalog);
    assert.deepEqual(def.map((f) => `${f.rule} ${f.slug}`), ['unknown-role admn']);
    assert.ok(def[0].fixes.some((x) => x.newText === 'admin'), 'the definition gets the fix');
    assert.equal(index.constantDefinitionAt(PAGE_FILE, use[0].range.start + 2)?.uri, ROLES_FILE);
  });

  test('a neutrally named constant is reported at its definition with the kind of its use', () => {
    const index = new WorkspaceIndex();
    index.setFile('file:///ws/k.ts', `export const K = { UPLOAD: 'video:craete' };`);
    index.setFile('file:///ws/u.ts', `import { K } from './k';\npermissions.includes(K.UPLOAD);`);
    assert.deepEqual(rulesAt(index, 'file:///ws/k.ts'), ['unknown-permission video:craete']);
    assert.deepEqual(rulesAt(index, 'file:///ws/u.ts'), ['unknown-permission video:craete']);
  });

  test('changing a definition updates the findings at its uses in other files', () => {
    const index = new WorkspaceIndex();
    index.setFile(ROLES_FILE, `export const ROLES = { ADMIN: 'admn' };`);
    index.setFile(PAGE_FILE, `import { ROLES } from '../roles';\nhasRole(ROLES.ADMIN);`);
    assert.deepEqual(rulesAt(index, PAGE_FILE), ['unknown-role admn']);
    const affected = index.setFile(ROLES_FILE, `export const ROLES = { ADMIN: 'admin' };`);
    assert.ok(affected.includes(PAGE_FILE), 'the using file is reported as affected');
    assert.deepEqual(rulesAt(index, PAGE_FILE), []);
    index.removeFile(ROLES_FILE);
    assert.deepEqual(rulesAt(index, PAGE_FILE), [], 'an unresolvable constant is not a finding');
  });

  test('changing a use updates the definition-site findings', () => {
    const index = new WorkspaceIndex();
    index.setFile('file:///ws/k.ts', `export const K = { A: 'nope:x' };`);
    index.setFile('file:///ws/u.ts', `import { K } from './k';\nhasPermission(K.A);`);
    assert.deepEqual(rulesAt(index, 'file:///ws/k.ts'), ['unknown-permission nope:x']);
    const affected = index.setFile('file:///ws/u.ts', `export {};`);
    assert.ok(affected.includes('file:///ws/k.ts'));
    assert.deepEqual(rulesAt(index, 'file:///ws/k.ts'), []);
  });

  test('path aliases fall back to the one file defining the name; namespace imports and local constants resolve', () => {
    const index = new WorkspaceIndex();
    index.setFile('file:///ws/lib/perms.ts', `export const PERM = { UPLOAD: 'video:create', BAD: 'video:nope' };`);
    index.setFile('file:///ws/a.ts', `import { PERM } from '@/lib/perms';\nhasPermission(PERM.BAD);`);
    index.setFile('file:///ws/b.ts', `import * as p from './lib/perms';\nhasPermission(p.PERM.BAD);`);
    index.setFile('file:///ws/c.ts', `const LOCAL = 'video:gone';\nhasPermission(LOCAL);`);
    assert.deepEqual(rulesAt(index, 'file:///ws/a.ts'), ['unknown-permission video:nope']);
    assert.deepEqual(rulesAt(index, 'file:///ws/b.ts'), ['unknown-permission video:nope']);
    // A local constant: once at the use, once at its literal.
    const local = index.findings('file:///ws/c.ts', catalog);
    assert.deepEqual(local.map((f) => `${f.rule} ${f.occurrence?.via}`).sort(), ['unknown-permission constant', 'unknown-permission literal']);
  });

  test('one file using many constants through several imports resolves each to its own definition', () => {
    const index = new WorkspaceIndex();
    index.setFile('file:///ws/lib/perms.ts', `export const PERM = { A: 'video:create', BAD: 'video:nope' };\nexport const MORE = { B: 'video:gone' };`);
    index.setFile('file:///ws/lib/roles.ts', `export const ROLE = { A: 'admin', BAD: 'ownr' };`);
    index.setFile('file:///ws/lib/index.ts', `export { ROLE as R } from './roles';`);
    const uri = 'file:///ws/u.ts';
    index.setFile(
      uri,
      [
        `import * as p from './lib/perms';`,
        `import { R as X } from './lib';`,
        `import { PERM as Q } from '@/lib/perms';`,
        `import { NONE } from './lib/perms';`,
        `hasPermission(p.PERM.A); hasPermission(p.PERM.BAD); hasPermission(p.MORE.B);`,
        `hasRole(X.A); hasRole(X.BAD);`,
        `hasPermission(Q.BAD); hasPermission(Q.A);`,
        `hasPermission(NONE.A);`,
      ].join('\n'),
    );
    // Each use finds its own definition, whichever binding was followed before it in the file.
    const defs = index.occurrences(uri).filter((o) => o.definition).map((o) => `${o.definition!.uri.slice(11)} ${o.definition!.name}=${o.slug}`);
    assert.deepEqual(defs, [
      'lib/perms.ts PERM.A=video:create',
      'lib/perms.ts PERM.BAD=video:nope',
      'lib/perms.ts MORE.B=video:gone',
      'lib/roles.ts ROLE.A=admin',
      'lib/roles.ts ROLE.BAD=ownr',
      'lib/perms.ts PERM.BAD=video:nope',
      'lib/perms.ts PERM.A=video:create',
    ]);
    assert.deepEqual(rulesAt(index, uri), ['unknown-permission video:nope', 'unknown-permission video:gone', 'unknown-role ownr', 'unknown-permission video:nope']);
  });

  test('arrays of constants expand to each value', () => {
    const index = new WorkspaceIndex();
    index.setFile('file:///ws/r.ts', `export const STAFF = ['admin', 'ownr'] as const;`);
    index.setFile('file:///ws/u.ts', `import { STAFF } from './r';\nhasAnyRole(STAFF);`);
    assert.deepEqual(rulesAt(index, 'file:///ws/u.ts'), ['unknown-role ownr']);
  });

  test('ignore directives drop the named rule on the next line only', () => {
    const index = new WorkspaceIndex();
    const uri = 'file:///ws/i.ts';
    index.setFile(uri, [`// workos-authz-ignore-next-line unknown-role`, `hasRole('x1');`, `hasRole('x2');`, `// workos-authz-ignore-next-line kind-mismatch`, `hasRole('x3');`, `// workos-authz-ignore-next-line`, `hasRole('x4');`].join('\n'));
    assert.deepEqual(rulesAt(index, uri), ['unknown-role x2', 'unknown-role x3']);
  });

  test('usages span files, literals and constants; referencedSlugs feeds `unused`', () => {
    const index = new WorkspaceIndex();
    index.setFile('file:///ws/r.ts', `export const R = { A: 'admin' };`);
    index.setFile('file:///ws/u.ts', `import { R } from './r';\nhasRole(R.A); if (role === 'admin') {}`);
    const uses = index.usages('role', 'admin').map((u) => `${u.uri.slice(7)} ${u.occurrence.via}`).sort();
    assert.deepEqual(uses, ['/ws/u.ts constant', '/ws/u.ts literal']);
    assert.ok(index.referencedSlugs('role').has('admin'));
    assert.ok(!index.referencedSlugs('role').has('member'));
  });

  test('occurrences read before a using file arrives, changes or leaves follow it (the per-file cache is dropped)', () => {
    const index = new WorkspaceIndex();
    index.setFile('file:///ws/k.ts', `export const K = { UPLOAD: 'video:craete' };`);
    const before = index.occurrences('file:///ws/k.ts');
    assert.deepEqual(before, [], 'a neutral constant is nothing until something uses it');
    assert.equal(index.occurrences('file:///ws/k.ts'), before, 'read again unchanged: the same list');
    index.setFile('file:///ws/u.ts', `import { K } from './k';\npermissions.includes(K.UPLOAD);`);
    const used = index.occurrences('file:///ws/k.ts');
    assert.deepEqual(used.map((o) => `${o.kind} ${o.slug}`), ['permission video:craete']);
    assert.deepEqual(rulesAt(index, 'file:///ws/k.ts'), ['unknown-permission video:craete']);
    index.setFile('file:///ws/u.ts', `import { K } from './k';\nhasRole(K.UPLOAD);`);
    assert.deepEqual(index.occurrences('file:///ws/k.ts').map((o) => `${o.kind} ${o.slug}`), ['role video:craete']);
    index.removeFile('file:///ws/u.ts');
    assert.deepEqual(index.occurrences('file:///ws/k.ts'), []);
    assert.deepEqual(rulesAt(index, 'file:///ws/k.ts'), []);
  });

  test('resolving in slices (resolvePending) ends where resolving at once does', () => {
    const build = () => {
      const index = new WorkspaceIndex();
      for (let i = 0; i < 40; i++) {
        index.setFile(`file:///ws/use${i}.ts`, `import { K${i % 5} } from './k${i % 5}';\n${i % 2 ? 'hasRole' : 'hasPermission'}(K${i % 5}.X);`);
      }
      for (let k = 0; k < 5; k++) index.setFile(`file:///ws/k${k}.ts`, `export const K${k} = { X: '${k % 2 ? 'admn' : 'video:craete'}' };`);
      return index;
    };
    const sliced = build();
    let slices = 0;
    while (sliced.resolvePending(-1)) slices++;
    assert.ok(slices >= 2, `a deadline already passed still resolves a few files per call (${slices} calls)`);
    assert.equal(sliced.resolvePending(-1), false, 'nothing left');
    const atOnce = build();
    for (const uri of atOnce.uris()) {
      assert.deepEqual(sliced.occurrences(uri), atOnce.occurrences(uri), uri);
      assert.deepEqual(rulesAt(sliced, uri), rulesAt(atOnce, uri), uri);
    }
    assert.deepEqual(rulesAt(sliced, 'file:///ws/k1.ts').sort(), ['unknown-permission admn', 'unknown-role admn'], 'used as both kinds');
  });

  test('findings are cached per catalog and recomputed for another catalog', () => {
    const index = new WorkspaceIndex();
    index.setFile('file:///ws/a.ts', `hasRole('owner');`);
    assert.deepEqual(rulesAt(index, 'file:///ws/a.ts'), ['unknown-role owner']);
    const withOwner = new Catalog({ ...snapshot, environmentRoles: [...snapshot.environmentRoles, { slug: 'owner', name: 'Owner', description: null, permissions: [], type: 'EnvironmentRole' }] }, { kind: 'snapshot' });
    assert.deepEqual(index.findings('file:///ws/a.ts', withOwner), []);
    assert.equal(index.findings('file:///ws/a.ts', undefined).length, 0, 'no catalog: no unknown-slug findings');
  });

  test('positions convert both ways', () => {
    const index = new WorkspaceIndex();
    index.setFile('file:///ws/p.ts', `a\r\nbc\nd`);
    assert.deepEqual(index.positionAt('file:///ws/p.ts', 4), { line: 1, character: 1 });
    assert.equal(index.offsetAt('file:///ws/p.ts', { line: 2, character: 0 }), 6);
  });
});

describe('a new index takes in an open document already checked', () => {
  const PAGE = `import { ROLES } from '../roles';\nif (hasRole(ROLES.ADMIN) || hasRole('membr')) {}\nconst p = 'video:craete';\nhasPermission(user, p);\n`;
  const fresh = (text: string) => {
    const index = new WorkspaceIndex();
    index.setFile(ROLES_FILE, `export const ROLES = { ADMIN: 'admn' } as const;`);
    index.updateFile(PAGE_FILE, text);
    return index;
  };

  test('with the same text and helpers it is taken as it was checked, and edits go on from it', () => {
    const old = fresh(PAGE);
    const next = new WorkspaceIndex();
    next.setFile(ROLES_FILE, `export const ROLES = { ADMIN: 'admn' } as const;`);
    assert.equal(next.adoptEdited(PAGE_FILE, PAGE, old), true);
    assert.deepEqual(rulesAt(next, PAGE_FILE), rulesAt(fresh(PAGE), PAGE_FILE));
    assert.ok(rulesAt(next, PAGE_FILE).includes('unknown-role admn'), rulesAt(next, PAGE_FILE).join('\n'));
    // Typing in a slug re-checks its statement alone, as in the index it came from.
    const typed = PAGE.replace("'membr'", "'member'");
    const before = next.editStats.statement;
    next.updateFile(PAGE_FILE, typed);
    assert.equal(next.editStats.statement, before + 1);
    assert.deepEqual(rulesAt(next, PAGE_FILE), rulesAt(fresh(typed), PAGE_FILE));
  });

  test('other text, other helpers or a file not being edited: it must be scanned', () => {
    const old = fresh(PAGE);
    assert.equal(new WorkspaceIndex().adoptEdited(PAGE_FILE, PAGE + '\n', old), false);
    assert.equal(new WorkspaceIndex({ helpers: [{ name: 'mayI', arg: 0, kind: 'permission' }] }).adoptEdited(PAGE_FILE, PAGE, old), false);
    const onDisk = new WorkspaceIndex();
    onDisk.setFile(PAGE_FILE, PAGE);
    assert.equal(new WorkspaceIndex().adoptEdited(PAGE_FILE, PAGE, onDisk), false);
  });
});

describe('merging the occurrences of one place', () => {
  // The definition: at each start, an occurrence is kept when no occurrence with the same range
  // has stronger evidence, and only its first copy (same range, kind, slug and evidence).
  const reference = (sorted: Occurrence[]): Occurrence[] =>
    sorted.filter((o, a) => {
      const same = sorted.filter((p) => p.range.start === o.range.start && p.range.end === o.range.end);
      if (same.some((p) => EVIDENCE_RANK[p.evidence] < EVIDENCE_RANK[o.evidence])) return false;
      return !sorted.slice(0, a).some((p) => p.range.start === o.range.start && p.range.end === o.range.end && p.kind === o.kind && p.slug === o.slug && p.evidence === o.evidence);
    });

  test('small and large groups at one start give what the definition gives, in order', () => {
    let seed = 7;
    const next = (n: number) => (seed = (seed * 1103515245 + 12345) % 2147483648) % n;
    const evidences = Object.keys(EVIDENCE_RANK) as Evidence[];
    for (let round = 0; round < 60; round++) {
      const count = [3, 12, 40, 400][round % 4];
      const list: Occurrence[] = [];
      for (let k = 0; k < count; k++) {
        const start = next(3) * 100;
        list.push({
          kind: next(2) ? 'permission' : 'role',
          slug: `s${next(5)}`,
          range: { start, end: start + 5 + next(2) },
          via: 'literal',
          place: 'p',
          session: false,
          evidence: evidences[next(evidences.length)],
        });
      }
      const sorted = list.sort((a, b) => a.range.start - b.range.start);
      assert.deepEqual(strongestOnce(sorted), reference(sorted), `round ${round}, ${count} occurrences`);
    }
  });
});
