// The language service facade: what the LSP layer and the CLI both ask of the analysis.

import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { Catalog, SNAPSHOT_VERSION } from '../../server/src/core/catalog';
import { doCodeActions, doComplete, doHover, doValidation, findReferences, findUnused } from '../../server/src/core/languageService';
import { WorkspaceIndex } from '../../server/src/core/workspaceIndex';

const CATALOG = new Catalog(
  {
    version: SNAPSHOT_VERSION,
    permissions: [
      { slug: 'video:create', name: 'Create videos', description: 'Upload a new video' },
      { slug: 'video:read', name: 'Watch videos', description: null },
      { slug: 'report:view', name: 'View reports', description: null },
      { slug: 'billing:view', name: 'View billing', description: null },
    ],
    environmentRoles: [
      { slug: 'admin', name: 'Admin', description: null, permissions: ['video:create', 'billing:view'], type: 'EnvironmentRole' },
      { slug: 'member', name: 'Member', description: null, permissions: ['video:read', 'report:view'], type: 'EnvironmentRole' },
    ],
    organizations: [],
  },
  { kind: 'snapshot' },
);

const APP = `if (hasPermission('video:craete')) {}
if (hasPermission('video:read')) {}
hasPermission(\`\${section}:view\`);
`;

function indexed(): WorkspaceIndex {
  const index = new WorkspaceIndex();
  index.setFile('file:///w/app.ts', APP);
  index.setFile('file:///w/other.ts', `hasPermission('video:read');\n`);
  return index;
}

describe('language service', () => {
  test('doValidation: the findings of a file, in source order; none for a file not indexed', () => {
    const findings = doValidation(indexed(), 'file:///w/app.ts', CATALOG);
    assert.deepEqual(findings.map((f) => [f.rule, f.slug]), [['unknown-permission', 'video:craete']]);
    assert.deepEqual(doValidation(indexed(), 'file:///w/none.ts', CATALOG), []);
  });

  test('doComplete: the slugs a place takes, replacing the string content', () => {
    const text = `hasPermission('vid');`;
    const result = doComplete(text, text.indexOf('vid') + 3, CATALOG);
    assert.equal(result?.kind, 'permission');
    assert.deepEqual(result?.range, { start: text.indexOf('vid'), end: text.indexOf('vid') + 3 });
    assert.deepEqual(result?.items.map((i) => i.slug).sort(), ['video:create', 'video:read']);
    assert.equal(doComplete(`const x = 'vid';`, 13, CATALOG), undefined, 'not a slug place');
    assert.equal(doComplete(text, 17, undefined), undefined, 'no catalog');
  });

  test('doComplete reads up to the cursor\'s line: a call closed on a later line, or anything after it, changes nothing', () => {
    const head = `import { ROLES } from './roles';\nawait workos.authorization.check({\n  organizationMembershipId: om,\n  permissionSlug: 'vid',\n`;
    for (const tail of ['});\n', '  resourceId: doc.id,\n});\nconst s = `unterminated ${', '  resourceId: x });\n' + 'const pad = 1;\n'.repeat(5000)]) {
      const text = head + tail;
      const result = doComplete(text, text.indexOf('vid') + 3, CATALOG, { fileName: 'app.ts' });
      assert.equal(result?.kind, 'permission', JSON.stringify(tail.slice(0, 40)));
      assert.deepEqual(result?.range, { start: text.indexOf('vid'), end: text.indexOf('vid') + 3 });
    }
  });

  test('doHover: what the catalog says, or why the slug is wrong, with the range it covers', () => {
    const index = indexed();
    const at = APP.indexOf('video:read') + 2;
    const known = doHover(index, 'file:///w/app.ts', at, CATALOG);
    assert.match(known?.markdown ?? '', /Watch videos/);
    assert.deepEqual(known?.range, { start: APP.indexOf('video:read'), end: APP.indexOf('video:read') + 'video:read'.length });
    assert.match(doHover(index, 'file:///w/app.ts', APP.indexOf('craete'), CATALOG)?.markdown ?? '', /video:create/);
    assert.equal(doHover(index, 'file:///w/app.ts', 0, CATALOG), undefined);
  });

  test('doCodeActions: only the findings the range touches, with their fixes', () => {
    const index = indexed();
    const start = APP.indexOf('video:craete');
    const touched = doCodeActions(index, 'file:///w/app.ts', start, start, CATALOG);
    assert.equal(touched.length, 1);
    assert.deepEqual(touched[0].fixes.map((f) => f.newText), ['video:create']);
    assert.deepEqual(doCodeActions(index, 'file:///w/app.ts', APP.indexOf('video:read'), APP.indexOf('video:read'), CATALOG), []);
  });

  test('findReferences and findUnused: a template uses every slug it matches', () => {
    const index = indexed();
    assert.deepEqual(findReferences(index, 'permission', 'video:read').map((u) => u.uri).sort(), ['file:///w/app.ts', 'file:///w/other.ts']);
    // `${section}:view` uses billing:view and report:view.
    assert.deepEqual(findUnused(index, CATALOG, 'permission'), ['video:create']);
    assert.deepEqual(findUnused(index, CATALOG, 'role'), ['admin', 'member']);
  });
});
