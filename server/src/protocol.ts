// Every custom message between the workos-authz language server and its clients, as typed
// vscode-jsonrpc requests and notifications, in the one file both sides import (esbuild bundles
// it into each; client and server share one vscode-languageserver-protocol). Use it as
//   server: connection.onRequest(CatalogRequest.type, (params, token) => ...)
//   client: client.sendRequest(CatalogRequest.type, params)
// Besides those request objects, the Redactor and the server's start options this file holds
// types only: the extension imports nothing else of ours (test/architecture.test.ts).
//
// Positions and ranges are LSP ones (0-based line, UTF-16 character). URIs are `file:` URIs.

import { NotificationType, RequestType } from 'vscode-languageserver-protocol';
import type { CatalogDiff } from './catalog/diff';
import type { CheckResource, Expectation, SavedCheck } from './checks/checksFile';
import type { CatalogSourceKind, OrgPrefixStyle, RoleType } from './core/catalog';
import type { SeverityOrOff, SlugKind, Via } from './core/types';
import type { ApiFailureReason } from './workos/errors';
import type { CheckResult } from './workos/accessChecks';
import type { EffectiveRole } from './workos/effectiveRoles';

export type { CatalogDiff, CheckResource, Expectation, SavedCheck, ApiFailureReason, SlugKind };

/** Both ends keep the key out of what they log with the same redaction (a leaf module, no dependencies). */
export { Redactor } from './redact';
/** Both ends watch and look for the same files (a leaf module, no dependencies). */
export { CATALOG_FILE_NAMES, CHECKS_FILE_NAME, PROJECT_CONFIG_GLOB, SOURCE_GLOB, anywhere } from './fileNames';

export interface LspPosition {
  line: number;
  character: number;
}

export interface LspRange {
  start: LspPosition;
  end: LspPosition;
}

export interface LspLocation {
  uri: string;
  range: LspRange;
}

// ---------------------------------------------------------------------------------------------
// Settings and initialization

/** A helper function of the user's code that takes a slug, e.g. `{ name: 'mayI', arg: 0, kind: 'permission' }`. */
export interface HelperSetting {
  name: string;
  /** 0-based argument index holding the slug (or an array of slugs). */
  arg: number;
  kind: SlugKind;
  /** True when the helper checks session-token data. */
  session?: boolean;
}

/**
 * The `workosAuthz` settings section, read by the server through `workspace/configuration`
 * (scopeUri = the workspace folder) and re-read on `workspace/didChangeConfiguration`.
 * The API host is deliberately absent: a workspace must not be able to redirect the key.
 */
export interface WorkosAuthzSettings {
  /** Catalog file relative to the workspace folder; empty: the nearest known catalog file upwards. */
  catalogFile: string;
  /** Globs relative to the folder; when non-empty, only matching files are indexed. */
  include: string[];
  /** Globs relative to the folder, on top of the built-in excludes (node_modules, dist, ...). */
  exclude: string[];
  helpers: HelperSetting[];
  /** Rule id → severity or 'off'. */
  rules: Record<string, SeverityOrOff>;
  /** Files larger than this many bytes are not indexed. */
  maxFileSize: number;
  /** At most this many files are indexed per folder. */
  maxFiles: number;
  /**
   * A `.ts` file inside the folder (relative to it) that the server regenerates from the catalog
   * whenever the catalog changes (`workos-authz generate types`); empty: none.
   */
  generatedTypesFile: string;
  /** Named WorkOS environments compared side by side; empty: the one catalog above. */
  environments: EnvironmentSetting[];
  /** The environment the rules run against; empty: the first one. */
  primaryEnvironment: string;
}

/**
 * One WorkOS environment: its catalog file (relative to the folder), or `live`, fetched with the
 * environment's own key (the editor's secret storage; `WORKOS_API_KEY_<NAME>` for the CLI) from
 * the user-level API host. A workspace setting can name environments but never hold a key.
 */
export interface EnvironmentSetting {
  name: string;
  catalogFile?: string;
  live?: boolean;
}

/**
 * Where the API key is sent: the `workosAuthz.api.*` user-level (application-scoped) settings,
 * never workspace settings. Plain HTTP is refused unless the host is this machine.
 */
export interface ApiEndpoint {
  /** A bare host name or IP address, e.g. `api.workos.com` or `127.0.0.1`. */
  hostname: string;
  port?: number;
  https: boolean;
  /** Timeout of one API request. */
  timeoutMs: number;
}

