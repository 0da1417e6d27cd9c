// Finds the source files of a workspace root. Shared by the CLI and the language server so both
// see the same files: .gitignore honoured (nested ones too), default excludes, a size limit, and
// binary files skipped with a note instead of being scanned as text.

import * as fs from 'node:fs';
import * as path from 'node:path';
import ignore, { type Ignore } from 'ignore';

export const SOURCE_EXTENSIONS = ['.ts', '.tsx', '.js', '.jsx', '.mjs', '.cjs', '.mts', '.cts'];

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

export const DEFAULT_MAX_FILE_SIZE = 1024 * 1024;
export const DEFAULT_MAX_FILES = 50_000;

export interface WalkOptions {
  /** Globs relative to the root; when given, only matching files are kept. */
  include?: string[];
  /** Globs relative to the root, on top of DEFAULT_EXCLUDES. */
  exclude?: string[];
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

export function walkWorkspace(root: string, options: WalkOptions = {}): { files: string[]; skipped: SkippedFile[] } {
  const maxFileSize = options.maxFileSize ?? DEFAULT_MAX_FILE_SIZE;
  const maxFiles = options.maxFiles ?? DEFAULT_MAX_FILES;
  const exclude = globMatcher([...DEFAULT_EXCLUDES, ...(options.exclude ?? [])]);
  const include = options.include?.length ? globMatcher(options.include) : undefined;
  const files: string[] = [];
  const skipped: SkippedFile[] = [];
  // Real paths of visited directories: a symlink loop would otherwise recurse forever.
  const visited = new Set<string>();
  let limitNoted = false;

  const visit = (dir: string, rules: { base: string; ig: Ignore }[]): void => {
    let real: string;
    try {
      real = fs.realpathSync(dir);
    } catch {
      return;
    }
    if (visited.has(real)) return;
    visited.add(real);
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch (e) {
      skipped.push({ path: dir, reason: 'unreadable', detail: (e as Error).message });
      return;
    }
    const gitignore = entries.find((e) => e.name === '.gitignore' && e.isFile());
    if (gitignore) {
      try {
        const ig = ignore().add(fs.readFileSync(path.join(dir, '.gitignore'), 'utf8'));
        rules = [...rules, { base: dir, ig }];
      } catch {
        // An unreadable .gitignore ignores nothing; the walk goes on.
      }
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const full = path.join(dir, entry.name);
      const rel = toPosix(path.relative(root, full));
      let isDir = entry.isDirectory();
      let isFile = entry.isFile();
      if (entry.isSymbolicLink()) {
        try {
          const st = fs.statSync(full);
          isDir = st.isDirectory();
          isFile = st.isFile();
        } catch {
          continue; // dangling link
        }
      }
      if (!isDir && !isFile) continue;
      const relForMatch = isDir ? rel + '/' : rel;
      if (exclude(relForMatch) || (isDir && exclude(rel + '/x'))) continue;
      if (rules.some((r) => r.ig.ignores(toPosix(path.relative(r.base, full)) + (isDir ? '/' : '')))) continue;
      if (isDir) {
        visit(full, rules);
        continue;
      }
      if (!isSourceFile(entry.name)) continue;
      if (include && !include(rel)) continue;
      if (files.length >= maxFiles) {
        if (!limitNoted) {
          skipped.push({ path: full, reason: 'limit', detail: `more than ${maxFiles} files; the rest were not scanned` });
          limitNoted = true;
        }
        continue;
      }
      try {
        const size = fs.statSync(full).size;
        if (size > maxFileSize) {
          skipped.push({ path: full, reason: 'size', detail: `${formatSize(size)} is over the ${formatSize(maxFileSize)} limit` });
          continue;
        }
      } catch (e) {
        skipped.push({ path: full, reason: 'unreadable', detail: (e as Error).message });
        continue;
      }
      files.push(full);
    }
  };

  visit(root, []);
  return { files, skipped };
}

/** Reads a source file as text, or says why it was skipped. */
export function readSourceFile(file: string, maxFileSize = DEFAULT_MAX_FILE_SIZE): { text: string } | { skipped: SkippedFile } {
  let buf: Buffer;
  try {
    buf = fs.readFileSync(file);
  } catch (e) {
    return { skipped: { path: file, reason: 'unreadable', detail: (e as Error).message } };
  }
  if (buf.length > maxFileSize) {
    return { skipped: { path: file, reason: 'size', detail: `${formatSize(buf.length)} is over the ${formatSize(maxFileSize)} limit` } };
  }
  if (looksBinary(buf)) return { skipped: { path: file, reason: 'binary', detail: 'binary content' } };
  return { text: buf.toString('utf8') };
}

/** A NUL byte in the first 8 KB is what git uses to call a file binary. */
export function looksBinary(buf: Uint8Array): boolean {
  const n = Math.min(buf.length, 8192);
  for (let i = 0; i < n; i++) if (buf[i] === 0) return true;
  return false;
}

export function formatSize(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(0)} KB`;
  return `${bytes} B`;
}

function toPosix(p: string): string {
  return p.split(path.sep).join('/');
}

/** Compiles globs (`**`, `*`, `?`, `{a,b}`) matched against root-relative POSIX paths. */
export function globMatcher(globs: string[]): (rel: string) => boolean {
  const regexes = globs.map(globToRegExp);
  return (rel) => regexes.some((r) => r.test(rel));
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
        re += '(?:' + glob.slice(i + 1, close).split(',').map(escapeRe).join('|') + ')';
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
