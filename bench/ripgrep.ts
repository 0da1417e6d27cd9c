// ripgrep over the benchmark tree with the slug regex from performance.md: the "walk + read +
// match" ceiling our indexer is compared with. Installed from Debian when missing.

import { spawnSync } from 'node:child_process';
import { median } from './stats';

export const SLUG_REGEX = String.raw`["'` + '`' + String.raw`]([a-z][a-z0-9_-]*(?:[:.][a-z0-9_*-]+)+)["'` + '`]';

export type Availability = { ok: true; version: string } | { ok: false; reason: string };

function version(): string | undefined {
  const r = spawnSync('rg', ['--version'], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.split('\n')[0] : undefined;
}

export function ensureRipgrep(log: (line: string) => void): Availability {
  const have = version();
  if (have) return { ok: true, version: have };
  if (process.getuid?.() !== 0) return { ok: false, reason: 'rg is not installed and installing it needs root (apt-get install ripgrep)' };
  log('rg not found: installing Debian ripgrep with apt-get');
  const update = spawnSync('apt-get', ['update'], { encoding: 'utf8' });
  const install = spawnSync('apt-get', ['install', '-y', 'ripgrep'], { encoding: 'utf8', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  const after = version();
  if (after) return { ok: true, version: after };
  return { ok: false, reason: `apt-get install ripgrep failed (update ${update.status}, install ${install.status}): ${(install.stderr || '').trim().split('\n').pop()}` };
}

function args(root: string, threads: number | undefined, extra: string[]): string[] {
  // --no-ignore-parent: the tree sits in this repo's git-ignored bench/workspace/, and rg would
  // otherwise apply that ignore rule and search nothing.
  return [
    '--no-config', '--no-ignore-parent', '--no-messages',
    ...(threads ? ['-j', String(threads)] : []),
    '-g', '*.{ts,tsx,js,jsx,mjs,cjs,mts,cts}',
    ...extra, root,
  ];
}

export function ripgrepFiles(root: string): number {
  const r = spawnSync('rg', args(root, undefined, ['--files']), { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  return r.stdout.split('\n').filter(Boolean).length;
}

export interface RipgrepRun {
  seconds: number;
  matches: number;
  runs: number[];
}

/** Median wall time of `runs` searches after one warm-up (page cache warm). */
export function timeRipgrep(root: string, threads: number | undefined, runs: number): RipgrepRun {
  const run = (): { seconds: number; matches: number } => {
    const started = performance.now();
    const r = spawnSync('rg', args(root, threads, ['--count-matches', '-e', SLUG_REGEX]), { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
    const seconds = (performance.now() - started) / 1000;
    if (r.status !== 0 && r.status !== 1) throw new Error(`rg failed (${r.status}): ${r.stderr}`);
    let matches = 0;
    for (const line of r.stdout.split('\n')) {
      const colon = line.lastIndexOf(':');
      if (colon > 0) matches += Number(line.slice(colon + 1)) || 0;
    }
    return { seconds, matches };
  };
  const warm = run();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) times.push(run().seconds);
  return { seconds: median(times), matches: warm.matches, runs: times };
}
