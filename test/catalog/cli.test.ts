import { test, describe, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startWorkosServer, type WorkosTestServer } from '../support/workosServer';
import { stateFromSnapshot } from '../support/workosState';
import type { CatalogSnapshot } from '../../server/src/core/catalog';
import { catalogCommand, loadLiveCatalog, parseCatalogText } from '../../server/src/catalog';
import { WorkosApiError } from '../../server/src/workos';

const KEY = 'sk_test_CLIKEYMARKER_93b0';
const FAST = { fetch: { baseDelayMs: 1, maxDelayMs: 5, retryAfterCapMs: 5, maxAttempts: 2 } };

const LIVE: CatalogSnapshot = {
  version: 1,
  environmentRoles: [
    { slug: 'admin', name: 'Admin', description: null, permissions: ['posts:read', 'posts:write'], type: 'EnvironmentRole' },
    { slug: 'member', name: 'Member', description: null, permissions: ['posts:read'], type: 'EnvironmentRole' },
  ],
  permissions: [
    { slug: 'posts:read', name: 'Read posts', description: null },
    { slug: 'posts:write', name: 'Write posts', description: 'Create and edit' },
  ],
  organizations: [{ id: 'org_01ACME', name: 'Acme', roles: [{ slug: 'org-billing', name: 'Billing', description: null, permissions: ['posts:read'], type: 'OrganizationRole' }] }],
};

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, stdout: (s: string) => out.push(s), stderr: (s: string) => err.push(s) };
}

