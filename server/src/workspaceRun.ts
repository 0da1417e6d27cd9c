// One analysis run over folders or files on disk: walk, read, index, findings. The CLI uses it for
// `check` and `unused`; the benchmark uses it as the cold-index workload.

import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Catalog } from './core/catalog';
import type { EnvironmentCatalog } from './core/environments';
import type { Finding, HelperSpec, Occurrence, RuleSettings } from './core/types';
import { doValidation } from './core/languageService';
import { WorkspaceIndex } from './core/workspaceIndex';
import { isSourceFile, readSourceFile, walkWorkspace, type SkippedFile, type WalkOptions } from './fs/walk';
import { indexFiles } from './pool/indexFiles';
import { ScanPool } from './pool/scanPool';

export interface RunOptions extends WalkOptions {
  helpers?: HelperSpec[];
}

export interface FileResult {
  path: string;
  findings: Finding[];
  occurrences: Occurrence[];
}

export interface RunResult {
  index: WorkspaceIndex;
  /** Absolute paths of every file read. */
  files: string[];
  skipped: SkippedFile[];
  bytes: number;
}

/**
 * Indexes every source file under the given paths (files or folders), reading and scanning them on
 * the scan pool's worker threads (`pool`, or one made for this run).
 */
export async function indexPaths(paths: string[], options: RunOptions = {}, pool?: ScanPool): Promise<RunResult> {
  const helpers = options.helpers ?? [];
  const index = new WorkspaceIndex({ helpers });
  const wanted: { key: string; path: string }[] = [];
  const skipped: SkippedFile[] = [];
  const seen = new Set<string>();
  for (const p of paths) {
    const abs = path.resolve(p);
    let list: string[];
    let st: fs.Stats;
    try {
      st = fs.statSync(abs);
    } catch {
      skipped.push({ path: abs, reason: 'unreadable', detail: 'no such file or folder' });
      continue;
    }
    if (st.isDirectory()) {
      const walked = walkWorkspace(abs, options);
      list = walked.files;
      skipped.push(...walked.skipped);
      for (const config of walked.configs) {
        const read = readSourceFile(config, options.maxFileSize);
        if ('text' in read) index.setConfigFile(config, read.text);
      }
    } else {
      list = isSourceFile(abs) ? [abs] : [];
    }
    for (const file of list) {
      if (seen.has(file)) continue;
      seen.add(file);
      wanted.push({ key: file, path: file });
    }
  }
  const own = pool ?? new ScanPool();
  const read = new Set<string>();
  let bytes = 0;
  try {
    await indexFiles(index, own, wanted, {
      maxFileSize: options.maxFileSize,
      helpers,
      indexed: (file, _path, _affected, length) => {
        read.add(file);
        bytes += length;
      },
      skipped: (_file, why) => skipped.push(why),
    });
  } finally {
    if (!pool) await own.close();
  }
  // Walk order, whatever order the threads finished in.
  const files = wanted.map((w) => w.key).filter((f) => read.has(f));
  return { index, files, skipped, bytes };
}

export function collectFindings(run: RunResult, catalog: Catalog | undefined, settings: RuleSettings, environments: EnvironmentCatalog[] = []): FileResult[] {
  return run.files.map((file) => ({
    path: file,
    findings: doValidation(run.index, file, catalog, settings, environments),
    occurrences: run.index.occurrences(file),
  }));
}
