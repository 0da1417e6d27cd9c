// Pieces both editor tests use: the build, a copy of the example workspace, the WorkOS test API,
// a fresh run folder, and the search for the key in everything a run leaves behind.
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cacheDir } from './setup.mjs';

export const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const exampleDir = join(root, 'examples', 'acme-app');
export const resultsDir = join(root, 'test-results', 'e2e');

export class E2eError extends Error {}

export function log(msg) {
  process.stderr.write(`[e2e] ${msg}\n`);
}

export function newKey() {
  return `sk_test_e2e_${randomBytes(12).toString('hex')}`;
}

/** A fresh folder per run; failed runs stay for inspection, but only the few most recent ones. */
export function newRunDir(name) {
  const runs = join(cacheDir, 'runs');
  if (existsSync(runs)) {
    const old = readdirSync(runs).sort((a, b) => Number(b.split('-').at(-1)) - Number(a.split('-').at(-1)));
    for (const d of old.slice(4)) rmSync(join(runs, d), { recursive: true, force: true });
  }
  const dir = join(runs, `${name}-${Date.now()}`);
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** Builds dist/ with the project's own Node (20). */
export function build() {
  const r = spawnSync(process.execPath, [join(root, 'esbuild.mjs')], { cwd: root, encoding: 'utf8' });
  if (r.status !== 0) throw new E2eError(`npm run build failed:\n${r.stdout}\n${r.stderr}`);
  for (const f of ['dist/client.js', 'dist/server.js']) if (!existsSync(join(root, f))) throw new E2eError(`build did not produce ${f}`);
}

export function copyExample(runDir) {
  if (!existsSync(join(exampleDir, 'workos-catalog.json'))) throw new E2eError(`the example workspace is missing: ${exampleDir}/workos-catalog.json`);
  const ws = join(runDir, 'acme-app');
  cpSync(exampleDir, ws, { recursive: true });
  return ws;
}

/** Starts test/e2e/apiServer.ts; resolves with its port and a stop() that returns the request count. */
/** `environment`: a second WorkOS environment on the same host, `{ key, catalog }` (a catalog file path). */
export async function startApi(catalogPath, key, environment) {
  const proc = spawn(process.execPath, ['--import', 'tsx', join(root, 'test', 'e2e', 'apiServer.ts'), catalogPath], {
    cwd: root,
    env: {
      ...process.env,
      WORKOS_AUTHZ_E2E_KEY: key,
      ...(environment ? { WORKOS_AUTHZ_E2E_ENV_KEY: environment.key, WORKOS_AUTHZ_E2E_ENV_CATALOG: environment.catalog } : {}),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  proc.stdout.on('data', (d) => (out += d));
  proc.stderr.on('data', (d) => (err += d));
  const port = await new Promise((resolvePort, reject) => {
    const timer = setTimeout(() => reject(new E2eError(`the WorkOS test API did not start: ${err}`)), 30_000);
    proc.stdout.on('data', () => {
      const line = out.split('\n')[0];
      if (out.includes('\n')) {
        clearTimeout(timer);
        resolvePort(JSON.parse(line).port);
      }
    });
    proc.on('exit', (code) => {
      clearTimeout(timer);
      reject(new E2eError(`the WorkOS test API exited (${code}): ${err}`));
    });
  });
  return {
    port,
    async stop() {
      const exited = new Promise((r) => proc.once('exit', r));
      proc.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
      const last = out.trim().split('\n').at(-1);
      try {
        return JSON.parse(last).requests;
      } catch {
        return undefined;
      }
    },
  };
}

const TEXT_LIMIT = 20 << 20;

/** Every file under `dirs` whose bytes contain the key (UTF-8, or UTF-16LE as some stores use). */
export function findKey(key, dirs, exclude = []) {
  const hits = [];
  const needles = [Buffer.from(key, 'utf8'), Buffer.from(key, 'utf16le')];
  let scanned = 0;
  const walk = (p) => {
    if (exclude.some((e) => p.startsWith(e))) return;
    let st;
    try {
      st = statSync(p);
    } catch {
      return;
    }
    if (st.isDirectory()) {
      for (const name of readdirSync(p)) walk(join(p, name));
    } else if (st.isFile() && st.size <= TEXT_LIMIT) {
      scanned++;
      const buf = readFileSync(p);
      if (needles.some((n) => buf.includes(n))) hits.push(p);
    }
  };
  for (const d of dirs) if (existsSync(d)) walk(d);
  return { hits, scanned };
}

/** The search must be able to fail: a planted key is found, in both encodings. */
export function selfTestFindKey(tmpRoot) {
  const dir = join(tmpRoot, 'key-search-canary');
  mkdirSync(dir, { recursive: true });
  const key = newKey();
  writeFileSync(join(dir, 'a.log'), `line\n${key}\n`);
  writeFileSync(join(dir, 'b.db'), Buffer.from(`x${key}y`, 'utf16le'));
  const { hits } = findKey(key, [dir]);
  rmSync(dir, { recursive: true, force: true });
  if (hits.length !== 2) throw new E2eError(`the key search is broken: it found ${hits.length} of 2 planted keys`);
}

export function findFile(dir, name) {
  if (!existsSync(dir)) return undefined;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    if (entry.isFile() && entry.name === name) return p;
    if (entry.isDirectory()) {
      const found = findFile(p, name);
      if (found) return found;
    }
  }
  return undefined;
}

export function relativeToRoot(p) {
  return relative(root, p);
}

export function cleanDir(dir) {
  rmSync(dir, { recursive: true, force: true });
}

/**
 * A copy of the example with two named environments: staging is its workos-catalog.json, production
 * is live (its own key) and lacks `reports:export`, which app/dashboard/page.tsx checks. Returns the
 * workspace and production's catalog file (outside the workspace, for the test API).
 */
export function environmentsWorkspace(runDir) {
  const workspace = copyExample(runDir);
  const settings = {
    'workosAuthz.helpers': [{ name: 'mayAccess', arg: 0, kind: 'permission' }],
    'workosAuthz.environments': [
      { name: 'staging', catalogFile: 'workos-catalog.json' },
      { name: 'production', live: true },
    ],
  };
  writeFileSync(join(workspace, '.vscode', 'settings.json'), JSON.stringify(settings, null, 2));
  const snapshot = JSON.parse(readFileSync(join(workspace, 'workos-catalog.json'), 'utf8'));
  const production = {
    ...snapshot,
    permissions: snapshot.permissions.filter((p) => p.slug !== 'reports:export'),
    environmentRoles: snapshot.environmentRoles.map((r) => ({ ...r, permissions: r.permissions.filter((p) => p !== 'reports:export') })),
  };
  const productionCatalog = join(runDir, 'production-catalog.json');
  writeFileSync(productionCatalog, JSON.stringify(production, null, 2));
  return { workspace, productionCatalog };
}
