// `workos-checks.json`: saved access checks, committed at the workspace root so a team shares them
// and CI runs them (`workos-authz checks run`). Pure parsing and serialising; no fs here.

import { CHECKS_FILE_NAME } from '../fileNames';

export { CHECKS_FILE_NAME };
export const CHECKS_FILE_VERSION = 1;

/** What a check is about: a resource by its WorkOS id, or by type + your own external id. */
export type CheckResource =
  | { id: string; typeSlug?: string; name?: string }
  | { typeSlug: string; externalId: string; name?: string };

export type Expectation = 'allow' | 'deny';

export interface SavedCheck {
  /** Stable id, so results and tree items survive reordering and renames. */
  id: string;
  /** Optional label; the tree builds one from the other fields when absent. */
  name?: string;
  organization: { id: string; name?: string };
  /**
   * The organization membership to check. `email` keeps the file readable and lets a run
   * re-resolve the membership (`id` differs between environments); `id` skips that lookup.
   */
  membership: { id?: string; email?: string };
  permission: string;
  resource: CheckResource;
  /** When set, a run that disagrees is a failure (the CI suite). */
  expected?: Expectation;
}

export interface ChecksFile {
  version: typeof CHECKS_FILE_VERSION;
  checks: SavedCheck[];
}

export class ChecksFileError extends Error {
  constructor(
    message: string,
    readonly path?: string,
  ) {
    super(path ? `${path}: ${message}` : message);
    this.name = 'ChecksFileError';
  }
}

export function emptyChecksFile(): ChecksFile {
  return { version: CHECKS_FILE_VERSION, checks: [] };
}

/** Parses and validates; throws ChecksFileError naming the first bad field. Never returns half a file. */
export function parseChecksFile(text: string, path?: string): ChecksFile {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new ChecksFileError(`not valid JSON (${(e as Error).message})`, path);
  }
  if (!isObject(raw)) throw new ChecksFileError('expected an object with "version" and "checks"', path);
  if (raw.version !== CHECKS_FILE_VERSION) {
    throw new ChecksFileError(`unsupported "version" ${JSON.stringify(raw.version)} (expected ${CHECKS_FILE_VERSION})`, path);
  }
  if (!Array.isArray(raw.checks)) throw new ChecksFileError('"checks" must be an array', path);
  const seen = new Set<string>();
  const checks = raw.checks.map((c, i) => {
    const check = parseCheck(c, `checks[${i}]`, path);
    if (seen.has(check.id)) throw new ChecksFileError(`checks[${i}].id "${check.id}" is used twice`, path);
    seen.add(check.id);
    return check;
  });
  return { version: CHECKS_FILE_VERSION, checks };
}

function parseCheck(c: unknown, at: string, path?: string): SavedCheck {
  const fail = (msg: string): never => {
    throw new ChecksFileError(`${at}${msg}`, path);
  };
  if (!isObject(c)) fail(' must be an object');
  const o = c as Record<string, unknown>;
  const str = (v: unknown, field: string): string => {
    if (typeof v !== 'string' || v.trim() === '') fail(`.${field} must be a non-empty string`);
    return v as string;
  };
  const optStr = (v: unknown, field: string): string | undefined => (v === undefined ? undefined : str(v, field));

  const id = str(o.id, 'id');
  if (!isObject(o.organization)) fail('.organization must be an object with "id"');
  const org = o.organization as Record<string, unknown>;
  const organization = { id: str(org.id, 'organization.id'), name: optStr(org.name, 'organization.name') };

  if (!isObject(o.membership)) fail('.membership must be an object with "email" or "id"');
  const m = o.membership as Record<string, unknown>;
  const membership = { id: optStr(m.id, 'membership.id'), email: optStr(m.email, 'membership.email') };
  if (!membership.id && !membership.email) fail('.membership needs "email" or "id"');

  const permission = str(o.permission, 'permission');

  if (!isObject(o.resource)) fail('.resource must be an object with "id", or "typeSlug" and "externalId"');
  const r = o.resource as Record<string, unknown>;
  let resource: CheckResource;
  if (r.id !== undefined) {
    resource = { id: str(r.id, 'resource.id'), typeSlug: optStr(r.typeSlug, 'resource.typeSlug'), name: optStr(r.name, 'resource.name') };
  } else {
    resource = {
      typeSlug: str(r.typeSlug, 'resource.typeSlug'),
      externalId: str(r.externalId, 'resource.externalId'),
      name: optStr(r.name, 'resource.name'),
    };
  }

  let expected: Expectation | undefined;
  if (o.expected !== undefined) {
    if (o.expected !== 'allow' && o.expected !== 'deny') fail('.expected must be "allow" or "deny"');
    expected = o.expected as Expectation;
  }
  return stripUndefined({ id, name: optStr(o.name, 'name'), organization, membership, permission, resource, expected });
}

/** Stable, diff-friendly JSON (2-space indent, trailing newline, no undefined fields). */
export function serializeChecksFile(file: ChecksFile): string {
  return JSON.stringify({ version: file.version, checks: file.checks.map(stripUndefined) }, null, 2) + '\n';
}

/** A short id that is unique within the file. */
export function newCheckId(existing: Iterable<string>, random: () => number = Math.random): string {
  const taken = new Set(existing);
  for (let i = 0; i < 100; i++) {
    const id = 'chk_' + Math.floor(random() * 36 ** 6).toString(36).padStart(6, '0');
    if (!taken.has(id)) return id;
  }
  let n = taken.size + 1;
  while (taken.has(`chk_${n}`)) n++;
  return `chk_${n}`;
}

export function resourceLabel(resource: CheckResource): string {
  if ('externalId' in resource) return `${resource.typeSlug} ${resource.name ?? resource.externalId}`;
  return resource.name ?? resource.id;
}

/** The label a check shows when it has no name: who, what, where. */
export function checkLabel(check: SavedCheck): string {
  if (check.name) return check.name;
  const who = check.membership.email ?? check.membership.id ?? '?';
  return `${who} · ${check.permission} · ${resourceLabel(check.resource)}`;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function stripUndefined<T>(value: T): T {
  if (Array.isArray(value)) return value.map(stripUndefined) as T;
  if (!isObject(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = stripUndefined(v);
  return out as T;
}
