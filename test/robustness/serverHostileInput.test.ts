// The language server fed what editors and workspaces really send: a catalog file broken
// mid-edit (the last good catalog stays, the state names file and line), requests at positions
// and in documents that do not exist, huge and binary-looking documents, malformed custom
// messages. Every request is answered, the process stays up, diagnostics keep flowing.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { CatalogStateResult, FolderCatalogState } from '../../server/src/protocol';
import { ensureBuilt, LspTestClient, makeWorkspace, uriOf } from '../lsp/harness';
import { removeDir, ROOT } from './support';

const CATALOG = fs.readFileSync(path.join(ROOT, 'examples', 'acme-app', 'workos-catalog.json'), 'utf8');
const APP = "const { role } = await withAuth();\nif (role === 'admn') {}\nhasPermission(user, 'video:create');\n";

describe('language server: hostile input', () => {
  let root: string;
  let client: LspTestClient;
  const app = () => path.join(root, 'src', 'app.ts');
  const catalogFile = () => path.join(root, 'workos-catalog.json');
  const state = async (): Promise<FolderCatalogState> => (await client.request<CatalogStateResult>('workosAuthz/catalogState', {})).folders[0];
  const oneUnknownRole = (d: { code?: unknown }[]) => d.length === 1 && d[0].code === 'unknown-role';

  before(async () => {
    ensureBuilt();
    root = makeWorkspace({ 'workos-catalog.json': CATALOG, 'src/app.ts': APP });
    client = await LspTestClient.start({ folders: [root] });
    await client.indexed(1);
    await client.waitForDiagnostics(app(), oneUnknownRole, 'the unknown role');
  });

  after(async () => {
    await client?.stop();
    if (root) removeDir(root);
  });

  test('a catalog file broken mid-edit: the last good catalog stays, the state names file and line', async () => {
    const broken = CATALOG.replace('"slug": "video:create"', '"slug": "video:create",,');
    fs.writeFileSync(catalogFile(), broken);
    await client.watched([{ file: catalogFile(), type: 'changed' }]);
    const s = await client.waitFor(async () => {
      const st = await state();
      return st.stale ? st : undefined;
    }, 'the stale state');
    const line = broken.slice(0, broken.indexOf(',,')).split('\n').length;
    assert.match(s.staleReason ?? '', new RegExp(`workos-catalog\\.json:${line}: invalid JSON`));
    assert.equal(s.source, 'snapshot');
    assert.ok(s.counts.permissions > 0, 'the last good catalog is still counted');
    // video:create is still known, admn still unknown: checked against the last good catalog.
    await client.request('workosAuthz/refreshCatalog', {});
    await client.waitForDiagnostics(app(), oneUnknownRole, 'diagnostics from the last good catalog');

    for (const wrong of ['{"version": 1, "permissions": "nope"}', '', '\u0000\u0001binary']) {
      fs.writeFileSync(catalogFile(), wrong);
      await client.watched([{ file: catalogFile(), type: 'changed' }]);
      await client.waitFor(async () => ((await state()).staleReason?.includes('workos-catalog.json') ? true : undefined), `stale for ${JSON.stringify(wrong)}`);
      await client.waitForDiagnostics(app(), oneUnknownRole, 'diagnostics still from the last good catalog');
    }

    fs.writeFileSync(catalogFile(), CATALOG);
    await client.watched([{ file: catalogFile(), type: 'changed' }]);
    await client.waitFor(async () => ((await state()).stale ? undefined : true), 'fresh again');
  });

  test('requests at impossible positions and in unknown documents are answered, not fatal', async () => {
    await client.open(app());
    const uris = [uriOf(app()), uriOf(path.join(root, 'nope.ts')), 'untitled:Untitled-1', 'file:///', 'not a uri'];
    const positions = [
      { line: 0, character: 0 },
      { line: 1, character: 10_000 },
      { line: 1e9, character: 1e9 },
      { line: -1, character: -5 },
    ];
    for (const uri of uris) {
      for (const position of positions) {
        const td = { textDocument: { uri }, position };
        await client.request('textDocument/hover', td);
        await client.request('textDocument/completion', td);
        await client.request('textDocument/definition', td);
        await client.request('textDocument/references', { ...td, context: { includeDeclaration: true } });
        await client.request('textDocument/codeAction', { textDocument: { uri }, range: { start: position, end: { line: 0, character: 0 } }, context: { diagnostics: [] } });
      }
    }
    for (const params of [{}, { slug: 42 }, { slug: 'admin', kind: 'nonsense' }, { folderUri: 'file:///elsewhere' }, null]) {
      await client.request('workosAuthz/usages', params);
      await client.request('workosAuthz/catalog', params);
      await client.request('workosAuthz/unused', params);
      await client.request('workosAuthz/catalogState', params);
    }
    await client.request('workspace/symbol', { query: '\u0000'.repeat(1000) });
    assert.equal(client.proc.exitCode, null, 'the server is still running');
    assert.ok((await state()).indexedFiles >= 1);
  });

  test('malformed setApiKey and settings notifications do not take the server down', async () => {
    for (const params of [null, 42, { apiKey: 42 }, { apiKey: { nested: true } }, { apiKey: null, api: { hostname: 'not a url' } }, { apiKey: 'sk_test_x', api: { hostname: 'javascript:alert(1)', port: 'x', https: 'no' } }, { apiKey: null, api: 7 }]) {
      await client.conn.sendNotification('workosAuthz/setApiKey', params);
    }
    await client.conn.sendNotification('workosAuthz/setApiKey', { apiKey: null });
    await client.conn.sendNotification('workspace/didChangeConfiguration', { settings: { workosAuthz: { helpers: 'nope', rules: [1, 2], maxFileSize: -1, include: 7 } } });
    await client.conn.sendNotification('workspace/didChangeConfiguration', null);
    const s = await state();
    assert.equal(client.proc.exitCode, null);
    assert.ok(s.folderUri);
  });

  test('huge one-line documents, NUL bytes and lone surrogates: the server stays up, diagnostics arrive', { timeout: 60_000 }, async () => {
    // Just under the 1 MB size limit: checked, however long the line.
    const long = path.join(root, 'src', 'long.js');
    await client.open(long, "hasRole('admn');".repeat(60_000));
    await client.waitForDiagnostics(long, (d) => d.length > 0, 'diagnostics on a 960 KB line');
    // Over the limit (5 MB): not checked, but every request on it is still answered.
    const big = path.join(root, 'src', 'bundle.js');
    await client.open(big, "hasRole('admn');".repeat((5 * 1024 * 1024) / 16));
    for (const method of ['textDocument/hover', 'textDocument/completion', 'textDocument/definition']) {
      await client.request(method, { textDocument: { uri: uriOf(big) }, position: { line: 0, character: 10 } });
    }
    const odd = path.join(root, 'src', 'odd.ts');
    await client.open(odd, "hasRole('admn\u0000');\nhasRole('\ud800');\nhasRole('admn');\n\u0000\udfff");
    await client.waitForDiagnostics(odd, (d) => d.some((x) => x.range.start.line === 2), 'diagnostics after NUL bytes');
    // The server still answers quickly-enough for the next ordinary request.
    const h = await client.request<{ contents: unknown } | null>('textDocument/hover', { textDocument: { uri: uriOf(app()) }, position: { line: 1, character: 16 } });
    assert.ok(h, 'hover still answers');
  });
});