/** `initializationOptions` of the `initialize` request. */
export interface InitializationOptions {
  /** The API endpoint from the user-level settings; default api.workos.com over HTTPS. */
  api?: ApiEndpoint;
  /**
   * A folder private to the extension (VS Code's globalStorageUri path) where the server keeps
   * the last good live catalog per API host and key (file named by a hash of the key), so a
   * restart has a catalog at once, offline too.
   */
  storageDir?: string;
  /** The client registers its own file watchers: the server then skips dynamic registration. */
  clientWatchesFiles?: boolean;
  /** Fallback settings for a client that does not answer `workspace/configuration`. */
  settings?: Partial<WorkosAuthzSettings>;
}

/** Capability advertised under `capabilities.experimental.workosAuthz` in the initialize result. */
export interface ServerExperimentalCapabilities {
  catalogRequests: true;
  liveCatalog: true;
}

/**
 * Node options the language server is started with (by the extension, the benchmark and the
 * protocol tests alike). The server holds an index that grows while it is built, next to a scan
 * worker: a 4 MB semi-space (V8's default lets the young generation grow to 32 MB) and a heap
 * that grows by 30 % between full collections took the server's peak RSS on the 10,400-file
 * benchmark workspace from 255–270 MB to about 200 MB, and on the 105,000-file one from 510–560 MB
 * to about 405 MB, with the same index times.
 *
 * Without allocation-site pretenuring: V8 sees that the objects the index is built from last, and
 * makes later objects at the same places in the code (an edit's occurrences, resolved uses,
 * findings) straight in the old generation, where each lives only until the next edit. Edits then
 * filled the old generation: 6 full collections per 400 edits of the 5,000-line file and scavenges
 * twice as long, against at most 1 without it; re-check p95 in the benchmark went from 7.6–10.9 ms
 * to 6.7–7.0 ms, with the same index time and memory.
 */
export const SERVER_EXEC_ARGV: readonly string[] = ['--max-semi-space-size=4', '--heap-growing-percent=30', '--no-allocation-site-pretenuring'];

// ---------------------------------------------------------------------------------------------
// Client → server notifications

/**
 * The client hands over the WorkOS API key (from its secret storage) or withdraws it (null).
 * With a key the server fetches the live catalog for every workspace folder; without one it
 * uses the catalog files. `api` may update the endpoint at the same time.
 * The key is kept in memory only and never logged or echoed.
 */
export namespace SetApiKeyNotification {
  export const method = 'workosAuthz/setApiKey' as const;
  export const type = new NotificationType<SetApiKeyParams>(method);
}
export interface SetApiKeyParams {
  apiKey: string | null;
  api?: ApiEndpoint;
}

/**
 * The key of one named live environment (`workosAuthz.environments`, `"live": true`), from the
 * client's secret storage, or null to withdraw it. It goes to the same user-level API host as
 * the main key; kept in memory only, never logged or echoed.
 */
export namespace SetEnvironmentApiKeyNotification {
  export const method = 'workosAuthz/setEnvironmentApiKey' as const;
  export const type = new NotificationType<SetEnvironmentApiKeyParams>(method);
}
export interface SetEnvironmentApiKeyParams {
  environment: string;
  apiKey: string | null;
}

// ---------------------------------------------------------------------------------------------
// Server → client notifications

/** Sent whenever a folder's catalog is (re)loaded, fails, or goes stale. Same shape as the catalogState result. */
export namespace CatalogStateChangedNotification {
  export const method = 'workosAuthz/catalogStateChanged' as const;
  export const type = new NotificationType<CatalogStateResult>(method);
}

// ---------------------------------------------------------------------------------------------
// Client → server requests (the client's views)

/** Which workspace folder(s) a request is about: omitted = every folder. */
export interface FolderScopedParams {
  /** A workspace folder URI, or any file URI inside it. */
  folderUri?: string;
}

/**
 * The catalog's state per workspace folder: where it came from, how old, its counts, and
 * whether it is stale (a failed refresh keeps the last good catalog and says why).
 */
