// Property-based fuzzing of the analysis core: the lexer, scanDocument, slotAt and the workspace
// index run on every keystroke over code nobody curated, so for any text they must not throw,
// must finish, must keep every range inside the document, and must give the same answer for the
// same input (the lexer reuses buffers between calls, so "same" is checked with other scans in
// between). `npm test` runs a bounded number of cases with a fixed seed; FUZZ_RUNS=100000 (and
// FUZZ_SEED=n) runs more.

import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { lex, Tok } from '../../server/src/core/lexer';
import { scanDocument, slotAt } from '../../server/src/core/scanner';
import { WorkspaceIndex } from '../../server/src/core/workspaceIndex';
import { LineIndex } from '../../server/src/core/lineIndex';
import { loadCatalogFile } from '../../server/src/catalog';
import type { HelperSpec, ScanOptions } from '../../server/src/core/types';
import { assertRange, assertScanInRange, fuzzRuns, fuzzSeed, ROOT, scanToJson } from './support';

const EXAMPLE = path.join(ROOT, 'examples', 'acme-app');
const catalog = loadCatalogFile(path.join(EXAMPLE, 'workos-catalog.json'));

// Real code to mutate: the example app plus snippets for every slug place the scanner knows.
const SNIPPETS: string[] = [
  ...listSources(EXAMPLE).map((f) => fs.readFileSync(f, 'utf8')),
  `const { permissions, role } = await withAuth();\nif (permissions.includes('video:create') && role === 'admin') {}\n`,
  `switch (user?.role?.slug) { case 'admin': break; case ROLES.EDITOR: break; default: }\n`,
  `await workos.authorization.check({ organizationMembershipId: m.id, permissionSlug: 'video:delete' });\n`,
  `await workos.userManagement.updateOrganizationMembership(id, { roleSlug: 'org-billing-admin', roleSlugs: ['a', 'b'] });\n`,
  `requirePermission('video', 'create'); hasAnyRole(['admin', 'editor']); can(\`\${resource}:read\`);\n`,
  `export const PERMS = { X: 'a:b', Y: { Z: 'c:d' } } as const;\nexport type Role = | 'admin' | 'member';\nenum R { A = 'admin' }\n`,
  `import { PERMS, ROLES as R } from './permissions';\nhasRole(R.ADMIN); permissions.includes(PERMS.X);\n`,
  `export function Page() { return <Can permission="video:create" role={'admin'}><div role="button">{roles.includes('owner') && <b/>}</div></Can>; }\n`,
  `// workos-authz-ignore-next-line unknown-role -- legacy\nconst role = user.role || 'member';\n/* 'not:code' */ const re = /'[a-z]'/g; const t = \`a\${\`b\${'c'}\`}d\`;\n`,
  `const x = a?.5:b; const y = <T,>(v: T) => v; widgets.getToken({ scopes: ['widgets:users-table:manage'] });\n`,
];

const HELPERS: HelperSpec[] = [
  { name: 'mayI', arg: 0, kind: 'permission' },
  { name: 'asRole', arg: 1, kind: 'role', session: true },
];

function listSources(dir: string): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...listSources(full));
    else if (/\.(tsx?|jsx?)$/.test(e.name)) out.push(full);
  }
  return out.sort();
}

// ---------------------------------------------------------------------------------------------
// Generators

/** Any UTF-16 code unit, lone surrogates and NUL included. */
const anyUnit = fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c));
const anyText = fc.string({ unit: anyUnit, maxLength: 400 });

// Characters that switch the lexer's modes, weighted up so the interesting paths are hit often.
const NASTY = ['"', "'", '`', '${', '}', '{', '<', '>', '/', '*', '\\', '\n', '\r', '(', ')', '[', ']', ':', ',', '|', '=', '===', '</', '/>', '\u0000', '\ud800', '\udfff', '\u2028', '#!', '//', '/*', '*/'];

const WORDS = [
  'const', 'let', 'type', 'enum', 'import', 'from', 'export', 'as', 'case', 'switch', 'return', 'typeof', 'if',
  'role', 'roles', 'permission', 'permissions', 'includes', 'some', 'hasRole', 'hasPermission', 'requirePermission',
  'can', 'mayI', 'asRole', 'check', 'assignRole', 'roleSlug', 'permissionSlug', 'organizationMembershipId', 'ROLES',
  'PERMS', 'ADMIN', 'user', 'session', 'withAuth', 'authorization', 'workos', 'Can', 'div', 'scopes', 'getToken',
  "'admin'", "'video:create'", "'org-billing-admin'", "'billing:veiw'", '`${x}:read`', '1', '0x1e+5', '.5', '...',
  '?.', '!', '&&', '||', '??', ';', ' ', '\t', '\n', '/re[/]x/g', 'workos-authz-ignore-next-line',
];

