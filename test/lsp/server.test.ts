// Protocol tests: the bundled server over stdio, driven as an editor drives it, on one
// workspace folder holding a catalog snapshot and several source files.

import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { CodeAction, CompletionItem, CompletionList, Diagnostic, Hover, Location, SymbolInformation } from 'vscode-languageserver-protocol/node';
import type { CatalogResult, CatalogStateResult, ServerStatusResult, UnusedResult, UsagesResult } from '../../server/src/protocol';
import {
  editsFor,
  ensureBuilt,
  fixture,
  LspTestClient,
  makeWorkspace,
  positionOf,
  textAt,
  uriOf,
  writeFile,
} from './harness';

const PERMS = `export const PERMS = {
  DELETE: 'video:delet',
  READ: 'video:read',
};
`;

const GUARD = `import { PERMS } from './perms';

export function guard(user) {
  if (!hasPermission(user, 'video:craete')) return false;
  if (hasRole(user, 'admn')) return true;
  if (hasRole(user, 'org:editor')) return true;
  if (hasPermission(user, PERMS.READ)) return true;
  return hasPermission(user, PERMS.DELETE);
}
`;

const CLEAN = `export function canWatch(user) {
  return hasPermission(user, 'video:read') && hasRole(user, 'member');
}
`;

const codes = (d: Diagnostic[]) => d.map((x) => String(x.code)).sort();
const messageOf = (d: Diagnostic) => (typeof d.message === 'string' ? d.message : d.message.value);

