// Writing to the catalog in WorkOS: a new permission (`createPermission`) or environment role
// (`createEnvironmentRole`). Callers ask the user first; this module only writes. A 409 (the slug
// exists already, perhaps made by someone else meanwhile) is an answer, not a failure: the caller
// refreshes its catalog instead. A 5xx is retried like every call; a create that went through
// before the failure then answers 409, which is the same outcome.

import { callWithRetry, type CallOptions } from './client';
import { ApiConnectionError, createWorkos, displayHost, type ApiConnection } from './connection';
import { WorkosApiError, classify, toApiError } from './errors';

export interface NewWorkosEntry {
  kind: 'permission' | 'role';
  slug: string;
  name: string;
  description?: string | null;
}

export interface CreateEntryOutcome {
  /** False when WorkOS already had the slug (409). */
  created: boolean;
  host: string;
}

export async function createCatalogEntry(conn: ApiConnection, entry: NewWorkosEntry, options: CallOptions = {}): Promise<CreateEntryOutcome> {
  const host = displayHost(conn);
  const request = entry.kind === 'permission' ? 'POST /authorization/permissions' : 'POST /authorization/roles';
  let workos: ReturnType<typeof createWorkos>;
  try {
    workos = createWorkos(conn);
  } catch (e) {
    if (e instanceof ApiConnectionError) throw new WorkosApiError('network', e.message);
    throw e;
  }
  const body = { slug: entry.slug, name: entry.name, ...(entry.description ? { description: entry.description } : {}) };
  try {
    await callWithRetry(
      async (): Promise<unknown> => (entry.kind === 'permission' ? workos.authorization.createPermission(body) : workos.authorization.createEnvironmentRole(body)),
      options,
    );
    return { created: true, host };
  } catch (e) {
    if (classify(e).status === 409) return { created: false, host };
    const err = toApiError(e, request, { host, apiKey: conn.apiKey, timeoutMs: conn.timeoutMs, signal: options.signal });
    if (err.reason === 'forbidden') {
      throw new WorkosApiError('forbidden', `${host} refused ${request} (403 Forbidden): the API key may not change roles and permissions.`, { status: 403, request });
    }
    throw err;
  }
}