const tokenSoup = fc
  .array(fc.oneof({ arbitrary: fc.constantFrom(...WORDS), weight: 4 }, { arbitrary: fc.constantFrom(...NASTY), weight: 3 }, { arbitrary: anyUnit, weight: 1 }), { maxLength: 200 })
  .map((parts) => parts.join(''));

type Mutation = { at: number; op: 'truncate' | 'insert' | 'delete'; text: string; len: number };

const mutation: fc.Arbitrary<Mutation> = fc.record({
  at: fc.nat(),
  op: fc.constantFrom('truncate', 'insert', 'insert', 'delete'),
  text: fc.oneof(fc.constantFrom(...NASTY), fc.constantFrom(...WORDS)),
  len: fc.integer({ min: 1, max: 20 }),
});

function applyMutation(text: string, m: Mutation): string {
  const at = text.length === 0 ? 0 : m.at % (text.length + 1);
  if (m.op === 'truncate') return text.slice(0, at);
  if (m.op === 'insert') return text.slice(0, at) + m.text + text.slice(at);
  return text.slice(0, at) + text.slice(at + m.len);
}

const mutatedSnippet = fc
  .tuple(fc.constantFrom(...SNIPPETS), fc.array(mutation, { minLength: 1, maxLength: 6 }))
  .map(([s, ms]) => ms.reduce(applyMutation, s));

const fileName = fc.constantFrom(undefined, 'a.ts', 'a.tsx', 'a.js', 'a.mjs', 'a.cts');

const anyInput = fc.oneof(anyText, tokenSoup, mutatedSnippet);

// ---------------------------------------------------------------------------------------------
// Properties

// Hang detection, not a performance assertion: inputs here are at most a few KB, which the
// scanner handles in well under a millisecond; a case taking this long is stuck in a loop.
const CASE_LIMIT_MS = 5000;

function timed<T>(what: string, text: string, fn: () => T): T {
  const t0 = performance.now();
  const result = fn();
  const ms = performance.now() - t0;
  assert.ok(ms < CASE_LIMIT_MS, `${what} took ${ms.toFixed(0)} ms on a ${text.length}-char input: ${JSON.stringify(text.slice(0, 200))}`);
  return result;
}

function checkLex(text: string, jsx: boolean): void {
  const { tokens, directives } = lex(text, jsx);
  let prevEnd = 0;
  for (let i = 0; i < tokens.count; i++) {
    const s = tokens.start[i];
    const e = tokens.end[i];
    assert.ok(s >= 0 && s <= e && e <= text.length, `token ${i} [${s}, ${e}) outside [0, ${text.length}]`);
    assert.ok(s >= prevEnd, `token ${i} starts at ${s}, before the previous token's end ${prevEnd}`);
    assert.ok(tokens.type[i] >= Tok.Ident && tokens.type[i] <= Tok.JsxClose, `token ${i} has type ${tokens.type[i]}`);
    prevEnd = e;
  }
  for (const d of directives) assert.ok(d.offset >= 0 && d.offset < text.length);
}

function checkScan(text: string, options: ScanOptions): void {
  const first = timed('scanDocument', text, () => scanDocument(text, options));
  assertScanInRange(first, text);
  // Same input, same result, even after another document went through the shared buffers.
  scanDocument(SNIPPETS[0] + text.slice(0, 50), {});
  const again = scanDocument(text, options);
  assert.equal(scanToJson(again), scanToJson(first), 'scanDocument is not deterministic');
}

function checkSlotAt(text: string, offset: number, options: ScanOptions): void {
  const slot = timed('slotAt', text, () => slotAt(text, offset, options));
  if (!slot) return;
  assertRange(slot.range, text.length, 'slotAt');
  assert.ok(slot.range.start <= offset && offset <= slot.range.end, `slotAt(${offset}) answered ${JSON.stringify(slot.range)}`);
  assert.equal(slot.prefix, text.slice(slot.range.start, offset));
}