export namespace CatalogStateRequest {
  export const method = 'workosAuthz/catalogState' as const;
  export const type = new RequestType<CatalogStateParams, CatalogStateResult, void>(method);
}
export type CatalogStateParams = FolderScopedParams;
export interface CatalogStateResult {
  folders: FolderCatalogState[];
  /** True when the client has handed over an API key. */
  hasApiKey: boolean;
}
export interface FolderCatalogState {
  folderUri: string;
  folderName: string;
  /** 'none': no catalog file found and no live catalog. */
  source: CatalogSourceKind | 'none';
  /** Catalog file path (absolute) when it came from a file. */
  path?: string;
  /** API host for live and cached catalogs (never the key). */
  host?: string;
  /** ISO time the catalog was fetched (live, cache, or a pulled snapshot). */
  fetchedAt?: string;
  /** Seconds since fetchedAt, when known. */
  ageSeconds?: number;
  counts: { permissions: number; roles: number; organizations: number };
  stale: boolean;
  /** Why the catalog is stale or missing, e.g. "live fetch failed: unauthorized". */
  staleReason?: string;
  orgPrefixStyle: OrgPrefixStyle;
  /** Files indexed in the folder, and whether the first indexing pass finished. */
  indexedFiles: number;
  indexing: boolean;
  /** The named environments (`workosAuthz.environments`), when set; the primary one is checked against. */
  environments?: EnvironmentState[];
}

/** One named environment's catalog as the status bar and the Catalog view show it. */
export interface EnvironmentState {
  name: string;
  primary: boolean;
  /** False when its catalog could not be loaded: it takes no part in `missing-in-environment`. */
  loaded: boolean;
  live: boolean;
  /** Catalog file path (absolute) for a file environment. */
  path?: string;
  /** API host for a live environment (never the key). */
  host?: string;
  counts?: { permissions: number; roles: number };
  /** Why it is not loaded, or why the catalog in use is stale. */
  error?: string;
  /** A live environment whose key the client has handed over. */
  hasKey?: boolean;
}

/** Reloads the catalog files and, with a key, fetches the live catalog again. Answers the new state. */
export namespace RefreshCatalogRequest {
  export const method = 'workosAuthz/refreshCatalog' as const;
  export const type = new RequestType<RefreshCatalogParams, RefreshCatalogResult, void>(method);
}
export type RefreshCatalogParams = FolderScopedParams;
export type RefreshCatalogResult = CatalogStateResult;

/**
 * The catalog tree for the Catalog view: environment roles, each organization's roles,
 * permissions with the roles that grant them, each with its usage count in the folder.
 */
export namespace CatalogRequest {
  export const method = 'workosAuthz/catalog' as const;
  export const type = new RequestType<CatalogParams, CatalogResult, void>(method);
}
export interface CatalogParams extends FolderScopedParams {
  /** One named environment's catalog instead of the one checked against. */
  environment?: string;
}
export interface CatalogResult {
  folders: FolderCatalog[];
}
export interface FolderCatalog {
  folderUri: string;
  folderName: string;
  state: FolderCatalogState;
  /** The environment shown, when one was asked for and the folder has it. */
  environment?: string;
  environmentRoles: CatalogRoleNode[];
  organizations: { id: string; name: string; roles: CatalogRoleNode[] }[];
  permissions: CatalogPermissionNode[];
}
export interface CatalogRoleNode {
  slug: string;
  name: string;
  description: string | null;
  type: RoleType;
  resourceTypeSlug: string;
  permissions: string[];
  usageCount: number;
}
export interface CatalogPermissionNode {
  slug: string;
  name: string;
  description: string | null;
  resourceTypeSlug: string;
  system: boolean;
  grantedBy: { slug: string; name: string; type: RoleType; organizations: { id: string; name: string }[] }[];
  usageCount: number;
}

/** Every use of a slug (literal or through a constant), for "click opens the usages". */
export namespace UsagesRequest {
  export const method = 'workosAuthz/usages' as const;
  export const type = new RequestType<UsagesParams, UsagesResult, void>(method);
}
export interface UsagesParams extends FolderScopedParams {
  slug: string;
  /** Omitted: any kind. */
  kind?: SlugKind;
}
export interface UsagesResult {
  usages: SlugUsage[];
}
export interface SlugUsage extends LspLocation {
  kind: SlugKind;
  slug: string;
  via: Via;
  /** Short words for the place, e.g. "permissions.includes()". */
  place: string;
  /** The constant's name when written through one. */
  constant?: string;
}

/** Catalog slugs no file in the folder refers to. */
export namespace UnusedRequest {
  export const method = 'workosAuthz/unused' as const;
  export const type = new RequestType<UnusedParams, UnusedResult, void>(method);
}
export type UnusedParams = FolderScopedParams;
export interface UnusedResult {
  folders: { folderUri: string; permissions: string[]; roles: string[] }[];
}

