// Protocol tests for the live catalog: the client hands over a key, the server fetches from a
// WorkOS-compatible server on 127.0.0.1, re-checks against it, keeps the last good catalog when
// a refresh fails, and never lets the key into its output.

import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { CatalogSnapshot } from '../../server/src/core/catalog';
import type { CatalogStateResult } from '../../server/src/protocol';
import { startWorkosServer, type WorkosTestServer } from '../support/workosServer';
import { stateFromSnapshot, TEST_API_KEY } from '../support/workosState';
import { apiEndpoint, ensureBuilt, fixture, LspTestClient, makeWorkspace } from './harness';

const APP = `export const a = hasPermission(user, 'video:read');
export const b = hasPermission(user, 'report:view');
`;

describe('language server over stdio: live catalog', () => {
  let root: string;
  let storage: string;
  let api: WorkosTestServer;
  let client: LspTestClient;
  const app = () => path.join(root, 'src/app.ts');
  const flagged = async (slug: string) =>
    client.waitForDiagnostics(app(), (d) => d.length === 1 && JSON.stringify(d[0].message).includes(slug), `only ${slug} flagged`);

  before(async () => {
    ensureBuilt();
    // The file says catalog A; the WorkOS environment behind the key holds catalog B.
    root = makeWorkspace({ 'workos-catalog.json': fixture('catalog-a.json'), 'src/app.ts': APP });
    storage = fs.mkdtempSync(path.join(os.tmpdir(), 'workos-authz-storage-'));
    api = await startWorkosServer(stateFromSnapshot(JSON.parse(fixture('catalog-b.json')) as CatalogSnapshot));
    client = await LspTestClient.start({ folders: [root], initializationOptions: { api: apiEndpoint(api.url), storageDir: storage } });
    await client.indexed(1);
  });

  after(async () => {
    await client?.stop();
    await api?.close();
    if (root) fs.rmSync(root, { recursive: true, force: true });
    if (storage) fs.rmSync(storage, { recursive: true, force: true });
  });

  const state = async () => (await client.request<CatalogStateResult>('workosAuthz/catalogState', {})).folders[0];

  test('without a key the catalog file is used', async () => {
    await flagged('report:view');
    assert.equal((await state()).source, 'snapshot');
  });

  test('with a key the live catalog replaces the file and everything is re-checked', async () => {
    await client.conn.sendNotification('workosAuthz/setApiKey', { apiKey: TEST_API_KEY });
    await flagged('video:read');
    const s = await state();
    assert.equal(s.source, 'live');
    assert.equal(s.host, `127.0.0.1:${api.port}`);
    assert.equal(s.stale, false);
    assert.deepEqual(s.counts, { permissions: 2, roles: 1, organizations: 0 });
    assert.ok(s.fetchedAt && s.ageSeconds !== undefined);
    assert.ok(api.requests.some((r) => r.path === '/authorization/permissions'));
    // The last good catalog is cached under a name that does not carry the key.
    const cached = fs.readdirSync(storage);
    assert.equal(cached.length, 1);
    assert.ok(!cached[0].includes(TEST_API_KEY));
  });

  test('a failed refresh keeps the last good catalog and says why it is stale', async () => {
    api.state.apiKeys = ['sk_test_another_key'];
    const result = await client.request<CatalogStateResult>('workosAuthz/refreshCatalog', {});
    const s = result.folders[0];
    assert.equal(s.source, 'live');
    assert.equal(s.stale, true);
    assert.match(s.staleReason ?? '', /unauthorized/);
    assert.ok(!JSON.stringify(result).includes(TEST_API_KEY));
    await flagged('video:read');
  });

  test('clearing the key goes back to the catalog file', async () => {
    await client.conn.sendNotification('workosAuthz/setApiKey', { apiKey: null });
    await flagged('report:view');
    const s = await state();
    assert.equal(s.source, 'snapshot');
    assert.equal((await client.request<CatalogStateResult>('workosAuthz/catalogState', {})).hasApiKey, false);
  });

  test('a rejected key with no good catalog falls back to the file and reports the reason', async () => {
    await client.conn.sendNotification('workosAuthz/setApiKey', { apiKey: 'sk_test_wrong_key_123456' });
    const reported = await client.waitFor(() => {
      const last = client.notifications.filter((n) => n.method === 'workosAuthz/catalogStateChanged').at(-1)?.params as CatalogStateResult | undefined;
      return last?.hasApiKey && last.folders[0].staleReason?.includes('unauthorized') ? last.folders[0] : undefined;
    }, 'a stale state with the reason');
    assert.equal(reported.source, 'snapshot');
    await flagged('report:view');
  });

  test('the key never appears in the server\'s log or stderr', () => {
    const all = client.logs.join('\n') + client.stderr + JSON.stringify(client.notifications);
    assert.ok(!all.includes(TEST_API_KEY));
    assert.ok(!all.includes('sk_test_wrong_key_123456'));
  });
});
