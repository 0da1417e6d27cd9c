// `generate types`: the module's text, that it compiles under `tsc --strict` and catches a typo
// (through the typescript package's API), that the checker treats its types as strong evidence,
// and the CLI's --out / --check.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ts from 'typescript';
import { Catalog, type CatalogSnapshot } from '../../server/src/core/catalog';
import { WorkspaceIndex } from '../../server/src/core/workspaceIndex';
import { TYPES_HEADER, TYPES_REGENERATE, generateTypesModule } from '../../server/src/catalog/typesModule';
import { main } from '../../server/src/cli';

const SNAPSHOT: CatalogSnapshot = {
  version: 1,
  environmentRoles: [
    { slug: 'member', name: 'Member', description: 'Reads */ posts', permissions: ['posts:read'], type: 'EnvironmentRole' },
    { slug: 'admin', name: 'Admin', description: null, permissions: ['posts:write', 'posts:read', 'widgets:users-table:manage'], type: 'EnvironmentRole' },
  ],
  permissions: [
    { slug: 'posts:write', name: 'Write posts', description: 'Create and\nedit posts' },
    { slug: 'posts:read', name: 'Read posts', description: null },
    { slug: 'project:view', name: 'View project', description: null, resource_type_slug: 'project' },
  ],
  organizations: [{ id: 'org_1', name: 'Acme', roles: [{ slug: 'org-billing', name: 'Billing', description: null, permissions: ['posts:read'], type: 'OrganizationRole' }] }],
};
const catalog = new Catalog(SNAPSHOT, { kind: 'seed', path: '/repo/workos-seed.yml' });

