// The editor tests, end to end: set-up (cached in .cache/e2e), build, the integration suite in
// code-server's extension host through runTests (trusted, then Restricted Mode), then the UI test
// against the packaged .vsix. Exits non-zero with the reason when any part cannot run or fails;
// nothing is skipped.
//   node test/e2e/run.mjs [--only integration|ui]
import { build, E2eError, log } from './harness.mjs';
import { runIntegration } from './runIntegration.mjs';
import { runUi } from './ui.mjs';
import { setup } from './setup.mjs';

const onlyIndex = process.argv.indexOf('--only');
const only = onlyIndex > 0 ? process.argv[onlyIndex + 1] : undefined;

async function main() {
  const t0 = Date.now();
  const lap = (what, since) => log(`${what}: ${((Date.now() - since) / 1000).toFixed(1)} s`);
  let t = Date.now();
  try {
    setup();
  } catch (e) {
    throw new E2eError(`the editor tests cannot run: set-up failed: ${e.message}`);
  }
  lap('set-up', t);
  t = Date.now();
  build();
  lap('build', t);
  if (!only || only === 'integration') {
    t = Date.now();
    await runIntegration();
    lap('integration tests (trusted, Restricted Mode, a project without WorkOS)', t);
  }
  if (!only || only === 'ui') {
    t = Date.now();
    await runUi();
    lap('UI test (packaged .vsix)', t);
  }
  lap('editor tests passed in', t0);
}

main().then(
  () => process.exit(0),
  (e) => {
    log(`FAILED: ${e instanceof E2eError ? e.message : (e?.stack ?? e)}`);
    log('artefacts: test-results/e2e/ (screenshots, Output channel logs); run folders: .cache/e2e/runs/');
    process.exit(1);
  },
);
