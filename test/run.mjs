// Runs every test suite: type check, build, unit/protocol/catalog tests (node's test runner), then
// the end-to-end tests in a real VS Code (code-server). A suite that cannot run fails the run and
// says why; nothing is skipped silently.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const args = process.argv.slice(2);
const only = args.find((a) => !a.startsWith('--'));
const skipE2e = args.includes('--no-e2e');
// `--unit` (npm run test:unit): the analysis core's tests and the architecture rule, no type check,
// no build, for the edit-test loop. The CLI's and packaging tests need a build: left to the full run.
const unitOnly = args.includes('--unit');

function run(title, cmd, cmdArgs, env = {}) {
  console.log(`\n=== ${title}`);
  const r = spawnSync(cmd, cmdArgs, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
  if (r.status !== 0) {
    console.error(`\n${title} failed (exit ${r.status ?? r.signal})`);
    process.exit(r.status || 1);
  }
}

function findTests(dir) {
  const out = [];
  for (const name of readdirSync(dir)) {
    const full = join(dir, name);
    if (name === 'node_modules' || name === 'fixtures' || name === 'e2e' || name === 'workspace') continue;
    if (statSync(full).isDirectory()) out.push(...findTests(full));
    else if (name.endsWith('.test.ts')) out.push(relative(root, full));
  }
  return out.sort();
}

if (unitOnly) {
  const unit = findTests(join(root, 'test', 'unit')).filter((f) => !/\/(cli|packaging)\.test\.ts$/.test(f));
  run(`core unit tests (${unit.length + 1} files)`, process.execPath, ['--import', 'tsx', '--test', ...unit, 'test/architecture.test.ts']);
  process.exit(0);
}

run('type check', 'npx', ['tsc', '-p', '.', '--noEmit']);
run('build', 'node', ['esbuild.mjs']);
const files = [...findTests(join(root, 'test')), ...findTests(join(root, 'bench'))].filter((f) => !only || f.includes(only));
if (files.length === 0) {
  console.error(`no test files match ${only ?? 'test/**/*.test.ts'}`);
  process.exit(1);
}
run(`unit, protocol and catalog tests (${files.length} files)`, process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=2', ...files], {
  // The bundle was just built above: protocol tests use it as it is.
  WORKOS_AUTHZ_PREBUILT: '1',
});
if (!only && !skipE2e) run('end-to-end tests in VS Code (code-server)', process.execPath, ['test/e2e/run.mjs']);
