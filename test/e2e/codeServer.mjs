// Starts code-server (a full VS Code on Node 24) isolated in one run folder, and headless Chromium
// to drive it. Shared by the runTests launcher and the UI test.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { chromiumPath, codeServerEntry, node24 } from './setup.mjs';

export const BASE_USER_SETTINGS = {
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoUpdate': false,
  'extensions.autoCheckUpdates': false,
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'security.workspace.trust.enabled': false,
  'git.enabled': false,
  'typescript.disableAutomaticTypeAcquisition': true,
  'typescript.tsserver.experimental.enableProjectDiagnostics': false,
  'editor.quickSuggestionsDelay': 0,
  'window.dialogStyle': 'custom',
};

export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/** Merges settings into <userDataDir>/User/settings.json; existing keys given by the caller win over the base. */
export function writeUserSettings(userDataDir, settings) {
  const dir = join(userDataDir, 'User');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'settings.json');
  const current = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8') || '{}') : {};
  writeFileSync(file, JSON.stringify({ ...BASE_USER_SETTINGS, ...current, ...settings }, null, 2) + '\n');
}

function isolatedEnv(runDir, extraEnv = {}) {
  const env = { ...process.env, ...extraEnv };
  for (const d of ['xdg-data', 'xdg-config', 'tmp']) mkdirSync(join(runDir, d), { recursive: true });
  env.XDG_DATA_HOME = join(runDir, 'xdg-data');
  env.XDG_CONFIG_HOME = join(runDir, 'xdg-config');
  env.TMPDIR = join(runDir, 'tmp');
  env.PATH = `${join(node24, '..')}:${env.PATH}`;
  // The extension host inherits this environment: keep a developer's own key out of it.
  delete env.WORKOS_API_KEY;
  delete env.ELECTRON_RUN_AS_NODE;
  return env;
}

/** Installs a .vsix into the run's extensions folder with code-server's CLI. */
export function installExtension(vsix, { runDir, userDataDir, extensionsDir }) {
  const r = spawnSync(node24, [codeServerEntry, '--user-data-dir', userDataDir, '--extensions-dir', extensionsDir, '--install-extension', vsix, '--force'], {
    env: isolatedEnv(runDir),
    encoding: 'utf8',
    timeout: 120_000,
  });
  if (r.status !== 0) throw new Error(`code-server --install-extension failed (${r.status ?? r.signal}):\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

/**
 * Starts code-server and resolves once it answers HTTP. `stop()` kills the whole process group and
 * waits for the extension host and language servers, which outlive code-server by a few seconds.
 */
export async function startCodeServer({ runDir, userDataDir, extensionsDir, workspace, smokeTestDriver = false, workspaceTrust = false, env = {}, log = () => {} }) {
  const port = await freePort();
  const config = join(runDir, 'config.yaml');
  writeFileSync(config, 'auth: none\ncert: false\n');
  const args = [
    codeServerEntry,
    '--config', config,
    '--bind-addr', `127.0.0.1:${port}`,
    '--auth', 'none',
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-getting-started-override',
    '--user-data-dir', userDataDir,
    '--extensions-dir', extensionsDir,
  ];
  if (!workspaceTrust) args.push('--disable-workspace-trust');
  if (smokeTestDriver) args.push('--vscode-option', 'enable-smoke-test-driver');
  if (workspace) args.push(workspace);
  const proc = spawn(node24, args, { env: isolatedEnv(runDir, env), detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const collect = (d) => {
    output += d;
    log(String(d));
  };
  proc.stdout.on('data', collect);
  proc.stderr.on('data', collect);
  let exited = null;
  proc.on('exit', (code, signal) => (exited = code ?? signal));

  const deadline = Date.now() + 60_000;
  for (;;) {
    if (exited !== null) throw new Error(`code-server exited (${exited}) before it was ready:\n${output.slice(-3000)}`);
    if (Date.now() > deadline) {
      killGroup(proc.pid, 'SIGKILL');
      throw new Error(`code-server did not answer on port ${port} within 60 s:\n${output.slice(-3000)}`);
    }
    try {
      const res = await fetch(`http://127.0.0.1:${port}/healthz`);
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    await sleep(200);
  }

  return {
    port,
    url: `http://127.0.0.1:${port}`,
    proc,
    output: () => output,
    async stop() {
      killGroup(proc.pid, 'SIGTERM');
      const until = Date.now() + 10_000;
      while (Date.now() < until && groupAlive(proc.pid)) await sleep(200);
      if (groupAlive(proc.pid)) killGroup(proc.pid, 'SIGKILL');
      const hard = Date.now() + 5_000;
      while (Date.now() < hard && groupAlive(proc.pid)) await sleep(100);
    },
  };
}

function killGroup(pid, signal) {
  try {
    process.kill(-pid, signal);
  } catch {
    // already gone
  }
}

function groupAlive(pid) {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
}

export function sleep(ms) {
  return new Promise((r) => setTimeout(r, ms));
}

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

export async function launchBrowser(runDir, { width = 1440, height = 900 } = {}) {
  const { chromium } = await import('playwright-core');
  const profile = join(runDir, 'chromium-profile');
  mkdirSync(profile, { recursive: true });
  const prevXdg = process.env.XDG_CONFIG_HOME;
  process.env.XDG_CONFIG_HOME = join(runDir, 'xdg-config');
  try {
    return await chromium.launchPersistentContext(profile, {
      executablePath: chromiumPath,
      headless: true,
      args: CHROMIUM_ARGS,
      viewport: { width, height },
    });
  } finally {
    if (prevXdg === undefined) delete process.env.XDG_CONFIG_HOME;
    else process.env.XDG_CONFIG_HOME = prevXdg;
  }
}
