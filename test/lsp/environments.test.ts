// Named environments over the protocol: staging from a catalog file, production live with its own
// key (handed over as the editor does from its secret storage) from a WorkOS-compatible server,
// `missing-in-environment` diagnostics, hover listing each environment, the state per environment,
// the Catalog view of one environment and the difference, and no key in any output.

import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Hover } from 'vscode-languageserver-protocol';
import type { CatalogSnapshot } from '../../server/src/core/catalog';
import type { CatalogResult, CatalogStateResult, EnvironmentDiffResult } from '../../server/src/protocol';
import { startWorkosServer, type WorkosTestServer } from '../support/workosServer';
import { stateFromSnapshot } from '../support/workosState';
import { apiEndpoint, ensureBuilt, LspTestClient, makeWorkspace, positionOf, uriOf, writeFile } from './harness';

const PRODUCTION_KEY = 'sk_test_LSPPRODKEYMARKER_7c1d';
const QA_KEY = 'sk_test_LSPQAKEYMARKER_5e6f';

function snapshot(permissions: string[]): CatalogSnapshot {
  return {
    version: 1,
    permissions: permissions.map((slug) => ({ slug, name: slug, description: null })),
    environmentRoles: [{ slug: 'admin', name: 'Admin', description: null, permissions, type: 'EnvironmentRole' }],
    organizations: [],
  };
}

const APP = `export async function page() {
  if (await hasPermission('reports:view')) {}
  if (await hasPermission('reports:export')) {}
  const config = { requiredPermission: 'reports:export' };
  if (await hasPermission('reports:vew')) {}
}
`;

