// The SDK client for the calls that are not the catalog fetch (access checks, their pickers, key
// validation), with the same retry policy: every method call is retried on 429 (after its
// Retry-After), 5xx, timeouts and dropped connections. A call that still fails throws what the
// SDK threw, so errorReason words it.

import type { WorkOS } from '@workos-inc/node';
import { createWorkos, type ApiConnection } from './connection';
import { retryDecision } from './errors';
import { RetriesExhausted, withRetry, type RetryOptions } from './retry';

export type CallOptions = RetryOptions & { signal?: AbortSignal };

/** Runs one SDK call under the retry policy; the last failure is rethrown as it was. */
export async function callWithRetry<T>(op: () => Promise<T>, options: CallOptions = {}): Promise<T> {
  try {
    return await withRetry(op, (e) => retryDecision(e, options.signal), options);
  } catch (e) {
    throw e instanceof RetriesExhausted ? e.lastError : e;
  }
}

/** A WorkOS client whose every service method (workos.authorization.check, ...) goes through callWithRetry. */
export function retryingClient(conn: ApiConnection, options: CallOptions = {}): WorkOS {
  const retrying = <T extends object>(service: T): T =>
    new Proxy(service, {
      get(target, prop, receiver) {
        const value = Reflect.get(target, prop, receiver);
        if (typeof value !== 'function') return value;
        return (...args: unknown[]) => callWithRetry(() => value.apply(target, args), options);
      },
    });
  const services = new Map<PropertyKey, object>();
  return new Proxy(createWorkos(conn), {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver);
      if (!value || typeof value !== 'object') return value;
      if (!services.has(prop)) services.set(prop, retrying(value));
      return services.get(prop);
    },
  });
}

/** One cheap call that needs a valid key: the environment roles list is small and unpaginated. */
export async function validateApiKey(conn: ApiConnection, options: CallOptions = {}): Promise<void> {
  await callWithRetry(() => createWorkos(conn).authorization.listEnvironmentRoles(), options);
}
