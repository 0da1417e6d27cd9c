// Finds the source files of a workspace root. Shared by the CLI and the language server so both
// see the same files: .gitignore honoured (nested ones too), default excludes, a size limit, and
// binary files skipped with a note instead of being scanned as text.

import { ModuleResolver } from '../core/moduleResolution';
import * as fs from 'node:fs';
import * as path from 'node:path';
import ignore, { type Ignore } from 'ignore';
import { SOURCE_EXTENSIONS } from '../fileNames';

export const DEFAULT_EXCLUDES = [
  '**/node_modules/**',
  '**/.git/**',
  '**/dist/**',
  '**/build/**',
  '**/out/**',
  '**/coverage/**',
  '**/.next/**',
  '**/*.min.js',
  '**/*.d.ts',
];

/** The directory names DEFAULT_EXCLUDES leaves out at any depth, and everything under them. */
const DEFAULT_EXCLUDED_DIRS = new Set(['node_modules', '.git', 'dist', 'build', 'out', 'coverage', '.next']);
/** Line terminators: a path holding one is matched by the globs' regexes, which treat it specially. */
const LINE_TERMINATOR = /[\n\r\u2028\u2029]/;
let defaultExcludeGlobs: ((rel: string) => boolean) | undefined;

/**
 * Whether DEFAULT_EXCLUDES leave out the root-relative POSIX path `rel`: a segment named like an
 * excluded directory with more after it, or a segment ending in `.min.js` or `.d.ts`. Answered
 * a segment at a time, without the globs' regexes (the walk asks for every file and directory).
 */
export function isDefaultExcluded(rel: string): boolean {
  if (LINE_TERMINATOR.test(rel)) return (defaultExcludeGlobs ??= globMatcher(DEFAULT_EXCLUDES))(rel);
  let start = 0;
  for (;;) {
    const slash = rel.indexOf('/', start);
    const end = slash < 0 ? rel.length : slash;
    if (slash >= 0 && end - start <= 12 && DEFAULT_EXCLUDED_DIRS.has(rel.slice(start, end))) return true;
    if (endsWithAt(rel, end, '.d.ts', start) || endsWithAt(rel, end, '.min.js', start)) return true;
    if (slash < 0) return false;
    start = slash + 1;
  }
}

/** Whether `text` has `suffix` ending at `end`, within the segment starting at `start`. */
function endsWithAt(text: string, end: number, suffix: string, start: number): boolean {
  return end - start >= suffix.length && text.startsWith(suffix, end - suffix.length);
}

export const DEFAULT_MAX_FILE_SIZE = 1024 * 1024;
/** Files indexed per folder at most (the `maxFiles` setting): a folder holding more is cut off with a note. */
export const DEFAULT_MAX_FILES = 50_000;

export interface WalkOptions {
  /** Globs relative to the root; when given, only matching files are kept. */
  include?: string[];
  /** Globs relative to the root, on top of DEFAULT_EXCLUDES. */
  exclude?: string[];
  /** Applied when the files are read (readSourceFile), where the size is known without an extra stat. */
  maxFileSize?: number;
  maxFiles?: number;
}

export interface SkippedFile {
  path: string;
  reason: 'size' | 'binary' | 'limit' | 'unreadable';
  detail: string;
}

export function isSourceFile(file: string): boolean {
  const ext = path.extname(file);
  return SOURCE_EXTENSIONS.includes(ext) && !file.endsWith('.d.ts');
}

export interface WalkResult {
  files: string[];
  skipped: SkippedFile[];
  /** tsconfig/jsconfig/package.json files: how the project's imports resolve. */
  configs: string[];
}

export function walkWorkspace(root: string, options: WalkOptions = {}): WalkResult {
  const steps = walkSteps(root, options);
  let step = steps.next();
  while (!step.done) step = steps.next();
  return step.value;
}

/**
 * The same walk, yielding to the event loop every `sliceMs` milliseconds, so a server walking a
 * large monorepo keeps answering requests.
 */
export async function walkWorkspaceSliced(
  root: string,
  options: WalkOptions = {},
  sliceMs = 8,
  pause: () => Promise<void> = () => new Promise<void>((resolve) => setImmediate(resolve)),
): Promise<WalkResult> {
  const steps = walkSteps(root, options);
  // performance.now(), not Date.now(): whole milliseconds let a 4 ms slice run past 5 ms.
  let slice = performance.now();
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
    if (performance.now() - slice > sliceMs) {
      await pause();
      slice = performance.now();
    }
  }
}

