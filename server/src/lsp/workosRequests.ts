// The requests behind the extension's WorkOS commands: validate a key, pull a snapshot, show
// drift, the Add Access Check choices, run access checks, and the saved checks file. Every WorkOS
// call goes through server/src/workos/ with the key the client handed over; every failure comes
// back as an ApiFailure value with words a user can act on.

import * as fs from 'node:fs';
import * as path from 'node:path';
import type { CancellationToken } from 'vscode-languageserver/node';
import { catalogFileKind, countChanges, diffSnapshots, formatDiff, pullInto, readCatalogFile, writeFileAtomic } from '../catalog/index';
import {
  CHECKS_FILE_NAME,
  checkLabel,
  emptyChecksFile,
  newCheckId,
  parseChecksFile,
  resourceLabel,
  serializeChecksFile,
  type ChecksFile,
  type SavedCheck,
} from '../checks/checksFile';
import type {
  AccessCheckChoice,
  AccessCheckChoicesParams,
  AccessCheckResult,
  AccessChecksResult,
  ApiFailure,
  ApiOutcome,
  DriftResult,
  FolderScopedParams,
  LabelledCheck,
  NewAccessCheck,
  PullSnapshotResult,
  ValidateApiKeyParams,
} from '../protocol';
import {
  WorkosApiError,
  accessCheckChoices,
  describeEffectiveRole,
  endpointFrom,
  errorReason,
  fetchLiveCatalog,
  retryingClient,
  runChecks,
  validateApiKey,
  type ApiConnection,
} from '../workos/index';
import type { Folder } from './folder';
import type { Session } from './session';
import { pathToUri, uriToPath } from './uris';

export const NO_KEY: ApiFailure = { ok: false, reason: 'no-key', message: 'No WorkOS API key is set. Run "WorkOS Authz: Set API Key".' };

export function failure(e: unknown): ApiFailure {
  if (e instanceof WorkosApiError) return { ok: false, reason: e.reason, message: e.message };
  return { ok: false, reason: 'server', message: errorReason(e) };
}

function signalOf(token: CancellationToken | undefined): AbortSignal {
  const controller = new AbortController();
  if (token?.isCancellationRequested) controller.abort();
  token?.onCancellationRequested(() => controller.abort());
  return controller.signal;
}

function folderOf(session: Session, folderUri: string | undefined): Folder | undefined {
  return session.foldersFor(folderUri)[0];
}

export async function validateKey(params: ValidateApiKeyParams): Promise<ApiOutcome<object>> {
  const apiKey = typeof params?.apiKey === 'string' ? params.apiKey.trim() : '';
  if (!apiKey) return NO_KEY;
  try {
    await validateApiKey({ apiKey, ...endpointFrom(params.api) });
    return { ok: true };
  } catch (e) {
    return { ok: false, reason: e instanceof WorkosApiError ? e.reason : 'unauthorized', message: errorReason(e) };
  }
}

/**
 * The snapshot file a pull writes: the folder's catalog file when it is a snapshot
 * (workos-catalog.json, configured or found above the folder), else workos-catalog.json in the folder.
 */
function snapshotTarget(folder: Folder): string {
  const file = folder.fileCatalog.path;
  return file && catalogFileKind(file) === 'snapshot' ? file : path.join(folder.path, 'workos-catalog.json');
}

export async function pullSnapshot(session: Session, params: FolderScopedParams, token?: CancellationToken): Promise<ApiOutcome<PullSnapshotResult>> {
  const folder = folderOf(session, params?.folderUri);
  if (!folder) return { ok: false, reason: 'no-folder', message: 'Open a folder to pull a catalog snapshot into.' };
  const conn = session.live.connection();
  if (!conn) return NO_KEY;
  try {
    const live = await fetchLiveCatalog(conn, { signal: signalOf(token) });
    const target = snapshotTarget(folder);
    const outcome = pullInto(target, live);
    return {
      ok: true,
      uri: pathToUri(target),
      written: outcome.written,
      host: live.host ?? session.live.host,
      permissions: live.permissions.length,
      environmentRoles: live.environmentRoles.length,
    };
  } catch (e) {
    return failure(e);
  }
}

export async function drift(session: Session, params: FolderScopedParams, token?: CancellationToken): Promise<ApiOutcome<DriftResult>> {
  const folder = folderOf(session, params?.folderUri);
  const file = folder?.fileCatalog.path;
  if (!folder || !file || !fs.existsSync(file)) {
    return { ok: false, reason: 'no-catalog-file', message: 'no workos-catalog.json to compare: pull a snapshot first.' };
  }
  const conn = session.live.connection();
  if (!conn) return NO_KEY;
  try {
    const local = readCatalogFile(file);
    const live = await fetchLiveCatalog(conn, { signal: signalOf(token) });
    const diff = diffSnapshots(local.catalog.snapshot, live);
    const host = live.host ?? session.live.host;
    const changes = countChanges(diff);
    return { ok: true, catalogUri: pathToUri(file), host, changes, diff, report: driftReport(path.basename(file), host, changes, formatDiff(diff)) };
  } catch (e) {
    return failure(e);
  }
}