describe('language server over stdio: one folder', () => {
  let root: string;
  let client: LspTestClient;
  const file = (rel: string) => path.join(root, rel);

  before(async () => {
    ensureBuilt();
    root = makeWorkspace({
      'workos-catalog.json': fixture('catalog-a.json'),
      'src/perms.ts': PERMS,
      'src/guard.ts': GUARD,
      'src/clean.ts': CLEAN,
      'src/custom.ts': `export const ok = mayI('video:nope');\n`,
      'node_modules/lib/index.js': `hasPermission(user, 'vendor:nope');\n`,
      '.gitignore': 'generated/\n',
      'generated/client.ts': `hasPermission(user, 'generated:nope');\n`,
    });
    client = await LspTestClient.start({ folders: [root] });
    await client.indexed(1);
  });

  after(async () => {
    await client?.stop();
    if (root) fs.rmSync(root, { recursive: true, force: true });
  });

  test('publishes diagnostics for files that were never opened', async () => {
    const guard = await client.waitForDiagnostics(file('src/guard.ts'), (d) => d.length === 4);
    assert.deepEqual(codes(guard), ['org-prefix', 'unknown-permission', 'unknown-permission', 'unknown-role']);
    assert.ok(guard.every((d) => d.source === 'workos-authz'));
    const perms = await client.waitForDiagnostics(file('src/perms.ts'), (d) => d.length === 1);
    assert.equal(textAt(PERMS, perms[0].range), 'video:delet');
    // Clean, excluded (node_modules) and git-ignored files get nothing.
    assert.deepEqual(client.diagnosticsOf(file('src/clean.ts')), []);
    assert.equal(client.diagnostics.has(uriOf(file('node_modules/lib/index.js'))), false);
    assert.equal(client.diagnostics.has(uriOf(file('generated/client.ts'))), false);
  });

  test('registers file watchers and configuration changes when the client allows it', () => {
    const watchers = client.registrations.find((r) => r.method === 'workspace/didChangeWatchedFiles');
    const globs = JSON.stringify(watchers?.registerOptions);
    assert.match(globs, /\*\*\/\*\.\{ts,tsx,js,jsx,mjs,cjs,mts,cts\}/);
    assert.match(globs, /workos-catalog\.json/);
    assert.ok(client.registrations.some((r) => r.method === 'workspace/didChangeConfiguration'));
  });

  test('the catalog state names the snapshot file, its counts and the prefix style', async () => {
    const state = await client.request<CatalogStateResult>('workosAuthz/catalogState', {});
    assert.equal(state.hasApiKey, false);
    assert.equal(state.folders.length, 1);
    const f = state.folders[0];
    assert.equal(f.source, 'snapshot');
    assert.equal(f.path, file('workos-catalog.json'));
    assert.deepEqual(f.counts, { permissions: 4, roles: 3, organizations: 1 });
    assert.equal(f.orgPrefixStyle, 'org-');
    assert.equal(f.stale, false);
    assert.equal(f.indexedFiles, 4);
  });

  test('completion offers only permissions at a permission place, replacing the string content', async () => {
    const text = `hasPermission(user, 'vid');\nhasRole(user, '');\n`;
    const f = writeFile(root, 'src/typing.ts', text);
    await client.open(f, text);
    const perms = await client.request<CompletionList>('textDocument/completion', {
      textDocument: { uri: uriOf(f) },
      position: positionOf(text, "'vid'", 4),
    });
    assert.deepEqual(perms.items.map((i) => i.textEdit && 'range' in i.textEdit && i.textEdit.newText).sort(), [
      'video:create',
      'video:delete',
      'video:read',
    ]);
    const edit = perms.items[0].textEdit!;
    assert.ok('range' in edit);
    assert.equal(textAt(text, edit.range), 'vid');
    const roles = await client.request<CompletionList>('textDocument/completion', {
      textDocument: { uri: uriOf(f) },
      position: positionOf(text, "''", 1),
      context: { triggerKind: 2, triggerCharacter: "'" },
    });
    assert.deepEqual(roles.items.map((i) => i.filterText).sort(), ['admin', 'member', 'org-editor']);
    // The list carries no documentation; the item the editor shows gets it from completionItem/resolve.
    assert.ok(perms.items.every((i) => i.documentation === undefined));
    const create = perms.items.find((i) => i.label === 'video:create')!;
    const resolved = await client.request<CompletionItem>('completionItem/resolve', create);
    assert.equal(resolved.label, 'video:create');
    assert.ok(resolved.documentation && typeof resolved.documentation === 'object' && resolved.documentation.kind === 'markdown');
    assert.match(resolved.documentation.value, /Granted by/);
    const admin = await client.request<CompletionItem>('completionItem/resolve', roles.items.find((i) => i.label === 'admin')!);
    assert.ok(admin.documentation && typeof admin.documentation === 'object');
    assert.match(admin.documentation.value, /Permissions: /);
    const foreign = await client.request<CompletionItem>('completionItem/resolve', { label: 'video:create', data: { kind: 'permission', uri: 'file:///elsewhere/x.ts' } });
    assert.equal(foreign.documentation, undefined, 'an item of no folder is returned as it came');
    // Outside a slug place there is nothing to offer.
    const none = await client.request<CompletionList | null>('textDocument/completion', {
      textDocument: { uri: uriOf(f) },
      position: { line: 0, character: 3 },
    });
    assert.ok(!none || none.items.length === 0);
    await client.close(f);
  });

  test('hover explains a known permission and an unknown one', async () => {
    await client.open(file('src/clean.ts'));
    const known = await client.request<Hover>('textDocument/hover', {
      textDocument: { uri: uriOf(file('src/clean.ts')) },
      position: positionOf(CLEAN, 'video:read', 2),
    });
    const md = (known.contents as { value: string }).value;
    assert.match(md, /Watch videos/);
    assert.match(md, /admin/);
    assert.equal(textAt(CLEAN, known.range!), 'video:read');
    await client.open(file('src/guard.ts'));
    const unknown = await client.request<Hover>('textDocument/hover', {
      textDocument: { uri: uriOf(file('src/guard.ts')) },
      position: positionOf(GUARD, 'video:craete', 2),
    });
    assert.match((unknown.contents as { value: string }).value, /video:create/);
    const nothing = await client.request<Hover | null>('textDocument/hover', {
      textDocument: { uri: uriOf(file('src/guard.ts')) },
      position: positionOf(GUARD, 'export function', 2),
    });
    assert.equal(nothing, null);
  });

  test('references span files and constants; definition goes to the catalog entry and the constant', async () => {
    const refs = await client.request<Location[]>('textDocument/references', {
      textDocument: { uri: uriOf(file('src/clean.ts')) },
      position: positionOf(CLEAN, 'video:read', 1),
      context: { includeDeclaration: false },
    });
    const where = refs.map((r) => `${path.basename(r.uri)}:${r.range.start.line}`).sort();
    // The literal here, the constant's use in guard.ts, and the constant's definition in perms.ts.
    assert.deepEqual(where, ['clean.ts:1', 'guard.ts:6', 'perms.ts:2']);

    const withDecl = await client.request<Location[]>('textDocument/references', {
      textDocument: { uri: uriOf(file('src/clean.ts')) },
      position: positionOf(CLEAN, 'video:read', 1),
      context: { includeDeclaration: true },
    });
    assert.ok(withDecl.some((r) => r.uri === uriOf(file('workos-catalog.json'))));

    const catalogText = fs.readFileSync(file('workos-catalog.json'), 'utf8');
    // From the permission's entry in the catalog file: the same uses.
    const fromCatalog = await client.request<Location[]>('textDocument/references', {
      textDocument: { uri: uriOf(file('workos-catalog.json')) },
      position: positionOf(catalogText, '"slug": "video:read"', 12),
      context: { includeDeclaration: false },
    });
    assert.deepEqual(fromCatalog.map((r) => `${path.basename(r.uri)}:${r.range.start.line}`).sort(), where);

    const def = await client.request<Location[]>('textDocument/definition', {
      textDocument: { uri: uriOf(file('src/clean.ts')) },
      position: positionOf(CLEAN, 'video:read', 1),
    });
    assert.equal(def.length, 1);
    assert.equal(def[0].uri, uriOf(file('workos-catalog.json')));
    assert.equal(textAt(catalogText, def[0].range), 'video:read');
    // The entry in the permissions list, not a role's mention of it.
    assert.match(catalogText.split('\n')[def[0].range.start.line], /"slug": "video:read", "name"/);

    const constDef = await client.request<Location[]>('textDocument/definition', {
      textDocument: { uri: uriOf(file('src/guard.ts')) },
      position: positionOf(GUARD, 'PERMS.READ', 7),
    });
    assert.equal(constDef[0].uri, uriOf(file('src/perms.ts')));
    assert.equal(constDef[0].range.start.line, 2);

    const roleDef = await client.request<Location[]>('textDocument/definition', {
      textDocument: { uri: uriOf(file('src/clean.ts')) },
      position: positionOf(CLEAN, "'member'", 2),
    });
    assert.equal(textAt(catalogText, roleDef[0].range), 'member');
  });

  test('usages, unused and the catalog tree answer the views', async () => {
    const u = await client.request<UsagesResult>('workosAuthz/usages', { slug: 'video:read', kind: 'permission' });
    assert.deepEqual(u.usages.map((x) => `${path.basename(x.uri)}:${x.via}`).sort(), ['clean.ts:literal', 'guard.ts:constant', 'perms.ts:literal']);
    assert.equal(u.usages.find((x) => x.via === 'constant')?.constant, 'PERMS.READ');

    const unused = await client.request<UnusedResult>('workosAuthz/unused', {});
    assert.deepEqual(unused.folders[0].permissions, ['billing:manage', 'video:create', 'video:delete']);
    assert.deepEqual(unused.folders[0].roles, ['admin', 'org-editor']);

    const tree = await client.request<CatalogResult>('workosAuthz/catalog', { folderUri: uriOf(root) });
    const t = tree.folders[0];
    assert.deepEqual(t.environmentRoles.map((r) => `${r.slug}:${r.usageCount}`), ['admin:0', 'member:1']);
    assert.deepEqual(t.organizations.map((o) => [o.name, o.roles.map((r) => r.slug)]), [['Acme', ['org-editor']]]);
    const read = t.permissions.find((p) => p.slug === 'video:read')!;
    assert.equal(read.usageCount, 3);
    assert.deepEqual(read.grantedBy.map((r) => r.slug).sort(), ['admin', 'member', 'org-editor']);
    assert.equal(t.state.source, 'snapshot');
  });

  test('workspace symbols list catalog slugs and slugs in use', async () => {
    const symbols = await client.request<SymbolInformation[]>('workspace/symbol', { query: 'video' });
    const names = new Set(symbols.map((s) => `${s.name}@${path.basename(s.location.uri)}`));
    assert.ok(names.has('video:create@workos-catalog.json'));
    assert.ok(names.has('video:craete@guard.ts'));
    assert.ok(!symbols.some((s) => s.name === 'admin'));
  });

  test('an edit that fixes a slug clears its diagnostic (incremental sync)', async () => {
    const f = file('src/guard.ts');
    await client.waitForDiagnostics(f, (d) => d.length === 4);
    const at = positionOf(GUARD, 'video:craete');
    await client.edit(f, { start: at, end: { line: at.line, character: at.character + 'video:craete'.length } }, 'video:create');
    const d = await client.waitForDiagnostics(f, (x) => x.length === 3, 'three diagnostics after the fix');
    assert.ok(!d.some((x) => messageOf(x).includes('video:craete')));
  });

  test('fixing a constant definition updates its uses in other files', async () => {
    const f = file('src/perms.ts');
    await client.open(f, PERMS);
    const at = positionOf(PERMS, 'video:delet');
    await client.edit(f, { start: at, end: { line: at.line, character: at.character + 'video:delet'.length } }, 'video:delete');
    await client.waitForDiagnostics(f, (d) => d.length === 0);
    const guard = await client.waitForDiagnostics(file('src/guard.ts'), (d) => !d.some((x) => messageOf(x).includes('video:delet')));
    assert.deepEqual(codes(guard), ['org-prefix', 'unknown-role']);
  });

  test('a created file is indexed and a deleted one cleared', async () => {
    const f = writeFile(root, 'src/added.ts', `export const x = () => hasRole(user, 'ownr');\n`);
    await client.watched([{ file: f, type: 'created' }]);
    const d = await client.waitForDiagnostics(f, (x) => x.length === 1);
    assert.equal(d[0].code, 'unknown-role');
    fs.rmSync(f);
    await client.watched([{ file: f, type: 'deleted' }]);
    await client.waitForDiagnostics(f, (x) => x.length === 0, 'cleared diagnostics');
    // A file the excludes cover stays out even when the watcher reports it.
    const vendored = writeFile(root, 'node_modules/lib/more.js', `hasRole(user, 'ownr');\n`);
    await client.watched([{ file: vendored, type: 'created' }]);
    const usages = await client.request<UsagesResult>('workosAuthz/usages', { slug: 'ownr' });
    assert.deepEqual(usages.usages, []);
  });

  test('imports resolve through tsconfig paths, and a changed tsconfig re-resolves them', async () => {
    // Two files export the same name: only the tsconfig says which one `@roles` means.
    const a = writeFile(root, 'lib/a/roles.ts', `export const STAFF = { BOSS: 'ownr' } as const;\n`);
    const b = writeFile(root, 'lib/b/roles.ts', `export const STAFF = { BOSS: 'admin' } as const;\n`);
    const cfg = writeFile(root, 'tsconfig.json', `{ "compilerOptions": { "baseUrl": ".", "paths": { "@roles": ["lib/a/roles"] } } }`);
    const use = writeFile(root, 'src/aliased.ts', `import { STAFF } from '@roles';\nexport const ok = (u) => hasRole(u, STAFF.BOSS);\n`);
    await client.watched([a, b, cfg, use].map((f) => ({ file: f, type: 'created' as const })));
    const d = await client.waitForDiagnostics(use, (x) => x.length === 1, 'the alias resolved to lib/a');
    assert.equal(d[0].code, 'unknown-role');
    fs.writeFileSync(cfg, `{ "compilerOptions": { "baseUrl": ".", "paths": { "@roles": ["lib/b/roles"] } } }`);
    await client.watched([{ file: cfg, type: 'changed' }]);
    await client.waitForDiagnostics(use, (x) => x.length === 0, 'the alias now leads to lib/b');
    for (const f of [a, b, cfg, use]) fs.rmSync(f);
    await client.watched([a, b, cfg, use].map((f) => ({ file: f, type: 'deleted' as const })));
    await client.waitForDiagnostics(use, (x) => x.length === 0, 'cleared');
  });

  test('a changed catalog file re-checks the whole workspace', async () => {
    const catalogFile = file('workos-catalog.json');
    const snapshot = JSON.parse(fs.readFileSync(catalogFile, 'utf8'));
    snapshot.environmentRoles = snapshot.environmentRoles.filter((r: { slug: string }) => r.slug !== 'member');
    fs.writeFileSync(catalogFile, JSON.stringify(snapshot, null, 2));
    await client.watched([{ file: catalogFile, type: 'changed' }]);
    // clean.ts was never edited: only the catalog changed under it.
    const d = await client.waitForDiagnostics(file('src/clean.ts'), (x) => x.length === 1);
    assert.equal(d[0].code, 'unknown-role');
    const state = await client.request<CatalogStateResult>('workosAuthz/catalogState', {});
    assert.equal(state.folders[0].counts.roles, 2);
    assert.ok(client.notifications.some((n) => n.method === 'workosAuthz/catalogStateChanged'));
    fs.writeFileSync(catalogFile, fixture('catalog-a.json'));
    await client.watched([{ file: catalogFile, type: 'changed' }]);
    await client.waitForDiagnostics(file('src/clean.ts'), (x) => x.length === 0);
  });

  test('a settings change applies without a restart', async () => {
    const custom = file('src/custom.ts');
    assert.equal(client.diagnostics.has(uriOf(custom)), false);
    client.settings.set(root, { helpers: [{ name: 'mayI', arg: 0, kind: 'permission' }], rules: { 'unknown-role': 'off' } });
    await client.conn.sendNotification('workspace/didChangeConfiguration', { settings: null });
    const d = await client.waitForDiagnostics(custom, (x) => x.length === 1, 'the new helper checked');
    assert.equal(d[0].code, 'unknown-permission');
    await client.waitForDiagnostics(file('src/guard.ts'), (x) => !x.some((y) => y.code === 'unknown-role'), 'unknown-role off');
    // Completion knows the helper too.
    const text = `mayI('');\n`;
    const typing = writeFile(root, 'src/typingHelper.ts', text);
    await client.open(typing, text);
    const list = await client.request<CompletionList>('textDocument/completion', {
      textDocument: { uri: uriOf(typing) },
      position: positionOf(text, "''", 1),
    });
    assert.deepEqual(list.items.map((i) => i.filterText).sort(), ['billing:manage', 'video:create', 'video:delete', 'video:read']);
    await client.close(typing);
    // The size limit covers open documents as well as files on disk.
    client.settings.set(root, { maxFileSize: 60 });
    await client.conn.sendNotification('workspace/didChangeConfiguration', { settings: null });
    await client.waitForDiagnostics(file('src/guard.ts'), (x) => x.length === 0, 'guard.ts over the size limit');
    client.settings.set(root, {});
    await client.conn.sendNotification('workspace/didChangeConfiguration', { settings: null });
    await client.waitForDiagnostics(custom, (x) => x.length === 0, 'helper removed');
    await client.waitForDiagnostics(file('src/guard.ts'), (x) => x.some((y) => y.code === 'unknown-role'), 'unknown-role back');
  });

  test('the catalogFile setting picks another catalog without a restart', async () => {
    writeFile(root, 'alt/other-catalog.json', fixture('catalog-b.json'));
    client.settings.set(root, { catalogFile: 'alt/other-catalog.json' });
    await client.conn.sendNotification('workspace/didChangeConfiguration', { settings: null });
    // Catalog B has neither video:read nor member.
    await client.waitForDiagnostics(file('src/clean.ts'), (d) => d.length === 2, 'checked against catalog B');
    const state = await client.request<CatalogStateResult>('workosAuthz/catalogState', {});
    assert.equal(state.folders[0].path, file('alt/other-catalog.json'));
    client.settings.set(root, { catalogFile: 'alt/missing.json' });
    await client.conn.sendNotification('workspace/didChangeConfiguration', { settings: null });
    let reason = '';
    await client.waitFor(async () => {
      const st = await client.request<CatalogStateResult>('workosAuthz/catalogState', {});
      reason = st.folders[0].staleReason ?? '';
      return st.folders[0].source === 'none' && reason.includes('not found');
    }, 'a missing catalog file reported');
    assert.match(reason, /alt\/missing\.json: file not found/);
    client.settings.set(root, {});
    await client.conn.sendNotification('workspace/didChangeConfiguration', { settings: null });
    await client.waitForDiagnostics(file('src/clean.ts'), (d) => d.length === 0, 'back on the snapshot');
  });

  test('requests about unknown files or with bad params answer empty instead of failing', async () => {
    const ghost = uriOf(file('src/ghost.ts'));
    assert.equal(await client.request('textDocument/hover', { textDocument: { uri: ghost }, position: { line: 0, character: 0 } }), null);
    assert.deepEqual(await client.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri: ghost },
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      context: { diagnostics: [] },
    }), []);
    assert.deepEqual(await client.request<UsagesResult>('workosAuthz/usages', {}), { usages: [] });
    assert.deepEqual(await client.request<UsagesResult>('workosAuthz/usages', null), { usages: [] });
    // A handler that throws is logged and answers its empty value.
    const before = client.logs.length;
    assert.equal(await client.request('textDocument/hover', { textDocument: { uri: uriOf(file('src/guard.ts')) }, position: null }), null);
    await client.waitFor(() => client.logs.slice(before).some((l) => l.startsWith('hover:')), 'the hover error logged');
    // Still alive and answering.
    const state = await client.request<CatalogStateResult>('workosAuthz/catalogState', null);
    assert.equal(state.folders.length, 1);
  });

  test('an opened document is checked after the requests queued behind its opening; one that needs it checks it first', async () => {
    const text = `hasPermission(user, 'vid');\nhasPermission(user, 'video:craete');\n`;
    const f = writeFile(root, 'src/justOpened.ts', text);
    const order: string[] = [];
    const listener = (p: { uri: string }) => {
      if (p.uri === uriOf(f)) order.push('diagnostics');
    };
    client.publishListeners.push(listener);
    await client.open(f, text);
    const list = await client.request<CompletionList>('textDocument/completion', { textDocument: { uri: uriOf(f) }, position: positionOf(text, "'vid'", 4) });
    order.push('completion');
    assert.ok(list.items.length > 0);
    await client.waitForDiagnostics(f, (d) => d.length > 0);
    assert.deepEqual(order.slice(0, 2), ['completion', 'diagnostics']);
    client.publishListeners.splice(client.publishListeners.indexOf(listener), 1);
    await client.close(f);

    // A hover asked at once answers from the document's own results.
    const g = writeFile(root, 'src/hoveredAtOnce.ts', text);
    await client.open(g, text);
    const hover = await client.request<Hover | null>('textDocument/hover', { textDocument: { uri: uriOf(g) }, position: positionOf(text, 'video:craete', 3) });
    assert.ok(hover, 'the hover sees the just-opened document');
    await client.close(g);
  });

  test('re-publishing a folder starts with the open documents', async () => {
    const text = `hasPermission(user, 'video:craete');\n`;
    const f = writeFile(root, 'src/openWhileRepublished.ts', text);
    await client.open(f, text);
    await client.waitForDiagnostics(f, (d) => d.length > 0);
    const order: string[] = [];
    const listener = (p: { uri: string }) => order.push(p.uri);
    client.publishListeners.push(listener);
    await client.request('workosAuthz/refreshCatalog', {});
    await client.waitFor(() => order.length >= 2 || undefined, 'the folder re-published');
    client.publishListeners.splice(client.publishListeners.indexOf(listener), 1);
    const at = order.indexOf(uriOf(f));
    assert.ok(at >= 0 && order.slice(0, at).every((u) => client.openUris.has(u)), `only open documents before it:\n${order.join('\n')}`);
    assert.ok(order.slice(at + 1).some((u) => !client.openUris.has(u)), 'closed files with findings follow');
    await client.close(f);
  });

  test('serverStatus reports indexing numbers and handler timings', async () => {
    const status = await client.request<ServerStatusResult>('workosAuthz/serverStatus', {});
    assert.equal(status.folders.length, 1);
    assert.ok(status.folders[0].indexedFiles >= 4);
    assert.equal(typeof status.folders[0].lastIndexMs, 'number');
    assert.ok(status.timings.hover.count >= 1);
    assert.ok(status.timings.completion.count >= 1);
    assert.equal(status.timings['warm-up']?.count, 1, 'the analysis code was warmed up once, at initialize');
    assert.ok(status.memory && status.memory.rss > status.memory.heapUsed && status.memory.heapUsed > 0, JSON.stringify(status.memory));
    assert.ok(status.timings.recheck.count >= 1);
    assert.ok(status.timings.hover.max >= status.timings.hover.p50);
  });
});

