// The live catalog, fetched through the real SDK: environment roles, every permission page,
// every organization page and each organization's roles, a bounded number of requests in flight.
// Any failure rejects the whole fetch (a partial catalog is never returned) with a
// CatalogFetchError whose message a user can act on and which never contains the key.

import { setMaxListeners } from 'node:events';
import {
  SNAPSHOT_VERSION,
  type ApiPermission,
  type ApiRole,
  type CatalogSnapshot,
  type RoleType,
  type SnapshotOrganization,
} from '../core/catalog';
import { ApiConnectionError, createWorkos, displayHost, type ApiConnection } from './connection';
import { CatalogFetchError, type CatalogFetchReason } from './errors';
import { CancelledError, RetriesExhausted, createLimiter, withRetry, type RetryDecision, type RetryOptions } from './retry';
import { sortSnapshot } from './snapshotOrder';
import { redactSecret } from '../redact';

export interface FetchOptions extends RetryOptions {
  signal?: AbortSignal;
  /** Requests in flight at once. Default 8. */
  concurrency?: number;
  /** Page size for paginated lists (1-100). Default 100. */
  pageLimit?: number;
  /** Safety bound on pages per list; more means the cursor never ends. Default 2,000. */
  maxPages?: number;
  /** Clock for fetchedAt. */
  now?: () => Date;
  /** Called before each HTTP attempt, e.g. `GET /authorization/permissions`. */
  onRequest?: (request: string) => void;
}

export async function fetchLiveCatalog(conn: ApiConnection, opts: FetchOptions = {}): Promise<CatalogSnapshot> {
  if (!conn || !conn.apiKey || !conn.apiKey.trim()) {
    throw new CatalogFetchError('no-key', 'No WorkOS API key is set: set WORKOS_API_KEY (CLI) or run "WorkOS Authz: Set API Key" (editor).');
  }
  const host = displayHost(conn);
  const scope = new AbortController();
  // Every queued and in-flight request listens on this one signal; hundreds is expected.
  setMaxListeners(0, scope.signal);
  const outer = opts.signal;
  if (outer?.aborted) throw cancelled();

  // Every request the SDK makes carries our signal too, so cancelling (or a sibling's fatal
  // error) stops requests already on the wire, not just the ones not yet started.
  const fetchFn: typeof fetch = (input, init) => fetch(input, { ...init, signal: anySignal(init?.signal, scope.signal) });
  let workos: ReturnType<typeof createWorkos>;
  try {
    workos = createWorkos(conn, { fetchFn });
  } catch (e) {
    // Settings that cannot be used (plain HTTP to a remote host): the API cannot be reached.
    if (e instanceof ApiConnectionError) throw new CatalogFetchError('network', e.message);
    throw e;
  }
  const onOuterAbort = (): void => scope.abort();
  outer?.addEventListener('abort', onOuterAbort, { once: true });
  const limit = createLimiter(Math.max(1, opts.concurrency ?? 8));
  const pageLimit = Math.min(100, Math.max(1, opts.pageLimit ?? 100));
  const maxPages = opts.maxPages ?? 2_000;
  const ctx: CallContext = { host, timeoutMs: conn.timeoutMs, apiKey: conn.apiKey, opts, signal: scope.signal };

  const call = <T>(request: string, op: () => Promise<T>): Promise<T> =>
    limit(
      () =>
        withRetry(
          () => {
            opts.onRequest?.(request);
            return op();
          },
          (e) => decide(e, scope.signal),
          { ...opts, signal: scope.signal },
        ),
      scope.signal,
    ).catch((e: unknown) => {
      throw toFetchError(e, request, ctx);
    });

  const spawned: Promise<unknown>[] = [];
  const track = <T>(p: Promise<T>): Promise<T> => {
    // Awaited below; the no-op catch only keeps a rejection after an earlier failure from
    // surfacing as unhandled.
    p.catch(() => undefined);
    spawned.push(p);
    return p;
  };

  try {
    const envRolesP = track(
      call('GET /authorization/roles', () => workos.authorization.listEnvironmentRoles()).then((list) =>
        mapList(list?.data, 'GET /authorization/roles', ctx, (r, i) => toApiRole(r, { request: 'GET /authorization/roles', item: `data[${i}]` }, ctx, 'EnvironmentRole')),
      ),
    );

    const permissionsP = track(
      paginate(
        'GET /authorization/permissions',
        (after) => call('GET /authorization/permissions', () => workos.authorization.listPermissions({ limit: pageLimit, ...(after ? { after } : {}) })),
        (p, where) => toApiPermission(p, where, ctx),
        (p) => p.slug,
        maxPages,
        ctx,
      ),
    );

    const orgRoles = new Map<string, Promise<ApiRole[]>>();
    const organizationsP = track(
      paginate(
        'GET /organizations',
        (after) => call('GET /organizations', () => workos.organizations.listOrganizations({ limit: pageLimit, ...(after ? { after } : {}) })),
        (o, where) => {
          const org = toOrganization(o, where, ctx);
          // Each organization's roles start as soon as its page arrives.
          const request = `GET /authorization/organizations/${org.id}/roles`;
          orgRoles.set(
            org.id,
            track(
              call(request, () => workos.authorization.listOrganizationRoles(org.id)).then((list) =>
                mapList(list?.data, request, ctx, (r, i) => toApiRole(r, { request, item: `data[${i}]` }, ctx)).filter((r) => r.type === 'OrganizationRole'),
              ),
            ),
          );
          return org;
        },
        (o) => o.id,
        maxPages,
        ctx,
      ),
    );

    const [environmentRoles, permissions, orgs] = await Promise.all([envRolesP, permissionsP, organizationsP]);
    const organizations: SnapshotOrganization[] = [];
    for (const org of orgs) organizations.push({ ...org, roles: await orgRoles.get(org.id)! });
    const now = opts.now?.() ?? new Date();
    return sortSnapshot({ version: SNAPSHOT_VERSION, fetchedAt: now.toISOString(), host, environmentRoles, permissions, organizations });
  } catch (e) {
    scope.abort();
    await Promise.allSettled(spawned);
    if (outer?.aborted) throw cancelled();
    throw e instanceof CatalogFetchError ? e : toFetchError(e, 'the catalog fetch', ctx);
  } finally {
    outer?.removeEventListener('abort', onOuterAbort);
  }
}

