// Extension integration tests in the real extension host, through @vscode/test-electron's
// runTests with our code-server launcher as the VS Code executable. Two runs on one profile:
// a trusted workspace (the full suite), then the same folder untrusted (Restricted Mode), which
// must not make a single API call although a key is stored.
import { runTests } from '@vscode/test-electron';
import * as esbuild from 'esbuild';
import { chmodSync, copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeUserSettings } from './codeServer.mjs';
import { E2eError, cleanDir, copyExample, environmentsWorkspace, findFile, findKey, selfTestFindKey, log, newKey, newRunDir, resultsDir, root, startApi } from './harness.mjs';
import { cacheDir } from './setup.mjs';

const launcher = join(root, 'test', 'e2e', 'launcher.mjs');

export async function bundleSuite() {
  const outfile = join(cacheDir, 'integration', 'index.js');
  await esbuild.build({
    entryPoints: [join(root, 'test', 'e2e', 'suite', 'index.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode', 'mocha'],
    sourcemap: 'inline',
    logLevel: 'warning',
  });
  return outfile;
}

async function runSuite({ name, runDir, workspace, key, catalog, trust, environment }) {
  const api = await startApi(catalog, key, environment);
  const userDataDir = join(runDir, 'user-data');
  writeUserSettings(userDataDir, { 'workosAuthz.api.host': '127.0.0.1', 'workosAuthz.api.port': api.port, 'workosAuthz.api.https': false });
  const started = Date.now();
  let failure;
  try {
    await runTests({
      vscodeExecutablePath: launcher,
      extensionDevelopmentPath: root,
      extensionTestsPath: join(cacheDir, 'integration', 'index.js'),
      launchArgs: [workspace, `--user-data-dir=${userDataDir}`, `--extensions-dir=${join(runDir, 'extensions')}`],
      extensionTestsEnv: {
        WORKOS_AUTHZ_E2E_SUITE: name,
        WORKOS_AUTHZ_E2E_KEY: key,
        WORKOS_AUTHZ_E2E_API_PORT: String(api.port),
        WORKOS_AUTHZ_E2E_WORKSPACE_TRUST: trust ? '1' : '0',
        ...(environment ? { WORKOS_AUTHZ_E2E_ENV_KEY: environment.key } : {}),
      },
    });
  } catch (e) {
    failure = e;
  }
  const requests = await api.stop();
  log(`${name} suite: ${((Date.now() - started) / 1000).toFixed(1)} s, ${requests ?? '?'} API requests`);
  if (failure) throw new E2eError(`the ${name} integration suite failed: ${failure.message}`);
  return requests;
}

export async function runIntegration() {
  await bundleSuite();
  chmodSync(launcher, 0o755); // runTests spawns it directly, as it would spawn VS Code
  const runDir = newRunDir('integration');
  mkdirSync(join(runDir, 'extensions'), { recursive: true });
  const workspace = copyExample(runDir);
  const catalog = join(workspace, 'workos-catalog.json');
  const key = newKey();

  const trustedRequests = await runSuite({ name: 'trusted', runDir, workspace, key, catalog, trust: false });
  if (!trustedRequests) throw new E2eError('the trusted suite made no API request: the key was never used');
  const restrictedRequests = await runSuite({ name: 'restricted', runDir, workspace, key, catalog, trust: true });
  if (restrictedRequests !== 0) {
    throw new E2eError(`Restricted Mode made ${restrictedRequests ?? 'an unknown number of'} API request(s); it must make none`);
  }

  // A TypeScript project without WorkOS: the server must not start until WorkOS shows up.
  const plainDir = newRunDir('integration-plain');
  const plainWs = join(plainDir, 'plain-app');
  mkdirSync(join(plainWs, 'src'), { recursive: true });
  writeFileSync(join(plainWs, 'package.json'), JSON.stringify({ name: 'plain-app', private: true, dependencies: { react: '^19.0.0' } }, null, 2));
  writeFileSync(join(plainWs, 'src', 'index.ts'), "export const hello = (name: string) => `hello ${name}`;\n");
  await runSuite({ name: 'plain', runDir: plainDir, workspace: plainWs, key, catalog, trust: false });
  cleanDir(plainDir);

  // Named environments: staging from the snapshot, production live with its own key; then the same
  // profile untrusted, where the stored environment key must not be used.
  const envDir = newRunDir('integration-environments');
  mkdirSync(join(envDir, 'extensions'), { recursive: true });
  const envWs = environmentsWorkspace(envDir);
  const environment = { key: newKey(), catalog: envWs.productionCatalog };
  const envCatalog = join(envWs.workspace, 'workos-catalog.json');
  const envRequests = await runSuite({ name: 'environments', runDir: envDir, workspace: envWs.workspace, key, catalog: envCatalog, trust: false, environment });
  if (!envRequests) throw new E2eError('the environments suite made no API request: the environment key was never used');
  const envRestricted = await runSuite({ name: 'environments-restricted', runDir: envDir, workspace: envWs.workspace, key, catalog: envCatalog, trust: true, environment });
  if (envRestricted !== 0) throw new E2eError(`Restricted Mode with environments made ${envRestricted ?? 'an unknown number of'} API request(s); it must make none`);
  for (const k of [key, environment.key]) {
    const found = findKey(k, [envDir]);
    if (found.hits.length) throw new E2eError(`an API key was found in ${found.hits.join(', ')}`);
  }
  const envLog = findFile(join(envDir, 'user-data', 'logs'), 'WorkOS Authz.log');
  if (!envLog || !readFileSync(envLog, 'utf8').includes('API key of environment production')) {
    throw new E2eError('the environments run left no Output channel log naming the environment key hand-over: the key search would be vacuous');
  }
  cleanDir(envDir);

  // The key must be nowhere in what the run leaves behind: settings, logs (the Output channel is
  // one), state databases, the workspace, the browser profile (code-server keeps secrets encrypted).
  selfTestFindKey(cacheDir);
  const { hits, scanned } = findKey(key, [runDir]);
  if (hits.length) throw new E2eError(`the API key was found in ${hits.join(', ')}`);
  const outputLog = findFile(join(runDir, 'user-data', 'logs'), 'WorkOS Authz.log');
  if (!outputLog) throw new E2eError('the WorkOS Authz Output channel log is missing: the key search would be vacuous');
  mkdirSync(resultsDir, { recursive: true });
  copyFileSync(outputLog, join(resultsDir, 'integration-output.log'));
  log(`key search: not found in ${scanned} files (settings, logs, Output channel, state, workspace, browser profile)`);
  cleanDir(runDir);
  return { runDir };
}

if (process.argv[1] && process.argv[1].endsWith('runIntegration.mjs')) {
  runIntegration().then(
    () => process.exit(0),
    (e) => {
      log(e instanceof E2eError ? e.message : e.stack);
      process.exit(1);
    },
  );
}