/**
 * Server health for diagnostics and the benchmark: per folder the indexing numbers, and per
 * handler the latency (ms, measured inside the server over its latest 1,000 calls). Handler
 * names: completion, hover, code actions, definition, references, workspace symbols, recheck
 * (re-checking one document after an edit), the custom requests by their short names.
 */
export namespace ServerStatusRequest {
  export const method = 'workosAuthz/serverStatus' as const;
  export const type = new RequestType<ServerStatusParams, ServerStatusResult, void>(method);
}
export type ServerStatusParams = Record<string, never> | null;
export interface ServerStatusResult {
  folders: {
    folderUri: string;
    indexedFiles: number;
    skippedFiles: number;
    indexing: boolean;
    /** Duration of the last complete indexing pass (walk, read, scan, first diagnostics). */
    lastIndexMs?: number;
  }[];
  timings: Record<string, { count: number; p50: number; p95: number; max: number }>;
  /** The server process's memory, in bytes: resident set and JavaScript heap in use. */
  memory?: { rss: number; heapUsed: number };
  /** Scan worker threads running now (0 once nothing is left to scan) and files they scanned since the server started. */
  scanWorkers?: { running: number; filesScanned: number };
}

// ---------------------------------------------------------------------------------------------
// WorkOS calls made for the client's commands. The server makes every WorkOS API call, with the
// key the client handed over (or, to validate one, the key in the request). Each answers an
// ApiOutcome: a failure is a value with words a user can act on, not a thrown error.

export type ApiOutcome<T> = ({ ok: true } & T) | ApiFailure;
export interface ApiFailure {
  ok: false;
  /** Why: an API failure, or 'no-folder' / 'no-catalog-file' / 'checks-file' / 'not-confirmed' / 'types-file' for set-up problems. */
  reason: ApiFailureReason | 'no-folder' | 'no-catalog-file' | 'checks-file' | 'not-confirmed' | 'types-file';
  message: string;
}

/** Checks a key with one cheap call (`GET /authorization/roles`) against the endpoint, before the client stores it. */
export namespace ValidateApiKeyRequest {
  export const method = 'workosAuthz/validateApiKey' as const;
  export const type = new RequestType<ValidateApiKeyParams, ApiOutcome<object>, void>(method);
}
export interface ValidateApiKeyParams {
  apiKey: string;
  api: ApiEndpoint;
}

/**
 * Fetches the live catalog and writes it, atomically, to the snapshot file the folder uses (its
 * `workos-catalog.json`, or `workos-catalog.json` in the folder when it uses a seed file or none);
 * an unchanged catalog leaves the file untouched.
 */
export namespace PullSnapshotRequest {
  export const method = 'workosAuthz/pullSnapshot' as const;
  export const type = new RequestType<FolderScopedParams, ApiOutcome<PullSnapshotResult>, void>(method);
}
export interface PullSnapshotResult {
  /** The file written (or already up to date). */
  uri: string;
  written: boolean;
  host: string;
  permissions: number;
  environmentRoles: number;
}

/** The folder's catalog file against the live catalog, by the same diff as `workos-authz catalog diff`. */
export namespace DriftRequest {
  export const method = 'workosAuthz/drift' as const;
  export const type = new RequestType<FolderScopedParams, ApiOutcome<DriftResult>, void>(method);
}
export interface DriftResult {
  catalogUri: string;
  host: string;
  /** 0: no drift. */
  changes: number;
  diff: CatalogDiff;
  /** The drift as a Markdown report. */
  report: string;
}

/**
 * Two named environments of a folder compared by the same diff as `workos-authz catalog diff
 * --between FROM TO`: permissions and environment roles (`added`: only in `to`).
 */
export namespace EnvironmentDiffRequest {
  export const method = 'workosAuthz/environmentDiff' as const;
  export const type = new RequestType<EnvironmentDiffParams, EnvironmentDiffResult, void>(method);
}
export interface EnvironmentDiffParams extends FolderScopedParams {
  from: string;
  to: string;
}
export type EnvironmentDiffResult =
  | { ok: true; folderUri: string; from: string; to: string; changes: number; diff: CatalogDiff; text: string }
  | { ok: false; message: string };

/** One step's choices of the "Add Access Check" walk. */
export namespace AccessCheckChoicesRequest {
  export const method = 'workosAuthz/accessCheckChoices' as const;
  export const type = new RequestType<AccessCheckChoicesParams, ApiOutcome<{ choices: AccessCheckChoice[] }>, void>(method);
}
export type AccessCheckChoicesParams =
  | { step: 'organizations' }
  | { step: 'memberships'; organizationId: string }
  | { step: 'resources'; organizationId: string; resourceTypeSlug: string };
