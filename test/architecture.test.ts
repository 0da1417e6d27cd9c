// The architecture rule, checked on every import of the sources (README, "Architecture"):
// - server/src/core/ imports only core (and pure packages): no LSP, no vscode, no node built-ins,
//   no WorkOS SDK, nothing of ours outside core;
// - client/src/ imports only VS Code's libraries and server/src/protocol.ts;
// - server/src/protocol.ts is request objects and types: at run time it imports only
//   vscode-languageserver-protocol and two leaf modules both ends share, the Redactor
//   (server/src/redact.ts) and the file names (server/src/fileNames.ts);
// - only server/src/workos/ imports @workos-inc/node;
// - only the language server's entry (server/src/server.ts) imports server/src/lsp/: the CLI and
//   the shared modules never depend on the LSP layer;
// - no two modules import each other, directly or round a longer loop (type-only imports count).
// The second half shows that each rule catches the edge it forbids.

import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { builtinModules } from 'node:module';

const ROOT = path.resolve(__dirname, '..');

interface SourceFile {
  /** Repository-relative, with forward slashes. */
  path: string;
  text: string;
}

interface ImportEdge {
  specifier: string;
  typeOnly: boolean;
  line: number;
}

/** Every import, export-from, require() and import() of a TypeScript file, with its line. */
export function importsOf(text: string): ImportEdge[] {
  const edges: ImportEdge[] = [];
  const patterns = [
    /^\s*(import|export)\s+(type\s+)?(?:[\w*${}\s,]+?\s+from\s+)?['"]([^'"]+)['"]/gm,
    /\brequire\(\s*['"]([^'"]+)['"]\s*\)/g,
    /\bimport\(\s*['"]([^'"]+)['"]\s*\)/g,
  ];
  const lineAt = (index: number) => text.slice(0, index).split('\n').length;
  for (const m of text.matchAll(patterns[0])) {
    // `import { type A, type B } from` is type-only as well.
    const braces = /\{([^}]*)\}/.exec(m[0])?.[1];
    const allTypes = !!braces && braces.split(',').every((p) => !p.trim() || /^type\s/.test(p.trim())) && !/^\s*(import|export)\s+[\w$]+\s*,/.test(m[0]);
    edges.push({ specifier: m[3], typeOnly: !!m[2] || allTypes, line: lineAt(m.index) });
  }
  for (const re of patterns.slice(1)) for (const m of text.matchAll(re)) edges.push({ specifier: m[1], typeOnly: false, line: lineAt(m.index) });
  return edges;
}

const NODE_BUILTINS = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));
const packageOf = (specifier: string) => (specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : specifier.split('/')[0]);

/** The repository-relative module a relative specifier names, without extension or /index. */
function resolveRelative(from: string, specifier: string): string {
  return path.posix.normalize(path.posix.join(path.posix.dirname(from), specifier)).replace(/\.(ts|js)$/, '').replace(/\/index$/, '');
}