describe('lexer and scanner fuzzing', () => {
  test('lex: tokens stay inside the text, in order, for any input', () => {
    fc.assert(
      fc.property(anyInput, fc.boolean(), (text, jsx) => checkLex(text, jsx)),
      { numRuns: fuzzRuns(400), seed: fuzzSeed() },
    );
  });

  test('scanDocument: never throws, ranges inside the document, deterministic (arbitrary UTF-16)', () => {
    fc.assert(
      fc.property(anyText, fileName, (text, fn) => checkScan(text, { fileName: fn, helpers: HELPERS })),
      { numRuns: fuzzRuns(300), seed: fuzzSeed() },
    );
  });

  test('scanDocument: token soup of slug places and mode switches', () => {
    fc.assert(
      fc.property(tokenSoup, fileName, (text, fn) => checkScan(text, { fileName: fn, helpers: HELPERS })),
      { numRuns: fuzzRuns(400), seed: fuzzSeed() },
    );
  });

  test('scanDocument: real snippets truncated and mutated anywhere', () => {
    fc.assert(
      fc.property(mutatedSnippet, fileName, (text, fn) => checkScan(text, { fileName: fn, helpers: HELPERS })),
      { numRuns: fuzzRuns(400), seed: fuzzSeed() },
    );
  });

  test('every prefix of every snippet (a file typed from the top) scans cleanly', () => {
    for (const s of SNIPPETS.slice(-10)) {
      for (let i = 0; i <= s.length; i++) {
        const text = s.slice(0, i);
        assertScanInRange(scanDocument(text, { fileName: 'a.tsx' }), text);
      }
    }
  });

  test('slotAt: never throws for any offset, in or out of range', () => {
    fc.assert(
      fc.property(anyInput, fc.integer({ min: -5, max: 5000 }), fileName, (text, off, fn) => {
        checkSlotAt(text, off, { fileName: fn });
        checkSlotAt(text, text.length, { fileName: fn });
      }),
      { numRuns: fuzzRuns(300), seed: fuzzSeed() },
    );
  });

  test('slotAt inside every string of the snippets answers a range holding the cursor', () => {
    let slots = 0;
    for (const s of SNIPPETS) {
      for (let off = 0; off <= s.length; off++) {
        const slot = slotAt(s, off, { fileName: 'a.tsx' });
        if (slot) {
          slots++;
          checkSlotAt(s, off, { fileName: 'a.tsx' });
        }
      }
    }
    // The snippets are full of slug places: a slotAt that never answers would pass the loop above vacuously.
    assert.ok(slots > 50, `only ${slots} slots found`);
  });

  test('LineIndex: positionAt/offsetAt stay in range and round-trip', () => {
    fc.assert(
      fc.property(anyInput, fc.integer({ min: -10, max: 5000 }), (text, off) => {
        const li = LineIndex.of(text);
        const pos = li.positionAt(off);
        assert.ok(pos.line >= 0 && pos.line < li.lineCount && pos.character >= 0);
        const back = li.offsetAt(pos);
        assert.ok(back >= 0 && back <= text.length);
        if (off >= 0 && off <= text.length && !(text[off - 1] === '\r' && text[off] === '\n')) assert.equal(back, off);
      }),
      { numRuns: fuzzRuns(300), seed: fuzzSeed() },
    );
  });
});

// ---------------------------------------------------------------------------------------------
// The workspace index: files referring to each other's constants, edited in any order.

const URIS = ['file:///w/lib/permissions.ts', 'file:///w/app/page.tsx', 'file:///w/app/route.ts', 'file:///w/lib/other.js'];

const linkedFile = fc.oneof(
  mutatedSnippet,
  tokenSoup,
  fc.constantFrom(
    `export const PERMS = { X: 'video:create', Y: 'billing:veiw' } as const;\nexport const ROLES = { A: 'admin', B: 'editr' };\n`,
    `import { PERMS, ROLES } from '../lib/permissions';\nhasRole(ROLES.B); permissions.includes(PERMS.Y);\n`,
    `import * as P from '../lib/permissions';\nrequirePermission(P.PERMS.X);\n`,
    `import { ROLES } from '@/lib/permissions';\nif (role === ROLES.A) {}\n`,
  ),
);

type IndexOp = { op: 'set'; uri: number; text: string } | { op: 'remove'; uri: number };

const indexOp: fc.Arbitrary<IndexOp> = fc.oneof(
  { arbitrary: fc.record({ op: fc.constant('set' as const), uri: fc.nat(URIS.length - 1), text: linkedFile }), weight: 4 },
  { arbitrary: fc.record({ op: fc.constant('remove' as const), uri: fc.nat(URIS.length - 1) }), weight: 1 },
);