/** AbortSignal.any where the runtime has it; a linked controller otherwise. */
function anySignal(a: AbortSignal | null | undefined, b: AbortSignal): AbortSignal {
  if (!a) return b;
  if (typeof AbortSignal.any === 'function') return AbortSignal.any([a, b]);
  const linked = new AbortController();
  const abort = (): void => linked.abort();
  if (a.aborted || b.aborted) linked.abort();
  a.addEventListener('abort', abort, { once: true });
  b.addEventListener('abort', abort, { once: true });
  return linked.signal;
}

// ---------------------------------------------------------------------------------------------

interface CallContext {
  host: string;
  timeoutMs?: number;
  apiKey: string;
  opts: FetchOptions;
  signal: AbortSignal;
}

interface Page<T> {
  data: T[];
  listMetadata?: { after?: string | null };
}

async function paginate<Raw, T>(
  request: string,
  fetchPage: (after: string | undefined) => Promise<Page<Raw>>,
  map: (raw: Raw, where: Where) => T,
  keyOf: (item: T) => string,
  maxPages: number,
  ctx: CallContext,
): Promise<T[]> {
  const out: T[] = [];
  const keys = new Set<string>();
  const cursors = new Set<string>();
  let after: string | undefined;
  for (let page = 0; ; page++) {
    if (page >= maxPages) {
      throw new CatalogFetchError('cursor-loop', `${ctx.host} kept returning more pages of ${request} after ${maxPages} pages; stopped. The server's pagination cursor never ends.`, { request });
    }
    const list = await fetchPage(after);
    if (!list || !Array.isArray(list.data)) throw malformed(request, 'the response has no data list', ctx);
    let fresh = 0;
    list.data.forEach((raw, i) => {
      const item = map(raw, { request, item: `page ${page + 1} data[${i}]` });
      const key = keyOf(item);
      if (keys.has(key)) return;
      keys.add(key);
      out.push(item);
      fresh++;
    });
    const next = list.listMetadata?.after;
    if (next === undefined || next === null || next === '') return out;
    if (typeof next !== 'string') throw malformed(request, 'list_metadata.after is not a string', ctx);
    if (cursors.has(next) || fresh === 0) {
      throw new CatalogFetchError(
        'cursor-loop',
        `${ctx.host} sent a page cursor for ${request} that goes round in a loop (cursor '${next}' came back after ${page + 1} pages); stopped instead of fetching forever. This is a server-side fault; try again later.`,
        { request },
      );
    }
    cursors.add(next);
    after = next;
  }
}

function mapList<Raw, T>(data: Raw[] | undefined, request: string, ctx: CallContext, map: (raw: Raw, i: number) => T): T[] {
  if (!Array.isArray(data)) throw malformed(request, 'the response has no data list', ctx);
  return data.map(map);
}

function malformed(request: string, what: string, ctx: CallContext): CatalogFetchError {
  return new CatalogFetchError(
    'malformed',
    `Unexpected answer from ${ctx.host} to ${request}: ${what}. Check that WORKOS_API_HOSTNAME (or the API URL setting) points at the WorkOS API.`,
    { request },
  );
}