/** Type-checks a fixture project written to disk with `strict`, answering the diagnostics' messages. */
function compile(files: Record<string, string>): string[] {
  const root = mkdtempSync(join(tmpdir(), 'wa-tsc-'));
  try {
    for (const [name, text] of Object.entries(files)) writeFileSync(join(root, name), text);
    const options: ts.CompilerOptions = { strict: true, noEmit: true, target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext, moduleResolution: ts.ModuleResolutionKind.Bundler, types: [] };
    const program = ts.createProgram(Object.keys(files).map((f) => join(root, f)), options);
    return ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

describe('generate types: the module', () => {
  const text = generateTypesModule(catalog, 'workos-seed.yml (seed)', TYPES_REGENERATE);

  test('unions, lists and the role map, sorted, with JSDoc per member and a stable header', () => {
    assert.ok(text.startsWith(TYPES_HEADER));
    assert.match(text, /Catalog: workos-seed\.yml \(seed\) \(3 permissions, 2 environment roles, 1 organization roles, 2 resource types\)/);
    assert.doesNotMatch(text, /\d{4}-\d\d-\d\dT/, 'no timestamp');
    assert.match(text, /export type Permission =\n {2}\/\*\* \*\*Read posts\*\* \*\/\n {2}\| 'posts:read'\n/);
    assert.match(text, /\/\*\* \*\*Write posts\*\*: Create and edit posts \*\/\n {2}\| 'posts:write'/, 'description on one line');
    assert.match(text, /Resource type: `project`\./);
    assert.match(text, /Reads \*\\\/ posts/, 'a comment terminator in a description is escaped');
    assert.match(text, /export type OrganizationRole =\n[\s\S]*?\| 'org-billing';/);
    assert.match(text, /export type Role =[\s\S]*'admin'[\s\S]*'member'[\s\S]*'org-billing';/);
    assert.match(text, /export type ResourceType =[\s\S]*'organization'[\s\S]*'project';/);
    assert.match(text, /export const PERMISSIONS = \[\n {2}'posts:read',\n {2}'posts:write',\n {2}'project:view',\n\] as const/);
    assert.match(text, / {2}'admin': \['posts:read', 'posts:write', 'widgets:users-table:manage'\],/);
  });

  test('deterministic: the same catalog in another order gives the same bytes', () => {
    const shuffled: CatalogSnapshot = { ...SNAPSHOT, permissions: [...SNAPSHOT.permissions].reverse(), environmentRoles: [...SNAPSHOT.environmentRoles].reverse() };
    assert.equal(generateTypesModule(new Catalog(shuffled, { kind: 'seed', path: '/elsewhere/workos-seed.yml' }), 'workos-seed.yml (seed)', TYPES_REGENERATE), text);
  });

  test('compiles under --strict, and a typo in a Permission-typed value does not', () => {
    const ok = compile({
      'authz.ts': text,
      'use.ts': `import { type Permission, type Role, ROLE_PERMISSIONS, PERMISSIONS } from './authz';\nconst p: Permission = 'posts:read';\nconst r: Role = 'org-billing';\nconst granted: readonly string[] = ROLE_PERMISSIONS[r];\nexport const all: readonly Permission[] = PERMISSIONS;\nexport { p, granted };\n`,
    });
    assert.deepEqual(ok, []);
    const bad = compile({ 'authz.ts': text, 'use.ts': `import type { Permission } from './authz';\nexport const p: Permission = 'posts:raed';\n` });
    assert.equal(bad.length, 1);
    assert.match(bad[0], /'"posts:raed"' is not assignable to type 'Permission'/);
  });

  test('an empty catalog still compiles', () => {
    const empty = generateTypesModule(new Catalog({ version: 1, permissions: [], environmentRoles: [], organizations: [] }, { kind: 'snapshot' }), 'x', TYPES_REGENERATE);
    assert.deepEqual(compile({ 'authz.ts': empty }), []);
  });

  test('the checker takes a value typed by an imported generated type as strong evidence', () => {
    const index = new WorkspaceIndex();
    index.setFile('file:///ws/src/workos-authz.ts', text);
    index.setFile('file:///ws/src/page.ts', `import type { Permission, Role } from './workos-authz';\nconst needed: Permission = 'posts:raed';\nconst who: Role = 'superuser';\n`);
    const findings = index.findings('file:///ws/src/page.ts', catalog);
    assert.deepEqual(
      findings.map((f) => `${f.rule} ${f.slug} ${f.severity} ${f.evidence}`),
      ['unknown-permission posts:raed error type', 'unknown-role superuser error type'],
    );
    assert.deepEqual(index.findings('file:///ws/src/workos-authz.ts', catalog), [], 'the generated module itself is clean');
  });
});

describe('workos-authz generate types', () => {
  let dir: string;
  const run = async (...argv: string[]) => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await main(argv, { stdout: (s) => out.push(s), stderr: (s) => err.push(s), cwd: dir, env: {} });
    return { code, out: out.join(''), err: err.join('') };
  };
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'wa-types-'));
    writeFileSync(join(dir, 'workos-seed.yml'), 'permissions:\n  - slug: posts:read\n    name: Read posts\nroles:\n  - slug: member\n    name: Member\n    permissions: [posts:read]\n');
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('--out writes the module, --check passes, then fails after the catalog changes', async () => {
    const w = await run('generate', 'types', '--out', 'src/authz.ts');
    assert.equal(w.code, 0, w.err);
    const written = readFileSync(join(dir, 'src/authz.ts'), 'utf8');
    assert.match(written, /Catalog: \.\.\/workos-seed\.yml \(seed\)/);
    assert.equal((await run('generate', 'types', '--out', 'src/authz.ts', '--check')).code, 0);
    writeFileSync(join(dir, 'workos-seed.yml'), 'permissions:\n  - slug: posts:read\n    name: Read posts\n  - slug: posts:write\n    name: Write posts\n');
    const c = await run('generate', 'types', '--out', 'src/authz.ts', '--check');
    assert.equal(c.code, 1);
    assert.match(c.err, /src\/authz\.ts is out of date with the catalog/);
    assert.equal(readFileSync(join(dir, 'src/authz.ts'), 'utf8'), written, '--check writes nothing');
    assert.equal((await run('generate', 'types', '--out', 'src/authz.ts')).code, 0);
    assert.match(readFileSync(join(dir, 'src/authz.ts'), 'utf8'), /'posts:write'/);
  });

  test('stdout without --out; a file that is not ours is not overwritten; usage errors exit 2', async () => {
    const s = await run('generate', 'types');
    assert.equal(s.code, 0);
    assert.ok(s.out.startsWith(TYPES_HEADER));
    writeFileSync(join(dir, 'mine.ts'), 'export const x = 1;\n');
    const r = await run('generate', 'types', '--out', 'mine.ts');
    assert.equal(r.code, 2);
    assert.match(r.err, /not generated by workos-authz/);
    assert.equal(readFileSync(join(dir, 'mine.ts'), 'utf8'), 'export const x = 1;\n');
    assert.equal((await run('generate', 'types', '--check')).code, 2);
    assert.equal((await run('generate', 'types', '--out', 'x.json')).code, 2);
    assert.equal((await run('generate', 'stuff')).code, 2);
  });
});
