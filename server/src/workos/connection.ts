// Where the WorkOS API is and how to reach it. The CLI reads the same environment variables as
// WorkOS's AuthKit libraries; the editor sends the endpoint from its user-level settings and the
// key from its secret storage. The key goes only into the SDK's Authorization header: nothing
// here formats it into a message.

import { WorkOS } from '@workos-inc/node';
import type { ApiEndpoint } from '../protocol';

export const DEFAULT_API_HOSTNAME = 'api.workos.com';
export const DEFAULT_TIMEOUT_MS = 10_000;

export interface ApiConnection extends Omit<ApiEndpoint, 'timeoutMs'> {
  apiKey: string;
  timeoutMs?: number;
}

/** The endpoint a client sent, with defaults for what it left out; untrusted input, so checked field by field. */
export function endpointFrom(raw: Partial<ApiEndpoint> | undefined): ApiEndpoint {
  const hostname = typeof raw?.hostname === 'string' && raw.hostname.trim() ? raw.hostname.trim() : DEFAULT_API_HOSTNAME;
  const port = typeof raw?.port === 'number' && Number.isInteger(raw.port) ? raw.port : undefined;
  const https = raw?.https !== false;
  const timeoutMs = typeof raw?.timeoutMs === 'number' && raw.timeoutMs >= 1000 ? Math.floor(raw.timeoutMs) : DEFAULT_TIMEOUT_MS;
  return { hostname, ...(port ? { port } : {}), https, timeoutMs };
}

/** The connection settings are unusable (bad port, plain HTTP to a remote host, ...). */
export class ApiConnectionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ApiConnectionError';
  }
}

/**
 * WORKOS_API_KEY (required; undefined without it), WORKOS_API_HOSTNAME, WORKOS_API_PORT,
 * WORKOS_API_HTTPS ('true' or unset means HTTPS, as in authkit-nextjs). Throws
 * ApiConnectionError for values that cannot be right.
 */
export function connectionFromEnv(env: NodeJS.ProcessEnv): ApiConnection | undefined {
  const apiKey = env.WORKOS_API_KEY?.trim();
  if (!apiKey) return undefined;
  const hostname = env.WORKOS_API_HOSTNAME?.trim() || DEFAULT_API_HOSTNAME;
  const conn: ApiConnection = { apiKey, hostname, https: parseHttps(env.WORKOS_API_HTTPS), timeoutMs: DEFAULT_TIMEOUT_MS };
  const portText = env.WORKOS_API_PORT?.trim();
  if (portText) conn.port = parsePort(portText, 'WORKOS_API_PORT');
  checkConnection(conn);
  return conn;
}

function parseHttps(value: string | undefined): boolean {
  const v = value?.trim().toLowerCase();
  if (v === undefined || v === '') return true;
  return v === 'true';
}

function parsePort(text: string, name: string): number {
  const port = Number(text);
  if (!/^\d+$/.test(text) || port < 1 || port > 65535) {
    throw new ApiConnectionError(`${name} must be a port number from 1 to 65535, not '${text}'.`);
  }
  return port;
}

/** 127.0.0.0/8, ::1 and localhost: the only hosts a key may be sent to over plain HTTP. */
export function isLoopbackHost(hostname: string): boolean {
  const h = hostname.toLowerCase().replace(/^\[|\]$/g, '');
  if (h === 'localhost' || h.endsWith('.localhost')) return true;
  if (h === '::1' || h === '0:0:0:0:0:0:0:1') return true;
  const v4 = h.startsWith('::ffff:') ? h.slice(7) : h;
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(v4);
  return !!m && Number(m[1]) === 127 && m.slice(2).every((o) => Number(o) <= 255);
}

/** Host as shown to users: `host` or `host:port`. */
export function displayHost(conn: Pick<ApiConnection, 'hostname' | 'port'>): string {
  const h = conn.hostname.includes(':') && !conn.hostname.startsWith('[') ? `[${conn.hostname}]` : conn.hostname;
  return conn.port ? `${h}:${conn.port}` : h;
}

export function checkConnection(conn: ApiConnection): void {
  const h = conn.hostname;
  if (!h || /[/\s?#@]/.test(h) || /^[a-z]+:\/\//i.test(h)) {
    throw new ApiConnectionError(
      `The API hostname '${h}' is not a host name. Give the bare host (for example api.workos.com), without a scheme or path; use WORKOS_API_PORT and WORKOS_API_HTTPS for the rest.`,
    );
  }
  if (conn.port !== undefined && (!Number.isInteger(conn.port) || conn.port < 1 || conn.port > 65535)) {
    throw new ApiConnectionError(`The API port must be a number from 1 to 65535, not '${conn.port}'.`);
  }
  if (!conn.https && !isLoopbackHost(h)) {
    throw new ApiConnectionError(
      `Refusing to send the WorkOS API key over plain HTTP to ${displayHost(conn)}: plain HTTP is allowed only to this machine (localhost, 127.0.0.1, ::1). Set WORKOS_API_HTTPS=true or use a loopback host.`,
    );
  }
}

export interface CreateWorkosOptions {
  /** Replaces the global fetch (the live fetch uses it to make every request cancellable). */
  fetchFn?: typeof fetch;
}

/** The SDK client with its own retries off (our retry policy is in retry.ts) and a timeout. */
export function createWorkos(conn: ApiConnection, options: CreateWorkosOptions = {}): WorkOS {
  checkConnection(conn);
  // An IPv6 literal must be bracketed in the base URL the SDK builds.
  const apiHostname = conn.hostname.includes(':') && !conn.hostname.startsWith('[') ? `[${conn.hostname}]` : conn.hostname;
  return new WorkOS(conn.apiKey, {
    apiHostname,
    port: conn.port,
    https: conn.https,
    maxRetries: 0,
    timeout: conn.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    ...(options.fetchFn ? { fetchFn: options.fetchFn } : {}),
  });
}
