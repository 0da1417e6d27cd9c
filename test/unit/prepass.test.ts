// The pre-pass lets indexing skip the analyzer for files it cannot find anything in. It must
// never change a result: on the whole benchmark workspace, every file it skips scans empty, and an
// index built the fast way (pre-pass, empty scans shared) reports exactly what one built from a
// full scan of every file reports. `npm run corpus` checks the same on the corpus repositories.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { Catalog } from '../../server/src/core/catalog';
import { LineIndex } from '../../server/src/core/lineIndex';
import { EMPTY_SCAN, isEmptyScan, mayMatter, prepassLevel } from '../../server/src/core/prepass';
import { jsxFor, scanDocument } from '../../server/src/core/scanner';
import { WorkspaceIndex, scanForIndex } from '../../server/src/core/workspaceIndex';
import { readSourceFile, walkWorkspace } from '../../server/src/fs/walk';
import { FULL } from '../../bench/config';
import { prepareWorkspace } from '../../bench/workspace';

function scanJson(scan: unknown): string {
  return JSON.stringify(scan, (_key, value) => (value instanceof Map ? [...value] : value));
}

describe('pre-pass: files the analyzer cannot find anything in', () => {
  test('skips files with nothing of authorization in them', () => {
    assert.equal(mayMatter(`import { x } from './x';\nexport function f(a: number) {\n  const label = 'Save';\n  return a + 1;\n}\n`), false);
    assert.equal(mayMatter(`function g() {\n  const out = ['a', 'b'];\n  return out;\n}\n`), false, 'indented declarations are local');
  });

  const kept: [string, string][] = [
    ['a kind word', `if (user.role === 'admin') {}`],
    ['a kind word in a type', `let x: Perm = 'a';`],
    ['WorkOS', `import { WorkOS } from '@workos-inc/node';`],
    ['an ignore directive', `// workos-authz-ignore-next-line\nfoo('x');`],
    ["WorkOS's widget permissions", `const w = 'widgets:users-table:manage';`],
    ['a generic check', `if (can('posts:read')) {}`],
    ['a top-level constant another file can use', `export const ADMIN = 'admin';`],
    ['a multi-line typed constant', `export const Colors: Record<\n  string,\n  { bg: string; text: string }\n> = { GET: { bg: 'x', text: 'y' } };`],
    ['a constant after a statement on the same line', `foo(); const A = 'a';`],
    ['an enum', `enum Level { Admin = 'admin' }`],
    ['a string union type', `type Level = 'admin' | 'member';`],
    ['a re-export', `export * from './roles';`],
    ['an export list', `const a = 1;\nexport { a as b };`],
    ['a call to an imported function', `import { guard } from './guard';\nguard('posts:read');`],
    ['a call to a default import', `import guard from './guard';\nguard ('posts:read');`],
    ['a generic call to an import', `import { guard } from './guard';\nguard<string>('x');`],
    ['an imported component', `import { Gate } from './gate';\nconst el = <Gate level="admin" />;`],
    ['the membership of an access check', `async function f(id) {\n  await authz.check({ organizationMembershipId: id });\n}\n`],
  ];
  for (const [what, text] of kept) {
    test(`keeps ${what}`, () => assert.equal(mayMatter(text), true));
  }

  test('the membership of an access check is something the analyzer finds on its own', () => {
    const text = `async function f(id) {\n  await authz.check({ organizationMembershipId: id });\n}\n`;
    assert.equal(scanDocument(text, { fileName: 'f.ts' }).checkCalls.length, 1);
    assert.equal(prepassLevel(text), 'full');
  });

  test('a bare slug (a page\'s, a product\'s) is not a reason to analyse a file', () => {
    const text = `function f(page) {\n  return page.slug === 'about-us' ? { slug: 'home' } : null;\n}\n`;
    assert.equal(prepassLevel(text), 'none');
    assert.ok(isEmptyScan(scanDocument(text, { fileName: 'f.ts' })), 'the analyzer finds nothing there either');
  });

  test('keeps calls to configured helpers, whatever their names', () => {
    const text = `function f() {\n  ensure('posts:read');\n}\n`;
    assert.equal(mayMatter(text), false);
    assert.equal(mayMatter(text, ['ensure']), true);
  });

  test('an imported name used but not called is not a reason to scan', () => {
    assert.equal(mayMatter(`import { guard } from './guard';\nexport default guard;\n`.replace('export default', 'module.exports =')), false);
  });

  test('a file whose only tie is calling what it imports is read for its declarations and those calls', () => {
    const text = `import { guard } from './guard';\nimport { fmt } from './fmt';\nexport const LIMIT = 3;\nexport function page(user) {\n  guard(user, 'posts:read');\n  return fmt(LIMIT);\n}\n`;
    assert.equal(prepassLevel(text), 'calls');
    const full = scanDocument(text, { fileName: 'page.ts' });
    const fast = scanDocument(text, { fileName: 'page.ts', declarationsOnly: true, pendingCalls: true });
    assert.deepEqual(fast.calls.map((c) => c.callee.join('.')), ['guard'], 'the call with a slug-shaped argument is left to the index');
    assert.equal(scanJson(fast), scanJson(full));
    assert.deepEqual(scanDocument(text, { fileName: 'page.ts', declarationsOnly: true }).calls, [], 'declarations alone hold no calls');
  });

  test('an imported name used as a JSX tag needs the full analysis, in files lexed with JSX only', () => {
    const text = `import { Gate } from './gate';\nimport { fmt } from './fmt';\nexport const A = fmt(1);\nconst el = <Gate level="admin" />;\n`;
    assert.equal(prepassLevel(text, [], true), 'full');
    // In a .ts file \`<Gate\` is a type argument or a comparison, never a tag.
    assert.equal(prepassLevel(text, [], false), 'calls');
  });

  test('a helper in one file makes a calls-only file\'s literal a place, through the fast path', () => {
    const lib = `export function requireAccess(user, permission: string) {\n  return user.permissions.includes(permission);\n}\n`;
    const page = `import { requireAccess } from './acl';\nexport function page(user) {\n  requireAccess(user, 'posts:raed');\n}\n`;
    assert.equal(prepassLevel(page, [], false), 'calls');
    const index = new WorkspaceIndex();
    index.setScan('file:///ws/acl.ts', scanForIndex(lib, [], 'file:///ws/acl.ts'));
    index.setScan('file:///ws/page.ts', scanForIndex(page, [], 'file:///ws/page.ts'));
    assert.deepEqual(index.occurrences('file:///ws/page.ts').map((o) => `${o.kind} ${o.slug} ${o.place}`), ['permission posts:raed requireAccess()']);
  });

  test('scanForIndex: skipped and empty files share one empty scan and keep no line starts', () => {
    const skipped = scanForIndex(`function f() {\n  return 1;\n}\n`, [], 'a.ts');
    assert.equal(skipped.scan, EMPTY_SCAN);
    assert.equal(skipped.lineStarts, undefined);
    const scannedEmpty = scanForIndex(`function f(role: number) {\n  return role + 1;\n}\n`, [], 'a.ts');
    assert.equal(scannedEmpty.scan, EMPTY_SCAN, 'the analyzer ran and found nothing');
    const found = scanForIndex(`if (user.permissions.includes('posts:read')) {}\n`, [], 'a.ts');
    assert.notEqual(found.scan, EMPTY_SCAN);
    assert.deepEqual([...found.lineStarts!], [0, 48]);
    assert.ok(scanForIndex(`let x = 1;\n`, [], 'a.ts', true).lineStarts, 'asked for: kept');
  });

  test('the whole benchmark workspace: the fast path reports exactly what full scans report', { timeout: 600_000 }, () => {
    const ws = prepareWorkspace(FULL);
    const catalog = new Catalog(ws.catalog, { kind: 'snapshot' });
    const { files } = walkWorkspace(ws.root);
    const fast = new WorkspaceIndex();
    const full = new WorkspaceIndex();
    let skipped = 0;
    let declarationsOnly = 0;
    let callsOnly = 0;
    const unsound: string[] = [];
    for (const file of files) {
      const read = readSourceFile(file);
      if (!('text' in read)) continue;
      const uri = pathToFileURL(file).href;
      const scan = scanDocument(read.text, { fileName: uri });
      const level = prepassLevel(read.text, [], jsxFor({ fileName: uri }));
      if (level === 'none') {
        skipped++;
        if (!isEmptyScan(scan)) unsound.push(file);
      } else if (level === 'declarations' || level === 'calls') {
        if (level === 'calls') callsOnly++;
        else declarationsOnly++;
        const fast = scanDocument(read.text, { fileName: uri, declarationsOnly: true, pendingCalls: level === 'calls' });
        if (scanJson(fast) !== scanJson(scan)) unsound.push(`${file} (${level})`);
      }
      fast.setScan(uri, scanForIndex(read.text, [], uri));
      full.setScan(uri, { scan, lineStarts: LineIndex.lineStarts(read.text), length: read.text.length });
    }
    assert.deepEqual(unsound, [], 'files the pre-pass skipped that the analyzer finds something in');
    assert.ok(skipped > 0, 'the pre-pass skips some files of the workspace');
    assert.ok(declarationsOnly > 0, `some files are read for their declarations only (${declarationsOnly})`);
    assert.ok(callsOnly > 0, `some files are read for their declarations and calls to imports only (${callsOnly})`);
    let findings = 0;
    for (const uri of full.uris()) {
      const want = full.findings(uri, catalog).map((f) => `${f.rule} ${f.slug} ${f.range.start}-${f.range.end}`);
      assert.deepEqual(fast.findings(uri, catalog).map((f) => `${f.rule} ${f.slug} ${f.range.start}-${f.range.end}`), want, uri);
      assert.deepEqual(fast.occurrences(uri).length, full.occurrences(uri).length, uri);
      findings += want.length;
    }
    assert.ok(findings > 1000, `the workspace has findings to compare (${findings})`);
  });
});
