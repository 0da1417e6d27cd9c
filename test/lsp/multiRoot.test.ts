// Protocol tests for workspaces with several folders: each folder has its own index and
// catalog, and a file belongs to the deepest folder that contains it.

import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { CompletionList, Location } from 'vscode-languageserver-protocol/node';
import type { CatalogStateResult, UsagesResult } from '../../server/src/protocol';
import { ensureBuilt, fixture, LspTestClient, makeWorkspace, positionOf, uriOf, writeFile } from './harness';

const USES_BOTH = `export const a = hasPermission(user, 'video:read');
export const b = hasPermission(user, 'report:view');
`;

describe('language server over stdio: multi-root workspace', () => {
  let ws: string;
  let client: LspTestClient;
  let alpha: string;
  let beta: string;
  let nested: string;

  before(async () => {
    ensureBuilt();
    ws = makeWorkspace({
      'alpha/workos-catalog.json': fixture('catalog-a.json'),
      'alpha/src/app.ts': USES_BOTH,
      'alpha/packages/reports/workos-catalog.json': fixture('catalog-b.json'),
      'alpha/packages/reports/src/app.ts': USES_BOTH,
      'beta/workos-catalog.json': fixture('catalog-b.json'),
      'beta/src/app.ts': USES_BOTH,
      'beta/src/shared.ts': `export const again = hasPermission(user, 'report:view');\n`,
    });
    alpha = path.join(ws, 'alpha');
    beta = path.join(ws, 'beta');
    nested = path.join(ws, 'alpha/packages/reports');
    client = await LspTestClient.start({ folders: [alpha, beta, nested] });
    await client.indexed(3);
  });

  after(async () => {
    await client?.stop();
    if (ws) fs.rmSync(ws, { recursive: true, force: true });
  });

  const slugsOf = (d: { message: string | { value: string } }[]) =>
    d.map((x) => (typeof x.message === 'string' ? x.message : x.message.value).match(/`([^`]+)`/)?.[1]);
  /** Waits until exactly these slugs are flagged in the file. */
  const flagged = async (file: string, slugs: string[]) => {
    await client.waitForDiagnostics(file, (d) => JSON.stringify(slugsOf(d)) === JSON.stringify(slugs), `${slugs} flagged`);
  };

  test('each folder is checked against its own catalog', async () => {
    await flagged(path.join(alpha, 'src/app.ts'), ['report:view']);
    await flagged(path.join(beta, 'src/app.ts'), ['video:read']);
  });

  test('a file belongs to the deepest folder containing it, not to the enclosing one', async () => {
    await flagged(path.join(nested, 'src/app.ts'), ['video:read']);
    const state = await client.request<CatalogStateResult>('workosAuthz/catalogState', {});
    const byName = Object.fromEntries(state.folders.map((f) => [f.folderName, f]));
    assert.equal(byName.alpha.path, path.join(alpha, 'workos-catalog.json'));
    assert.equal(byName.reports.path, path.join(nested, 'workos-catalog.json'));
    assert.equal(byName.alpha.indexedFiles, 1, 'the nested folder\'s file is not in alpha\'s index');
    assert.equal(byName.reports.indexedFiles, 1);
    assert.equal(byName.beta.indexedFiles, 2);
  });

  test('completion and references stay within the file\'s folder', async () => {
    const text = `hasPermission(user, '');\n`;
    const f = writeFile(beta, 'src/typing.ts', text);
    await client.open(f, text);
    const list = await client.request<CompletionList>('textDocument/completion', {
      textDocument: { uri: uriOf(f) },
      position: positionOf(text, "''", 1),
    });
    assert.deepEqual(list.items.map((i) => i.filterText).sort(), ['report:export', 'report:view']);

    const refs = await client.request<Location[]>('textDocument/references', {
      textDocument: { uri: uriOf(path.join(beta, 'src/app.ts')) },
      position: positionOf(USES_BOTH, 'report:view', 1),
      context: { includeDeclaration: false },
    });
    assert.ok(refs.length >= 2);
    assert.ok(refs.every((r) => r.uri.startsWith(uriOf(beta) + '/')), JSON.stringify(refs.map((r) => r.uri)));

    const scoped = await client.request<UsagesResult>('workosAuthz/usages', { slug: 'report:view', folderUri: uriOf(beta) });
    assert.deepEqual(scoped.usages.map((u) => path.relative(beta, new URL(u.uri).pathname)).sort(), ['src/app.ts', 'src/shared.ts']);
    const everywhere = await client.request<UsagesResult>('workosAuthz/usages', { slug: 'report:view' });
    assert.equal(everywhere.usages.length, 4);
  });

  test('a catalog change in one folder re-checks that folder only', async () => {
    const others = [path.join(alpha, 'src/app.ts'), path.join(nested, 'src/app.ts')];
    const publications = () => others.map((f) => client.publishCounts.get(uriOf(f)) ?? 0);
    const before = publications();
    assert.ok(before.every((n) => n > 0), 'the other folders\' files were published once indexed');
    const catalogFile = path.join(beta, 'workos-catalog.json');
    fs.writeFileSync(catalogFile, fixture('catalog-a.json'));
    await client.watched([{ file: catalogFile, type: 'changed' }]);
    await flagged(path.join(beta, 'src/app.ts'), ['report:view']);
    await flagged(path.join(beta, 'src/shared.ts'), ['report:view']);
    // A round trip after beta's re-publish: anything the change sent elsewhere has arrived by now.
    await client.request('workosAuthz/catalogState', {});
    assert.deepEqual(publications(), before, 'alpha and the nested folder (whose catalog file has the same name) were not re-published');
    await flagged(path.join(nested, 'src/app.ts'), ['video:read']);
  });

  test('removing a folder clears its diagnostics; the enclosing folder takes its files back', async () => {
    await client.conn.sendNotification('workspace/didChangeWorkspaceFolders', {
      event: { added: [], removed: [{ uri: uriOf(nested), name: 'reports' }] },
    });
    // Now under alpha, checked against catalog-a.
    await flagged(path.join(nested, 'src/app.ts'), ['report:view']);
    const state = await client.request<CatalogStateResult>('workosAuthz/catalogState', {});
    assert.deepEqual(state.folders.map((f) => f.folderName).sort(), ['alpha', 'beta']);
  });
});

describe('language server over stdio: files outside every folder', () => {
  let ws: string;
  let client: LspTestClient;

  before(async () => {
    ensureBuilt();
    ws = makeWorkspace({ 'loose/workos-catalog.json': fixture('catalog-b.json'), 'loose/src/app.ts': USES_BOTH });
    client = await LspTestClient.start({ folders: [], initializationOptions: { clientWatchesFiles: true } });
  });

  after(async () => {
    await client?.stop();
    if (ws) fs.rmSync(ws, { recursive: true, force: true });
  });

  test('an opened file is checked against the nearest catalog above it, and cleared on close', async () => {
    const f = path.join(ws, 'loose/src/app.ts');
    await client.open(f);
    const d = await client.waitForDiagnostics(f, (x) => x.length === 1);
    assert.match(JSON.stringify(d[0].message), /video:read/);
    const state = await client.request<CatalogStateResult>('workosAuthz/catalogState', {});
    assert.equal(state.folders[0].path, path.join(ws, 'loose/workos-catalog.json'));
    await client.close(f);
    await client.waitForDiagnostics(f, (x) => x.length === 0, 'cleared on close');
  });

  test('a client that watches files itself gets no second set of watchers', () => {
    assert.ok(!client.registrations.some((r) => r.method === 'workspace/didChangeWatchedFiles'));
  });
});
