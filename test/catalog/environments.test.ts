// Several WorkOS environments on the command line: `check` against the primary with
// `missing-in-environment`, `check --env NAME`, and `catalog diff --between A B`, from catalog
// files and live through the real SDK (staging and production keys on one WorkOS-compatible host).

import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../server/src/cli';
import type { CatalogSnapshot } from '../../server/src/core/catalog';
import { environmentKeyVariable } from '../../server/src/settings';
import { startWorkosServer, type WorkosTestServer } from '../support/workosServer';
import { stateFromSnapshot } from '../support/workosState';

const STAGING_KEY = 'sk_test_STAGINGKEYMARKER_1f2e';
const PRODUCTION_KEY = 'sk_test_PRODUCTIONKEYMARKER_9a8b';

function snapshot(permissions: string[], roles: Record<string, string[]>): CatalogSnapshot {
  return {
    version: 1,
    permissions: permissions.map((slug) => ({ slug, name: slug, description: null })),
    environmentRoles: Object.entries(roles).map(([slug, perms]) => ({ slug, name: slug, description: null, permissions: perms, type: 'EnvironmentRole' as const })),
    organizations: [],
  };
}

const STAGING = snapshot(['reports:view', 'reports:export'], { admin: ['reports:view', 'reports:export'] });
const PRODUCTION = snapshot(['reports:view'], { admin: ['reports:view'] });

const APP = `import { hasPermission } from './auth';
export async function page() {
  if (await hasPermission('reports:view')) {}
  if (await hasPermission('reports:export')) {}
}
`;

const tmp = mkdtempSync(join(tmpdir(), 'workos-authz-envs-'));
let server: WorkosTestServer;

before(async () => {
  server = await startWorkosServer(stateFromSnapshot(STAGING, { apiKeys: [STAGING_KEY] }), {
    environments: [stateFromSnapshot(PRODUCTION, { apiKeys: [PRODUCTION_KEY] })],
  });
});
after(async () => {
  await server.close();
  rmSync(tmp, { recursive: true, force: true });
});

let n = 0;
function project(environments: unknown, extra: Record<string, unknown> = {}): string {
  const dir = join(tmp, `p${n++}`);
  const files: Record<string, string> = {
    'src/page.ts': APP,
    'catalogs/staging.json': JSON.stringify(STAGING),
    'catalogs/production.json': JSON.stringify(PRODUCTION),
    '.vscode/settings.json': JSON.stringify({ 'workosAuthz.environments': environments, ...extra }),
  };
  for (const [rel, content] of Object.entries(files)) {
    mkdirSync(join(dir, rel, '..'), { recursive: true });
    writeFileSync(join(dir, rel), content);
  }
  return dir;
}

const FILES = [
  { name: 'staging', catalogFile: 'catalogs/staging.json' },
  { name: 'production', catalogFile: 'catalogs/production.json' },
];
const LIVE = [
  { name: 'staging', live: true },
  { name: 'production', live: true },
];

function liveEnv(keys: Record<string, string>): NodeJS.ProcessEnv {
  return { WORKOS_API_HOSTNAME: '127.0.0.1', WORKOS_API_PORT: String(server.port), WORKOS_API_HTTPS: 'false', ...keys };
}
const BOTH_KEYS = { WORKOS_API_KEY_STAGING: STAGING_KEY, WORKOS_API_KEY_PRODUCTION: PRODUCTION_KEY };

async function cli(argv: string[], cwd: string, env: NodeJS.ProcessEnv = {}): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(argv, { stdout: (s) => (out += s), stderr: (s) => (err += s), cwd, env });
  for (const marker of ['STAGINGKEYMARKER', 'PRODUCTIONKEYMARKER']) assert.ok(!(out + err).includes(marker), `a key in the output: ${out}${err}`);
  return { code, out, err };
}