/** FUZZ_PATH replays one failing case reported by fast-check (with its FUZZ_SEED). */
function replay(): { path?: string; endOnFailure?: boolean } {
  return process.env.FUZZ_PATH ? { path: process.env.FUZZ_PATH, endOnFailure: true } : {};
}

function indexSnapshot(index: WorkspaceIndex): string {
  return JSON.stringify(
    [...index.uris()].sort().map((u) => ({
      u,
      occ: index.occurrences(u).map((o) => [o.kind, o.slug, o.range, o.via, o.definition]),
      findings: index.findings(u, catalog).map((f) => [f.rule, f.severity, f.range, f.slug, f.message]),
    })),
  );
}

describe('workspace index fuzzing', () => {
  test('any sequence of edits: no throw, ranges inside their files, same result as a fresh index', () => {
    fc.assert(
      fc.property(fc.array(indexOp, { minLength: 1, maxLength: 12 }), fc.integer({ min: -3, max: 3000 }), (ops, probe) => {
        const index = new WorkspaceIndex({ helpers: HELPERS });
        const texts = new Map<string, string>();
        for (const op of ops) {
          const uri = URIS[op.uri];
          if (op.op === 'set') {
            const affected = index.setFile(uri, op.text);
            assert.ok(affected.includes(uri));
            texts.set(uri, op.text);
          } else {
            index.removeFile(uri);
            texts.delete(uri);
          }
          // Read between edits too, as the server does on every change.
          for (const u of index.uris()) index.findings(u, catalog);
        }
        assert.deepEqual([...index.uris()].sort(), [...texts.keys()].sort());
        for (const [uri, text] of texts) {
          for (const o of index.occurrences(uri)) {
            assertRange(o.range, text.length, `${uri} occurrence ${o.slug}`);
            if (o.definition) assertRange(o.definition.range, texts.get(o.definition.uri)?.length ?? -1, `${uri} definition in ${o.definition.uri}`);
          }
          for (const f of index.findings(uri, catalog, { severities: { 'unknown-role': 'warning' } })) {
            assertRange(f.range, text.length, `${uri} finding ${f.rule}`);
            for (const fix of f.fixes) assertRange(fix.range, text.length, `${uri} fix ${fix.title}`);
          }
          const at = index.occurrenceAt(uri, probe);
          if (at) assert.ok(at.range.start <= probe && probe <= at.range.end);
          const def = index.constantDefinitionAt(uri, probe);
          if (def) assertRange(def.range, texts.get(def.uri)?.length ?? -1, 'constantDefinitionAt');
          const pos = index.positionAt(uri, probe);
          const off = index.offsetAt(uri, pos);
          assert.ok(off >= 0 && off <= text.length);
        }
        index.usages(undefined, 'admin');
        index.referencedSlugs('permission');
        // Incremental bookkeeping must land where a cold start lands.
        const fresh = new WorkspaceIndex({ helpers: HELPERS });
        for (const [uri, text] of texts) fresh.setFile(uri, text);
        assert.equal(indexSnapshot(index), indexSnapshot(fresh), 'incremental index differs from a fresh one');
      }),
      { numRuns: fuzzRuns(150), seed: fuzzSeed(), includeErrorInReport: true, ...replay() },
    );
  });

  test('an import path holding a line separator or a newline resolves to nothing instead of throwing', () => {
    // Found by the property above: normalizePath's `.` did not match U+2028 or a newline (a
    // template-literal module specifier), so findings() threw for the whole batch.
    for (const spec of ['.\u2028/permissions', '`./a\nb`']) {
      const index = new WorkspaceIndex();
      const quoted = spec.startsWith('`') ? spec : `'${spec}'`;
      index.setFile(URIS[1], `import { ROLES } from ${quoted};\nhasRole(ROLES.A);\n`);
      index.setFile(URIS[0], `export const ROLES = { A: 'admin' };\n`);
      assert.doesNotThrow(() => index.findings(URIS[1], catalog));
      assert.doesNotThrow(() => index.findings(URIS[0], catalog));
    }
  });

  test('out-of-range queries on known and unknown files answer without throwing', () => {
    const index = new WorkspaceIndex();
    index.setFile(URIS[0], SNIPPETS[0]);
    for (const uri of [URIS[0], 'file:///nowhere.ts']) {
      for (const off of [-1, 0, 1e9, Number.NaN]) {
        index.occurrenceAt(uri, off);
        index.constantDefinitionAt(uri, off);
        index.positionAt(uri, off);
      }
      index.offsetAt(uri, { line: -1, character: -1 });
      index.offsetAt(uri, { line: 1e9, character: 1e9 });
      assert.deepEqual(index.findings('file:///nowhere.ts', catalog), []);
    }
    assert.deepEqual(index.removeFile('file:///nowhere.ts'), []);
  });
});

