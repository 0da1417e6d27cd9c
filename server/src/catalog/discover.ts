// Finding the catalog file for a checked path: the nearest directory (the path itself, then each
// parent up to the filesystem root) holding one of CATALOG_FILE_NAMES; within one directory the
// first name in that list wins, so a pulled snapshot beats a seed file beside it.

import { statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { CATALOG_FILE_NAMES } from './files';

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** Absolute path of the nearest catalog file at or above startDir (a file's own directory when given a file). */
export function discoverCatalogFile(startDir: string): string | undefined {
  let dir = resolve(startDir);
  if (!isDirectory(dir)) dir = dirname(dir);
  // Bounded by the depth of the path: dirname of the root is the root.
  for (;;) {
    for (const name of CATALOG_FILE_NAMES) {
      const candidate = join(dir, name);
      if (isFile(candidate)) return candidate;
    }
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}