describe('workos-authz catalog pull / diff', () => {
  let server: WorkosTestServer;
  let dir: string;
  let env: NodeJS.ProcessEnv;

  beforeEach(async () => {
    server = await startWorkosServer(stateFromSnapshot(LIVE, { apiKeys: [KEY] }));
    dir = mkdtempSync(join(tmpdir(), 'catalog-cli-'));
    env = { WORKOS_API_KEY: KEY, WORKOS_API_HOSTNAME: '127.0.0.1', WORKOS_API_PORT: String(server.port), WORKOS_API_HTTPS: 'false' };
  });
  afterEach(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const run = async (argv: string[], e: NodeJS.ProcessEnv = env) => {
    const io = capture();
    const code = await catalogCommand(argv, { ...io, cwd: dir, env: e }, FAST);
    const all = io.out.join('') + io.err.join('');
    assert.ok(!all.includes('CLIKEYMARKER'), `key in output: ${all}`);
    return { code, out: io.out.join(''), err: io.err.join('') };
  };

  test('pull writes workos-catalog.json with what the API returned, fetchedAt and host, no key', async () => {
    const r = await run(['pull']);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /^Wrote workos-catalog\.json from 127\.0\.0\.1:\d+: 2 permissions, 2 environment roles, 1 organizations \(1 organization roles\)\.\n$/);
    const text = readFileSync(join(dir, 'workos-catalog.json'), 'utf8');
    assert.ok(!text.includes('CLIKEYMARKER'));
    const snap = parseCatalogText(text, 'workos-catalog.json');
    assert.equal(snap.host, `127.0.0.1:${server.port}`);
    assert.ok(snap.fetchedAt && !Number.isNaN(Date.parse(snap.fetchedAt)));
    assert.deepEqual(snap.permissions.map((p) => [p.slug, p.name, p.description]), [
      ['posts:read', 'Read posts', null],
      ['posts:write', 'Write posts', 'Create and edit'],
    ]);
    assert.equal(snap.permissions[0].object, 'permission');
    assert.ok(snap.permissions[0].id?.startsWith('perm_'));
    assert.deepEqual(snap.environmentRoles.map((r) => r.slug), ['admin', 'member']);
    assert.deepEqual(snap.organizations[0].roles.map((r) => r.slug), ['org-billing']);
  });

  test('a second pull of an unchanged environment leaves the file untouched', async () => {
    assert.equal((await run(['pull'])).code, 0);
    const path = join(dir, 'workos-catalog.json');
    const before = readFileSync(path, 'utf8');
    const mtime = statSync(path).mtimeMs;
    await new Promise((r) => setTimeout(r, 20));
    const r = await run(['pull']);
    assert.equal(r.code, 0);
    assert.match(r.out, /workos-catalog\.json is up to date/);
    assert.equal(readFileSync(path, 'utf8'), before);
    assert.equal(statSync(path).mtimeMs, mtime);
  });

  test('pull --out', async () => {
    mkdirSync(join(dir, 'config'));
    const r = await run(['pull', '--out', 'config/catalog.json']);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /Wrote config\/catalog\.json/);
    assert.equal(parseCatalogText(readFileSync(join(dir, 'config', 'catalog.json'), 'utf8'), 'x.json').permissions.length, 2);
    assert.equal((await run(['pull', '--out=seed.yml'])).code, 2);
  });

  test('pull then diff: no drift, exit 0', async () => {
    await run(['pull']);
    const r = await run(['diff']);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /^No drift: workos-catalog\.json matches 127\.0\.0\.1:\d+ /);
  });

  test('diff reports a seeded drift exactly and exits 1', async () => {
    await run(['pull']);
    const state = server.state;
    state.permissions = state.permissions.filter((p) => p.slug !== 'posts:write');
    state.permissions.push({ ...state.permissions[0], id: 'perm_new', slug: 'posts:publish', name: 'Publish posts' });
    state.environmentRoles[1].permissions = ['posts:read', 'posts:publish'];
    state.environmentRoles.push({ ...state.environmentRoles[1], id: 'role_new', slug: 'editor', name: 'Editor', permissions: ['posts:publish'] });
    state.organizations[0].roles.push({ ...state.organizations[0].roles[0], id: 'role_org_new', slug: 'org-support', name: 'Support', permissions: [] });

    const r = await run(['diff']);
    assert.equal(r.code, 1, r.err);
    const host = `127.0.0.1:${server.port}`;
    assert.equal(
      r.out,
      [
        `Drift between workos-catalog.json and ${host}: 5 changes (+ only in WorkOS, - only in workos-catalog.json, ~ differs)`,
        'Permissions:',
        '  + posts:publish (Publish posts)',
        '  - posts:write',
        'Environment roles:',
        '  + editor [posts:publish]',
        '  ~ member: permissions added: posts:publish',
        'Organization roles:',
        '  + org-support in Acme (org_01ACME)',
        'Run `workos-authz catalog pull` to update the snapshot.',
        '',
      ].join('\n'),
    );

    const j = await run(['diff', '--format', 'json']);
    assert.equal(j.code, 1);
    const parsed = JSON.parse(j.out);
    assert.equal(parsed.drift, true);
    assert.equal(parsed.changes, 5);
    assert.deepEqual(parsed.diff.permissions.removed.map((p: { slug: string }) => p.slug), ['posts:write']);
  });

  test('diff against a seed file found upward from the working directory', async () => {
    writeFileSync(
      join(dir, 'workos-seed.yml'),
      'permissions:\n  - slug: posts:read\n    name: Read posts\nroles:\n  - slug: admin\n    name: Admin\n    permissions: [posts:read, posts:write]\n',
    );
    mkdirSync(join(dir, 'src'));
    const io = capture();
    const code = await catalogCommand(['diff'], { ...io, cwd: join(dir, 'src'), env }, FAST);
    assert.equal(code, 1);
    const out = io.out.join('');
    assert.match(out, /Drift between .*workos-seed\.yml/);
    assert.match(out, /\+ posts:write/);
    assert.match(out, /\+ member/);
    assert.match(out, /Update .*workos-seed\.yml, or run `workos-authz catalog pull`/);
    assert.match(io.err.join(''), /warning: .*roles\[0\]\.permissions\[1\]: role 'admin' names permission 'posts:write'/);
  });

  test('errors exit 2: no key, bad file, no file, fetch failure, usage', async () => {
    const noKey = await run(['pull'], { ...env, WORKOS_API_KEY: '' });
    assert.equal(noKey.code, 2);
    assert.match(noKey.err, /WORKOS_API_KEY is not set/);

    writeFileSync(join(dir, 'workos-catalog.json'), '{\n  "version": 1,\n  "permissions": "nope"\n}\n');
    const bad = await run(['diff']);
    assert.equal(bad.code, 2);
    assert.match(bad.err, /workos-catalog\.json:3: permissions must be a list/);

    const none = await run(['diff', '--catalog', 'missing.json']);
    assert.equal(none.code, 2);
    assert.match(none.err, /missing\.json: file not found/);

    rmSync(join(dir, 'workos-catalog.json'));
    const nothing = await run(['diff']);
    assert.equal(nothing.code, 2);

    const wrongKey = await run(['pull'], { ...env, WORKOS_API_KEY: 'sk_test_CLIKEYMARKER_wrong' });
    assert.equal(wrongKey.code, 2);
    assert.match(wrongKey.err, /rejected the API key \(401/);

    server.setFault({ kind: '500' });
    const down = await run(['pull']);
    assert.equal(down.code, 2);
    assert.match(down.err, /HTTP 500 \(after 2 attempts\)/);

    const plain = await run(['pull'], { ...env, WORKOS_API_HOSTNAME: 'api.example.com' });
    assert.equal(plain.code, 2);
    assert.match(plain.err, /plain HTTP/);

    assert.equal((await run(['frobnicate'])).code, 2);
    assert.equal((await run(['pull', '--bogus'])).code, 2);
    assert.equal((await run(['diff', '--format', 'xml'])).code, 2);
    const help = await run(['--help']);
    assert.equal(help.code, 0);
    assert.match(help.out, /catalog pull/);
  });

  test('loadLiveCatalog: a live Catalog; no key is a no-key WorkosApiError', async () => {
    const c = await loadLiveCatalog(env, FAST.fetch);
    assert.equal(c.source.kind, 'live');
    assert.equal(c.source.host, `127.0.0.1:${server.port}`);
    assert.ok(c.organizationRoles.has('org-billing'));
    await assert.rejects(loadLiveCatalog({}), (e: unknown) => e instanceof WorkosApiError && e.reason === 'no-key');
    await assert.rejects(
      loadLiveCatalog({ ...env, WORKOS_API_HOSTNAME: '10.0.0.1' }),
      (e: unknown) => e instanceof WorkosApiError && /plain HTTP/.test(e.message),
    );
  });
});