/** An organization (id, name), a membership (id, userId, email, roleSlug) or a resource (id, externalId, name). */
export interface AccessCheckChoice {
  id: string;
  name?: string;
  userId?: string;
  email?: string;
  roleSlug?: string;
  externalId?: string;
}

/** Runs access checks with `authorization.check`, one after another, and explains each answer. */
export namespace RunAccessChecksRequest {
  export const method = 'workosAuthz/runAccessChecks' as const;
  export const type = new RequestType<{ checks: SavedCheck[] }, ApiOutcome<{ results: AccessCheckResult[] }>, void>(method);
}
/** A check's answer, each effective role with its description ("workspace-admin on Workspace: Engineering, from the Engineering group"). */
export interface AccessCheckResult extends Omit<CheckResult, 'effectiveRoles'> {
  effectiveRoles: DescribedRole[];
}
export type DescribedRole = EffectiveRole & { description: string };

// ---------------------------------------------------------------------------------------------
// The saved access checks, `workos-checks.json` at the root of a folder (shared through git).

/** The checks saved in the folder's workos-checks.json, with their labels. */
export namespace AccessChecksRequest {
  export const method = 'workosAuthz/accessChecks' as const;
  export const type = new RequestType<{ folderUri: string }, AccessChecksResult, void>(method);
}
export interface AccessChecksResult {
  uri: string;
  checks: LabelledCheck[];
  /** Why the file could not be read (bad JSON, a missing field); no error for a missing file. */
  error?: string;
}
export type LabelledCheck = SavedCheck & { label: string; resourceLabel: string };
export type NewAccessCheck = Omit<SavedCheck, 'id'>;

/** Adds a check to the file (a new id) and answers it. */
export namespace AddAccessCheckRequest {
  export const method = 'workosAuthz/addAccessCheck' as const;
  export const type = new RequestType<{ folderUri: string; check: NewAccessCheck }, ApiOutcome<{ check: LabelledCheck }>, void>(method);
}

/** Removes a check from the file. */
export namespace DeleteAccessCheckRequest {
  export const method = 'workosAuthz/deleteAccessCheck' as const;
  export const type = new RequestType<{ folderUri: string; id: string }, ApiOutcome<object>, void>(method);
}

// ---------------------------------------------------------------------------------------------
// Writing the catalog and its types.

/** The command a "Create … in WorkOS…" quick fix runs in the client; its one argument is a CreateInWorkosOffer. */
export const CREATE_IN_WORKOS_COMMAND = 'workosAuthz.createInWorkos';

/** What the quick fix offers to create, and where: the client shows `host` and asks before anything is written. */
export interface CreateInWorkosOffer {
  folderUri: string;
  kind: 'permission' | 'role';
  slug: string;
  /** A name derived from the slug, for the client to propose. */
  name: string;
  /** The API host the server would write to (never the key). */
  host: string;
}

/**
 * Creates a permission (`createPermission`) or environment role (`createEnvironmentRole`) in
 * WorkOS, then refreshes the live catalog. Sent only after the user confirmed in the client;
 * `confirmedHost` is the host the user was shown, and the server refuses when it writes elsewhere.
 * A 409 (the slug exists) refreshes instead of failing (`created: false`).
 */
export namespace CreateInWorkosRequest {
  export const method = 'workosAuthz/createInWorkos' as const;
  export const type = new RequestType<CreateInWorkosParams, ApiOutcome<CreateInWorkosResult>, void>(method);
}
export interface CreateInWorkosParams {
  folderUri?: string;
  kind: 'permission' | 'role';
  slug: string;
  name: string;
  description?: string;
  confirmedHost: string;
}
export interface CreateInWorkosResult {
  created: boolean;
  host: string;
}

/**
 * Writes the folder's catalog as a TypeScript module (`workos-authz generate types`) to `path`
 * (relative to the folder, inside it; default: the `generatedTypesFile` setting). A file that
 * exists and was not generated by workos-authz is not overwritten.
 */
export namespace GenerateTypesRequest {
  export const method = 'workosAuthz/generateTypes' as const;
  export const type = new RequestType<GenerateTypesParams, ApiOutcome<GenerateTypesResult>, void>(method);
}
export interface GenerateTypesParams {
  folderUri?: string;
  path?: string;
}
export interface GenerateTypesResult {
  uri: string;
  /** False when the file already held exactly this text. */
  written: boolean;
}