/** Every import that breaks the rule, as `file:line: why`. */
export function violations(files: SourceFile[]): string[] {
  const out: string[] = [];
  for (const file of files) {
    for (const edge of importsOf(file.text)) {
      const where = `${file.path}:${edge.line}`;
      const relative = edge.specifier.startsWith('.');
      const target = relative ? resolveRelative(file.path, edge.specifier) : undefined;
      const pkg = relative ? undefined : packageOf(edge.specifier);

      if (pkg === '@workos-inc/node' && !file.path.startsWith('server/src/workos/')) {
        out.push(`${where}: imports @workos-inc/node; only server/src/workos/ talks to WorkOS`);
      }
      if (file.path.startsWith('server/src/core/')) {
        if (target !== undefined && !target.startsWith('server/src/core/')) out.push(`${where}: core imports ${target}, outside core`);
        if (pkg && (NODE_BUILTINS.has(edge.specifier) || pkg === 'vscode' || pkg.startsWith('vscode-languageserver') || pkg.startsWith('@workos-inc/'))) {
          out.push(`${where}: core imports ${edge.specifier} (I/O, LSP or the SDK)`);
        }
      }
      if (file.path.startsWith('client/src/')) {
        if (target !== undefined && !target.startsWith('client/src/') && target !== 'server/src/protocol') {
          out.push(`${where}: the client imports ${target}; of ours it may import only server/src/protocol.ts`);
        }
        if (pkg && pkg !== 'vscode' && pkg !== 'vscode-languageclient' && !NODE_BUILTINS.has(edge.specifier)) {
          out.push(`${where}: the client imports the package ${pkg}; it uses only VS Code's libraries`);
        }
      }
      if (target?.startsWith('server/src/lsp/') && file.path.startsWith('server/src/') && !file.path.startsWith('server/src/lsp/') && file.path !== 'server/src/server.ts') {
        out.push(`${where}: imports ${target}; only server/src/server.ts uses the LSP layer`);
      }
      if (file.path === 'server/src/protocol.ts' && !edge.typeOnly && edge.specifier !== 'vscode-languageserver-protocol' && edge.specifier !== './redact' && edge.specifier !== './fileNames') {
        out.push(`${where}: protocol.ts imports ${edge.specifier} at run time; it holds request objects and types only`);
      }
    }
  }
  return out;
}

/** Every import loop among the files, as `a -> b -> a`. */
export function cycles(files: SourceFile[]): string[] {
  const graph = new Map<string, string[]>();
  for (const file of files) {
    const from = file.path.replace(/\.ts$/, '').replace(/\/index$/, '');
    graph.set(from, importsOf(file.text).filter((e) => e.specifier.startsWith('.')).map((e) => resolveRelative(file.path, e.specifier)));
  }
  const out: string[] = [];
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (node: string): void => {
    state.set(node, 'open');
    stack.push(node);
    for (const next of graph.get(node) ?? []) {
      if (state.get(next) === 'open') out.push([...stack.slice(stack.indexOf(next)), next].join(' -> '));
      else if (!state.has(next) && graph.has(next)) visit(next);
    }
    stack.pop();
    state.set(node, 'done');
  };
  for (const node of graph.keys()) if (!state.has(node)) visit(node);
  return out;
}

function sourcesUnder(dir: string): SourceFile[] {
  const out: SourceFile[] = [];
  for (const entry of fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true })) {
    const rel = `${dir}/${entry.name}`;
    if (entry.isDirectory()) out.push(...sourcesUnder(rel));
    else if (/\.(ts|mts|cts)$/.test(entry.name)) out.push({ path: rel, text: fs.readFileSync(path.join(ROOT, rel), 'utf8') });
  }
  return out;
}

describe('architecture', () => {
  test('no source file breaks the import rule', () => {
    const files = [...sourcesUnder('server/src'), ...sourcesUnder('client/src')];
    assert.ok(files.length > 50, `found only ${files.length} source files`);
    assert.ok(files.some((f) => f.path.startsWith('server/src/workos/') && importsOf(f.text).some((e) => e.specifier === '@workos-inc/node')), 'the WorkOS door imports the SDK');
    assert.deepEqual(violations(files), []);
  });

  test('no import loops', () => {
    assert.deepEqual(cycles([...sourcesUnder('server/src'), ...sourcesUnder('client/src')]), []);
  });
});

