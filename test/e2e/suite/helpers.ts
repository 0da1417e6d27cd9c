import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

export const EXTENSION_ID = 'workos-authz.workos-authz';

export interface ExtensionApi {
  session: {
    state: { folders: { source: string; host?: string; stale: boolean; staleReason?: string }[]; hasApiKey: boolean } | undefined;
    running: boolean;
    catalog(): Promise<{ folders: { permissions: { slug: string; usageCount: number }[] }[] } | undefined>;
    fetchState(): Promise<unknown>;
  };
  store: { checks: { id: string }[]; result(id: string): CheckResultLike | undefined; uri: vscode.Uri | undefined };
  /** Exported in test mode only. */
  credentials?: { get(): Promise<string | undefined>; store(key: string): Promise<void> };
}

export interface CheckResultLike {
  outcome: 'allowed' | 'denied' | 'error';
  reason?: string;
  mismatch: boolean;
  effectiveRoles: { role: string; resource: { typeSlug: string; name?: string }; source: { type: string; groupName?: string } }[];
}

export async function activate(): Promise<ExtensionApi> {
  const ext = vscode.extensions.getExtension<ExtensionApi>(EXTENSION_ID);
  assert.ok(ext, `${EXTENSION_ID} is installed`);
  return ext.activate();
}

/** Polls until `get` returns a truthy value; fails with `what` after the timeout. */
export async function waitFor<T>(what: string, get: () => T | undefined | Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await get();
      if (v) return v;
    } catch (e) {
      last = e;
    }
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}${last ? ` (last error: ${(last as Error).message})` : ''}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

export function workspaceUri(...segments: string[]): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'a workspace folder is open');
  return vscode.Uri.joinPath(folder.uri, ...segments);
}

export function diagnosticsFor(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === undefined || /workos/i.test(d.source));
}
