#!/usr/bin/env node
// Stands in for the VS Code executable in @vscode/test-electron's runTests({ vscodeExecutablePath }):
// it takes the usual CLI arguments (--extensionDevelopmentPath, --extensionTestsPath,
// --user-data-dir, --extensions-dir, a folder) and runs the tests in code-server's real extension
// host, opened by headless Chromium through VS Code's smoke-test driver. Test output goes to
// stdout; the exit code is the test run's.
//
// Extra knobs (environment): WORKOS_AUTHZ_E2E_TIMEOUT_MS (default 300000),
// WORKOS_AUTHZ_E2E_WORKSPACE_TRUST=1 (keep workspace trust on: the folder opens in Restricted Mode).
import { mkdirSync, mkdtempSync } from 'node:fs';
import { format } from 'node:util';
import { dirname, join, resolve } from 'node:path';
import { launchBrowser, startCodeServer, writeUserSettings } from './codeServer.mjs';
import { cacheDir } from './setup.mjs';

const START_MARKER = '[workos-authz e2e] suite starting';
const NOISE = /^\[(AgentHost|ChatModelSelection|AccountPolicyGate|Service Worker|reconnection-grace-time)|open-vsx\.org|authentication provider 'github'|^Creating a socket|^Resolv(ing|ed) connection token|workbench contribution/;
const verbose = !!process.env.WORKOS_AUTHZ_E2E_VERBOSE;

function parseArgs(argv) {
  const out = { folders: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const m = /^--([^=]+)(?:=(.*))?$/.exec(a);
    if (!m) {
      out.folders.push(resolve(a));
      continue;
    }
    const [, name, inline] = m;
    const takesValue = ['extensionDevelopmentPath', 'extensionTestsPath', 'user-data-dir', 'extensions-dir', 'folder-uri'].includes(name);
    const value = inline ?? (takesValue ? argv[++i] : 'true');
    if (name === 'extensionDevelopmentPath') out.extensionDevelopmentPath = resolve(value);
    else if (name === 'extensionTestsPath') out.extensionTestsPath = resolve(value);
    else if (name === 'user-data-dir') out.userDataDir = resolve(value);
    else if (name === 'extensions-dir') out.extensionsDir = resolve(value);
    // Everything else (--no-sandbox, --disable-updates, ...) is Electron-specific: not needed here.
  }
  return out;
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  if (!args.extensionDevelopmentPath || !args.extensionTestsPath) {
    console.error('launcher: --extensionDevelopmentPath and --extensionTestsPath are required');
    return 2;
  }
  const timeoutMs = Number(process.env.WORKOS_AUTHZ_E2E_TIMEOUT_MS) || 300_000;
  const runsDir = join(cacheDir, 'runs');
  mkdirSync(runsDir, { recursive: true });
  const runDir = args.userDataDir ? dirname(args.userDataDir) : mkdtempSync(join(runsDir, 'launcher-'));
  const userDataDir = args.userDataDir ?? join(runDir, 'user-data');
  const extensionsDir = args.extensionsDir ?? join(runDir, 'extensions');
  mkdirSync(extensionsDir, { recursive: true });
  writeUserSettings(userDataDir, {});
  const trust = process.env.WORKOS_AUTHZ_E2E_WORKSPACE_TRUST === '1';
  if (trust) writeUserSettings(userDataDir, { 'security.workspace.trust.enabled': true, 'security.workspace.trust.startupPrompt': 'never' });
  const workspace = args.folders[0];

  const server = await startCodeServer({
    runDir,
    userDataDir,
    extensionsDir,
    smokeTestDriver: true,
    workspaceTrust: trust,
    log: (s) => {
      if (verbose) process.stderr.write(`[code-server] ${s}`);
    },
  });
  let browser;
  try {
    browser = await launchBrowser(runDir);
    const page = browser.pages()[0] ?? (await browser.newPage());
    let resolveExit;
    const exited = new Promise((r) => (resolveExit = r));
    // The page's console carries the whole workbench's chatter; the suite prints START_MARKER first,
    // and only what follows it (minus known noise) is test output.
    let started = false;
    await page.exposeFunction('codeAutomationLog', (type, args) => {
      const text = Array.isArray(args) ? format(...args) : String(args ?? '');
      if (text.includes(START_MARKER)) started = true;
      if (verbose || (started && !NOISE.test(text))) process.stdout.write(text.endsWith('\n') ? text : text + '\n');
    });
    await page.exposeFunction('codeAutomationExit', (code) => resolveExit(Number(code) || 0));
    const remote = (p) => `vscode-remote://127.0.0.1:${server.port}${p}`;
    const payload = [
      ['extensionDevelopmentPath', remote(args.extensionDevelopmentPath)],
      ['extensionTestsPath', remote(args.extensionTestsPath.replace(/\.js$/, ''))],
    ];
    const url = `${server.url}/?${workspace ? `folder=${encodeURIComponent(workspace)}&` : ''}payload=${encodeURIComponent(JSON.stringify(payload))}`;
    await page.goto(url);
    const timer = new Promise((r) => setTimeout(() => r('timeout'), timeoutMs));
    const code = await Promise.race([exited, timer]);
    if (code === 'timeout') {
      console.error(`launcher: the tests did not finish within ${timeoutMs / 1000} s`);
      await page.screenshot({ path: join(runDir, 'timeout.png') }).catch(() => {});
      console.error(server.output().slice(-4000));
      return 1;
    }
    return code;
  } finally {
    await browser?.close().catch(() => {});
    await server.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (e) => {
    console.error(`launcher: ${e?.stack ?? e}`);
    process.exit(1);
  },
);
