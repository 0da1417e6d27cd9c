// Every custom message between the workos-authz language server and its clients, in one file
// that both sides import (esbuild bundles it into each). It holds method names and plain types
// only, no runtime dependency: the client's vscode-languageclient and the server's
// vscode-languageserver carry different vscode-jsonrpc copies, whose RequestType classes are not
// assignable to each other. Use it as
//   server: connection.onRequest(CatalogRequest.method, (p: CatalogParams, token) => ...)
//   client: client.sendRequest<CatalogResult>(CatalogRequest.method, params)
//
// Positions and ranges are LSP ones (0-based line, UTF-16 character). URIs are `file:` URIs.

import type { CatalogSourceKind, OrgPrefixStyle, RoleType } from './core/catalog';
import type { SeverityOrOff, SlugKind, Via } from './core/types';

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
}

/** `initializationOptions` of the `initialize` request. */
export interface InitializationOptions {
  /**
   * WorkOS API base URL from the user-level (application-scoped) setting, e.g.
   * `https://api.workos.com` or `http://127.0.0.1:8787`. Never taken from workspace settings.
   */
  apiUrl?: string;
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

// ---------------------------------------------------------------------------------------------
// Client → server notifications

/**
 * The client hands over the WorkOS API key (from its secret storage) or withdraws it (null).
 * With a key the server fetches the live catalog for every workspace folder; without one it
 * uses the catalog files. `apiUrl` may update the user-level API URL at the same time.
 * The key is kept in memory only and never logged or echoed.
 */
export namespace SetApiKeyNotification {
  export const method = 'workosAuthz/setApiKey' as const;
}
export interface SetApiKeyParams {
  apiKey: string | null;
  apiUrl?: string;
}

// ---------------------------------------------------------------------------------------------
// Server → client notifications

/** Sent whenever a folder's catalog is (re)loaded, fails, or goes stale. Same shape as the catalogState result. */
export namespace CatalogStateChangedNotification {
  export const method = 'workosAuthz/catalogStateChanged' as const;
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
}

/** Reloads the catalog files and, with a key, fetches the live catalog again. Answers the new state. */
export namespace RefreshCatalogRequest {
  export const method = 'workosAuthz/refreshCatalog' as const;
}
export type RefreshCatalogParams = FolderScopedParams;
export type RefreshCatalogResult = CatalogStateResult;

/**
 * The catalog tree for the Catalog view: environment roles, each organization's roles,
 * permissions with the roles that grant them, each with its usage count in the folder.
 */
export namespace CatalogRequest {
  export const method = 'workosAuthz/catalog' as const;
}
export type CatalogParams = FolderScopedParams;
export interface CatalogResult {
  folders: FolderCatalog[];
}
export interface FolderCatalog {
  folderUri: string;
  folderName: string;
  state: FolderCatalogState;
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
}
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
}
