// Incremental re-checking: after any sequence of edits, the index that took them one by one
// reports exactly what an index built fresh from the final texts reports, for every file. The
// index re-checks other files only when an edit changed what they read of the edited file (its
// constants, helpers, exports) or what it asks of them (constant uses, helper calls, imports);
// this property holds it to that.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { Catalog, type CatalogSnapshot } from '../../server/src/core/catalog';
import { rescanStringEdit, statementStarts } from '../../server/src/core/incremental';
import { scanDocument } from '../../server/src/core/scanner';
import type { FileScan, Range } from '../../server/src/core/types';
import { WorkspaceIndex } from '../../server/src/core/workspaceIndex';

const snapshot: CatalogSnapshot = {
  version: 1,
  environmentRoles: [
    { slug: 'admin', name: 'Admin', description: null, permissions: ['posts:read', 'posts:write'], type: 'EnvironmentRole' },
    { slug: 'member', name: 'Member', description: null, permissions: ['posts:read'], type: 'EnvironmentRole' },
  ],
  permissions: [
    { slug: 'posts:read', name: 'Read', description: null },
    { slug: 'posts:write', name: 'Write', description: null },
  ],
  organizations: [],
};
const catalog = new Catalog(snapshot, { kind: 'snapshot' });

const START: Record<string, string> = {
  'file:///ws/src/roles.ts': `export const ROLES = { ADMIN: 'admin', MEMBER: 'membr' } as const;\nexport type Role = 'admin' | 'member';\n`,
  'file:///ws/src/perms.ts': `export const PERMS = {\n  READ: 'posts:read',\n  WRITE: 'posts:wirte',\n};\n`,
  'file:///ws/src/guard.ts': `import { withAuth } from '@workos-inc/authkit-nextjs';\nexport async function requirePerm(p: string) {\n  const { permissions } = await withAuth();\n  return permissions.includes(p);\n}\n`,
  'file:///ws/src/page.tsx': `import { ROLES } from './roles';\nimport { PERMS } from './perms';\nimport { requirePerm } from './guard';\nexport default async function Page({ role }: { role: string }) {\n  await requirePerm(PERMS.WRITE);\n  await requirePerm('posts:raed');\n  return role === ROLES.MEMBER ? null : <div />;\n}\n`,
  'file:///ws/src/index.ts': `export * from './roles';\nexport { PERMS as P } from './perms';\n`,
};
const URIS = Object.keys(START);

/** Pieces edits insert: slugs and typos, constant uses, imports, declarations, breaking punctuation. */
const SNIPPETS = [
  `'posts:read'`, `'posts:wirte'`, `'admin'`, `'membr'`, 'PERMS.READ', 'PERMS.WRITE', 'ROLES.ADMIN', 'ROLES.MEMBER',
  `\nawait requirePerm('posts:write');\n`, `\nawait requirePerm(PERMS.READ);\n`, `\nif (role === ROLES.ADMIN) {}\n`,
  `\nexport const EXTRA = 'posts:wrte';\n`, `\nimport { PERMS } from './perms';\n`, `\nimport { ROLES } from './index';\n`,
  `\nexport function check(r: Role) { return r; }\n`, `\nconst x: Role = 'membr';\n`, `  // workos-authz-ignore-next-line\n`,
  '{', '}', '(', ')', ',', `'`, '`', '\n', ' ', 'x', 'ADMIN', 'READ',
];

/** An edit anywhere, or (`literal` set) typing inside the n-th string literal, as when a slug is typed. */
type Edit = { file: number; at: number; remove: number; insert: string; literal?: number };