// ---------------------------------------------------------------------------------------------
// Extreme shapes: deep nesting, huge lines, many literals. Each is one case with its own time limit.

const BIG_TIMEOUT = { timeout: 120_000 };

describe('extreme inputs', () => {
  const DEPTH = 10_000;
  const cases: [string, () => string][] = [
    ['10^4 nested arrays', () => '['.repeat(DEPTH) + "'admin'"],
    ['10^4 nested objects (neutral keys)', () => 'const ROLES = ' + '{a:'.repeat(DEPTH) + "'admin'" + '}'.repeat(DEPTH)],
    ['10^4 unclosed objects', () => '{role:'.repeat(DEPTH) + "'admin'"],
    ['10^4 arrays in objects', () => 'x = {permissions: ' + '[{a:'.repeat(DEPTH) + "'a:b'"],
    ['10^4 nested calls', () => 'hasRole('.repeat(DEPTH) + "'admin'" + ')'.repeat(DEPTH)],
    ['10^4 nested template holes', () => '`${'.repeat(DEPTH) + "'admin'" + '}`'.repeat(DEPTH)],
    ['10^4 unclosed template holes', () => 'can(' + '`${'.repeat(DEPTH) + 'x'],
    ['10^4 nested JSX elements', () => '<A permission="a:b">'.repeat(DEPTH) + '{role === "admin"}'],
    ['10^4 JSX expression containers', () => '<Can role={'.repeat(DEPTH) + "'admin'"],
    ['10^4 switch cases deep', () => 'switch (role) {' + 'case '.repeat(DEPTH) + "'admin'"],
    ['a 100,000-member string union', () => 'type Role = ' + "| 'a' ".repeat(100_000)],
    ['100,000 chained comparisons', () => 'if (' + "role === 'a' || ".repeat(100_000) + 'x) {}'],
    ['100,000 unterminated quotes', () => "'".repeat(100_000)],
    ['100,000 backticks', () => '`'.repeat(100_001)],
    ['100,000 stray closers', () => '})]'.repeat(100_000) + "hasRole('admin')"],
    ['100,000 `<`', () => '<'.repeat(100_000)],
    ['NUL bytes and lone surrogates everywhere', () => "hasRole('ad\u0000min', '\ud800');\u0000".repeat(20_000) + '\udc00'],
  ];
  for (const [name, make] of cases) {
    test(name, BIG_TIMEOUT, () => {
      const text = make();
      for (const fn of ['a.ts', 'a.tsx']) {
        const scan = scanDocument(text, { fileName: fn });
        assertScanInRange(scan, text);
        checkLex(text, fn === 'a.tsx');
        checkSlotAt(text, text.length - 3, { fileName: fn });
      }
    });
  }

  test('a 5 MB single line of minified code', BIG_TIMEOUT, () => {
    const unit = "a.b(c,{d:'e'},[1,2]);hasRole('admin');hasPermission(`${x}:read`);if(role===\"owner\"){f(/x\\//g)}";
    const text = unit.repeat(Math.ceil((5 * 1024 * 1024) / unit.length));
    const scan = scanDocument(text, { fileName: 'bundle.js' });
    assertScanInRange(scan, text);
    // Three slug places per unit: the scanner must still see them all on one huge line.
    assert.equal(scan.occurrences.length, Math.ceil((5 * 1024 * 1024) / unit.length) * 3);
    const index = new WorkspaceIndex();
    index.setFile('file:///w/bundle.js', text);
    assert.ok(index.findings('file:///w/bundle.js', catalog).length > 0);
  });

  test('1,000,000 string literals in one file index with bounded memory', BIG_TIMEOUT, () => {
    const text = 'export const all = [' + "'video:create',".repeat(1_000_000) + '];\nhasRole(' + "'admin',".repeat(1000) + ');\n';
    const index = new WorkspaceIndex();
    index.setFile('file:///w/huge.ts', text);
    const findings = index.findings('file:///w/huge.ts', catalog);
    assert.ok(Array.isArray(findings));
    assert.ok(index.occurrences('file:///w/huge.ts').length >= 1000);
    const rss = process.memoryUsage().rss;
    assert.ok(rss < 1.5 * 1024 ** 3, `rss ${(rss / 1024 ** 2).toFixed(0)} MB`);
  });
});
