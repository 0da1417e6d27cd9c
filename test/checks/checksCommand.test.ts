// `workos-authz checks run` as CI runs it: a checks file, a key and host in the environment, an exit code.

import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checksCommand } from '../../server/src/checks/checksCommand';
import { serializeChecksFile, type SavedCheck } from '../../server/src/checks/checksFile';
import { startWorkosServer, type WorkosTestServer } from '../support/workosServer';
import { ACCESS, accessState, TEST_API_KEY } from '../support/workosState';

let server: WorkosTestServer;
let dir: string;

before(async () => {
  server = await startWorkosServer(accessState());
  dir = mkdtempSync(join(tmpdir(), 'checks-cli-'));
});
after(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

const org = { id: ACCESS.organizationId, name: 'Acme Inc.' };
const aliceEdits: SavedCheck = {
  id: 'chk_alice',
  organization: org,
  membership: { email: 'alice@acme.test' },
  permission: 'workspace:edit',
  resource: { typeSlug: 'workspace', externalId: 'ws-engineering', name: 'Engineering' },
  expected: 'allow',
};
const bobEdits: SavedCheck = {
  id: 'chk_bob',
  organization: org,
  membership: { email: 'bob@acme.test' },
  permission: 'project:edit',
  resource: { typeSlug: 'project', externalId: 'proj-web', name: 'Web' },
  expected: 'deny',
};

async function run(checks: SavedCheck[] | null, args: string[] = [], env: NodeJS.ProcessEnv = {}) {
  const file = join(dir, 'workos-checks.json');
  if (checks) writeFileSync(file, serializeChecksFile({ version: 1, checks }));
  else rmSync(file, { force: true });
  let out = '';
  let err = '';
  const code = await checksCommand(['run', ...args], {
    stdout: { write: (s: string) => (out += s) },
    stderr: { write: (s: string) => (err += s) },
    cwd: dir,
    env: { WORKOS_API_KEY: TEST_API_KEY, WORKOS_API_HOSTNAME: '127.0.0.1', WORKOS_API_PORT: String(server.port), WORKOS_API_HTTPS: 'false', ...env },
  });
  return { code, out, err };
}

describe('checks run', () => {
  test('exits 0 when every expectation holds and shows each answer with the roles behind it', async () => {
    const { code, out, err } = await run([aliceEdits, bobEdits]);
    assert.equal(err, '');
    assert.equal(code, 0);
    assert.match(out, /^ok {3}✓ allow {2}alice@acme\.test · workspace:edit · workspace Engineering \(expected allow\)/m);
    assert.match(out, /^ok {3}✗ deny {3}bob@acme\.test · project:edit · project Web \(expected deny\)/m);
    assert.match(out, /· workspace-admin on Workspace: Engineering, from the Engineering group/);
    assert.match(out, /· project-viewer on Project: Web, assigned directly/);
    assert.match(out, /2 checks, 2 with an expected result, 0 failed/);
  });

  test('exits 1 on a mismatch and says what was expected', async () => {
    const { code, out } = await run([aliceEdits, { ...bobEdits, expected: 'allow' }]);
    assert.equal(code, 1);
    assert.match(out, /^FAIL ✗ deny {3}bob@acme\.test/m);
    assert.match(out, /expected allow, got deny: bob@acme\.test has no role granting project:edit on Project: Web/);
    assert.match(out, /1 failed/);
  });

  test('a check without an expectation reports its answer and does not fail the run', async () => {
    const { code } = await run([{ ...bobEdits, expected: undefined }]);
    assert.equal(code, 0);
  });

  test('exits 1 when a check cannot run (a rejected key) and never prints the key', async () => {
    const key = 'sk_test_not_the_right_one_42';
    const { code, out, err } = await run([aliceEdits], [], { WORKOS_API_KEY: key });
    assert.equal(code, 1);
    assert.match(out, /unauthorized \(401\)/);
    assert.ok(!out.includes(key) && !err.includes(key));
  });

  test('--file and --json: machine-readable results from another file', async () => {
    writeFileSync(join(dir, 'other.json'), serializeChecksFile({ version: 1, checks: [aliceEdits] }));
    const { code, out } = await run(null, ['--file', 'other.json', '--json']);
    assert.equal(code, 0);
    const parsed = JSON.parse(out) as { results: { checkId: string; outcome: string }[] };
    assert.deepEqual(parsed.results.map((r) => [r.checkId, r.outcome]), [['chk_alice', 'allowed']]);
  });

  test('exits 2 with a reason for set-up problems: no key, no file, a bad file, a bad option', async () => {
    const noKey = await run([aliceEdits], [], { WORKOS_API_KEY: '' });
    assert.equal(noKey.code, 2);
    assert.match(noKey.err, /WORKOS_API_KEY is not set/);
    const noFile = await run(null);
    assert.equal(noFile.code, 2);
    assert.match(noFile.err, /no checks file at .*workos-checks\.json/);
    writeFileSync(join(dir, 'bad.json'), '{"version":1,"checks":[{"id":"x"}]}');
    const badFile = await run(null, ['--file', 'bad.json']);
    assert.equal(badFile.code, 2);
    assert.match(badFile.err, /checks\[0\]\.organization must be an object/);
    const badOpt = await run([aliceEdits], ['--nope']);
    assert.equal(badOpt.code, 2);
    assert.match(badOpt.err, /unknown option --nope/);
  });
});
