// The language server (the bundled dist/server.js over stdio) with a canary API key and a WorkOS
// API that fails in every way the test server can: each failed refresh keeps the last good
// catalog, says why it is stale, and keeps publishing diagnostics; a workspace setting never
// redirects the key to another host; and the key never appears in anything the server sends
// (every byte of its stdout is searched), its stderr, its cache files or the workspace.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { CatalogStateResult, FolderCatalogState } from '../../server/src/protocol';
import { startWorkosServer, type WorkosTestServer } from '../support/workosServer';
import { accessState } from '../support/workosState';
import { apiEndpoint, ensureBuilt, LspTestClient, makeWorkspace } from '../lsp/harness';
import { FAULTS, removeDir, ROOT, snapshotTree, startEchoServer } from './support';

const CANARY = 'sk_test_LEAKCANARY_5e1d7c3b9a2f4e6d8c0b';
const BAD_CANARY = 'sk_test_LEAKCANARY_REJECTED_9d8c7b6a5f4e';
// Not shaped like a WorkOS key, so only exact-value redaction (not a pattern) can hide it.
const ODD_CANARY = 'LEAKCANARY-odd-shaped-key-31415926';

const CATALOG_FILE = fs.readFileSync(path.join(ROOT, 'examples', 'acme-app', 'workos-catalog.json'), 'utf8');
// `members:invite` exists in the live environment only; `nope:never` nowhere.
const APP = "export const a = hasPermission(user, 'members:invite');\nexport const b = hasPermission(user, 'nope:never');\n";

function leaks(text: string): string[] {
  return [CANARY, BAD_CANARY, ODD_CANARY].flatMap((k) => [k, k.slice(10)]).filter((k) => text.includes(k));
}

