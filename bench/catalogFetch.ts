// Catalog fetch from the WorkOS-compatible test server through the same code the server and
// CLI use (fetchLiveCatalog and the real SDK): how many requests a big tenant costs, how long,
// and the same while the server answers the first requests with 429 + Retry-After.

import type { CatalogSpec } from './catalogGen';
import { errorText, missing, ok, type Outcome } from './outcome';
import { median } from './stats';

export interface FetchRun {
  requests: number;
  seconds: number;
}

export interface CatalogFetchResult {
  normal: FetchRun;
  /** Undefined fields when the fetch gave up under the burst; see burstError. */
  burst: FetchRun;
  burstError?: string;
  burstSpec: string;
  counts: { permissions: number; environmentRoles: number; organizations: number };
}

export const BURST = { kind: '429' as const, times: 3, retryAfterSeconds: 1 };

export async function catalogFetchBench(spec: CatalogSpec, runs: number): Promise<Outcome<CatalogFetchResult>> {
  const workosModule: Record<string, unknown> = await import('../server/src/workos/index');
  const fetchLiveCatalog = workosModule.fetchLiveCatalog as
    | ((conn: { apiKey: string; hostname: string; port?: number; https: boolean; timeoutMs?: number }) => Promise<{ permissions: unknown[]; environmentRoles: unknown[]; organizations: unknown[] }>)
    | undefined;
  if (typeof fetchLiveCatalog !== 'function') return missing('fetchLiveCatalog is not exported from server/src/workos/index');
  const { startWorkosServer } = await import('../test/support/workosServer');
  const { generateState, TEST_API_KEY } = await import('../test/support/workosState');
  const state = generateState({ permissions: spec.permissions, roles: spec.roles, organizations: spec.organizations, seed: 20261123 });
  const server = await startWorkosServer(state);
  // The key stays in this object: it is never printed or written to the results.
  const conn = { apiKey: TEST_API_KEY, hostname: '127.0.0.1', port: server.port, https: false, timeoutMs: 10_000 };
  const once = async (): Promise<FetchRun & { snapshot: Awaited<ReturnType<typeof fetchLiveCatalog>> }> => {
    const before = server.requests.length;
    const started = performance.now();
    const snapshot = await fetchLiveCatalog(conn);
    return { seconds: (performance.now() - started) / 1000, requests: server.requests.length - before, snapshot };
  };
  try {
    const warm = await once();
    const counts = {
      permissions: warm.snapshot.permissions.length,
      environmentRoles: warm.snapshot.environmentRoles.length,
      organizations: warm.snapshot.organizations.length,
    };
    const normal: FetchRun[] = [];
    for (let i = 0; i < runs; i++) normal.push(await once());
    server.setFault(BURST);
    const before = server.requests.length;
    const started = performance.now();
    let burst: FetchRun;
    let burstError: string | undefined;
    try {
      burst = await once();
    } catch (err) {
      burst = { seconds: (performance.now() - started) / 1000, requests: server.requests.length - before };
      burstError = errorText(err);
    }
    return ok({
      normal: { requests: normal[0]?.requests ?? warm.requests, seconds: median(normal.map((r) => r.seconds)) },
      burst: { requests: burst.requests, seconds: burst.seconds },
      burstError,
      burstSpec: `first ${BURST.times} requests answered 429 with Retry-After: ${BURST.retryAfterSeconds}`,
      counts,
    });
  } finally {
    server.setFault(null);
    await server.close();
  }
}