const edit: fc.Arbitrary<Edit> = fc.oneof(
  fc.record({
    file: fc.nat({ max: URIS.length - 1 }),
    at: fc.nat({ max: 400 }),
    remove: fc.oneof({ arbitrary: fc.constant(0), weight: 3 }, { arbitrary: fc.nat({ max: 12 }), weight: 1 }),
    insert: fc.oneof(fc.constantFrom(...SNIPPETS), fc.constant('')),
  }),
  fc.record({
    file: fc.nat({ max: URIS.length - 1 }),
    at: fc.nat({ max: 40 }),
    remove: fc.nat({ max: 2 }),
    insert: fc.stringMatching(/^[a-z:-]{0,3}$/),
    literal: fc.nat(),
  }),
);

function apply(text: string, e: Edit): string {
  if (e.literal !== undefined) {
    const lits = [...text.matchAll(/'([^'\n\\]*)'/g)];
    if (lits.length === 0) return text;
    const m = lits[e.literal % lits.length];
    const start = m.index! + 1;
    const end = start + m[1].length;
    const at = start + (e.at % (end - start + 1));
    return text.slice(0, at) + e.insert + text.slice(Math.min(end, at + e.remove));
  }
  const at = Math.min(e.at, text.length);
  return text.slice(0, at) + e.insert + text.slice(Math.min(text.length, at + e.remove));
}

/** Everything a client sees of a file: occurrences and findings, with ranges. */
function view(index: WorkspaceIndex, uri: string): string[] {
  return [
    ...index.occurrences(uri).map((o) => `o ${o.kind} ${o.slug} ${o.range.start}-${o.range.end} ${o.evidence} ${o.place}`),
    ...index.findings(uri, catalog).map((f) => `f ${f.rule} ${f.slug} ${f.range.start}-${f.range.end}`),
  ];
}

function fresh(texts: Record<string, string>, edited = false): WorkspaceIndex {
  const index = new WorkspaceIndex();
  for (const uri of URIS) (edited ? index.updateFile(uri, texts[uri]) : index.setFile(uri, texts[uri]));
  return index;
}

describe('incremental re-checking', () => {
  test('after random edit sequences the index equals a fresh one, file by file', () => {
    let statementEdits = 0;
    fc.assert(
      fc.property(fc.array(edit, { minLength: 1, maxLength: 12 }), (edits) => {
        const texts = { ...START };
        const index = fresh(texts, true);
        for (const e of edits) {
          const uri = URIS[e.file];
          texts[uri] = apply(texts[uri], e);
          const before = new Map(URIS.map((u) => [u, view(index, u).join('\n')]));
          // As the editor does: updateFile keeps the text, so edits inside a literal take the statement path.
          const affected = index.updateFile(uri, texts[uri]);
          // The server republishes only the files setFile names: no other file's results may change.
          for (const u of URIS) if (!affected.includes(u)) assert.equal(view(index, u).join('\n'), before.get(u), `${u} changed but was not named after an edit of ${uri} (named: ${affected.join(' ')})`);
        }
        const want = fresh(texts);
        for (const uri of URIS) assert.deepEqual(view(index, uri), view(want, uri), uri);
        statementEdits += index.editStats.statement;
      }),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 300), seed: 4242 },
    );
    assert.ok(statementEdits > 100, `edits re-checked by their statement alone: ${statementEdits}`);
  });

  test('an edit that changes nothing another file reads re-checks the edited file alone', () => {
    const index = fresh(START);
    for (const uri of URIS) view(index, uri);
    const page = 'file:///ws/src/page.tsx';
    const edited = START[page].replace(`'posts:raed'`, `'posts:read'`);
    assert.deepEqual(index.setFile(page, edited), [page]);
    assert.deepEqual(view(index, page), view(fresh({ ...START, [page]: edited }), page));
  });

  test('an edit to a constant another file uses re-checks that file', () => {
    const index = fresh(START);
    for (const uri of URIS) view(index, uri);
    const perms = 'file:///ws/src/perms.ts';
    const affected = index.setFile(perms, START[perms].replace('posts:wirte', 'posts:write'));
    assert.ok(affected.includes('file:///ws/src/page.tsx'), affected.join(', '));
  });

  test('a new use of a constant re-checks the file defining it', () => {
    const index = fresh(START);
    for (const uri of URIS) view(index, uri);
    const page = 'file:///ws/src/page.tsx';
    const affected = index.setFile(page, START[page].replace('await requirePerm(PERMS.WRITE);', 'await requirePerm(PERMS.WRITE);\n  await requirePerm(PERMS.READ);'));
    assert.ok(affected.includes('file:///ws/src/perms.ts'), affected.join(', '));
  });
});

