// Over the protocol: quick fixes that reach the catalog (add the slug to the catalog file; create
// it in WorkOS through the server, only with a key and only for the host the user confirmed),
// and the generated types module (on request, and regenerated whenever the catalog changes).

import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { CodeAction, Diagnostic } from 'vscode-languageserver-protocol';
import type { CatalogSnapshot } from '../../server/src/core/catalog';
import type { ApiOutcome, CreateInWorkosOffer, CreateInWorkosResult, GenerateTypesResult } from '../../server/src/protocol';
import { startWorkosServer, type WorkosTestServer } from '../support/workosServer';
import { stateFromSnapshot, TEST_API_KEY } from '../support/workosState';
import { apiEndpoint, applyEdits, editsFor, ensureBuilt, LspTestClient, makeWorkspace, uriOf } from './harness';

const SEED = `# Local catalog
permissions:
  - slug: posts:read # everyone
    name: Read posts
roles:
  - slug: member
    name: Member
    permissions: [posts:read]
`;
const APP = `export const a = hasPermission(user, 'posts:read');
export const b = hasPermission(user, 'reports:export');
export const c = hasRole(user, 'auditor');
`;

async function actionsFor(client: LspTestClient, file: string, d: Diagnostic): Promise<CodeAction[]> {
  return client.request<CodeAction[]>('textDocument/codeAction', { textDocument: { uri: uriOf(file) }, range: d.range, context: { diagnostics: [d], only: ['quickfix'] } });
}

describe('language server over stdio: catalog file fixes and generated types', () => {
  let root: string;
  let client: LspTestClient;
  const app = () => path.join(root, 'src/app.ts');
  const seed = () => path.join(root, 'workos-seed.yml');
  const types = () => path.join(root, 'src/authz.ts');

  before(async () => {
    ensureBuilt();
    root = makeWorkspace({ 'workos-seed.yml': SEED, 'src/app.ts': APP });
    const settings = new Map([[root, { generatedTypesFile: 'src/authz.ts' }]]);
    client = await LspTestClient.start({ folders: [root], settings });
    await client.indexed(1);
  });
  after(async () => {
    await client?.stop();
    if (root) fs.rmSync(root, { recursive: true, force: true });
  });

  test('the generatedTypesFile setting writes the module from the catalog', async () => {
    const text = await client.waitFor(() => fs.existsSync(types()) && fs.readFileSync(types(), 'utf8'), 'src/authz.ts written');
    assert.match(text, /Catalog: \.\.\/workos-seed\.yml \(seed\)/);
    assert.match(text, /export type Permission =\n {2}\/\*\* \*\*Read posts\*\* \*\/\n {2}\| 'posts:read';/);
  });

  test('"Add … to workos-seed.yml" edits the file in place; the catalog and the types follow', async () => {
    const diags = await client.waitForDiagnostics(app(), (d) => d.length === 2);
    const perm = diags.find((d) => String(d.message).includes('reports:export'))!;
    const actions = await actionsFor(client, app(), perm);
    const titles = actions.map((a) => a.title);
    assert.ok(titles.includes('Add permission `reports:export` to workos-seed.yml'), titles.join(' | '));
    assert.ok(!titles.some((t) => t.includes('in WorkOS')), 'no key (as in Restricted Mode): no WorkOS write offered');
    const add = actions.find((a) => a.title.startsWith('Add permission'))!;
    const next = applyEdits(SEED, editsFor(add.edit, uriOf(seed())));
    assert.equal(next, SEED.replace('    name: Read posts\n', '    name: Read posts\n  - slug: reports:export\n    name: Reports export\n'));
    const role = diags.find((d) => String(d.message).includes('auditor'))!;
    assert.ok((await actionsFor(client, app(), role)).some((a) => a.title === 'Add role `auditor` to workos-seed.yml'));

    fs.writeFileSync(seed(), next);
    await client.watched([{ file: seed(), type: 'changed' }]);
    // Known now; that no role grants it yet is the next thing worth saying.
    await client.waitForDiagnostics(app(), (d) => !d.some((x) => x.code === 'unknown-permission') && d.some((x) => x.code === 'session-token-scope'), 'reports:export now known');
    await client.waitFor(() => fs.readFileSync(types(), 'utf8').includes("| 'reports:export'"), 'types regenerated');
  });

  test('Generate Types writes where asked, inside the folder only, and never over a file of its own', async () => {
    const ok = await client.request<ApiOutcome<GenerateTypesResult>>('workosAuthz/generateTypes', { folderUri: uriOf(root), path: 'lib/workos.ts' });
    assert.ok(ok.ok, JSON.stringify(ok));
    assert.equal(ok.uri, uriOf(path.join(root, 'lib/workos.ts')));
    assert.equal(ok.written, true);
    const again = await client.request<ApiOutcome<GenerateTypesResult>>('workosAuthz/generateTypes', { folderUri: uriOf(root), path: 'lib/workos.ts' });
    assert.ok(again.ok && again.written === false);
    const outside = await client.request<ApiOutcome<GenerateTypesResult>>('workosAuthz/generateTypes', { folderUri: uriOf(root), path: '../evil.ts' });
    assert.ok(!outside.ok && /outside the workspace folder/.test(outside.message));
    const elsewhere = fs.mkdtempSync(path.join(path.dirname(root), 'elsewhere-'));
    fs.symlinkSync(elsewhere, path.join(root, 'linked'));
    const linked = await client.request<ApiOutcome<GenerateTypesResult>>('workosAuthz/generateTypes', { folderUri: uriOf(root), path: 'linked/types.ts' });
    assert.ok(!linked.ok && /leads outside the workspace folder/.test(linked.message), JSON.stringify(linked));
    assert.deepEqual(fs.readdirSync(elsewhere), []);
    fs.rmSync(elsewhere, { recursive: true });
    fs.writeFileSync(path.join(root, 'src/mine.ts'), 'export const x = 1;\n');
    const mine = await client.request<ApiOutcome<GenerateTypesResult>>('workosAuthz/generateTypes', { folderUri: uriOf(root), path: 'src/mine.ts' });
    assert.ok(!mine.ok && /not generated by workos-authz/.test(mine.message));
    assert.equal(fs.readFileSync(path.join(root, 'src/mine.ts'), 'utf8'), 'export const x = 1;\n');
  });

  test('without a key, the create request writes nothing', async () => {
    const r = await client.request<ApiOutcome<CreateInWorkosResult>>('workosAuthz/createInWorkos', { kind: 'permission', slug: 'a:b', name: 'A', confirmedHost: 'api.workos.com' });
    assert.ok(!r.ok && r.reason === 'no-key');
  });
});