describe('language server over stdio: quick fixes', () => {
  let root: string;
  let client: LspTestClient;

  before(async () => {
    ensureBuilt();
    root = makeWorkspace({ 'workos-catalog.json': fixture('catalog-a.json') });
    client = await LspTestClient.start({ folders: [root] });
    await client.indexed(1);
  });

  after(async () => {
    await client?.stop();
    if (root) fs.rmSync(root, { recursive: true, force: true });
  });

  async function actionsAt(f: string, d: Diagnostic): Promise<CodeAction[]> {
    return client.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri: uriOf(f) },
      range: d.range,
      context: { diagnostics: [d], only: ['quickfix'] },
    });
  }

  test('applying the preferred quick fix of every diagnostic leaves a clean file', async () => {
    const text = `export function check(user) {
  if (hasPermission(user, 'video:craete')) return 1;
  if (hasRole(user, 'org:editor')) return 2;
  if (hasRole(user, 'admn')) return 3;
  return hasPermission(user, 'video:reed');
}
`;
    const f = writeFile(root, 'src/fix.ts', text);
    await client.open(f, text);
    let diags = await client.waitForDiagnostics(f, (d) => d.length === 4);
    const fixed = new Set<string>();
    for (let round = 0; round < 10 && diags.length; round++) {
      const d = diags[0];
      const actions = await actionsAt(f, d);
      const preferred = actions.filter((a) => a.isPreferred);
      assert.equal(preferred.length, 1, `one preferred fix for ${messageOf(d)}`);
      assert.equal(preferred[0].kind, 'quickfix');
      assert.equal(preferred[0].diagnostics?.[0].code, d.code);
      fixed.add(String(d.code));
      const before = diags.length;
      await client.applyTextEdits(f, editsFor(preferred[0].edit, uriOf(f)));
      diags = await client.waitForDiagnostics(f, (x) => x.length === before - 1, 'one diagnostic fewer');
    }
    assert.deepEqual(diags, []);
    assert.deepEqual([...fixed].sort(), ['org-prefix', 'unknown-permission', 'unknown-role']);
    assert.match(client.texts.get(f)!, /'video:create'[\s\S]*'org-editor'[\s\S]*'admin'[\s\S]*'video:read'/);
  });

  test('"ignore on this line" silences each finding with an indented directive', async () => {
    const text = `export function check(user) {
    if (hasPermission(user, 'legacy:thing')) return 1;
  return hasRole(user, 'nobody');
}
`;
    const f = writeFile(root, 'src/ignore.ts', text);
    await client.open(f, text);
    let diags = await client.waitForDiagnostics(f, (d) => d.length === 2);
    for (let round = 0; round < 5 && diags.length; round++) {
      const actions = await actionsAt(f, diags[0]);
      const ignore = actions.find((a) => a.title.startsWith('Ignore'));
      assert.ok(ignore, 'an ignore action');
      assert.notEqual(ignore.isPreferred, true);
      const before = diags.length;
      await client.applyTextEdits(f, editsFor(ignore.edit, uriOf(f)));
      diags = await client.waitForDiagnostics(f, (x) => x.length === before - 1, 'one diagnostic fewer');
    }
    assert.deepEqual(diags, []);
    const lines = client.texts.get(f)!.split('\n');
    assert.equal(lines[1], '    // workos-authz-ignore-next-line unknown-permission');
    assert.equal(lines[3], '  // workos-authz-ignore-next-line unknown-role');
  });

  test('a second rule on the same line joins the existing directive', async () => {
    const text = `export const x = (user) =>
  hasRole(user, 'nobody') && hasPermission(user, 'legacy:other');
`;
    const f = writeFile(root, 'src/twoRules.ts', text);
    await client.open(f, text);
    let diags = await client.waitForDiagnostics(f, (d) => d.length === 2);
    for (let round = 0; round < 3 && diags.length; round++) {
      const ignore = (await actionsAt(f, diags[0])).find((a) => a.title.startsWith('Ignore'))!;
      const before = diags.length;
      await client.applyTextEdits(f, editsFor(ignore.edit, uriOf(f)));
      diags = await client.waitForDiagnostics(f, (x) => x.length === before - 1, 'one diagnostic fewer');
    }
    assert.deepEqual(diags, []);
    const lines = client.texts.get(f)!.split('\n');
    assert.match(lines[1], /^  \/\/ workos-authz-ignore-next-line (unknown-role unknown-permission|unknown-permission unknown-role)$/);
    assert.equal(lines.length, 4);
  });

  test('between JSX children the ignore directive is a JSX comment', async () => {
    // `Can` checks its prop against the session's permissions: a helper, so its prop is checked.
    const text = `export const Panel = () => (
  <div>
    <Can permission="legacy:thing">x</Can>
  </div>
);
const { permissions } = await withAuth();
function Can({ permission, children }) { return permissions.includes(permission) ? children : null; }
`;
    const f = writeFile(root, 'src/panel.tsx', text);
    await client.open(f, text);
    const [d] = await client.waitForDiagnostics(f, (x) => x.length === 1);
    const ignore = (await actionsAt(f, d)).find((a) => a.title.startsWith('Ignore'))!;
    await client.applyTextEdits(f, editsFor(ignore.edit, uriOf(f)));
    await client.waitForDiagnostics(f, (x) => x.length === 0);
    assert.equal(client.texts.get(f)!.split('\n')[2], '    {/* workos-authz-ignore-next-line unknown-permission */}');
  });

  test('a fix at a constant definition clears the use in another file', async () => {
    const defs = `export const ROLES = { BOSS: 'admn' };\n`;
    const use = `import { ROLES } from './roles';\nexport const ok = (u) => hasRole(u, ROLES.BOSS);\n`;
    const defFile = writeFile(root, 'src/roles.ts', defs);
    const useFile = writeFile(root, 'src/useRoles.ts', use);
    await client.watched([
      { file: defFile, type: 'created' },
      { file: useFile, type: 'created' },
    ]);
    await client.waitForDiagnostics(useFile, (d) => d.length === 1);
    const [d] = await client.waitForDiagnostics(defFile, (x) => x.length === 1);
    await client.open(defFile, defs);
    const fix = (await actionsAt(defFile, d)).find((a) => a.isPreferred)!;
    await client.applyTextEdits(defFile, editsFor(fix.edit, uriOf(defFile)));
    await client.waitForDiagnostics(defFile, (x) => x.length === 0);
    await client.waitForDiagnostics(useFile, (x) => x.length === 0, 'the use cleared too');
  });
});