describe('re-checking an edit inside a string literal by its statement alone', () => {
  const norm = (scan: FileScan) => JSON.parse(JSON.stringify(scan, (_k, v) => (v instanceof Map ? [...v] : v)));
  const BENCH_LIKE = readFileSync(join(__dirname, '..', 'fixtures', 'incremental', 'matrix.tsx'), 'utf8');

  /** String literals of a text, as content ranges: where the edits go. */
  function literals(text: string): Range[] {
    const out: Range[] = [];
    for (const m of text.matchAll(/'([^'\n\\]*)'|"([^"\n\\]*)"/g)) out.push({ start: m.index! + 1, end: m.index! + m[0].length - 1 });
    return out;
  }

  const stringEdit = fc.record({
    which: fc.nat(),
    offset: fc.nat(),
    remove: fc.nat({ max: 4 }),
    insert: fc.oneof(
      { arbitrary: fc.stringMatching(/^[a-z:._-]{0,4}$/), weight: 8 },
      { arbitrary: fc.constantFrom(`'`, '\n', '${', '\\', 'role', '@workos-inc/x', '`'), weight: 1 },
    ),
  });

  test('the result equals a full scan of the new text, and the statement alone decides a good share of edits', () => {
    let applied = 0;
    let tried = 0;
    fc.assert(
      fc.property(fc.array(stringEdit, { minLength: 1, maxLength: 6 }), (edits) => {
        let text = BENCH_LIKE;
        let scan = scanDocument(text, { fileName: 'matrix.tsx' });
        let starts: Int32Array | undefined;
        for (const e of edits) {
          const lits = literals(text);
          const lit = lits[e.which % lits.length];
          const at = lit.start + (e.offset % (lit.end - lit.start + 1));
          const next = text.slice(0, at) + e.insert + text.slice(Math.min(lit.end, at + e.remove));
          const fast = rescanStringEdit({ text, starts }, scan, next, { fileName: 'matrix.tsx' });
          const full = scanDocument(next, { fileName: 'matrix.tsx' });
          tried++;
          if (fast) {
            applied++;
            assert.deepEqual(norm(fast.scan), norm(full));
            assert.deepEqual([...fast.starts], [...statementStarts(next, { fileName: 'matrix.tsx' })], 'statement starts carried over');
          }
          starts = fast?.starts;
          text = next;
          scan = full;
        }
      }),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 150), seed: 777 },
    );
    // Some edits type a quote or a newline, or land in comments and templates: those scan the file.
    assert.ok(applied > tried * 0.4, `the statement alone decided ${applied} of ${tried} edits`);
  });

  test('the index keeps the text of edited documents only, and re-checks them the same either way', () => {
    const index = new WorkspaceIndex();
    const uri = 'file:///ws/src/matrix.tsx';
    index.updateFile(uri, BENCH_LIKE);
    const edited = BENCH_LIKE.replace(`'posts:write'`, `'posts:wrte'`);
    assert.notEqual(edited, BENCH_LIKE);
    index.updateFile(uri, edited);
    assert.deepEqual(index.editStats, { statement: 1, file: 1 });
    const fresh = new WorkspaceIndex();
    fresh.setFile(uri, edited);
    assert.deepEqual(view(index, uri), view(fresh, uri));
    index.setFile(uri, BENCH_LIKE);
    index.updateFile(uri, edited);
    assert.deepEqual(index.editStats, { statement: 1, file: 2 }, 'a file set from disk keeps no text: the next edit scans it whole');
  });
});
