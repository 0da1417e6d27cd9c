// Quick fixes: each finding's own fixes (replace with the suggestion, correct the prefix), and
// an "ignore on this line" directive for when the code is right and the catalog is not.

import { CodeActionKind, type CodeAction, type CodeActionParams, type Diagnostic, type TextEdit } from 'vscode-languageserver/node';
import { doCodeActions } from '../core/languageService';
import type { Finding } from '../core/types';
import { ruleSettings } from '../settings';
import { catalogActions } from './catalogWrites';
import { toDiagnostic } from './diagnostics';
import type { Folder } from './folder';
import type { Session } from './session';

export const IGNORE_DIRECTIVE = 'workos-authz-ignore-next-line';

export function codeActions(session: Session, params: CodeActionParams): CodeAction[] {
  const only = params.context.only;
  if (only && !only.some((k) => k === CodeActionKind.QuickFix || CodeActionKind.QuickFix.startsWith(k + '.') || k === CodeActionKind.Empty)) return [];
  const at = session.indexed(params.textDocument.uri);
  if (!at) return [];
  const { uri, folder } = at;
  const start = folder.index.offsetAt(uri, params.range.start);
  const end = folder.index.offsetAt(uri, params.range.end);
  const findings = doCodeActions(folder.index, uri, start, end, session.catalogFor(folder), ruleSettings(folder.settings), session.environmentCatalogs(folder));
  const doc = session.document(uri);
  const editUri = doc?.uri ?? params.textDocument.uri;
  const actions: CodeAction[] = [];
  const ignored = new Set<string>();
  const ignoreActions: CodeAction[] = [];
  const withDiagnostics: { finding: Finding; diagnostic: Diagnostic }[] = [];
  for (const f of findings) {
    const diagnostic = matchingDiagnostic(params.context.diagnostics, toDiagnostic(folder, uri, f));
    withDiagnostics.push({ finding: f, diagnostic });
    for (const fix of f.fixes) {
      actions.push({
        title: fix.title,
        kind: CodeActionKind.QuickFix,
        diagnostics: [diagnostic],
        isPreferred: fix.preferred,
        edit: { changes: { [editUri]: [{ range: toRange(folder, uri, fix.range), newText: fix.newText }] } },
      });
    }
    const line = folder.index.positionAt(uri, f.range.start).line;
    const key = `${line}:${f.rule}`;
    if (doc && !ignored.has(key)) {
      ignored.add(key);
      ignoreActions.push({
        title: `Ignore ${f.rule} on this line`,
        kind: CodeActionKind.QuickFix,
        diagnostics: [diagnostic],
        edit: { changes: { [editUri]: [ignoreEdit(doc.getText(), doc.offsetAt({ line, character: 0 }), line, f)] } },
      });
    }
  }
  return [...actions, ...catalogActions(session, folder, withDiagnostics), ...ignoreActions];
}

/**
 * The directive goes on its own line above, indented like the line it silences. When that line
 * already holds a directive, the rule joins it: a second directive line in between would leave
 * the first one silencing the new comment instead of the code.
 */
export function ignoreEdit(text: string, lineStart: number, line: number, f: Finding): TextEdit {
  const lineEnd = text.indexOf('\n', lineStart);
  const lineText = text.slice(lineStart, lineEnd < 0 ? text.length : lineEnd);
  if (line > 0) {
    const prevStart = text.lastIndexOf('\n', lineStart - 2) + 1;
    const prevText = text.slice(prevStart, lineStart - 1).replace(/\r$/, '');
    const at = directiveInsertColumn(prevText);
    if (at !== undefined) {
      const pos = { line: line - 1, character: at };
      return { range: { start: pos, end: pos }, newText: ` ${f.rule}` };
    }
  }
  const indent = /^[ \t]*/.exec(lineText)?.[0] ?? '';
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const comment = looksLikeJsxChild(text, lineStart, lineText)
    ? `{/* ${IGNORE_DIRECTIVE} ${f.rule} */}`
    : `// ${IGNORE_DIRECTIVE} ${f.rule}`;
  return {
    range: { start: { line, character: 0 }, end: { line, character: 0 } },
    newText: `${indent}${comment}${eol}`,
  };
}

/** Where a rule can be appended to an existing directive comment on this line: after its rules, before a `--` reason or `*\/`. */
function directiveInsertColumn(lineText: string): number | undefined {
  const m = new RegExp(`^\\s*(?://|\\{?/\\*)\\s*${IGNORE_DIRECTIVE}\\b`).exec(lineText);
  if (!m) return undefined;
  const rest = lineText.slice(m[0].length);
  // A directive naming no rule silences every rule already.
  const end = rest.search(/\s*(--|\*\/)|\s*$/);
  if (!rest.slice(0, end).trim()) return undefined;
  return m[0].length + end;
}

/**
 * Between JSX children a `//` comment would render as text, so there the directive is written
 * as `{/* ... *\/}`. A line opening an element right after a line that ends a tag is taken as a
 * child; after `(`, `return` or `=>` it is still JavaScript.
 */
function looksLikeJsxChild(text: string, lineStart: number, lineText: string): boolean {
  if (!lineText.trimStart().startsWith('<')) return false;
  const before = text.slice(Math.max(0, lineStart - 2000), lineStart).trimEnd();
  return before.endsWith('>') && !before.endsWith('=>');
}

function toRange(folder: Folder, uri: string, r: { start: number; end: number }) {
  return { start: folder.index.positionAt(uri, r.start), end: folder.index.positionAt(uri, r.end) };
}

/** The editor's own diagnostic object when it sent one for this finding, so it can link them. */
function matchingDiagnostic(sent: Diagnostic[], ours: Diagnostic): Diagnostic {
  const same = (a: Diagnostic['range'], b: Diagnostic['range']) =>
    a.start.line === b.start.line && a.start.character === b.start.character && a.end.line === b.end.line && a.end.character === b.end.character;
  return sent.find((d) => d.code === ours.code && same(d.range, ours.range)) ?? ours;
}
