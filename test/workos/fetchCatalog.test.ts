import { test, describe, before, after, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { inspect } from 'node:util';
import { startWorkosServer, type WorkosTestServer } from '../support/workosServer';
import { generateState, type WorkosState } from '../support/workosState';
import {
  Catalog,
} from '../../server/src/core/catalog';
import { CatalogStore, stringifySnapshot } from '../../server/src/catalog';
import { WorkosApiError, fetchLiveCatalog, type ApiConnection, type FetchOptions } from '../../server/src/workos';

// Recognisable, so a leak anywhere is easy to spot.
const KEY = 'sk_test_KEYMARKER_5f2c9a7e31d4';
const FAST: FetchOptions = { baseDelayMs: 2, maxDelayMs: 10, retryAfterCapMs: 20, maxAttempts: 4 };

function conn(server: WorkosTestServer, extra: Partial<ApiConnection> = {}): ApiConnection {
  return { apiKey: KEY, hostname: '127.0.0.1', port: server.port, https: false, timeoutMs: 2000, ...extra };
}

function assertNoKey(...values: unknown[]): void {
  for (const v of values) {
    const texts = [String(v), inspect(v, { depth: 10 }), JSON.stringify(v) ?? ''];
    if (v instanceof Error) texts.push(v.stack ?? '', v.message);
    for (const t of texts) assert.ok(!t.includes(KEY) && !t.includes('KEYMARKER'), `key leaked in: ${t.slice(0, 300)}`);
  }
}

async function fetchError(p: Promise<unknown>): Promise<WorkosApiError> {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof WorkosApiError, `expected WorkosApiError, got ${inspect(e)}`);
    assertNoKey(e);
    return e;
  }
  assert.fail('expected the fetch to fail');
}

describe('fetchLiveCatalog: a full catalog (real SDK)', () => {
  let state: WorkosState;
  let server: WorkosTestServer;

  before(async () => {
    state = generateState({ permissions: 5000, roles: 300, organizations: 200, seed: 42, apiKeys: [KEY] });
    server = await startWorkosServer(state);
  });
  after(() => server.close());

  test('a full catalog: 5,000 permissions, 300 roles, 200 organizations, in the expected requests', async () => {
    const snap = await fetchLiveCatalog(conn(server), { now: () => new Date('2026-11-23T15:00:00.000Z') });
    assertNoKey(snap, stringifySnapshot(snap));

    assert.equal(snap.version, 1);
    assert.equal(snap.fetchedAt, '2026-11-23T15:00:00.000Z');
    assert.equal(snap.host, `127.0.0.1:${server.port}`);

    const slugs = state.permissions.map((p) => p.slug).sort();
    assert.equal(snap.permissions.length, 5000);
    assert.deepEqual(snap.permissions.map((p) => p.slug), slugs, 'every permission, sorted by slug');
    const sample = state.permissions[1234];
    assert.deepEqual(snap.permissions.find((p) => p.slug === sample.slug), sample, 'the permission exactly as the API sent it');

    assert.deepEqual(snap.environmentRoles, state.environmentRoles, 'environment roles in API (priority) order, wire shape');
    assert.equal(snap.environmentRoles.length, 300);

    assert.deepEqual(snap.organizations.map((o) => o.id), state.organizations.map((o) => o.id).sort());
    for (const org of state.organizations) {
      const got = snap.organizations.find((o) => o.id === org.id)!;
      assert.equal(got.name, org.name);
      assert.deepEqual(got.roles, org.roles, `${org.id}: only its own OrganizationRoles, in order`);
    }
    assert.ok(state.organizations.some((o) => o.roles.length > 0));

    // 1 environment-roles list + 50 permission pages of 100 + 2 organization pages + 200 role lists.
    const count = (re: RegExp) => server.requests.filter((r) => re.test(r.path)).length;
    assert.equal(count(/^\/authorization\/roles$/), 1);
    assert.equal(count(/^\/authorization\/permissions$/), 50);
    assert.equal(count(/^\/organizations$/), 2);
    assert.equal(count(/^\/authorization\/organizations\/[^/]+\/roles$/), 200);
    assert.equal(server.requests.length, 253);
    assert.ok(server.requests.every((r) => r.status === 200));
    assert.ok(server.requests.filter((r) => r.path === '/authorization/permissions').every((r) => r.query.limit === '100'));

    // The catalog model accepts it.
    const catalog = new Catalog(snap, { kind: 'live' });
    assert.equal(catalog.counts.permissions, 5000);
  });
});

