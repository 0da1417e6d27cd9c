// The CLI against a WorkOS API that fails, end to end (the real SDK, the test server on
// 127.0.0.1, its fault switches): `check --live`, `catalog pull`, `catalog diff` and
// `checks run` each end with exit 2 and a reason a user can act on, write nothing, and never
// print the key. A recognisable canary key is driven through every path and searched for in
// stdout, stderr, JSON/SARIF output and every file in the workspace afterwards. Plain HTTP to a
// host that is not this machine is refused before any connection is made.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { main } from '../../server/src/cli';
import { catalogCommand } from '../../server/src/catalog';
import { startWorkosServer, type FaultKind, type WorkosTestServer } from '../support/workosServer';
import { ACCESS, accessState } from '../support/workosState';
import { captureIo, FAULTS, removeDir, snapshotTree, startEchoServer, tempDir, type CapturedIo } from './support';

/** Recognisable anywhere it might leak; long enough that no message contains it by chance. */
export const CANARY = 'sk_test_LEAKCANARY_7f3a9c1e5b2d4f6a8c0e';
/** A second key the server rejects: the 401 path must not echo it either. */
const BAD_CANARY = 'sk_test_LEAKCANARY_REJECTED_0b1c2d3e4f5a';

const SOURCE = "const { permissions } = await withAuth();\nif (permissions.includes('org:view')) {}\nhasRole('admin');\n";

const CHECKS_FILE = JSON.stringify(
  {
    version: 1,
    checks: [
      {
        id: 'c1',
        name: 'alice views the workspace',
        organization: { id: ACCESS.organizationId },
        membership: { id: ACCESS.memberships.alice },
        permission: 'workspace:view',
        resource: { id: ACCESS.resources.wsEngineering },
        expected: 'allow',
      },
    ],
  },
  null,
  2,
);

function assertNoKey(what: string, text: string): void {
  for (const key of [CANARY, BAD_CANARY]) {
    assert.ok(!text.includes(key), `${what} contains the API key`);
    // A key cut in half or percent-encoded is still a leak.
    assert.ok(!text.includes(key.slice(8)), `${what} contains the key's tail`);
    assert.ok(!text.includes(encodeURIComponent(key).replace(/_/g, '%5F')), `${what} contains the encoded key`);
  }
}

function assertTreeHasNoKey(dir: string): void {
  for (const [file, content] of snapshotTree(dir)) assertNoKey(file, content.toString('latin1'));
}