/** The walk, one directory per step. */
function* walkSteps(root: string, options: WalkOptions): Generator<void, WalkResult, void> {
  const maxFiles = options.maxFiles ?? DEFAULT_MAX_FILES;
  const extra = options.exclude?.length ? globMatcher(options.exclude) : undefined;
  const exclude = (rel: string): boolean => isDefaultExcluded(rel) || (extra !== undefined && extra(rel));
  const include = options.include?.length ? globMatcher(options.include) : undefined;
  const files: string[] = [];
  const skipped: SkippedFile[] = [];
  /** tsconfig/jsconfig/package.json files: how the project's imports resolve. */
  const configs: string[] = [];
  // Real paths of the directories being walked: only a symlink can lead back into one, so real
  // paths are derived by string for plain directories and asked of the OS only for links.
  const visited = new Set<string>();
  let limitNoted = false;

  // `rel` is the root-relative POSIX path of `dir` ('' for the root). One step per directory.
  function* visit(dir: string, rel: string, real: string, rules: IgnoreRule[]): Generator<void, void, void> {
    if (visited.has(real)) return;
    yield;
    visited.add(real);
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch (e) {
      skipped.push({ path: dir, reason: 'unreadable', detail: (e as Error).message });
      return;
    }
    const rule = entries.some((e) => e.name === '.gitignore' && e.isFile()) ? gitignoreRule(dir, rel) : undefined;
    if (rule) rules = [...rules, rule];
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    // `dir` is normalised and a directory entry's name is one segment: joining is concatenating.
    const prefix = dir.endsWith(path.sep) ? dir : dir + path.sep;
    for (const entry of entries) {
      const full = prefix + entry.name;
      const childRel = rel ? `${rel}/${entry.name}` : entry.name;
      let isDir = entry.isDirectory();
      let isFile = entry.isFile();
      let childReal = `${real}/${entry.name}`;
      if (entry.isSymbolicLink()) {
        try {
          const st = fs.statSync(full);
          isDir = st.isDirectory();
          isFile = st.isFile();
          if (isDir) childReal = fs.realpathSync.native(full);
        } catch {
          continue; // dangling link
        }
      }
      if (!isDir && !isFile) continue;
      if (isDir ? exclude(childRel + '/') || exclude(childRel + '/x') : exclude(childRel)) continue;
      if (ignoredBy(rules, childRel, isDir)) continue;
      if (isDir) {
        // A link to a directory being walked (an ancestor) would recurse forever.
        if (!(real + '/').startsWith(childReal + '/')) yield* visit(full, childRel, childReal, rules);
        continue;
      }
      if (!isSourceFile(entry.name)) {
        if (ModuleResolver.isConfigFile(entry.name)) configs.push(full);
        continue;
      }
      if (include && !include(childRel)) continue;
      if (files.length >= maxFiles) {
        if (!limitNoted) {
          skipped.push({ path: full, reason: 'limit', detail: `more than ${maxFiles} files; the rest were not scanned` });
          limitNoted = true;
        }
        continue;
      }
      files.push(full);
    }
  }

  let rootReal: string;
  try {
    rootReal = fs.realpathSync.native(root);
  } catch {
    rootReal = root;
  }
  yield* visit(path.normalize(root), '', rootReal, []);
  return { files, skipped, configs };
}

/** A .gitignore, with the root-relative POSIX path of its directory ('' for the root). */
interface IgnoreRule {
  base: string;
  ig: Ignore;
}

/** The .gitignore in `dir`, if there is one; an unreadable one ignores nothing. */
function gitignoreRule(dir: string, rel: string): IgnoreRule | undefined {
  try {
    return { base: rel, ig: ignore().add(fs.readFileSync(path.join(dir, '.gitignore'), 'utf8')) };
  } catch {
    return undefined;
  }
}

function ignoredBy(rules: IgnoreRule[], rel: string, isDir: boolean): boolean {
  return rules.some((r) => r.ig.ignores((r.base ? rel.slice(r.base.length + 1) : rel) + (isDir ? '/' : '')));
}

/**
 * Whether the .gitignore files from `root` down to the file leave it out, as the walk would: a
 * file in an ignored directory is ignored too.
 */
export function isGitIgnored(root: string, file: string): boolean {
  const segments = path.relative(root, file).split(path.sep).filter(Boolean);
  const rules: IgnoreRule[] = [];
  let dir = root;
  for (let i = 0; i < segments.length; i++) {
    const rel = segments.slice(0, i).join('/');
    const rule = gitignoreRule(dir, rel);
    if (rule) rules.push(rule);
    if (ignoredBy(rules, segments.slice(0, i + 1).join('/'), i < segments.length - 1)) return true;
    dir = path.join(dir, segments[i]);
  }
  return false;
}