describe('language server over stdio: named environments', () => {
  let root: string;
  let api: WorkosTestServer;
  let client: LspTestClient;
  const app = () => path.join(root, 'src/app.ts');
  const settings = new Map<string, Record<string, unknown>>();
  const state = async () => (await client.request<CatalogStateResult>('workosAuthz/catalogState', {})).folders[0];
  const missing = () => (client.diagnostics.get(uriOf(app())) ?? []).filter((d) => d.code === 'missing-in-environment');
  const noKeys = (text: string) => {
    for (const marker of ['LSPPRODKEYMARKER', 'LSPQAKEYMARKER']) assert.ok(!text.includes(marker), `a key in: ${text.slice(0, 500)}`);
  };

  before(async () => {
    ensureBuilt();
    root = makeWorkspace({
      'catalogs/staging.json': JSON.stringify(snapshot(['reports:view', 'reports:export'])),
      'src/app.ts': APP,
    });
    api = await startWorkosServer(stateFromSnapshot(snapshot(['reports:view']), { apiKeys: [PRODUCTION_KEY] }), {
      environments: [stateFromSnapshot(snapshot(['reports:view', 'reports:export']), { apiKeys: [QA_KEY] })],
    });
    settings.set(root, {
      environments: [
        { name: 'staging', catalogFile: 'catalogs/staging.json' },
        { name: 'production', live: true },
      ],
    });
    client = await LspTestClient.start({ folders: [root], settings, initializationOptions: { api: apiEndpoint(api.url) } });
    await client.indexed(1);
  });

  after(async () => {
    if (client) noKeys(client.logs.join('\n') + client.stderr + JSON.stringify(client.notifications));
    await client?.stop();
    await api?.close();
    if (root) fs.rmSync(root, { recursive: true, force: true });
  });

  test('before production has a key: checked against staging, production not loaded, no missing-in-environment', async () => {
    const s = await state();
    assert.equal(s.source, 'snapshot');
    assert.equal(s.path, path.join(root, 'catalogs/staging.json'));
    assert.deepEqual(
      s.environments?.map((e) => [e.name, e.primary, e.loaded, e.live]),
      [
        ['staging', true, true, false],
        ['production', false, false, true],
      ],
    );
    assert.match(s.environments?.[1].error ?? '', /no API key set for this environment/);
    const diags = await client.waitForDiagnostics(app(), (d) => d.length > 0, 'diagnostics for app.ts');
    assert.deepEqual(diags.map((d) => d.code), ['unknown-permission'], 'the typo only');
  });

  test('with the production key: the slug staging has and production lacks is flagged at the check, not at the name-only place', async () => {
    await client.conn.sendNotification('workosAuthz/setEnvironmentApiKey', { environment: 'production', apiKey: PRODUCTION_KEY });
    const diags = await client.waitForDiagnostics(app(), (d) => d.some((x) => x.code === 'missing-in-environment'), 'missing-in-environment');
    const found = diags.filter((d) => d.code === 'missing-in-environment');
    assert.equal(found.length, 1);
    assert.equal(found[0].range.start.line, 2);
    assert.match(String(found[0].message), /^`reports:export` exists in staging but not in production/);
    assert.equal(found[0].severity, 1);
    const s = await state();
    assert.deepEqual(
      s.environments?.map((e) => [e.name, e.loaded, e.hasKey ?? null, e.counts?.permissions ?? null]),
      [
        ['staging', true, null, 2],
        ['production', true, true, 1],
      ],
    );
    assert.equal(s.environments?.[1].host, `127.0.0.1:${api.port}`);
    noKeys(JSON.stringify(s));
  });

  test('hover lists each environment and its answer', async () => {
    await client.open(app(), APP);
    const hover = await client.request<Hover>('textDocument/hover', { textDocument: { uri: uriOf(app()) }, position: positionOf(APP, 'reports:export', 3) });
    const md = (hover.contents as { value: string }).value;
    assert.match(md, /\*\*Environments\*\*\n- staging: ✓ has `reports:export`\n- production: ✗ no such permission/);
    assert.match(md, /missing-in-environment\*\* \(error\): `reports:export` exists in staging but not in production/);
  });

  test('the Catalog view shows one environment or the difference', async () => {
    const production = await client.request<CatalogResult>('workosAuthz/catalog', { environment: 'production' });
    assert.equal(production.folders[0].environment, 'production');
    assert.deepEqual(production.folders[0].permissions.map((p) => p.slug), ['reports:view']);
    const primary = await client.request<CatalogResult>('workosAuthz/catalog', {});
    assert.deepEqual(primary.folders[0].permissions.map((p) => p.slug).sort(), ['reports:export', 'reports:view']);
    const diff = await client.request<EnvironmentDiffResult>('workosAuthz/environmentDiff', { from: 'staging', to: 'production' });
    assert.ok(diff.ok);
    assert.equal(diff.changes, 2);
    assert.deepEqual(diff.diff.permissions.removed.map((p) => p.slug), ['reports:export']);
    assert.match(diff.text, /^Permissions:\n {2}- reports:export\n/);
    const bad = await client.request<EnvironmentDiffResult>('workosAuthz/environmentDiff', { from: 'staging', to: 'qa' });
    assert.equal(bad.ok, false);
  });

  test('primaryEnvironment: the rules run against production; a broken staging file keeps its last good catalog', async () => {
    settings.set(root, { ...settings.get(root), primaryEnvironment: 'production' });
    await client.conn.sendNotification('workspace/didChangeConfiguration', { settings: {} });
    const diags = await client.waitForDiagnostics(app(), (d) => d.some((x) => x.code === 'unknown-permission' && String(x.message).includes('`reports:export`')), 'unknown-permission against production');
    assert.ok(diags.some((d) => d.code === 'missing-in-environment'));
    const s = await state();
    assert.equal(s.source, 'live');
    assert.equal(s.host, `127.0.0.1:${api.port}`);

    writeFile(root, 'catalogs/staging.json', '{ "version": 1,');
    await client.request('workosAuthz/refreshCatalog', {});
    const after = await state();
    const staging = after.environments?.find((e) => e.name === 'staging');
    assert.equal(staging?.loaded, true, 'the last good catalog stays in use');
    assert.match(staging?.error ?? '', /staging\.json/);
    assert.ok(missing().length === 1);
  });

  test('a withdrawn key: production not loaded again, and the finding goes', async () => {
    settings.set(root, { environments: settings.get(root)?.environments });
    await client.conn.sendNotification('workspace/didChangeConfiguration', { settings: {} });
    await client.conn.sendNotification('workosAuthz/setEnvironmentApiKey', { environment: 'production', apiKey: null });
    await client.waitForDiagnostics(app(), (d) => !d.some((x) => x.code === 'missing-in-environment'), 'no missing-in-environment');
    const s = await state();
    assert.equal(s.environments?.[1].loaded, false);
  });
});