describe('workos-authz check with workosAuthz.environments', () => {
  test('catalog files: the primary is the first; a slug staging has and production lacks is reported, naming both', async () => {
    const dir = project(FILES);
    const r = await cli(['check', '.'], dir);
    assert.equal(r.code, 1, r.out + r.err);
    assert.match(r.out, /^src\/page\.ts:4:28 error missing-in-environment `reports:export` exists in staging but not in production: /m);
    assert.doesNotMatch(r.out, /unknown-permission/, 'checked against staging, the first environment');
    assert.match(r.out, /^catalog: catalogs\/staging\.json \(snapshot\)/m);
    assert.match(r.out, /^environments: staging \(primary, catalogs\/staging\.json\), production \(catalogs\/production\.json\)$/m);
  });

  test('primaryEnvironment chooses the primary: the rules then run against production', async () => {
    const dir = project(FILES, { 'workosAuthz.primaryEnvironment': 'production' });
    const r = await cli(['check', '.'], dir);
    assert.match(r.out, /error unknown-permission Unknown permission `reports:export`/);
    assert.match(r.out, /error missing-in-environment `reports:export` exists in staging but not in production/);
    assert.match(r.out, /environments: staging \(catalogs\/staging\.json\), production \(primary, catalogs\/production\.json\)/);
  });

  test('--env NAME checks against that environment alone', async () => {
    const dir = project(FILES);
    const production = await cli(['check', '.', '--env', 'production'], dir);
    assert.equal(production.code, 1);
    assert.match(production.out, /error unknown-permission Unknown permission `reports:export`/);
    assert.doesNotMatch(production.out, /missing-in-environment/);
    assert.match(production.out, /^environments: production \(primary, catalogs\/production\.json\)$/m);
    const staging = await cli(['check', '.', '--env', 'staging'], dir);
    assert.equal(staging.code, 0, staging.out);
    const unknown = await cli(['check', '.', '--env', 'qa'], dir);
    assert.equal(unknown.code, 2);
    assert.match(unknown.err, /--env: no environment "qa"; workosAuthz.environments has staging, production/);
    assert.equal((await cli(['check', '.', '--env', 'staging', '--live'], dir)).code, 2);
    const none = await cli(['check', '.', '--env', 'staging'], project([]));
    assert.equal(none.code, 2);
    assert.match(none.err, /--env needs "workosAuthz.environments"/);
  });

  test('json output lists the environments and the finding', async () => {
    const r = await cli(['check', '.', '--format', 'json'], project(FILES));
    const json = JSON.parse(r.out);
    assert.deepEqual(json.environments, [
      { name: 'staging', primary: true, source: 'catalogs/staging.json', loaded: true, error: null },
      { name: 'production', primary: false, source: 'catalogs/production.json', loaded: true, error: null },
    ]);
    const f = json.findings.find((x: { rule: string }) => x.rule === 'missing-in-environment');
    assert.equal(f.slug, 'reports:export');
    assert.equal(f.evidence, 'helper');
  });

  test('live environments through the SDK, each with its own key (WORKOS_API_KEY_<NAME>)', async () => {
    const dir = project(LIVE);
    const r = await cli(['check', '.'], dir, liveEnv(BOTH_KEYS));
    assert.equal(r.code, 1, r.out + r.err);
    assert.match(r.out, /error missing-in-environment `reports:export` exists in staging but not in production/);
    assert.match(r.out, /^environments: staging \(primary, live 127\.0\.0\.1:\d+\), production \(live 127\.0\.0\.1:\d+\)$/m);
    const prod = await cli(['check', '.', '--env', 'production'], dir, liveEnv({ WORKOS_API_KEY_PRODUCTION: PRODUCTION_KEY }));
    assert.match(prod.out, /error unknown-permission Unknown permission `reports:export`/, 'only the production key is needed');
  });

  test('a file and a live environment side by side', async () => {
    const dir = project([FILES[0], LIVE[1]]);
    const r = await cli(['check', '.'], dir, liveEnv({ WORKOS_API_KEY_PRODUCTION: PRODUCTION_KEY }));
    assert.match(r.out, /missing-in-environment `reports:export` exists in staging but not in production/);
  });

  test('an environment that does not load is reported as not loaded and produces no missing-in-environment finding', async () => {
    const noKey = await cli(['check', '.'], project([FILES[0], LIVE[1]]), liveEnv({}));
    assert.equal(noKey.code, 0, noKey.out);
    assert.match(noKey.err, /warning: environment production not loaded \(WORKOS_API_KEY_PRODUCTION is not set\)/);
    assert.match(noKey.out, /^environments: staging \(primary, catalogs\/staging\.json\); not loaded: production \(WORKOS_API_KEY_PRODUCTION is not set\)$/m);
    assert.doesNotMatch(noKey.out, /missing-in-environment/);

    const badKey = await cli(['check', '.'], project([FILES[0], LIVE[1]]), liveEnv({ WORKOS_API_KEY_PRODUCTION: STAGING_KEY + 'x' }));
    assert.equal(badKey.code, 0);
    assert.match(badKey.err, /environment production not loaded \(.*(key|401|unauthorized)/i);

    const dir = project(FILES);
    writeFileSync(join(dir, 'catalogs/production.json'), '{ "version": 1, ');
    const broken = await cli(['check', '.'], dir);
    assert.equal(broken.code, 0);
    assert.match(broken.err, /environment production not loaded \(.*production\.json/);

    // The environment checked against must load: that is a catalog error, exit 2.
    const primary = await cli(['check', '.', '--env', 'production'], dir);
    assert.equal(primary.code, 2);
    assert.match(primary.err, /environment production \(the one checked against\) not loaded: .*production\.json/);
  });

  test('malformed entries are named and left out; without environments nothing changes', async () => {
    const r = await cli(['check', '.'], project([...FILES, { name: 'qa' }, { catalogFile: 'x.json' }]));
    assert.match(r.err, /workosAuthz\.environments\[2\] \(qa\) needs either "catalogFile" or "live": true/);
    assert.match(r.err, /workosAuthz\.environments\[3\] has no name/);
    assert.match(r.out, /missing-in-environment/);
    const plain = project([]);
    writeFileSync(join(plain, 'workos-catalog.json'), JSON.stringify(PRODUCTION));
    const p = await cli(['check', '.'], plain);
    assert.doesNotMatch(p.out, /environments:|missing-in-environment/);
    assert.match(p.out, /unknown-permission/);
  });

  test('the key variable: upper-cased, other characters as _', () => {
    assert.equal(environmentKeyVariable('staging'), 'WORKOS_API_KEY_STAGING');
    assert.equal(environmentKeyVariable('eu-prod.2'), 'WORKOS_API_KEY_EU_PROD_2');
  });
});

describe('workos-authz catalog diff --between', () => {
  test('files: drift exits 1 with the diff engine output, + only in the second', async () => {
    const dir = project(FILES);
    const r = await cli(['catalog', 'diff', '--between', 'staging', 'production'], dir);
    assert.equal(r.code, 1, r.err);
    assert.equal(
      r.out,
      'Drift between staging and production: 2 changes (+ only in production, - only in staging, ~ differs)\n' +
        'Permissions:\n  - reports:export\nEnvironment roles:\n  ~ admin: permissions removed: reports:export\n',
    );
    const reverse = await cli(['catalog', 'diff', '--between', 'production', 'staging', '--format', 'json'], dir);
    const json = JSON.parse(reverse.out);
    assert.deepEqual([json.between, json.drift, json.changes], [['production', 'staging'], true, 2]);
    assert.equal(json.diff.permissions.added[0].slug, 'reports:export');
  });

  test('live, through the SDK with each key; the same catalog exits 0', async () => {
    const dir = project([...LIVE, { name: 'staging-copy', catalogFile: 'catalogs/staging.json' }]);
    const r = await cli(['catalog', 'diff', '--between', 'staging', 'production'], dir, liveEnv(BOTH_KEYS));
    assert.equal(r.code, 1, r.err);
    assert.match(r.out, /^Drift between staging and production: 2 changes/);
    const same = await cli(['catalog', 'diff', '--between', 'staging-copy', 'staging'], dir, liveEnv(BOTH_KEYS));
    assert.equal(same.code, 0, same.err);
    assert.equal(same.out, 'No drift: staging-copy and staging have the same permissions and environment roles.\n');
  });

  test('errors exit 2 with a clear message', async () => {
    const dir = project(LIVE);
    const noKey = await cli(['catalog', 'diff', '--between', 'staging', 'production'], dir, liveEnv({ WORKOS_API_KEY_STAGING: STAGING_KEY }));
    assert.equal(noKey.code, 2);
    assert.equal(noKey.err, 'workos-authz: environment production not loaded: WORKOS_API_KEY_PRODUCTION is not set\n');
    const unknown = await cli(['catalog', 'diff', '--between', 'staging', 'qa'], dir);
    assert.equal(unknown.code, 2);
    assert.match(unknown.err, /no environment "qa": workosAuthz.environments has staging, production/);
    assert.equal((await cli(['catalog', 'diff', '--between', 'staging'], dir)).code, 2);
    assert.equal((await cli(['catalog', 'diff', '--between', 'staging', 'staging'], dir)).code, 2);
    const wrongKey = await cli(['catalog', 'diff', '--between', 'staging', 'production'], dir, liveEnv({ WORKOS_API_KEY_STAGING: STAGING_KEY, WORKOS_API_KEY_PRODUCTION: 'sk_test_PRODUCTIONKEYMARKER_wrong' }));
    assert.equal(wrongKey.code, 2);
    assert.match(wrongKey.err, /environment production not loaded/);
  });
});