type Loose = Record<string, unknown>;

/** Where an item sits in a response: the request and the item's path in it. */
interface Where {
  request: string;
  item: string;
}

function str(o: Loose, key: string, where: Where, ctx: CallContext): string {
  const v = o[key];
  if (typeof v !== 'string' || v === '') throw malformed(where.request, `${where.item}.${key} is missing or not a string`, ctx);
  return v;
}

function optStr(o: Loose, key: string): string | undefined {
  return typeof o[key] === 'string' ? (o[key] as string) : undefined;
}

function objectOf(raw: unknown, where: Where, ctx: CallContext): Loose {
  if (!raw || typeof raw !== 'object') throw malformed(where.request, `${where.item} is not an object`, ctx);
  return raw as Loose;
}

function toApiPermission(raw: unknown, where: Where, ctx: CallContext): ApiPermission {
  const o = objectOf(raw, where, ctx);
  const p: ApiPermission = {
    object: 'permission',
    slug: str(o, 'slug', where, ctx),
    name: typeof o.name === 'string' ? o.name : '',
    description: typeof o.description === 'string' ? o.description : null,
    system: o.system === true,
  };
  const id = optStr(o, 'id');
  const rt = optStr(o, 'resourceTypeSlug');
  const createdAt = optStr(o, 'createdAt');
  const updatedAt = optStr(o, 'updatedAt');
  return {
    object: p.object,
    ...(id ? { id } : {}),
    slug: p.slug,
    name: p.name,
    description: p.description,
    system: p.system,
    ...(rt ? { resource_type_slug: rt } : {}),
    ...(createdAt ? { created_at: createdAt } : {}),
    ...(updatedAt ? { updated_at: updatedAt } : {}),
  };
}

function toApiRole(raw: unknown, where: Where, ctx: CallContext, forceType?: RoleType): ApiRole {
  const o = objectOf(raw, where, ctx);
  const slug = str(o, 'slug', where, ctx);
  const perms = o.permissions ?? [];
  if (!Array.isArray(perms) || perms.some((p) => typeof p !== 'string')) {
    throw malformed(where.request, `${where.item}.permissions is not a list of slugs`, ctx);
  }
  const type: RoleType = forceType ?? (o.type === 'OrganizationRole' ? 'OrganizationRole' : 'EnvironmentRole');
  const id = optStr(o, 'id');
  const rt = optStr(o, 'resourceTypeSlug');
  const createdAt = optStr(o, 'createdAt');
  const updatedAt = optStr(o, 'updatedAt');
  return {
    object: 'role',
    ...(id ? { id } : {}),
    slug,
    name: typeof o.name === 'string' ? o.name : '',
    description: typeof o.description === 'string' ? o.description : null,
    permissions: [...(perms as string[])],
    ...(rt ? { resource_type_slug: rt } : {}),
    type,
    ...(createdAt ? { created_at: createdAt } : {}),
    ...(updatedAt ? { updated_at: updatedAt } : {}),
  };
}

function toOrganization(raw: unknown, where: Where, ctx: CallContext): { id: string; name: string } {
  const o = objectOf(raw, where, ctx);
  return { id: str(o, 'id', where, ctx), name: typeof o.name === 'string' ? o.name : '' };
}

// ---------------------------------------------------------------------------------------------
// Error classification. The SDK's exception classes are matched by name and status rather than
// instanceof so a second copy of the SDK (bundling) cannot defeat the checks.

interface Classified {
  reason: CatalogFetchReason;
  retryable: boolean;
  status?: number;
  retryAfterMs?: number;
  detail?: string;
}

function errorChain(e: unknown): Loose[] {
  const out: Loose[] = [];
  let cur: unknown = e;
  for (let i = 0; i < 5 && cur && typeof cur === 'object'; i++) {
    out.push(cur as Loose);
    cur = (cur as Loose).cause;
  }
  return out;
}

