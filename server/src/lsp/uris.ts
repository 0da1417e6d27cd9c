// One spelling per file: URIs from the editor and paths from the disk walk are both turned
// into the `file:` URI Node produces, so the index never holds the same file twice.

import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/**
 * A POSIX path Node spells the same in a URI: absolute, normalised, nothing to escape. Most paths
 * of a workspace are like this, and converting them directly is many times faster than through
 * URL objects (an index of 100,000 files converts every one of them).
 */
const PLAIN_PATH = /^(?:\/[A-Za-z0-9._@+,=-]+)+$/;
const DOT_SEGMENT = /\/\.\.?(?:\/|$)/;
const posix = process.platform !== 'win32';

function isPlainPath(p: string): boolean {
  return posix && PLAIN_PATH.test(p) && !DOT_SEGMENT.test(p);
}

export function uriToPath(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  if (uri.startsWith('file:///') && isPlainPath(uri.slice(7))) return uri.slice(7);
  try {
    return fileURLToPath(uri);
  } catch {
    return undefined;
  }
}

export function pathToUri(p: string): string {
  return isPlainPath(p) ? `file://${p}` : pathToFileURL(p).href;
}

export function canonicalUri(uri: string): string {
  if (uri.startsWith('file:///') && isPlainPath(uri.slice(7))) return uri;
  const p = uriToPath(uri);
  return p === undefined ? uri : pathToUri(p);
}

/** Folder paths asked about again and again (every file of an index is checked against them). */
const plainDirs = new Map<string, boolean>();

/** True when `file` is `dir` or inside it. */
export function isInside(dir: string, file: string): boolean {
  let plainDir = plainDirs.get(dir);
  if (plainDir === undefined) {
    if (plainDirs.size > 256) plainDirs.clear();
    plainDirs.set(dir, (plainDir = isPlainPath(dir)));
  }
  // Normalised paths with nothing to resolve: a prefix ending at a separator is the whole answer
  // (path.relative resolves both paths first, which an index of 100,000 files felt).
  if (plainDir && isPlainPath(file)) return file.startsWith(dir) && (file.length === dir.length || file.charCodeAt(dir.length) === 47);
  const rel = path.relative(dir, file);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}