// Faults on a smaller environment (1,000 permissions = 10 pages, 40 organizations), and a fresh
// server per test so no late request from an earlier test is counted.
describe('fetchLiveCatalog: faults, retries, cancellation (real SDK)', () => {
  const state = generateState({ permissions: 1000, roles: 30, organizations: 40, seed: 7, apiKeys: [KEY] });
  let server: WorkosTestServer;

  beforeEach(async () => {
    server = await startWorkosServer(state);
  });
  afterEach(() => server.close());

  test('429 with Retry-After: waits what the server asks (capped), then succeeds', async () => {
    server.setFault({ kind: '429', path: /^\/authorization\/permissions$/, times: 2, retryAfterSeconds: 1 });
    const t = Date.now();
    // A back-off of 10 s would be used if Retry-After were ignored; the cap makes the wait 20 ms.
    const snap = await fetchLiveCatalog(conn(server), { ...FAST, baseDelayMs: 10_000, maxDelayMs: 10_000, retryAfterCapMs: 20 });
    assert.ok(Date.now() - t < 5000);
    assert.equal(snap.permissions.length, 1000);
    assert.equal(server.requests.filter((r) => r.fault === '429').length, 2);
  });

  test('persistent 429: rate-limited after the bounded attempts', async () => {
    server.setFault({ kind: '429', path: /^\/authorization\/roles$/ });
    const e = await fetchError(fetchLiveCatalog(conn(server), FAST));
    assert.equal(e.reason, 'rate-limited');
    assert.equal(e.status, 429);
    assert.match(e.message, /rate limiting.*after 4 attempts.*try again/);
    assert.equal(server.requests.filter((r) => r.path === '/authorization/roles').length, 4);
  });

  test('500 then success', async () => {
    server.setFault({ kind: '500', path: /^\/organizations$/, times: 3 });
    const snap = await fetchLiveCatalog(conn(server), FAST);
    assert.equal(snap.organizations.length, 40);
  });

  test('persistent 500: server, after 4 attempts, and nothing more is asked once it failed', async () => {
    server.setFault({ kind: '500', path: /^\/organizations$/ });
    const e = await fetchError(fetchLiveCatalog(conn(server), FAST));
    assert.equal(e.reason, 'server');
    assert.equal(e.status, 500);
    assert.match(e.message, /HTTP 500 \(after 4 attempts\)/);
    assert.equal(server.requests.filter((r) => r.path === '/organizations').length, 4);
  });

  test('slow past the timeout once: retried and succeeds', async () => {
    server.setFault({ kind: 'slow', path: /^\/authorization\/roles$/, times: 1, delayMs: 1500 });
    const snap = await fetchLiveCatalog(conn(server, { timeoutMs: 300 }), FAST);
    assert.equal(snap.environmentRoles.length, 30);
    assert.equal(server.requests.filter((r) => r.path === '/authorization/roles').length, 2);
  });

  test('always slow: timeout', async () => {
    server.setFault({ kind: 'slow', path: /^\/authorization\/roles$/, delayMs: 1000 });
    const e = await fetchError(fetchLiveCatalog(conn(server, { timeoutMs: 100 }), { ...FAST, maxAttempts: 2 }));
    assert.equal(e.reason, 'timeout');
    assert.match(e.message, /did not answer GET \/authorization\/roles within 100 ms \(after 2 attempts\)/);
  });

  test('malformed JSON once: retried and succeeds; always: malformed', async () => {
    server.setFault({ kind: 'malformed', path: /^\/authorization\/permissions$/, times: 1 });
    assert.equal((await fetchLiveCatalog(conn(server), FAST)).permissions.length, 1000);
    server.setFault({ kind: 'malformed', path: /^\/authorization\/permissions$/ });
    const e = await fetchError(fetchLiveCatalog(conn(server), FAST));
    assert.equal(e.reason, 'malformed');
    assert.match(e.message, /not valid JSON/);
  });

  test('connection reset once: retried and succeeds; always: network', async () => {
    server.setFault({ kind: 'reset', path: /\/roles$/, times: 2 });
    assert.equal((await fetchLiveCatalog(conn(server), FAST)).organizations.length, 40);
    server.setFault({ kind: 'reset', path: /^\/authorization\/roles$/ });
    const e = await fetchError(fetchLiveCatalog(conn(server), FAST));
    assert.equal(e.reason, 'network');
    assert.match(e.message, /Could not reach 127\.0\.0\.1:\d+ .*Check the network/);
  });

  test('an answer of the wrong shape is malformed, not retried, and names the item', async () => {
    const broken = structuredClone(state);
    (broken.permissions[3] as { slug: unknown }).slug = 42;
    const other = await startWorkosServer(broken);
    try {
      const e = await fetchError(fetchLiveCatalog(conn(other), FAST));
      assert.equal(e.reason, 'malformed');
      const m = /GET \/authorization\/permissions: page (\d+) data\[\d+\]\.slug is missing or not a string/.exec(e.message);
      assert.ok(m, e.message);
      // One request per page up to the bad one: the bad page was not asked for again.
      assert.equal(other.requests.filter((r) => r.path === '/authorization/permissions').length, Number(m[1]));
    } finally {
      await other.close();
    }
  });

  test('plain HTTP to a remote host: refused before any request', async () => {
    const e = await fetchError(fetchLiveCatalog({ apiKey: KEY, hostname: 'api.example.com', https: false }));
    assert.equal(e.reason, 'network');
    assert.match(e.message, /plain HTTP/);
  });

  test('a page cursor that loops is detected', async () => {
    server.setFault({ kind: 'cursor-loop', path: /^\/authorization\/permissions$/ });
    const e = await fetchError(fetchLiveCatalog(conn(server), FAST));
    assert.equal(e.reason, 'cursor-loop');
    assert.match(e.message, /loop/);
    assert.ok(server.requests.filter((r) => r.path === '/authorization/permissions').length <= 3);
  });

  test('a cursor that never ends (fresh cursors forever) stops at the page bound', async () => {
    server.setFault({ kind: 'cursor-loop', path: /^\/organizations$/ });
    const e = await fetchError(fetchLiveCatalog(conn(server), { ...FAST, maxPages: 1 }));
    assert.equal(e.reason, 'cursor-loop');
  });

  test('a wrong key: unauthorized at once, no retries, key not in the message', async () => {
    const e = await fetchError(fetchLiveCatalog({ ...conn(server), apiKey: 'sk_test_KEYMARKER_wrong' }, FAST));
    assert.equal(e.reason, 'unauthorized');
    assert.equal(e.status, 401);
    assert.match(e.message, /rejected the API key \(401/);
    assert.ok(server.requests.every((r) => r.status === 401));
    assert.ok(server.requests.length >= 1 && server.requests.length <= 3, 'each list asked at most once, then everything stops');
  });

  test('no key: no-key, no request', async () => {
    const e = await fetchError(fetchLiveCatalog({ ...conn(server), apiKey: '' }));
    assert.equal(e.reason, 'no-key');
    assert.equal(server.requests.length, 0);
  });

  test('cancellation stops everything promptly', async () => {
    server.setFault({ kind: 'slow', path: /\/roles$/, delayMs: 5000 });
    const ac = new AbortController();
    const started: string[] = [];
    const t = Date.now();
    const p = fetchLiveCatalog(conn(server, { timeoutMs: 10_000 }), { ...FAST, signal: ac.signal, onRequest: (r) => started.push(r) });
    setTimeout(() => ac.abort(), 100);
    const e = await fetchError(p);
    assert.equal(e.reason, 'cancelled');
    assert.ok(Date.now() - t < 2000, `took ${Date.now() - t} ms`);
    const startedAtCancel = started.length;
    await new Promise((r) => setTimeout(r, 150));
    assert.equal(started.length, startedAtCancel, 'no request is started after cancellation');
    assert.ok(server.requests.length <= startedAtCancel);
    // Bounded concurrency: at most 8 of the 40 organization-role lists were ever started.
    assert.ok(started.filter((r) => /^GET \/authorization\/organizations\//.test(r)).length <= 8);
  });

  test('already-aborted signal: cancelled without a request', async () => {
    const e = await fetchError(fetchLiveCatalog(conn(server), { signal: AbortSignal.abort() }));
    assert.equal(e.reason, 'cancelled');
    assert.equal(server.requests.length, 0);
  });

  test('a failed refresh keeps the last good catalog, stale with the reason', async () => {
    const c = conn(server);
    const load = async () => {
      const snap = await fetchLiveCatalog(c, FAST);
      return new Catalog(snap, { kind: 'live', host: snap.host, fetchedAt: snap.fetchedAt });
    };
    const store = new CatalogStore(undefined, () => new Date('2026-11-23T16:00:00.000Z'));
    assert.equal((await store.refresh(load)).ok, true);
    const good = store.catalog;
    assert.equal(good?.counts.permissions, 1000);

    for (const [fault, reason] of [
      ['500', 'server'],
      ['429', 'rate-limited'],
      ['malformed', 'malformed'],
      ['reset', 'network'],
      ['cursor-loop', 'cursor-loop'],
    ] as const) {
      server.setFault({ kind: fault, path: /^\/authorization\/permissions$/ });
      const r = await store.refresh(load);
      assert.equal(r.ok, false);
      assert.equal(store.catalog, good, `${fault}: the good catalog stays in use`);
      const s = store.state();
      assert.equal(s.stale?.reason, reason);
      assert.equal(s.stale?.since, '2026-11-23T16:00:00.000Z');
      assert.equal(s.counts?.permissions, 1000);
      assertNoKey(s);
    }
    server.setFault({ kind: 'slow', path: /^\/authorization\/roles$/, delayMs: 800 });
    await store.refresh(async () => {
      const snap = await fetchLiveCatalog(conn(server, { timeoutMs: 100 }), { ...FAST, maxAttempts: 2 });
      return new Catalog(snap, { kind: 'live' });
    });
    assert.equal(store.state().stale?.reason, 'timeout');
    server.setFault(null);
    assert.equal((await store.refresh(load)).ok, true);
    assert.equal(store.state().stale, undefined);
    assert.equal(store.state().source, 'live');
  });
});