function classify(e: unknown, signal?: AbortSignal): Classified {
  if (signal?.aborted || e instanceof CancelledError) return { reason: 'cancelled', retryable: false };
  if (e instanceof CatalogFetchError) return { reason: e.reason, retryable: false, status: e.status };
  const chain = errorChain(e);
  const first = chain[0] ?? {};
  const name = String(first.name ?? '');
  if (name === 'ApiKeyRequiredException') return { reason: 'no-key', retryable: false };
  let status = typeof first.status === 'number' ? first.status : undefined;
  // A body that is not JSON: on a 2xx it is a malformed answer (a proxy page, a truncated
  // body), worth another try; on an error status (an HTML 502 page) the status decides.
  const parse = chain.find((c) => c.name === 'ParseError');
  if (parse) {
    const raw = Number(parse.rawStatus);
    if (!raw || (raw >= 200 && raw < 300)) return { reason: 'malformed', retryable: true, status: raw || undefined, detail: 'the response body is not valid JSON' };
    status = raw;
  }
  if (status !== undefined) {
    if (status === 401) return { reason: 'unauthorized', retryable: false, status };
    if (status === 403) return { reason: 'forbidden', retryable: false, status };
    if (status === 408) return { reason: 'timeout', retryable: true, status };
    if (status === 429) {
      const ra = Number(first.retryAfter);
      return { reason: 'rate-limited', retryable: true, status, retryAfterMs: Number.isFinite(ra) && ra >= 0 ? ra * 1000 : undefined };
    }
    if (status >= 500) return { reason: 'server', retryable: true, status };
    if (status === 404) return { reason: 'malformed', retryable: false, status, detail: 'the API answered 404 Not Found' };
    return { reason: 'server', retryable: false, status, detail: typeof first.message === 'string' ? first.message : undefined };
  }
  if (chain.some((c) => c.name === 'AbortError' || c.name === 'TimeoutError')) return { reason: 'timeout', retryable: true };
  const net = chain.find((c) => typeof c.code === 'string' && /^(E[A-Z]+|UND_ERR_[A-Z_]+)$/.test(c.code as string));
  if (net || chain.some((c) => c.name === 'TypeError' && c.message === 'fetch failed')) {
    return { reason: 'network', retryable: true, detail: net ? String(net.code) : undefined };
  }
  if (name === 'TypeError' || name === 'SyntaxError') {
    return { reason: 'malformed', retryable: false, detail: 'the response does not have the expected shape' };
  }
  return { reason: 'server', retryable: false, detail: typeof first.message === 'string' ? first.message : String(e) };
}

function decide(e: unknown, signal: AbortSignal): RetryDecision {
  const c = classify(e, signal);
  return { retryable: c.retryable, retryAfterMs: c.retryAfterMs };
}

function cancelled(): CatalogFetchError {
  return new CatalogFetchError('cancelled', 'The catalog fetch was cancelled.');
}

function toFetchError(e: unknown, request: string, ctx: CallContext): CatalogFetchError {
  if (e instanceof CatalogFetchError) return e;
  let attempts = 1;
  let cause = e;
  if (e instanceof RetriesExhausted) {
    attempts = e.attempts;
    cause = e.lastError;
  }
  const c = classify(cause, ctx.signal);
  const after = attempts > 1 ? ` (after ${attempts} attempts)` : '';
  const host = ctx.host;
  let message: string;
  switch (c.reason) {
    case 'cancelled':
      return cancelled();
    case 'no-key':
      message = 'No WorkOS API key is set: set WORKOS_API_KEY (CLI) or run "WorkOS Authz: Set API Key" (editor).';
      break;
    case 'unauthorized':
      message = `${host} rejected the API key (401 Unauthorized). Check that the key is a current secret key (sk_...) for this WorkOS environment and has not been revoked.`;
      break;
    case 'forbidden':
      message = `${host} refused ${request} (403 Forbidden): the API key is valid but may not read roles and permissions. Use a secret key with access to Authorization.`;
      break;
    case 'rate-limited':
      message = `${host} is rate limiting this API key (429 Too Many Requests)${after}. Wait a minute and try again.`;
      break;
    case 'timeout':
      message = `${host} did not answer ${request} within ${ctx.timeoutMs ?? 10_000} ms${after}. Check the network, or try again later.`;
      break;
    case 'server':
      message = c.status
        ? `${host} answered ${request} with HTTP ${c.status}${after}.${c.status >= 500 ? ' WorkOS may be having trouble; try again later.' : c.detail ? ` ${c.detail}` : ''}`
        : `${request} to ${host} failed${after}: ${c.detail ?? 'unknown error'}.`;
      break;
    case 'network':
      message = `Could not reach ${host} for ${request}${c.detail ? ` (${c.detail})` : ''}${after}. Check the network connection, any proxy, and WORKOS_API_HOSTNAME / WORKOS_API_PORT / WORKOS_API_HTTPS.`;
      break;
    case 'malformed':
      message = `Unexpected answer from ${host} to ${request}: ${c.detail ?? 'malformed response'}${after}. Check that WORKOS_API_HOSTNAME (or the API URL setting) points at the WorkOS API.`;
      break;
    default:
      message = `${request} to ${host} failed${after}.`;
  }
  return new CatalogFetchError(c.reason, redactSecret(message, ctx.apiKey), { status: c.status, request });
}


