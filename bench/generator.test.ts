// The benchmark inputs must be reproducible and must contain what the issue asks for; these
// tests check the generators, never timings. Run: node --import tsx --test bench/generator.test.ts

import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { describe, test } from 'node:test';
import { generateCatalog } from './catalogGen';
import { createRng } from './prng';
import { listSourceFiles } from './sourceFiles';
import { percentile } from './stats';
import { generateWorkspace, typo, type WorkspaceSpec } from './workspaceGen';

const SPEC: WorkspaceSpec = {
  seed: 'test-seed',
  minFiles: 300,
  minBytes: 1_500_000,
  medianBytes: 2_600,
  sigma: 1.25,
  largeFiles: [200_000, 150_000, 120_000, 100_000],
  editFileLines: 5_000,
  typoRate: 0.03,
};
const CATALOG = { seed: 'test-seed', permissions: 1_000, roles: 60, organizations: 12 };

function treeHash(root: string): string {
  const h = createHash('sha256');
  for (const f of listSourceFiles(root)) h.update(f.slice(root.length)).update('\0').update(readFileSync(f)).update('\0');
  return h.digest('hex');
}

describe('prng', () => {
  test('same seed, same sequence; other seed, other sequence', () => {
    const a = createRng('x');
    const b = createRng('x');
    const c = createRng('y');
    const sa = Array.from({ length: 20 }, () => a.next());
    assert.deepEqual(sa, Array.from({ length: 20 }, () => b.next()));
    assert.notDeepEqual(sa, Array.from({ length: 20 }, () => c.next()));
  });

  test('int stays within its inclusive bounds and reaches both ends', () => {
    const r = createRng('bounds');
    const seen = new Set<number>();
    for (let i = 0; i < 2000; i++) {
      const v = r.int(3, 7);
      assert.ok(v >= 3 && v <= 7);
      seen.add(v);
    }
    assert.deepEqual([...seen].sort(), [3, 4, 5, 6, 7]);
  });
});

describe('catalog generator', () => {
  const catalog = generateCatalog(CATALOG);

  test('is deterministic from its seed', () => {
    assert.equal(JSON.stringify(generateCatalog(CATALOG)), JSON.stringify(catalog));
    assert.notEqual(JSON.stringify(generateCatalog({ ...CATALOG, seed: 'other' })), JSON.stringify(catalog));
  });

  test('has the requested counts, valid sorted slugs, and roles granting known permissions', () => {
    assert.equal(catalog.permissions.length, CATALOG.permissions);
    const orgSlugs = new Set(catalog.organizations.flatMap((o) => o.roles.map((r) => r.slug)));
    assert.equal(catalog.environmentRoles.length + orgSlugs.size, CATALOG.roles);
    assert.equal(catalog.organizations.length, CATALOG.organizations);
    const slugs = catalog.permissions.map((p) => p.slug);
    assert.deepEqual(slugs, [...slugs].sort());
    assert.equal(new Set(slugs).size, slugs.length);
    for (const s of slugs) assert.match(s, /^[a-z0-9\-_:.*]+$/);
    for (const s of orgSlugs) assert.match(s, /^org-/);
    const known = new Set(slugs);
    for (const r of catalog.environmentRoles) for (const p of r.permissions) assert.ok(known.has(p), p);
  });
});

describe('workspace generator', () => {
  const dir = mkdtempSync(join(tmpdir(), 'bench-gen-'));
  const catalog = generateCatalog(CATALOG);
  const manifest = generateWorkspace(join(dir, 'a'), SPEC, catalog);

  test('writes the same tree for the same seed', () => {
    const again = generateWorkspace(join(dir, 'b'), SPEC, catalog);
    assert.deepEqual(again, manifest);
    assert.equal(treeHash(join(dir, 'b')), treeHash(join(dir, 'a')));
  });

  test('meets the size spec with a long-tailed size distribution', () => {
    const files = listSourceFiles(join(dir, 'a'));
    assert.equal(files.length, manifest.files);
    assert.ok(manifest.files >= SPEC.minFiles);
    assert.ok(manifest.bytes >= SPEC.minBytes);
    const sizes = files.map((f) => readFileSync(f).length);
    const p50 = percentile(sizes, 50);
    assert.ok(p50 >= 1_000 && p50 <= 4_000, `p50 ${p50}`);
    assert.ok(Math.max(...sizes) >= 100_000);
    assert.ok(percentile(sizes, 99) > 8 * p50, 'long tail');
    assert.ok(!files.some((f) => /[/\\](build|dist|out|coverage|node_modules)[/\\]/.test(f)), 'no directory the walker excludes');
  });

  test('contains every kind of slug place, constants and look-alikes', () => {
    const all = listSourceFiles(join(dir, 'a')).map((f) => readFileSync(f, 'utf8')).join('\n');
    const expected: [string, RegExp][] = [
      ['permissions.includes', /permissions\??\.includes\('[a-z]/],
      ['role ===', /role === '/],
      ['switch case', /switch \(role\) \{\s+case '/],
      ['hasPermission', /hasPermission\('/],
      ['hasRole', /hasRole\(/],
      ['requirePermission two-part', /requirePermission\('[a-z-]+', '[a-z]+'\)/],
      ['authorization.check', /authorization\.check\(\{\s+organizationMembershipId: \w+,\s+permissionSlug: /],
      ['assignRole', /assignRole\(\{[^}]*roleSlug: /],
      ['JSX Can', /<Can permission=["{]/],
      ['constants as const', /export const PERMS = \{[^}]+\} as const;/],
      ['constant use', /PERMS\.[A-Z_]+/],
      ['template literal', /includes\(`\$\{resource\}:/],
      ['tailwind look-alike', /'md:flex'|"md:flex/],
      ['icon look-alike', /lucide:/],
      ['i18n look-alike', /t\('[a-z]+\.[a-z]+/],
      ['slug in a comment', /\/\/ Only members with '/],
    ];
    for (const [name, re] of expected) assert.match(all, re, name);
  });

  test('imports of constants modules resolve to generated files', () => {
    const root = join(dir, 'a');
    let checked = 0;
    for (const f of listSourceFiles(root)) {
      for (const m of readFileSync(f, 'utf8').matchAll(/from '(\.[^']+)'/g)) {
        if (m[1].includes('icons/createIcon')) continue;
        assert.ok(existsSync(`${resolve(dirname(f), m[1])}.ts`), `${f} imports ${m[1]}`);
        checked++;
      }
    }
    assert.ok(checked > 50);
  });

  test('the edit file has the requested line count and spots that point at their slugs', () => {
    const lines = readFileSync(join(dir, 'a', manifest.editFile), 'utf8').split('\n');
    assert.equal(lines.length - 1, SPEC.editFileLines);
    assert.ok(manifest.spots.length > 100);
    for (const s of manifest.spots) assert.equal(lines[s.line].slice(s.character, s.character + s.slug.length), s.slug);
  });

  test('some slugs are typos of catalog slugs, most are valid', () => {
    const known = new Set([...catalog.permissions.map((p) => p.slug)]);
    const perms = manifest.spots.filter((s) => s.kind === 'permission');
    const unknown = perms.filter((s) => !known.has(s.slug)).length;
    assert.ok(unknown > 0, 'some typos');
    assert.ok(unknown < perms.length * 0.15, 'mostly valid');
  });

  test('typo never returns the slug unchanged', () => {
    const r = createRng('typos');
    for (const p of catalog.permissions.slice(0, 300)) assert.notEqual(typo(r, p.slug), p.slug);
  });

  test.after(() => rmSync(dir, { recursive: true, force: true }));
});
