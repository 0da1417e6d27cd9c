import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startWorkosServer, type WorkosTestServer } from '../support/workosServer';
import { stateFromSnapshot } from '../support/workosState';
import { main } from '../../server/src/cli';
import { parseCatalogText } from '../../server/src/catalog';

const KEY = 'sk_test_PULLCHECKMARKER_1c';
const EXAMPLE = join(__dirname, '..', '..', 'examples', 'acme-app');

// The example's committed snapshot, served as if it were live WorkOS.
describe('catalog pull then check = check --live', () => {
  let server: WorkosTestServer;
  let dir: string;
  let env: NodeJS.ProcessEnv;

  before(async () => {
    const snapshot = parseCatalogText(readFileSync(join(EXAMPLE, 'workos-catalog.json'), 'utf8'), 'workos-catalog.json');
    server = await startWorkosServer(stateFromSnapshot(snapshot, { apiKeys: [KEY] }));
    dir = mkdtempSync(join(tmpdir(), 'catalog-pullcheck-'));
    cpSync(EXAMPLE, join(dir, 'app'), { recursive: true, filter: (src) => !src.endsWith('workos-catalog.json') });
    env = { WORKOS_API_KEY: KEY, WORKOS_API_HOSTNAME: '127.0.0.1', WORKOS_API_PORT: String(server.port), WORKOS_API_HTTPS: 'false' };
  });
  after(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const run = async (argv: string[]) => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await main(argv, { stdout: (s) => out.push(s), stderr: (s) => err.push(s), cwd: dir, env });
    const text = out.join('') + err.join('');
    assert.ok(!text.includes('PULLCHECKMARKER'), 'key in output');
    return { code, out: out.join(''), err: err.join('') };
  };

  test('same findings from the pulled snapshot as from the live API', async () => {
    const pulled = await run(['catalog', 'pull', '--out', 'app/workos-catalog.json']);
    assert.equal(pulled.code, 0, pulled.err);

    const fromFile = await run(['check', 'app', '--format', 'json']);
    const live = await run(['check', 'app', '--live', '--format', 'json']);
    assert.equal(live.code, fromFile.code, live.err);
    const a = JSON.parse(fromFile.out);
    const b = JSON.parse(live.out);
    assert.ok(a.findings.length > 0, 'the example has findings');
    assert.deepEqual(b.findings, a.findings);
    assert.deepEqual(b.occurrences, a.occurrences);
    assert.equal(b.catalog.permissions, a.catalog.permissions);
    assert.equal(b.catalog.roles, a.catalog.roles);

    const diff = await run(['catalog', 'diff', '--catalog', 'app/workos-catalog.json']);
    assert.equal(diff.code, 0, diff.out + diff.err);
  });
});