describe('the architecture check catches each forbidden edge', () => {
  const caught = (file: string, text: string) => violations([{ path: file, text }]);

  test('core importing anything of ours outside core, or I/O, LSP or the SDK', () => {
    // The LSP layer: a core rule and the LSP-layer rule.
    assert.equal(caught('server/src/core/rules.ts', "import { Session } from '../lsp/session';").length, 2);
    assert.equal(caught('server/src/core/rules.ts', "import type { Folder } from '../lsp/folder';").length, 2, 'type-only imports count');
    assert.equal(caught('server/src/core/rules.ts', "export { x } from '../catalog/files';").length, 1);
    assert.equal(caught('server/src/core/a/b.ts', "import { y } from '../../protocol';").length, 1);
    assert.equal(caught('server/src/core/rules.ts', "import * as fs from 'node:fs';").length, 1);
    assert.equal(caught('server/src/core/rules.ts', "import { Connection } from 'vscode-languageserver/node';").length, 1);
    assert.equal(caught('server/src/core/rules.ts', "const w = require('@workos-inc/node');").length, 2, 'the SDK: a core rule and the one-door rule');
    assert.deepEqual(caught('server/src/core/rules.ts', "import { Catalog } from './catalog';\nimport type { Finding } from './types';"), []);
  });

  test('the client importing anything of ours but protocol.ts, or a package that is not VS Code’s', () => {
    assert.equal(caught('client/src/checks/x.ts', "import { runCheck } from '../../../server/src/workos/accessChecks';").length, 1);
    assert.equal(caught('client/src/x.ts', "import type { CheckResult } from '../../server/src/workos/accessChecks';").length, 1);
    assert.equal(caught('client/src/x.ts', "import { Redactor } from '../../server/src/redact';").length, 1);
    assert.equal(caught('client/src/x.ts', "import { parse } from 'yaml';").length, 1);
    assert.equal(caught('client/src/x.ts', "const m = await import('../../server/src/catalog');").length, 1);
    assert.equal(caught('client/src/x.ts', "import type { WorkOS } from '@workos-inc/node';").length, 2);
    assert.deepEqual(
      caught(
        'client/src/x.ts',
        "import * as vscode from 'vscode';\nimport { LanguageClient } from 'vscode-languageclient/node';\nimport { CatalogRequest, type CatalogResult } from '../../server/src/protocol';\nimport { log } from './log';",
      ),
      [],
    );
  });

  test('protocol.ts importing code at run time', () => {
    assert.equal(caught('server/src/protocol.ts', "import { loadCatalogFile } from './catalog/files';").length, 1);
    assert.deepEqual(caught('server/src/protocol.ts', "import { RequestType } from 'vscode-languageserver-protocol';\nimport type { Catalog } from './core/catalog';\nimport { type A, type B } from './x';"), []);
  });

  test('the CLI or a shared module importing the LSP layer', () => {
    assert.equal(caught('server/src/cli.ts', "import { normalizeSettings } from './lsp/settings';").length, 1);
    assert.equal(caught('server/src/catalog/cli.ts', "import type { Session } from '../lsp/session';").length, 1);
    assert.deepEqual(caught('server/src/server.ts', "import { startServer } from './lsp/startServer';"), []);
    assert.deepEqual(caught('server/src/lsp/hover.ts', "import type { Session } from './session';"), []);
  });

  test('the SDK imported anywhere but server/src/workos/', () => {
    assert.equal(caught('server/src/lsp/x.ts', "import { WorkOS } from '@workos-inc/node';").length, 1);
    assert.equal(caught('server/src/checks/runner.ts', "import type { WorkOS } from '@workos-inc/node';").length, 1);
    assert.deepEqual(caught('server/src/workos/client.ts', "import { WorkOS } from '@workos-inc/node';"), []);
  });
});

describe('the loop check catches a loop', () => {
  test('two modules importing each other, a type-only import included, and a longer loop', () => {
    assert.deepEqual(
      cycles([
        { path: 'server/src/lsp/session.ts', text: "import { publish } from './diagnostics';" },
        { path: 'server/src/lsp/diagnostics.ts', text: "import type { Session } from './session';" },
      ]),
      ['server/src/lsp/session -> server/src/lsp/diagnostics -> server/src/lsp/session'],
    );
    assert.equal(
      cycles([
        { path: 'server/src/a.ts', text: "import { b } from './b';" },
        { path: 'server/src/b.ts', text: "import { c } from './sub/c';" },
        { path: 'server/src/sub/c.ts', text: "export { a } from '../a';" },
      ]).length,
      1,
    );
    assert.deepEqual(cycles([{ path: 'server/src/a.ts', text: "import { b } from './b';" }, { path: 'server/src/b.ts', text: "import * as fs from 'node:fs';" }]), []);
  });
});