describe('language server: API faults, the key, the host', () => {
  let api: WorkosTestServer;
  let attacker: WorkosTestServer;
  let root: string;
  let storage: string;
  let client: LspTestClient;
  let wire = '';
  const app = () => path.join(root, 'src', 'app.ts');

  const state = async (): Promise<FolderCatalogState> => (await client.request<CatalogStateResult>('workosAuthz/catalogState', {})).folders[0];
  const refresh = async (): Promise<FolderCatalogState> => (await client.request<CatalogStateResult>('workosAuthz/refreshCatalog', {})).folders[0];

  before(async () => {
    ensureBuilt();
    api = await startWorkosServer(accessState([CANARY, ODD_CANARY]));
    // Same data, another port: stands in for a host a hostile workspace would like the key sent to.
    attacker = await startWorkosServer(accessState([CANARY, ODD_CANARY]));
    const hostile = { 'workosAuthz.api.host': '127.0.0.1', 'workosAuthz.api.port': attacker.port, 'workosAuthz.api.https': false, 'workosAuthz.apiUrl': attacker.url };
    root = makeWorkspace({
      'workos-catalog.json': CATALOG_FILE,
      'src/app.ts': APP,
      '.vscode/settings.json': JSON.stringify(hostile, null, 2),
    });
    storage = fs.mkdtempSync(path.join(os.tmpdir(), 'workos-authz-robust-storage-'));
    // The folder's `workspace/configuration` answer tries the same redirection.
    const settings = new Map<string, Record<string, unknown>>([[root, { apiUrl: attacker.url, api: { host: '127.0.0.1', port: attacker.port, https: false }, ...hostile }]]);
    client = await LspTestClient.start({ folders: [root], settings, initializationOptions: { api: apiEndpoint(api.url), storageDir: storage } });
    // Every byte the server sends from here on, whatever the message.
    client.proc.stdout!.on('data', (d: Buffer) => (wire += d.toString('utf8')));
    await client.indexed(1);
  });

  after(async () => {
    await client?.stop();
    await api?.close();
    await attacker?.close();
    if (root) removeDir(root);
    if (storage) removeDir(storage);
  });

  test('with the key, the live catalog from the user-level host is used', async () => {
    await client.conn.sendNotification('workosAuthz/setApiKey', { apiKey: CANARY });
    const s = await client.waitFor(async () => {
      const st = await state();
      return st.source === 'live' && !st.stale ? st : undefined;
    }, 'the live catalog');
    assert.equal(s.host, `127.0.0.1:${api.port}`);
    await client.waitForDiagnostics(app(), (d) => d.length === 1 && JSON.stringify(d[0].message).includes('nope:never'), 'only nope:never flagged');
    assert.ok(api.requests.length > 0);
  });


  for (const fault of FAULTS) {
    test(`fault ${fault.kind}: the last good catalog stays, stale with a reason, diagnostics unchanged`, { timeout: 60_000 }, async () => {
      const good = await state();
      api.setFault({ kind: fault.kind, retryAfterSeconds: fault.retryAfterSeconds });
      let s: FolderCatalogState;
      try {
        s = await refresh();
      } finally {
        api.setFault(null);
      }
      assert.equal(s.source, 'live', JSON.stringify(s));
      assert.equal(s.stale, true, JSON.stringify(s));
      assert.match(s.staleReason ?? '', fault.reason);
      assert.deepEqual(s.counts, good.counts);
      // Still checking against the live catalog: workspace:view is known, nope:never is not.
      await client.waitForDiagnostics(app(), (d) => d.length === 1 && JSON.stringify(d[0].message).includes('nope:never'), 'diagnostics from the last good catalog');
      // A good refresh clears the staleness again.
      const fresh = await refresh();
      assert.equal(fresh.stale, false, JSON.stringify(fresh));
    });
  }

  test('the user-level request timeout (workosAuthz.api.timeoutMs) is the live fetch\'s', { timeout: 60_000 }, async () => {
    api.setFault({ kind: 'slow', delayMs: 4000 });
    try {
      await client.conn.sendNotification('workosAuthz/setApiKey', { apiKey: CANARY, api: { ...apiEndpoint(api.url), timeoutMs: 1000 } });
      const s = await client.waitFor(async () => {
        const st = await state();
        return st.stale && /within/.test(st.staleReason ?? '') ? st : undefined;
      }, 'a timed-out fetch');
      assert.match(s.staleReason!, /did not answer .* within 1000 ms/);
    } finally {
      api.setFault(null);
    }
    await client.conn.sendNotification('workosAuthz/setApiKey', { apiKey: CANARY, api: apiEndpoint(api.url) });
    await client.waitFor(async () => ((await state()).stale ? undefined : true), 'fresh again with the default timeout');
  });

  test('a workspace setting never redirects the key', async () => {
    await client.conn.sendNotification('workspace/didChangeConfiguration', { settings: { workosAuthz: { apiUrl: attacker.url, api: { host: '127.0.0.1', port: attacker.port, https: false } } } });
    await refresh();
    await client.request('workosAuthz/catalog', {});
    assert.equal(attacker.requests.length, 0, `the attacker got ${attacker.requests.length} requests`);
    assert.equal((await state()).host, `127.0.0.1:${api.port}`);
  });

  test('a rejected key: stale with the reason, the key never echoed', { timeout: 30_000 }, async () => {
    await client.conn.sendNotification('workosAuthz/setApiKey', { apiKey: BAD_CANARY });
    const s = await client.waitFor(async () => {
      const st = await state();
      return st.staleReason && /unauthori[sz]ed|401|rejected/i.test(st.staleReason) ? st : undefined;
    }, 'the unauthorized reason');
    assert.ok(s.stale);
  });

  test('a key of any shape is redacted from errors (exact-value redaction, not only sk_ patterns)', { timeout: 30_000 }, async () => {
    await client.conn.sendNotification('workosAuthz/setApiKey', { apiKey: ODD_CANARY });
    await client.waitFor(async () => {
      const st = await state();
      return st.source === 'live' && !st.stale ? st : undefined;
    }, 'the live catalog with the odd key');
    api.setFault({ kind: '500' });
    try {
      await refresh();
    } finally {
      api.setFault(null);
    }
  });

  test('plain HTTP to a remote host is refused without a request', { timeout: 30_000 }, async () => {
    const before = api.requests.length + attacker.requests.length;
    await client.conn.sendNotification('workosAuthz/setApiKey', { apiKey: CANARY, api: apiEndpoint('http://10.255.255.1:9') });
    const s = await client.waitFor(async () => {
      const st = await state();
      return st.staleReason && /plain HTTP|http/i.test(st.staleReason) && !/fetching/i.test(st.staleReason) ? st : undefined;
    }, 'the plain-HTTP refusal');
    assert.match(s.staleReason!, /plain HTTP/i);
    assert.equal(api.requests.length + attacker.requests.length, before);
    // Back to the real host for whatever runs next.
    await client.conn.sendNotification('workosAuthz/setApiKey', { apiKey: CANARY, api: apiEndpoint(api.url) });
  });

  test('an API answering with the key quoted in its errors: reported, never echoed', { timeout: 60_000 }, async () => {
    for (const mode of [{ status: 400 }, { status: 403 }, { status: 200, malformed: true }]) {
      const echo = await startEchoServer(mode);
      try {
        for (const key of [CANARY, ODD_CANARY]) {
          await client.conn.sendNotification('workosAuthz/setApiKey', { apiKey: key, api: apiEndpoint(`http://127.0.0.1:${echo.port}`) });
          await client.waitFor(async () => ((await state()).staleReason?.includes(`127.0.0.1:${echo.port}`) ? true : undefined), `the failure against the echo server (${mode.status})`);
          await refresh();
        }
        assert.ok(echo.hits() > 0);
      } finally {
        await echo.close();
      }
    }
    await client.conn.sendNotification('workosAuthz/setApiKey', { apiKey: CANARY, api: apiEndpoint(api.url) });
    await client.waitFor(async () => ((await state()).source === 'live' ? true : undefined), 'back on the real API');
  });

  test('after all of that: the key is nowhere in what the server sent, logged or wrote', async () => {
    await client.request('workosAuthz/catalog', {});
    await client.request('workosAuthz/catalogState', {});
    assert.ok(wire.length > 1000, 'the stdout tap saw the traffic');
    assert.deepEqual(leaks(wire), [], 'LSP messages from the server');
    assert.deepEqual(leaks(client.logs.join('\n')), [], 'window/logMessage');
    assert.deepEqual(leaks(client.stderr), [], 'stderr');
    assert.deepEqual(leaks(JSON.stringify(client.notifications)), [], 'notifications');
    // The cache of the live catalog was written: its absence would make the next check vacuous.
    assert.ok(snapshotTree(storage).size > 0, 'no cache file in the storage folder');
    for (const [name, content] of [...snapshotTree(storage), ...snapshotTree(root)]) {
      assert.deepEqual(leaks(content.toString('latin1')), [], name);
    }
  });
});
