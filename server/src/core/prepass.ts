// A cheap look at a file's text that says when the analyzer cannot find anything in it, so
// indexing can skip the analyzer. Most files of an application never touch authorization: no
// kind word (`role`, `perm`, `resource`), nothing of WorkOS, no constant another file could
// use, no call to an imported function that could turn out to be a helper. The analyzer finds
// nothing in such a file that the index keeps (its imports lead nowhere when it has nothing of its
// own), so an empty scan stands in for its scan. A file with no trigger may still hold constants
// other files read (its declarations are read) and calls to what it imports, which another file
// may define as a helper (those calls are collected too, without the rest of the analysis).
//
// The test is conservative: every way the analyzer can produce something starts with one of the
// triggers below. test/unit/prepass.test.ts holds the fast path to the full one on the benchmark
// workspace and the corpus repositories, file by file.

import type { FileScan } from './types';

/**
 * Words the analyzer's places start from: kind words in names and keys (`userRole`,
 * `permissionSlug`, `RESOURCE_TYPES`), WorkOS (the SDK, AuthKit's session sources in files that
 * import it, ignore directives), WorkOS's widget permissions, and the membership a `check({…})`
 * is asked for (`organizationMembershipId`). AuthKit's own session sources and types that hold no
 * kind word name the kinds they hold through keys that do (`{ role }`, `permissions`), so they
 * need no entry of their own. `slug` alone is not one: every slug field the analyzer knows names
 * its kind too (`roleSlug`, `createPermission({ slug })`), and a bare `slug` is a page's or a
 * product's far more often.
 */
const TRIGGER = /perm|role|resource|workos|widgets:|organization_?membership_?id/i;