/** The drift as the Markdown document the extension opens. */
export function driftReport(name: string, host: string, changes: number, lines: string): string {
  const title = `# Catalog drift: ${name} → ${host}\n\n`;
  if (changes === 0) return `${title}No drift: the snapshot matches the live catalog.\n`;
  return (
    `${title}${changes} change${changes === 1 ? '' : 's'} (+ only in WorkOS, - only in ${name}, ~ differs):\n\n` +
    '```diff\n' +
    lines +
    '```\n\nRun "WorkOS Authz: Pull Catalog Snapshot" to update the file.\n'
  );
}

function checksClient(session: Session, token?: CancellationToken): { conn: ApiConnection; signal: AbortSignal } | undefined {
  const conn = session.live.connection();
  return conn ? { conn, signal: signalOf(token) } : undefined;
}

export async function choices(session: Session, params: AccessCheckChoicesParams, token?: CancellationToken): Promise<ApiOutcome<{ choices: AccessCheckChoice[] }>> {
  const api = checksClient(session, token);
  if (!api) return NO_KEY;
  try {
    return { ok: true, choices: await accessCheckChoices(retryingClient(api.conn, { signal: api.signal }), params) };
  } catch (e) {
    return failure(e);
  }
}

export async function runAccessChecks(session: Session, checks: SavedCheck[], token?: CancellationToken): Promise<ApiOutcome<{ results: AccessCheckResult[] }>> {
  const api = checksClient(session, token);
  if (!api) return NO_KEY;
  try {
    const results = await runChecks(retryingClient(api.conn, { signal: api.signal }), Array.isArray(checks) ? checks : []);
    return { ok: true, results: results.map((r) => ({ ...r, effectiveRoles: r.effectiveRoles.map((role) => ({ ...role, description: describeEffectiveRole(role) })) })) };
  } catch (e) {
    return failure(e);
  }
}

// ---------------------------------------------------------------------------------------------
// workos-checks.json at the folder's root.

function checksPath(folderUri: string): string | undefined {
  const dir = uriToPath(folderUri);
  return dir === undefined ? undefined : path.join(dir, CHECKS_FILE_NAME);
}

function labelled(check: SavedCheck): LabelledCheck {
  return { ...check, label: checkLabel(check), resourceLabel: resourceLabel(check.resource) };
}

function readChecks(file: string): { checks: ChecksFile; error?: string } {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { checks: emptyChecksFile() };
    return { checks: emptyChecksFile(), error: (e as Error).message };
  }
  try {
    return { checks: parseChecksFile(text, CHECKS_FILE_NAME) };
  } catch (e) {
    return { checks: emptyChecksFile(), error: (e as Error).message };
  }
}

export function accessChecks(params: { folderUri: string }): AccessChecksResult {
  const file = checksPath(params?.folderUri);
  if (!file) return { uri: params?.folderUri ?? '', checks: [] };
  const { checks, error } = readChecks(file);
  return { uri: pathToUri(file), checks: checks.checks.map(labelled), ...(error ? { error } : {}) };
}

function changeChecks(folderUri: string, change: (file: ChecksFile) => ChecksFile): ApiFailure | undefined {
  const file = checksPath(folderUri);
  if (!file) return { ok: false, reason: 'no-folder', message: 'Open a folder to save access checks.' };
  const { checks, error } = readChecks(file);
  if (error) return { ok: false, reason: 'checks-file', message: `${CHECKS_FILE_NAME} has an error; fix it before adding checks: ${error}` };
  const text = serializeChecksFile(change(checks));
  try {
    parseChecksFile(text, CHECKS_FILE_NAME);
  } catch (e) {
    return { ok: false, reason: 'checks-file', message: (e as Error).message };
  }
  writeFileAtomic(file, text);
  return undefined;
}

export function addAccessCheck(params: { folderUri: string; check: NewAccessCheck }): ApiOutcome<{ check: LabelledCheck }> {
  let saved: SavedCheck | undefined;
  const failed = changeChecks(params?.folderUri, (file) => {
    saved = { id: newCheckId(file.checks.map((c) => c.id)), ...params.check };
    return { ...file, checks: [...file.checks, saved] };
  });
  return failed ?? { ok: true, check: labelled(saved!) };
}

export function deleteAccessCheck(params: { folderUri: string; id: string }): ApiOutcome<object> {
  return changeChecks(params?.folderUri, (file) => ({ ...file, checks: file.checks.filter((c) => c.id !== params.id) })) ?? { ok: true };
}
