// Typed reads of the `workosAuthz.*` settings the client itself uses.

import * as vscode from 'vscode';
import type { ApiEndpoint } from '../../server/src/protocol';

export const DEFAULT_API_HOST = 'api.workos.com';

/**
 * Where the key is sent. The settings are application-scoped in package.json; reading only the
 * user (global) value here as well means a workspace's settings.json can never redirect the key,
 * even in an editor build that ignored the declared scope.
 */
export function readApiEndpoint(): ApiEndpoint {
  const cfg = vscode.workspace.getConfiguration('workosAuthz.api');
  const userValue = <T>(key: string, fallback: T): T => {
    const i = cfg.inspect<T>(key);
    return (i?.globalValue ?? i?.defaultValue ?? fallback) as T;
  };
  const hostname = String(userValue('host', DEFAULT_API_HOST)).trim() || DEFAULT_API_HOST;
  const port = Number(userValue<number | null>('port', null)) || undefined;
  const https = userValue<boolean>('https', true) !== false;
  const timeoutMs = Math.max(1000, Number(userValue('timeoutMs', 10000)) || 10000);
  return { hostname, ...(port ? { port } : {}), https, timeoutMs };
}

/**
 * The names of the live environments in `workosAuthz.environments` of any workspace folder: the
 * ones whose key the extension keeps in secret storage and hands to the server.
 */
export function liveEnvironmentNames(): string[] {
  const names = new Set<string>();
  const scopes = vscode.workspace.workspaceFolders?.map((f) => f.uri) ?? [undefined];
  for (const scope of scopes) {
    const list = vscode.workspace.getConfiguration('workosAuthz', scope).get<unknown>('environments');
    if (!Array.isArray(list)) continue;
    for (const e of list) {
      const env = e && typeof e === 'object' ? (e as { name?: unknown; live?: unknown }) : {};
      if (env.live === true && typeof env.name === 'string' && env.name.trim()) names.add(env.name.trim());
    }
  }
  return [...names];
}

export function describeEndpoint(e: ApiEndpoint): string {
  return `${e.https ? 'https' : 'http'}://${e.hostname}${e.port ? `:${e.port}` : ''}`;
}

export function affectsApiEndpoint(e: vscode.ConfigurationChangeEvent): boolean {
  return e.affectsConfiguration('workosAuthz.api');
}