/** The generic checks (`can('posts:read')`), called by a name without a kind word. */
const LOOSE_CALL = /\b(?:can|cannot|userCan)\s*\(/;

/**
 * What can make a file's constants or exports matter to another file: a top-level declaration
 * (`const ADMIN = 'admin'`, `enum Role {…}`, `type X = 'a' | 'b'`), or an export list or re-export
 * (`export { X }`, `export * from './roles'`). Top-level code starts its line (or follows `;`, `}`
 * or a comment's end on it); declarations indented inside functions and classes are local and make
 * no constants.
 */
const DECLARATION = /^(?:export\s+)?(?:declare\s+)?(?:const|let|var|enum|type)\s|(?:[;}]|\*\/)[ \t]*(?:export\s+)?(?:declare\s+)?(?:const|let|var|enum|type)\s|\bexport\s*(?:type\s*)?[*{]/m;

/** `import a, { b as c, type d } from '…'` and `import * as ns from '…'`, at a statement start. */
const IMPORT = /(?:^|[;\n])[ \t]*import\s+(?:type\s+)?([^;'"`]*?)\s*from\s*['"]/g;

/**
 * False when the analyzer is certain to find nothing the index keeps in `text`. `helperNames` are
 * the configured helpers' names: calls to them are places whatever they are called.
 */
export function mayMatter(text: string, helperNames: readonly string[] = []): boolean {
  return prepassLevel(text, helperNames) !== 'none';
}

/**
 * How much of the analyzer `text` needs: `'none'` when it is certain to find nothing the index
 * keeps; `'declarations'` when only what other files can read of it can be there (top-level
 * constants, exports: no slug place, since every place starts from a trigger); `'calls'` when,
 * besides those, only calls to functions it imports can be (another file may define one as a
 * helper); `'full'` otherwise.
 */
export function prepassLevel(text: string, helperNames: readonly string[] = [], jsx = true): 'none' | 'declarations' | 'calls' | 'full' {
  if (TRIGGER.test(text) || LOOSE_CALL.test(text)) return 'full';
  for (const name of helperNames) if (text.includes(name)) return 'full';
  const use = importUse(text, jsx);
  // An imported component's props are read the way the full analysis reads JSX: no shortcut.
  if (use === 'jsx') return 'full';
  if (use === 'call') return 'calls';
  return DECLARATION.test(text) ? 'declarations' : 'none';
}

/**
 * How the file uses the names it imports: as a JSX tag (`<Gate …>`, only looked for when `jsx`:
 * the file is lexed with JSX), or else called (`guard(…)`, `guard<T>(…)`), or neither. Another
 * file may define such a name as a helper, which makes its arguments slug places.
 */
function importUse(text: string, jsx: boolean): 'jsx' | 'call' | undefined {
  if (!text.includes('import')) return undefined;
  let called = false;
  for (const m of text.matchAll(IMPORT)) {
    const from = m.index + m[0].length;
    for (const name of importedNames(m[1])) {
      if (jsx && usedAsTag(text, name, from)) return 'jsx';
      if (!called && usedAsCall(text, name, from)) {
        // A file lexed without JSX has no tags to look for: one call settles it.
        if (!jsx) return 'call';
        called = true;
      }
    }
  }
  return called ? 'call' : undefined;
}

/** `<Name` with `Name` whole, after `from`: a JSX tag, as the lexer reads one. */
function usedAsTag(text: string, name: string, from: number): boolean {
  const tag = `<${name}`;
  for (let at = text.indexOf(tag, from); at >= 0; at = text.indexOf(tag, at + tag.length)) {
    if (!isNamePart(text.charCodeAt(at + tag.length))) return true;
  }
  return false;
}

/** `name(…)` or `name<T>(…)` with `name` whole and not a member (`x.name(`), after `from`. */
function usedAsCall(text: string, name: string, from: number): boolean {
  for (let at = text.indexOf(name, from); at >= 0; at = text.indexOf(name, at + name.length)) {
    const before = text.charCodeAt(at - 1);
    let after = at + name.length;
    if (isNamePart(before) || before === 46 /* . */ || isNamePart(text.charCodeAt(after))) continue;
    while (text.charCodeAt(after) === 32) after++;
    const c = text.charCodeAt(after);
    if (c === 40 /* ( */ || c === 60 /* <T>( */) return true;
  }
  return false;
}

function importedNames(clause: string): string[] {
  const out: string[] = [];
  const brace = clause.indexOf('{');
  const head = brace < 0 ? clause : clause.slice(0, brace);
  for (const part of head.split(',')) {
    const p = part.trim();
    const ns = /^\*\s*as\s+([\w$]+)$/.exec(p);
    if (ns) out.push(ns[1]);
    else if (/^[\w$]+$/.test(p)) out.push(p);
  }
  if (brace >= 0) {
    for (const part of clause.slice(brace + 1, clause.lastIndexOf('}')).split(',')) {
      const p = part.trim().replace(/^type\s+/, '');
      const local = /\bas\s+([\w$]+)$/.exec(p)?.[1] ?? /^[\w$]+/.exec(p)?.[0];
      if (local) out.push(local);
    }
  }
  return out;
}

function isNamePart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c === 36 || c >= 128;
}

/** The scan of a file the analyzer would find nothing in. One shared, frozen object. */
export const EMPTY_SCAN: FileScan = Object.freeze({
  occurrences: Object.freeze([]) as unknown as FileScan['occurrences'],
  constantRefs: Object.freeze([]) as unknown as FileScan['constantRefs'],
  constants: new Map(),
  imports: new Map(),
  checkCalls: Object.freeze([]) as unknown as FileScan['checkCalls'],
  ignores: Object.freeze([]) as unknown as FileScan['ignores'],
  helpers: Object.freeze([]) as unknown as FileScan['helpers'],
  calls: Object.freeze([]) as unknown as FileScan['calls'],
  exports: new Map(),
  reexports: Object.freeze([]) as unknown as FileScan['reexports'],
}) as FileScan;

/** True when a scan holds nothing the index keeps (imports alone lead nowhere). */
export function isEmptyScan(scan: FileScan): boolean {
  return (
    scan.occurrences.length === 0 && scan.constantRefs.length === 0 && scan.constants.size === 0 && scan.checkCalls.length === 0 &&
    scan.ignores.length === 0 && scan.helpers.length === 0 && scan.calls.length === 0 && scan.exports.size === 0 && scan.reexports.length === 0
  );
}
