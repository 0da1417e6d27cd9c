// The WorkOS API the editor tests talk to: the example's catalog (so the live catalog agrees with
// its workos-catalog.json) plus the access fixture's organization, people, resources and groups
// (alice holds workspace-admin on the Engineering workspace through the Engineering group; bob
// holds project-viewer on project Web directly).
//   WORKOS_AUTHZ_E2E_KEY=sk_test_... node --import tsx test/e2e/apiServer.ts CATALOG.json
// prints {"url","port"} once listening; serves until SIGTERM. The key comes from the environment
// so it never shows in a process list. With WORKOS_AUTHZ_E2E_ENV_KEY and WORKOS_AUTHZ_E2E_ENV_CATALOG
// a second WorkOS environment (production) answers that key from that catalog, on the same host.

import { readFileSync } from 'node:fs';
import type { CatalogSnapshot } from '../../server/src/core/catalog';
import { startWorkosServer } from '../support/workosServer';
import { accessState, stateFromSnapshot, type WorkosState } from '../support/workosState';

export function e2eApiState(snapshot: CatalogSnapshot, apiKey: string): WorkosState {
  const access = accessState([apiKey]);
  const state = stateFromSnapshot(snapshot, {
    apiKeys: [apiKey],
    users: access.users,
    memberships: access.memberships,
    resources: access.resources,
    roleAssignments: access.roleAssignments,
    groups: access.groups,
    groupMemberships: access.groupMemberships,
    groupRoleAssignments: access.groupRoleAssignments,
  });
  const known = new Set(state.organizations.map((o) => o.id));
  state.organizations.push(...access.organizations.filter((o) => !known.has(o.id)).map((o) => ({ ...o, roles: [] })));
  return state;
}

async function main(): Promise<void> {
  const key = process.env.WORKOS_AUTHZ_E2E_KEY;
  const catalogPath = process.argv[2];
  if (!key || !catalogPath) throw new Error('usage: WORKOS_AUTHZ_E2E_KEY=... apiServer.ts CATALOG.json');
  const snapshot = JSON.parse(readFileSync(catalogPath, 'utf8')) as CatalogSnapshot;
  const envKey = process.env.WORKOS_AUTHZ_E2E_ENV_KEY;
  const envCatalog = process.env.WORKOS_AUTHZ_E2E_ENV_CATALOG;
  const environments = envKey && envCatalog ? [stateFromSnapshot(JSON.parse(readFileSync(envCatalog, 'utf8')) as CatalogSnapshot, { apiKeys: [envKey] })] : [];
  const server = await startWorkosServer(e2eApiState(snapshot, key), { environments });
  process.stdout.write(`${JSON.stringify({ url: server.url, port: server.port })}\n`);
  // The runner reads the count to prove a run (Restricted Mode) made no API call at all.
  const stop = () => {
    process.stdout.write(`${JSON.stringify({ requests: server.requests.length })}\n`);
    void server.close().then(() => process.exit(0));
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

if (process.argv[1]?.endsWith('apiServer.ts')) {
  main().catch((e: unknown) => {
    process.stderr.write(`e2e api server: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  });
}
