// Runs the WorkOS-compatible test server as its own process, for e2e tests and benchmarks:
//   node --import tsx test/support/workosServerMain.ts [--state generated|access|FILE.json]
//        [--port N] [--key K] [--permissions N --roles N --organizations N --seed N]
//        [--fault 429|500|slow|malformed|reset|cursor-loop]
// Prints one JSON line {"url","port"} on stdout once listening, then serves until killed.
// The key is never printed; without --key the server accepts WORKOS_API_KEY, else TEST_API_KEY.

import { readFileSync } from 'node:fs';
import type { CatalogSnapshot } from '../../server/src/core/catalog';
import { startWorkosServer, type FaultKind } from './workosServer';
import { accessState, generateState, stateFromSnapshot, TEST_API_KEY, type WorkosState } from './workosState';

const FAULTS: FaultKind[] = ['429', '500', 'slow', 'malformed', 'reset', 'cursor-loop'];

function parseArgs(argv: string[]): Map<string, string> {
  const args = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith('--')) throw new Error(`unexpected argument: ${a}`);
    const eq = a.indexOf('=');
    if (eq > 0) args.set(a.slice(2, eq), a.slice(eq + 1));
    else {
      const value = argv[i + 1];
      if (value === undefined) throw new Error(`missing value for ${a}`);
      args.set(a.slice(2), value);
      i++;
    }
  }
  return args;
}

function intArg(args: Map<string, string>, name: string, fallback: number): number {
  const raw = args.get(name);
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) throw new Error(`--${name} must be a non-negative integer`);
  return n;
}

/** A file holds either a catalog snapshot (workos-catalog.json) or a full WorkosState. */
function loadStateFile(path: string): WorkosState {
  const json = JSON.parse(readFileSync(path, 'utf8')) as Partial<WorkosState> & Partial<CatalogSnapshot>;
  if (Array.isArray(json.apiKeys) && Array.isArray(json.memberships)) return json as WorkosState;
  if (Array.isArray(json.permissions) && Array.isArray(json.environmentRoles) && Array.isArray(json.organizations)) {
    return stateFromSnapshot(json as CatalogSnapshot);
  }
  throw new Error(`${path} is neither a catalog snapshot nor a WorkOS test-server state`);
}

function stateFromArgs(args: Map<string, string>): WorkosState {
  const kind = args.get('state') ?? 'generated';
  let state: WorkosState;
  if (kind === 'generated') {
    state = generateState({
      permissions: intArg(args, 'permissions', 5000),
      roles: intArg(args, 'roles', 300),
      organizations: intArg(args, 'organizations', 200),
      seed: intArg(args, 'seed', 1),
    });
  } else if (kind === 'access') {
    state = accessState();
  } else {
    state = loadStateFile(kind);
  }
  const key = args.get('key') ?? process.env.WORKOS_API_KEY ?? TEST_API_KEY;
  state.apiKeys = [key];
  return state;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const state = stateFromArgs(args);
  const server = await startWorkosServer(state, { port: intArg(args, 'port', 0) });
  const fault = args.get('fault');
  if (fault !== undefined) {
    if (!FAULTS.includes(fault as FaultKind)) throw new Error(`--fault must be one of ${FAULTS.join(', ')}`);
    server.setFault({ kind: fault as FaultKind });
  }
  process.stdout.write(`${JSON.stringify({ url: server.url, port: server.port })}\n`);
  const stop = () => {
    void server.close().then(() => process.exit(0));
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch((err: unknown) => {
  process.stderr.write(`workos test server: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
