// Entry the extension host loads (extensionTestsPath). Bundled by esbuild with mocha left
// external; the suite files register their tests when required after mocha's globals exist.

import Mocha from 'mocha';

// The launcher forwards only what follows this line (the page console carries the workbench's chatter).
const START_MARKER = '[workos-authz e2e] suite starting';

export async function run(): Promise<void> {
  const which = process.env.WORKOS_AUTHZ_E2E_SUITE ?? 'trusted';
  console.log(`${START_MARKER}: ${which}`);
  const mocha = new Mocha({ ui: 'tdd', color: false, timeout: 60_000, reporter: 'spec' });
  mocha.suite.emit('pre-require', globalThis, 'bundle', mocha);
  if (which === 'restricted') require('./restricted.test');
  else if (which === 'plain') require('./plain.test');
  else if (which === 'environments') require('./environments.test');
  else if (which === 'environments-restricted') require('./environmentsRestricted.test');
  else require('./extension.test');
  const failures = await new Promise<number>((resolve) => mocha.run(resolve));
  if (failures > 0) throw new Error(`${failures} extension test(s) failed`);
}
