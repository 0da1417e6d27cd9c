// The live catalog, fetched through the real SDK: environment roles, every permission page,
// every organization page and each organization's roles, a bounded number of requests in flight.
// Any failure rejects the whole fetch (a partial catalog is never returned) with a
// WorkosApiError whose message a user can act on and which never contains the key.

import { setMaxListeners } from 'node:events';
import {
  SNAPSHOT_VERSION,
  type ApiPermission,
  type ApiRole,
  type CatalogSnapshot,
  type RoleType,
  type SnapshotOrganization,
} from '../core/catalog';
import { sortSnapshot } from '../catalog/snapshotOrder';
import { ApiConnectionError, createWorkos, displayHost, type ApiConnection } from './connection';
import { WorkosApiError, cancelledError, retryDecision, toApiError, type ApiCallContext } from './errors';
import type { Page } from './pagination';
import { createLimiter, withRetry, type RetryOptions } from './retry';

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
    throw new WorkosApiError('no-key', 'No WorkOS API key is set: set WORKOS_API_KEY (CLI) or run "WorkOS Authz: Set API Key" (editor).');
  }
  const host = displayHost(conn);
  const scope = new AbortController();
  // Every queued and in-flight request listens on this one signal; hundreds is expected.
  setMaxListeners(0, scope.signal);
  const outer = opts.signal;
  if (outer?.aborted) throw cancelledError();

  // Every request the SDK makes carries our signal too, so cancelling (or a sibling's fatal
  // error) stops requests already on the wire, not just the ones not yet started.
  const fetchFn: typeof fetch = (input, init) => fetch(input, { ...init, signal: anySignal(init?.signal, scope.signal) });
  let workos: ReturnType<typeof createWorkos>;
  try {
    workos = createWorkos(conn, { fetchFn });
  } catch (e) {
    // Settings that cannot be used (plain HTTP to a remote host): the API cannot be reached.
    if (e instanceof ApiConnectionError) throw new WorkosApiError('network', e.message);
    throw e;
  }
  const onOuterAbort = (): void => scope.abort();
  outer?.addEventListener('abort', onOuterAbort, { once: true });
  const limit = createLimiter(Math.max(1, opts.concurrency ?? 8));
  const pageLimit = Math.min(100, Math.max(1, opts.pageLimit ?? 100));
  const maxPages = opts.maxPages ?? 2_000;
  const ctx: ApiCallContext = { host, timeoutMs: conn.timeoutMs, apiKey: conn.apiKey, signal: scope.signal };

  const call = <T>(request: string, op: () => Promise<T>): Promise<T> =>
    limit(
      () =>
        withRetry(
          () => {
            opts.onRequest?.(request);
            return op();
          },
          (e) => retryDecision(e, scope.signal),
          { ...opts, signal: scope.signal },
        ),
      scope.signal,
    ).catch((e: unknown) => {
      throw toApiError(e, request, ctx);
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
    if (outer?.aborted) throw cancelledError();
    throw e instanceof WorkosApiError ? e : toApiError(e, 'the catalog fetch', ctx);
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

async function paginate<Raw, T>(
  request: string,
  fetchPage: (after: string | undefined) => Promise<Page<Raw>>,
  map: (raw: Raw, where: Where) => T,
  keyOf: (item: T) => string,
  maxPages: number,
  ctx: ApiCallContext,
): Promise<T[]> {
  const out: T[] = [];
  const keys = new Set<string>();
  const cursors = new Set<string>();
  let after: string | undefined;
  for (let page = 0; ; page++) {
    if (page >= maxPages) {
      throw new WorkosApiError('cursor-loop', `${ctx.host} kept returning more pages of ${request} after ${maxPages} pages; stopped. The server's pagination cursor never ends.`, { request });
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
      throw new WorkosApiError(
        'cursor-loop',
        `${ctx.host} sent a page cursor for ${request} that goes round in a loop (cursor '${next}' came back after ${page + 1} pages); stopped instead of fetching forever. This is a server-side fault; try again later.`,
        { request },
      );
    }
    cursors.add(next);
    after = next;
  }
}

function mapList<Raw, T>(data: Raw[] | undefined, request: string, ctx: ApiCallContext, map: (raw: Raw, i: number) => T): T[] {
  if (!Array.isArray(data)) throw malformed(request, 'the response has no data list', ctx);
  return data.map(map);
}

function malformed(request: string, what: string, ctx: ApiCallContext): WorkosApiError {
  return new WorkosApiError(
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

function str(o: Loose, key: string, where: Where, ctx: ApiCallContext): string {
  const v = o[key];
  if (typeof v !== 'string' || v === '') throw malformed(where.request, `${where.item}.${key} is missing or not a string`, ctx);
  return v;
}

function optStr(o: Loose, key: string): string | undefined {
  return typeof o[key] === 'string' ? (o[key] as string) : undefined;
}

function objectOf(raw: unknown, where: Where, ctx: ApiCallContext): Loose {
  if (!raw || typeof raw !== 'object') throw malformed(where.request, `${where.item} is not an object`, ctx);
  return raw as Loose;
}

function toApiPermission(raw: unknown, where: Where, ctx: ApiCallContext): ApiPermission {
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

function toApiRole(raw: unknown, where: Where, ctx: ApiCallContext, forceType?: RoleType): ApiRole {
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

function toOrganization(raw: unknown, where: Where, ctx: ApiCallContext): { id: string; name: string } {
  const o = objectOf(raw, where, ctx);
  return { id: str(o, 'id', where, ctx), name: typeof o.name === 'string' ? o.name : '' };
}

