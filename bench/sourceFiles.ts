// The benchmark's own file list for the passes that must not depend on the server's walker
// (the TypeScript parse and the in-process regex baseline): every source file under the root.

import { readdirSync, statSync } from 'node:fs';
import { extname, join } from 'node:path';
import { SOURCE_EXTENSIONS } from '../server/src/fileNames';

export function listSourceFiles(root: string): string[] {
  const out: string[] = [];
  const visit = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) visit(path);
      else if (entry.isFile() && SOURCE_EXTENSIONS.includes(extname(entry.name))) out.push(path);
    }
  };
  visit(root);
  return out.sort();
}

export function totalBytes(files: readonly string[]): number {
  let n = 0;
  for (const f of files) n += statSync(f).size;
  return n;
}
