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

/** Indexes every source file under the given paths (files or folders). */
export function indexPaths(paths: string[], options: RunOptions = {}): RunResult {
  const index = new WorkspaceIndex({ helpers: options.helpers });
  const files: string[] = [];
  const skipped: SkippedFile[] = [];
  let bytes = 0;
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
      const read = readSourceFile(file, options.maxFileSize);
      if ('skipped' in read) {
        skipped.push(read.skipped);
        continue;
      }
      bytes += read.text.length;
      index.setFile(file, read.text);
      files.push(file);
    }
  }
  return { index, files, skipped, bytes };
}

export function collectFindings(run: RunResult, catalog: Catalog | undefined, settings: RuleSettings, environments: EnvironmentCatalog[] = []): FileResult[] {
  return run.files.map((file) => ({
    path: file,
    findings: doValidation(run.index, file, catalog, settings, environments),
    occurrences: run.index.occurrences(file),
  }));
}