describe('CLI against a failing WorkOS API', () => {
  let api: WorkosTestServer;
  let dir: string;
  let oldSnapshot: string;

  const env = (key = CANARY, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv => ({
    WORKOS_API_KEY: key,
    WORKOS_API_HOSTNAME: '127.0.0.1',
    WORKOS_API_PORT: String(api.port),
    WORKOS_API_HTTPS: 'false',
    ...extra,
  });

  const run = async (argv: string[], e: NodeJS.ProcessEnv): Promise<{ code: number; io: CapturedIo }> => {
    const io = captureIo(dir, e);
    const code = await main(argv, io);
    const { stdout, stderr } = io.text();
    assertNoKey(`stdout of ${argv.join(' ')}`, stdout);
    assertNoKey(`stderr of ${argv.join(' ')}`, stderr);
    return { code, io };
  };

  before(async () => {
    api = await startWorkosServer(accessState([CANARY]));
    dir = tempDir('cli-faults');
    fs.writeFileSync(path.join(dir, 'page.ts'), SOURCE);
    // A good snapshot from the same environment: the one a failed pull must leave alone.
    const io = captureIo(dir, env());
    assert.equal(await main(['catalog', 'pull'], io), 0, io.text().stderr);
    oldSnapshot = fs.readFileSync(path.join(dir, 'workos-catalog.json'), 'utf8');
    assertNoKey('the pulled snapshot', oldSnapshot);
    fs.writeFileSync(path.join(dir, 'workos-checks.json'), CHECKS_FILE);
  });

  after(async () => {
    await api?.close();
    if (dir) removeDir(dir);
  });

  test('the happy path leaks nothing either: check --live in every format, a pull, a diff', async (t) => {
    api.setFault(null);
    // Also proves the fetch spy used below sees the SDK's requests: "no call" there means no request.
    const fetchSpy = t.mock.method(globalThis, 'fetch');
    for (const format of ['text', 'json', 'sarif']) {
      const { code, io } = await run(['check', dir, '--live', '--format', format], env());
      assert.ok(code === 0 || code === 1, `${format}: exit ${code} ${io.text().stderr}`);
      if (format !== 'text') JSON.parse(io.text().stdout);
    }
    const pulled = await run(['catalog', 'pull', '--out', 'again.json'], env());
    assert.equal(pulled.code, 0, pulled.io.text().stderr);
    const diff = await run(['catalog', 'diff', '--format', 'json'], env());
    assert.equal(diff.code, 0, diff.io.text().stderr);
    fs.rmSync(path.join(dir, 'again.json'));
    assertTreeHasNoKey(dir);
    assert.ok(fetchSpy.mock.callCount() > 0, 'the SDK did not go through globalThis.fetch');
  });


  for (const fault of FAULTS) {
    test(`fault ${fault.kind}: check --live, catalog pull and catalog diff exit 2 with a reason and write nothing`, { timeout: 120_000 }, async () => {
      api.setFault({ kind: fault.kind, retryAfterSeconds: fault.retryAfterSeconds });
      try {
        const before = snapshotTree(dir);
        for (const argv of [['check', dir, '--live'], ['check', dir, '--live', '--format', 'sarif'], ['catalog', 'pull'], ['catalog', 'diff']]) {
          const { code, io } = await run(argv, env());
          const { stdout, stderr } = io.text();
          assert.equal(code, 2, `${argv.join(' ')}: exit ${code}\n${stdout}\n${stderr}`);
          assert.match(stderr, fault.reason, `${argv.join(' ')}: ${stderr}`);
          assert.ok(!/unexpected error|\n\s+at /.test(stderr), `a reason, not a stack trace: ${stderr}`);
          if (argv[0] === 'check') assert.equal(stdout, '', 'no findings from a catalog that never arrived');
        }
        assert.deepEqual(snapshotTree(dir), before, 'a failed fetch changed files in the workspace');
        assert.equal(fs.readFileSync(path.join(dir, 'workos-catalog.json'), 'utf8'), oldSnapshot);
      } finally {
        api.setFault(null);
      }
    });
  }

  test('fault slow: a request past the timeout ends as a timeout, nothing written', { timeout: 120_000 }, async () => {
    api.setFault({ kind: 'slow', delayMs: 30_000 });
    try {
      const before = snapshotTree(dir);
      const io = captureIo(dir, env());
      // One attempt keeps this to one timeout (10 s, the CLI's default) instead of four.
      const code = await catalogCommand(['pull'], io, { fetch: { maxAttempts: 1 } });
      const { stdout, stderr } = io.text();
      assertNoKey('stdout', stdout);
      assertNoKey('stderr', stderr);
      assert.equal(code, 2, stderr);
      assert.match(stderr, /did not answer .* within \d+ ms|time/i);
      assert.deepEqual(snapshotTree(dir), before);
    } finally {
      api.setFault(null);
    }
  });

  test('a rejected key: exit 2 saying the key was refused, the key itself never shown', async () => {
    for (const argv of [['check', dir, '--live', '--format', 'json'], ['catalog', 'pull'], ['catalog', 'diff'], ['checks', 'run']]) {
      const { code, io } = await run(argv, env(BAD_CANARY));
      const { stdout, stderr } = io.text();
      // `checks run` reports a check that could not run as a failed check (exit 1, documented).
      assert.equal(code, argv[0] === 'checks' ? 1 : 2, `${argv.join(' ')}: exit ${code}\n${stdout}\n${stderr}`);
      assert.match(stdout + stderr, /unauthori[sz]ed|401|invalid|rejected|key/i);
    }
    assert.equal(fs.readFileSync(path.join(dir, 'workos-catalog.json'), 'utf8'), oldSnapshot);
    assertTreeHasNoKey(dir);
  });

  test('the write paths: catalog add, pull --format seed, generate types --live leak no key, and fail with a reason', async () => {
    api.setFault(null);
    const ok = [
      ['catalog', 'add', 'permission', 'leak:probe', '--yes'],
      ['catalog', 'pull', '--format', 'seed', '--out', 'seed-probe.yml'],
      ['generate', 'types', '--live', '--out', 'types-probe.ts'],
    ];
    for (const argv of ok) {
      const { code, io } = await run(argv, env());
      assert.equal(code, 0, `${argv.join(' ')}: ${io.text().stderr}`);
    }
    assertTreeHasNoKey(dir);
    fs.rmSync(path.join(dir, 'seed-probe.yml'));
    fs.rmSync(path.join(dir, 'types-probe.ts'));
    const rejected = await run(['catalog', 'add', 'role', 'leak-probe', '--yes'], env(BAD_CANARY));
    assert.equal(rejected.code, 2);
    assert.match(rejected.io.text().stderr, /rejected the API key/);
    api.setFault({ kind: '500' });
    try {
      const failed = await run(['catalog', 'add', 'role', 'leak-probe', '--yes'], env());
      assert.equal(failed.code, 2);
      assert.match(failed.io.text().stderr, /HTTP 500/);
      assert.ok(!/\n\s+at /.test(failed.io.text().stderr));
    } finally {
      api.setFault(null);
    }
  });

  test('nothing listening on the port: a network reason, exit 2', async () => {
    const closed = await startWorkosServer(accessState([CANARY]));
    const port = closed.port;
    await closed.close();
    for (const argv of [['check', dir, '--live'], ['catalog', 'pull'], ['checks', 'run']]) {
      const { code, io } = await run(argv, env(CANARY, { WORKOS_API_PORT: String(port) }));
      assert.equal(code, argv[0] === 'checks' ? 1 : 2, `${argv.join(' ')}: ${io.text().stderr}`);
      assert.match(io.text().stdout + io.text().stderr, /network|connect|reach|refused/i);
    }
    assert.equal(fs.readFileSync(path.join(dir, 'workos-catalog.json'), 'utf8'), oldSnapshot);
  });

  test('access checks: a fault mid-run fails the check with a reason, the key never shown', async () => {
    for (const kind of ['500', 'reset', 'malformed'] as FaultKind[]) {
      api.setFault({ kind });
      try {
        const { code, io } = await run(['checks', 'run', '--json'], env());
        // A check that could not run is a failed check: exit 1, with the reason in the result.
        assert.equal(code, 1, `${kind}: exit ${code}\n${io.text().stdout}\n${io.text().stderr}`);
        const out = JSON.parse(io.text().stdout);
        assert.ok(JSON.stringify(out.results).length > 0);
      } finally {
        api.setFault(null);
      }
    }
    assertTreeHasNoKey(dir);
  });
});

describe('where the key may go', () => {
  let dir: string;
  before(() => {
    dir = tempDir('cli-hosts');
    fs.writeFileSync(path.join(dir, 'page.ts'), SOURCE);
    fs.writeFileSync(path.join(dir, 'workos-checks.json'), CHECKS_FILE);
  });
  after(() => removeDir(dir));

  const REMOTE = ['api.workos.com', 'example.com', '10.0.0.1', '192.168.1.10', '127.0.0.1.nip.io', 'localhost.evil.example', '[2001:db8::1]'];

  for (const host of REMOTE) {
    test(`plain HTTP to ${host} is refused before any connection`, async (t) => {
      const fetchSpy = t.mock.method(globalThis, 'fetch');
      for (const argv of [['check', dir, '--live'], ['catalog', 'pull'], ['catalog', 'diff', '--catalog', 'none.json'], ['checks', 'run']]) {
        const io = captureIo(dir, { WORKOS_API_KEY: CANARY, WORKOS_API_HOSTNAME: host, WORKOS_API_HTTPS: 'false' });
        const code = await main(argv, io);
        const { stdout, stderr } = io.text();
        assert.equal(code, 2, `${argv.join(' ')}: exit ${code}\n${stdout}\n${stderr}`);
        assertNoKey('stderr', stderr);
        assertNoKey('stdout', stdout);
        if (argv[1] !== 'diff') assert.match(stdout + stderr, /plain HTTP|not a host name|http/i, `${argv.join(' ')}: ${stderr}`);
      }
      assert.equal(fetchSpy.mock.callCount(), 0, 'a request was attempted');
      assert.deepEqual([...snapshotTree(dir).keys()].sort(), ['page.ts', 'workos-checks.json']);
    });
  }

  test('a hostname smuggling a path, a user or a scheme is refused', async (t) => {
    const fetchSpy = t.mock.method(globalThis, 'fetch');
    for (const host of ['evil.example/@127.0.0.1', 'user@127.0.0.1', 'http://127.0.0.1', '127.0.0.1#x', '127.0.0.1 evil']) {
      const io = captureIo(dir, { WORKOS_API_KEY: CANARY, WORKOS_API_HOSTNAME: host, WORKOS_API_HTTPS: 'false', WORKOS_API_PORT: '9' });
      assert.equal(await main(['catalog', 'pull'], io), 2, host);
      assertNoKey('stderr', io.text().stderr);
    }
    assert.equal(fetchSpy.mock.callCount(), 0);
  });

  test('no key: exit 2 telling where to put one; nothing fetched', async (t) => {
    const fetchSpy = t.mock.method(globalThis, 'fetch');
    for (const argv of [['check', dir, '--live'], ['catalog', 'pull']]) {
      const io = captureIo(dir, {});
      assert.equal(await main(argv, io), 2);
      assert.match(io.text().stderr, /WORKOS_API_KEY/);
    }
    assert.equal(fetchSpy.mock.callCount(), 0);
  });
});

describe('an API that echoes the key back', () => {
  let dir: string;
  before(() => {
    dir = tempDir('cli-echo');
    fs.writeFileSync(path.join(dir, 'page.ts'), SOURCE);
    fs.writeFileSync(path.join(dir, 'workos-checks.json'), CHECKS_FILE);
  });
  after(() => removeDir(dir));

  for (const mode of [{ status: 400 }, { status: 401 }, { status: 403 }, { status: 404 }, { status: 422 }, { status: 500 }, { status: 200, malformed: true }]) {
    test(`status ${mode.status}${mode.malformed ? ' with a malformed body' : ''}: no command prints or writes the key`, { timeout: 60_000 }, async () => {
      const echo = await startEchoServer(mode);
      try {
        for (const argv of [['check', dir, '--live', '--format', 'sarif'], ['check', dir, '--live', '--format', 'json'], ['catalog', 'pull'], ['catalog', 'diff', '--catalog', 'page.ts']]) {
          const io = captureIo(dir, { WORKOS_API_KEY: CANARY, WORKOS_API_HOSTNAME: '127.0.0.1', WORKOS_API_PORT: String(echo.port), WORKOS_API_HTTPS: 'false' });
          const code = await main(argv, io);
          const { stdout, stderr } = io.text();
          assertNoKey(`stdout of ${argv.join(' ')}`, stdout);
          assertNoKey(`stderr of ${argv.join(' ')}`, stderr);
          // A failed API call (and page.ts, which is no catalog file) is exit 2, never the findings' 1.
          assert.equal(code, 2, `${argv.join(' ')}: exit ${code}\n${stderr}`);
        }
        assert.ok(echo.hits() > 0, 'the commands reached the echo server');
        assertTreeHasNoKey(dir);
      } finally {
        await echo.close();
      }
    });
  }

  test('named environments: each environment\'s key (WORKOS_API_KEY_<NAME>) quoted back is never printed', { timeout: 120_000 }, async () => {
    const envDir = tempDir('cli-echo-environments');
    try {
      fs.writeFileSync(path.join(envDir, 'page.ts'), SOURCE);
      fs.writeFileSync(path.join(envDir, 'staging.json'), JSON.stringify({ version: 1, permissions: [], environmentRoles: [], organizations: [] }));
      fs.mkdirSync(path.join(envDir, '.vscode'));
      const settings = (environments: unknown[]) =>
        fs.writeFileSync(path.join(envDir, '.vscode', 'settings.json'), JSON.stringify({ 'workosAuthz.environments': environments }));
      for (const mode of [{ status: 401 }, { status: 500 }, { status: 200, malformed: true }]) {
        const echo = await startEchoServer(mode);
        try {
          const env = { WORKOS_API_KEY_STAGING: CANARY, WORKOS_API_KEY_PRODUCTION: BAD_CANARY, WORKOS_API_HOSTNAME: '127.0.0.1', WORKOS_API_PORT: String(echo.port), WORKOS_API_HTTPS: 'false' };
          const runs: { argv: string[]; environments: unknown[]; code: number; stderr: RegExp }[] = [
            // A file primary and a live environment that fails: checked (its findings exit 1), the failure named.
            { argv: ['check', '.', '--format', 'json'], environments: [{ name: 'staging', catalogFile: 'staging.json' }, { name: 'production', live: true }], code: 1, stderr: /environment production not loaded/ },
            { argv: ['check', '.'], environments: [{ name: 'staging', live: true }, { name: 'production', live: true }], code: 2, stderr: /environment staging \(the one checked against\) not loaded/ },
            { argv: ['check', '.', '--env', 'production', '--format', 'sarif'], environments: [{ name: 'staging', live: true }, { name: 'production', live: true }], code: 2, stderr: /environment production/ },
            { argv: ['catalog', 'diff', '--between', 'staging', 'production'], environments: [{ name: 'staging', live: true }, { name: 'production', live: true }], code: 2, stderr: /environment staging not loaded/ },
          ];
          for (const r of runs) {
            settings(r.environments);
            const io = captureIo(envDir, env);
            const code = await main(r.argv, io);
            const { stdout, stderr } = io.text();
            assertNoKey(`stdout of ${r.argv.join(' ')}`, stdout);
            assertNoKey(`stderr of ${r.argv.join(' ')}`, stderr);
            assert.equal(code, r.code, `${r.argv.join(' ')} (status ${mode.status}): exit ${code}\n${stderr}`);
            assert.match(stderr, r.stderr);
          }
          assert.ok(echo.hits() > 0, 'the commands reached the echo server');
          assertTreeHasNoKey(envDir);
        } finally {
          await echo.close();
        }
      }
    } finally {
      removeDir(envDir);
    }
  });

  test('checks run: an error answer quoting the key is not printed with it (text and --json)', { timeout: 60_000 }, async () => {
    const echo = await startEchoServer({ status: 400 });
    try {
      for (const argv of [['checks', 'run'], ['checks', 'run', '--json']]) {
        const io = captureIo(dir, { WORKOS_API_KEY: CANARY, WORKOS_API_HOSTNAME: '127.0.0.1', WORKOS_API_PORT: String(echo.port), WORKOS_API_HTTPS: 'false' });
        const code = await main(argv, io);
        const { stdout, stderr } = io.text();
        assert.equal(code, 1, `${argv.join(' ')}: exit ${code}`);
        assert.match(stdout, /400/, 'the failure is still reported');
        assertNoKey(`stdout of ${argv.join(' ')}`, stdout);
        assertNoKey(`stderr of ${argv.join(' ')}`, stderr);
      }
    } finally {
      await echo.close();
    }
  });
});
