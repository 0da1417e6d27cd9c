// Builds the WorkOS SDK client the extension itself uses: key validation, the access-check
// pickers and runs, snapshot pulls. Refuses in an untrusted workspace: restricted mode makes no
// API calls and never uses the key.

import * as vscode from 'vscode';
import type { WorkOS } from '@workos-inc/node';
import { createWorkos } from '../../server/src/catalog/connection';
import type { ApiConnection } from '../../server/src/catalog/connection';
import { readApiEndpoint, describeEndpoint, type ApiEndpoint } from './config';
import type { Credentials } from './credentials';

export class ApiUnavailableError extends Error {
  constructor(
    message: string,
    readonly reason: 'untrusted' | 'no-key',
  ) {
    super(message);
  }
}

export function connectionFor(apiKey: string, endpoint: ApiEndpoint = readApiEndpoint()): ApiConnection {
  return { apiKey, hostname: endpoint.hostname, port: endpoint.port, https: endpoint.https, timeoutMs: endpoint.timeoutMs };
}

/** The API URL handed to the server (user-level setting only). */
export function apiUrl(endpoint: ApiEndpoint = readApiEndpoint()): string {
  return describeEndpoint(endpoint);
}

export async function workosClient(credentials: Credentials): Promise<WorkOS> {
  if (!vscode.workspace.isTrusted) {
    throw new ApiUnavailableError('This workspace is in Restricted Mode: WorkOS Authz makes no API calls here. Trust the workspace to use the live API.', 'untrusted');
  }
  const key = await credentials.get();
  if (!key) throw new ApiUnavailableError('No WorkOS API key is set. Run "WorkOS Authz: Set API Key".', 'no-key');
  return createWorkos(connectionFor(key));
}

/** One cheap call that needs a valid key: the environment roles list is small and unpaginated. */
export async function validateApiKey(apiKey: string, endpoint: ApiEndpoint = readApiEndpoint()): Promise<void> {
  await createWorkos(connectionFor(apiKey, endpoint)).authorization.listEnvironmentRoles();
}
