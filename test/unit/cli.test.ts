// The CLI in-process: formats, exit codes, discovery, .gitignore, size and binary skips, settings.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { main } from '../../server/src/cli';

const root = join(__dirname, '..', '..');
const example = join(root, 'examples', 'acme-app');

async function cli(argv: string[], cwd = root, env: NodeJS.ProcessEnv = {}): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(argv, { stdout: (s) => (out += s), stderr: (s) => (err += s), cwd, env });
  return { code, out, err };
}

const catalogJson = JSON.stringify({
  version: 1,
  environmentRoles: [{ slug: 'admin', name: 'Admin', description: null, permissions: ['a:read'], type: 'EnvironmentRole', resource_type_slug: 'organization' }],
  permissions: [
    { slug: 'a:read', name: 'Read', description: null, resource_type_slug: 'organization' },
    { slug: 'a:write', name: 'Write', description: null, resource_type_slug: 'organization' },
  ],
  organizations: [],
});

const tmp = mkdtempSync(join(tmpdir(), 'workos-authz-cli-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

function project(name: string, files: Record<string, string | Buffer>): string {
  const dir = join(tmp, name);
  for (const [rel, content] of Object.entries(files)) {
    const full = join(dir, rel);
    mkdirSync(join(full, '..'), { recursive: true });
    writeFileSync(full, content);
  }
  return dir;
}

describe('workos-authz check', () => {
  test('the example app shows every rule and exits 1', async () => {
    const { code, out } = await cli(['check', 'examples/acme-app']);
    assert.equal(code, 1);
    for (const rule of [
      'unknown-permission', 'unknown-role', 'org-prefix', 'kind-mismatch', 'malformed-slug', 'wildcard-permission',
      'session-token-scope', 'unknown-resource-type', 'resource-type-mismatch', 'membership-id',
    ]) {
      assert.match(out, new RegExp(` ${rule} `), `rule ${rule} missing`);
    }
    assert.match(out, /^examples\/acme-app\/app\/dashboard\/page\.tsx:7:\d+ error unknown-permission .*video:create/m);
    assert.match(out, /catalog: examples\/acme-app\/workos-catalog\.json \(snapshot\)/);
    assert.doesNotMatch(out, /analytics:view/, 'the ignore directive holds');
  });

  test('json output has the documented shape, 1-based positions and relative paths', async () => {
    const { code, out } = await cli(['check', '--format', 'json'], example);
    assert.equal(code, 1);
    const r = JSON.parse(out);
    assert.equal(r.version, 1);
    assert.deepEqual(Object.keys(r.catalog).slice(0, 4), ['source', 'path', 'host', 'permissions']);
    assert.equal(r.catalog.path, 'workos-catalog.json');
    assert.equal(r.catalog.permissions, 15);
    assert.equal(r.files, 7);
    const f = r.findings.find((x: { slug: string }) => x.slug === 'video:craete');
    assert.equal(f.file, 'app/dashboard/page.tsx');
    const line = readFileSync(join(example, f.file), 'utf8').split('\n')[f.line - 1];
    assert.equal(line.slice(f.column - 1, f.endColumn - 1), 'video:craete');
    assert.deepEqual(Object.keys(f), ['file', 'line', 'column', 'endLine', 'endColumn', 'rule', 'severity', 'kind', 'slug', 'message', 'suggestions', 'evidence']);
    assert.ok(f.suggestions.includes('video:create'));
    const vias = new Set(r.occurrences.map((o: { via: string }) => o.via));
    assert.deepEqual([...vias].sort(), ['constant', 'literal', 'template']);
    assert.ok(r.occurrences.some((o: { slug: string }) => o.slug === 'video:view'), 'valid slugs are listed too');
    // Every finding and occurrence says why it is a slug place.
    assert.equal(f.evidence, 'session', '`permissions` comes from withAuth() in that file');
    const evidence = new Set(r.occurrences.map((o: { evidence: string }) => o.evidence));
    for (const e of ['sdk', 'session', 'helper', 'constant']) assert.ok(evidence.has(e), `an occurrence with ${e} evidence`);
  });

  test('sarif output is SARIF 2.1.0 with rules and regions', async () => {
    const { out } = await cli(['check', '--format', 'sarif'], example);
    const s = JSON.parse(out);
    assert.equal(s.version, '2.1.0');
    const run = s.runs[0];
    assert.equal(run.tool.driver.name, 'workos-authz');
    assert.equal(run.tool.driver.rules.length, 11);
    const res = run.results.find((x: { ruleId: string }) => x.ruleId === 'membership-id');
    assert.equal(run.tool.driver.rules[res.ruleIndex].id, 'membership-id');
    assert.equal(res.level, 'error');
    const loc = res.locations[0].physicalLocation;
    assert.equal(loc.artifactLocation.uri, 'lib/workos.ts');
    assert.ok(loc.region.startLine > 0 && loc.region.startColumn > 0);
  });

  test('a clean project exits 0; warnings over --max-warnings exit 1; --rule changes severity', async () => {
    const dir = project('clean', {
      'workos-catalog.json': catalogJson,
      'src/a.ts': `if (permissions.includes('a:read')) {}\nhasPermission('a:*');`,
    });
    const clean = await cli(['check', '.'], dir);
    assert.equal(clean.code, 0, clean.out);
    assert.match(clean.out, /1 problem \(0 errors, 1 warning\)/);
    assert.equal((await cli(['check', '.', '--max-warnings', '0'], dir)).code, 1);
    const raised = await cli(['check', '.', '--rule', 'wildcard-permission=error'], dir);
    assert.equal(raised.code, 1);
    assert.match(raised.out, /error wildcard-permission/);
    const off = await cli(['check', '.', '--rule', 'wildcard-permission=off', '--max-warnings', '0'], dir);
    assert.equal(off.code, 0);
  });

  test('.gitignore, default excludes, the size limit and binary files', async () => {
    const dir = project('walk', {
      'workos-catalog.json': catalogJson,
      '.gitignore': 'generated/\n',
      'generated/x.ts': `hasRole('ghost-a');`,
      'node_modules/pkg/index.js': `hasRole('ghost-b');`,
      'src/big.ts': `hasRole('ghost-c');\n` + '// padding\n'.repeat(200),
      'src/bin.ts': Buffer.from([0x68, 0x00, 0x01, 0x02]),
      'src/ok.ts': `hasRole('ghost-d');`,
    });
    const r = await cli(['check', '.', '--max-file-size', '1000'], dir);
    assert.equal(r.code, 1);
    assert.match(r.out, /ghost-d/);
    assert.doesNotMatch(r.out, /ghost-a|ghost-b|ghost-c/);
    assert.match(r.out, /note: skipped src\/big\.ts: .* over the .* limit/);
    assert.match(r.out, /note: skipped src\/bin\.ts: binary content/);
  });

  test('helpers and severities from .vscode/settings.json apply', async () => {
    const dir = project('settings', {
      'workos-catalog.json': catalogJson,
      '.vscode/settings.json': `{\n  // team settings\n  "workosAuthz.helpers": [{ "name": "allowed", "arg": 1, "kind": "permission" }],\n  "workosAuthz.rules": { "unknown-role": "off" },\n}`,
      'src/a.ts': `allowed(user, 'a:nope'); hasRole('nobody');`,
    });
    const r = await cli(['check', '.'], dir);
    assert.match(r.out, /unknown-permission .*a:nope/);
    assert.doesNotMatch(r.out, /nobody/);
  });

  test('catalog discovery from a file path upward, and --catalog', async () => {
    const dir = project('discover', { 'workos-catalog.json': catalogJson, 'deep/er/a.ts': `hasRole('admin');` });
    assert.equal((await cli(['check', 'deep/er/a.ts'], dir)).code, 0);
    const other = project('other', { 'a.ts': `hasRole('admin');` });
    const missing = await cli(['check', '.'], other);
    assert.equal(missing.code, 2);
    assert.match(missing.err, /no catalog found/);
    assert.equal((await cli(['check', '.', '--catalog', join(dir, 'workos-catalog.json')], other)).code, 0);
  });

  test('a malformed catalog is exit 2 naming file and line', async () => {
    const dir = project('badcat', { 'workos-catalog.json': '{\n  "version": 1,\n  "permissions": [\n    { "slug": 5 }\n  ]\n}\n', 'a.ts': '' });
    const r = await cli(['check', '.'], dir);
    assert.equal(r.code, 2);
    assert.match(r.err, /workos-catalog\.json:4/);
  });

  test('usage errors exit 2', async () => {
    assert.equal((await cli(['check', '--format', 'xml'])).code, 2);
    assert.equal((await cli(['check', '--bogus'])).code, 2);
    assert.equal((await cli(['frobnicate'])).code, 2);
    assert.equal((await cli(['check', '--live', '--catalog', 'x.json'])).code, 2);
  });
});

describe('workos-authz unused', () => {
  test('lists catalog slugs that no code references', async () => {
    const dir = project('unused', {
      'workos-catalog.json': catalogJson,
      'a.ts': `permissions.includes('a:read');`,
    });
    const r = await cli(['unused', '.', '--format', 'json'], dir);
    assert.equal(r.code, 0);
    assert.deepEqual(JSON.parse(r.out), { version: 1, permissions: ['a:write'], roles: ['admin'] });
  });

  test('a template use counts for every slug it matches', async () => {
    const dir = project('unused-tpl', { 'workos-catalog.json': catalogJson, 'a.ts': 'hasPermission(`a:${action}`); hasRole("admin");' });
    const r = await cli(['unused', '.'], dir);
    assert.match(r.out, /^0 unused permissions:/m);
    assert.match(r.out, /^0 unused roles:/m);
  });
});