/** Reads a source file as text, or says why it was skipped (too big, binary, unreadable). */
export function readSourceFile(file: string, maxFileSize = DEFAULT_MAX_FILE_SIZE): { text: string } | { skipped: SkippedFile } {
  let fd: number | undefined;
  try {
    fd = fs.openSync(file, 'r');
    // The size is checked before reading: a 50 MB bundle is never read just to be skipped.
    const size = fs.fstatSync(fd).size;
    if (size > maxFileSize) {
      return { skipped: { path: file, reason: 'size', detail: `${formatSize(size)} is over the ${formatSize(maxFileSize)} limit` } };
    }
    const buf = Buffer.allocUnsafe(size);
    let read = 0;
    while (read < size) {
      const n = fs.readSync(fd, buf, read, size - read, read);
      if (n === 0) break; // the file shrank while being read
      read += n;
    }
    const bytes = read === size ? buf : buf.subarray(0, read);
    if (looksBinary(bytes)) return { skipped: { path: file, reason: 'binary', detail: 'binary content' } };
    return { text: bytes.toString('utf8') };
  } catch (e) {
    return { skipped: { path: file, reason: 'unreadable', detail: (e as Error).message } };
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

/**
 * A NUL byte in the first 8 KB is what git uses to call a file binary. Searched natively (a
 * byte loop in JavaScript cost 25-40 ms of a cold read of the benchmark's 10,400 files).
 */
export function looksBinary(buf: Uint8Array): boolean {
  return buf.subarray(0, 8192).indexOf(0) !== -1;
}

export function formatSize(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(0)} KB`;
  return `${bytes} B`;
}

/** Compiles globs (`**`, `*`, `?`, `{a,b}`) matched against root-relative POSIX paths. */
export function globMatcher(globs: string[]): (rel: string) => boolean {
  const tests = globs.map(globTest);
  return (rel) => tests.some((t) => t(rel));
}

// Globs come from workspace settings, which an untrusted repository controls. As a backtracking
// regex, a glob with many wildcards takes exponential time (`**/**/**/…/a`, `*a*a*a…z`: minutes
// per path), so those run on a linear-time automaton; the common one- and two-wildcard globs
// keep the faster regex.
function globTest(glob: string): (rel: string) => boolean {
  const full = glob.includes('/') ? glob : '**/' + glob;
  // Each `**` or `*` becomes one unbounded quantifier in the regex.
  const quantifiers = (full.match(/\*+/g) ?? []).reduce((n, run) => n + Math.ceil(run.length / 2), 0);
  if (quantifiers <= 2) {
    const re = globToRegExp(glob);
    return (rel) => re.test(rel);
  }
  const nfa = compileGlob(glob);
  return (rel) => runGlob(nfa, rel);
}

// Automaton nodes, mirroring globToRegExp: CHAR one character, ONE `?`, STAR `*`, ANY `**`,
// DIRS/DIRS_IN `**/` (empty, or anything ending in `/`), SPLIT/JUMP `{a,b}`, SUFFIX/SUFFIX_ANY the
// optional `/…` after a non-`/**` glob, ACCEPT the end.
const CHAR = 0, ONE = 1, STAR = 2, ANY = 3, DIRS = 4, DIRS_IN = 5, SPLIT = 6, JUMP = 7, SUFFIX = 8, SUFFIX_ANY = 9, ACCEPT = 10;
const SLASH = 47;

interface GlobNfa {
  kind: number[];
  ch: number[];
  next: number[];
  alts: number[][];
}

function compileGlob(glob: string): GlobNfa {
  if (!glob.includes('/')) glob = '**/' + glob;
  const nfa: GlobNfa = { kind: [], ch: [], next: [], alts: [] };
  const add = (kind: number, ch = 0): number => {
    const i = nfa.kind.length;
    nfa.kind.push(kind);
    nfa.ch.push(ch);
    nfa.next.push(i + 1);
    nfa.alts.push([]);
    return i;
  };
  let i = 0;
  while (i < glob.length) {
    const c = glob[i];
    if (c === '*') {
      if (glob[i + 1] === '*') {
        if (glob[i + 2] === '/') {
          const d = add(DIRS);
          add(DIRS_IN);
          nfa.next[d] = nfa.next[d + 1] = d + 2;
          i += 3;
        } else {
          add(ANY);
          i += 2;
        }
        continue;
      }
      add(STAR);
    } else if (c === '?') {
      add(ONE);
    } else if (c === '{' && glob.indexOf('}', i) > i) {
      const close = glob.indexOf('}', i);
      const split = add(SPLIT);
      const jumps: number[] = [];
      for (const alt of glob.slice(i + 1, close).split(',')) {
        nfa.alts[split].push(nfa.kind.length);
        for (let k = 0; k < alt.length; k++) add(alt[k] === '*' ? STAR : alt[k] === '?' ? ONE : CHAR, alt.charCodeAt(k));
        jumps.push(add(JUMP));
      }
      for (const j of jumps) nfa.next[j] = nfa.kind.length;
      i = close + 1;
      continue;
    } else {
      add(CHAR, c.charCodeAt(0));
    }
    i++;
  }
  if (!glob.endsWith('/**')) {
    const s = add(SUFFIX);
    add(SUFFIX_ANY);
    nfa.next[s] = nfa.next[s + 1] = s + 2;
  }
  add(ACCEPT);
  return nfa;
}

function runGlob(nfa: GlobNfa, text: string): boolean {
  const { kind, ch, next, alts } = nfa;
  const size = kind.length;
  const mark = new Int32Array(size);
  let gen = 1;
  let cur: number[] = [];
  let nxt: number[] = [];
  const stack: number[] = [];
  // Adds a node and everything reachable from it without consuming a character.
  const enter = (start: number, into: number[]): void => {
    stack.push(start);
    while (stack.length) {
      const n = stack.pop()!;
      if (mark[n] === gen) continue;
      mark[n] = gen;
      const k = kind[n];
      if (k === SPLIT) for (const a of alts[n]) stack.push(a);
      else if (k === JUMP) stack.push(next[n]);
      else if (k === DIRS) stack.push(n + 1, next[n]);
      else {
        into.push(n);
        if (k === STAR || k === ANY || k === SUFFIX || k === SUFFIX_ANY) stack.push(next[n]);
      }
    }
  };
  enter(0, cur);
  for (let p = 0; p < text.length && cur.length; p++) {
    const c = text.charCodeAt(p);
    gen++;
    nxt.length = 0;
    for (const n of cur) {
      switch (kind[n]) {
        case CHAR:
          if (c === ch[n]) enter(next[n], nxt);
          break;
        case ONE:
          if (c !== SLASH) enter(next[n], nxt);
          break;
        case STAR:
          if (c !== SLASH) enter(n, nxt);
          break;
        case ANY:
        case SUFFIX_ANY:
          enter(n, nxt);
          break;
        case DIRS_IN:
          enter(n, nxt);
          if (c === SLASH) enter(next[n], nxt);
          break;
        case SUFFIX:
          if (c === SLASH) enter(n + 1, nxt);
          break;
      }
    }
    [cur, nxt] = [nxt, cur];
  }
  return cur.includes(size - 1);
}

export function globToRegExp(glob: string): RegExp {
  let re = '';
  let i = 0;
  // A glob without a slash matches at any depth, as in .gitignore.
  if (!glob.includes('/')) glob = '**/' + glob;
  while (i < glob.length) {
    const c = glob[i];
    if (c === '*') {
      if (glob[i + 1] === '*') {
        const slash = glob[i + 2] === '/';
        re += slash ? '(?:.*/)?' : '.*';
        i += slash ? 3 : 2;
        continue;
      }
      re += '[^/]*';
    } else if (c === '?') {
      re += '[^/]';
    } else if (c === '{') {
      const close = glob.indexOf('}', i);
      if (close > i) {
        re += '(?:' + glob.slice(i + 1, close).split(',').map(alternativeToRe).join('|') + ')';
        i = close + 1;
        continue;
      }
      re += '\\{';
    } else {
      re += escapeRe(c);
    }
    i++;
  }
  return new RegExp('^' + re + (glob.endsWith('/**') ? '' : '(?:/.*)?') + '$');
}

function escapeRe(s: string): string {
  return s.replace(/[.+^$()|[\]\\{}]/g, '\\$&');
}

// `*` and `?` keep their glob meaning inside braces (`src/{*.test,*.spec}.ts`); escaped as plain
// characters they made an invalid regex ("Nothing to repeat") that threw out of the walk.
function alternativeToRe(alt: string): string {
  return alt.replace(/[*?]|[^*?]+/g, (part) => (part === '*' ? '[^/]*' : part === '?' ? '[^/]' : escapeRe(part)));
}