const LIVE: CatalogSnapshot = {
  version: 1,
  environmentRoles: [{ slug: 'member', name: 'Member', description: null, permissions: ['posts:read'], type: 'EnvironmentRole' }],
  permissions: [{ slug: 'posts:read', name: 'Read posts', description: null }],
  organizations: [],
};

describe('language server over stdio: creating in WorkOS', () => {
  let root: string;
  let api: WorkosTestServer;
  let client: LspTestClient;
  const app = () => path.join(root, 'src/app.ts');
  const posts = () => api.requests.filter((r) => r.method === 'POST');

  before(async () => {
    ensureBuilt();
    root = makeWorkspace({ 'workos-seed.yml': SEED, 'src/app.ts': APP });
    api = await startWorkosServer(stateFromSnapshot(LIVE));
    client = await LspTestClient.start({ folders: [root], initializationOptions: { api: apiEndpoint(api.url) } });
    await client.indexed(1);
    await client.conn.sendNotification('workosAuthz/setApiKey', { apiKey: TEST_API_KEY });
    await client.waitFor(async () => (await client.request<{ folders: { source: string }[] }>('workosAuthz/catalogState', {})).folders[0]?.source === 'live', 'live catalog');
  });
  after(async () => {
    await client?.stop();
    await api?.close();
    if (root) fs.rmSync(root, { recursive: true, force: true });
  });

  test('with a key: "Create … in WorkOS…" runs the client command with the host; no file edit against the live catalog', async () => {
    const diags = await client.waitForDiagnostics(app(), (d) => d.length === 2);
    const perm = diags.find((d) => String(d.message).includes('reports:export'))!;
    const actions = await actionsFor(client, app(), perm);
    const create = actions.find((a) => a.title === 'Create permission `reports:export` in WorkOS…');
    assert.ok(create, actions.map((a) => a.title).join(' | '));
    assert.equal(create.edit, undefined, 'nothing is written by the action itself');
    assert.equal(create.command?.command, 'workosAuthz.createInWorkos');
    const offer = create.command!.arguments![0] as CreateInWorkosOffer;
    assert.deepEqual(offer, { folderUri: uriOf(root), kind: 'permission', slug: 'reports:export', name: 'Reports export', host: `127.0.0.1:${api.port}` });
    assert.ok(!actions.some((a) => a.title.includes('to workos-seed.yml')));
    assert.deepEqual(posts(), []);
  });

  test('a create for another host than the one confirmed is refused; the confirmed one writes and the catalog refreshes', async () => {
    const wrong = await client.request<ApiOutcome<CreateInWorkosResult>>('workosAuthz/createInWorkos', {
      folderUri: uriOf(root), kind: 'permission', slug: 'reports:export', name: 'Export reports', confirmedHost: 'api.workos.com',
    });
    assert.ok(!wrong.ok && wrong.reason === 'not-confirmed', JSON.stringify(wrong));
    assert.deepEqual(posts(), []);
    const host = `127.0.0.1:${api.port}`;
    const ok = await client.request<ApiOutcome<CreateInWorkosResult>>('workosAuthz/createInWorkos', {
      folderUri: uriOf(root), kind: 'permission', slug: 'reports:export', name: 'Export reports', description: 'CSV download', confirmedHost: host,
    });
    assert.deepEqual(ok, { ok: true, created: true, host });
    assert.deepEqual(posts().map((p) => p.path), ['/authorization/permissions']);
    assert.equal(api.state.permissions.find((p) => p.slug === 'reports:export')?.description, 'CSV download');
    await client.waitForDiagnostics(app(), (d) => !d.some((x) => x.code === 'unknown-permission') && d.some((x) => x.code === 'unknown-role'), 'the new permission is known');
  });

  test('a role; an existing slug (409) refreshes instead of failing', async () => {
    const host = `127.0.0.1:${api.port}`;
    api.state.environmentRoles.push({ ...api.state.environmentRoles[0], id: 'role_x', slug: 'auditor', name: 'Auditor' });
    const r = await client.request<ApiOutcome<CreateInWorkosResult>>('workosAuthz/createInWorkos', { folderUri: uriOf(root), kind: 'role', slug: 'auditor', name: 'Auditor', confirmedHost: host });
    assert.deepEqual(r, { ok: true, created: false, host });
    await client.waitForDiagnostics(app(), (d) => !d.some((x) => x.code === 'unknown-role'), 'auditor known after the refresh');
  });

  test('the key never appears in the server\'s output', () => {
    const all = client.logs.join('\n') + client.stderr + JSON.stringify(client.notifications);
    assert.ok(!all.includes(TEST_API_KEY));
  });
});
