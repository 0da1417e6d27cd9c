// Catalog files: our own snapshot (`workos-catalog.json`), the WorkOS CLI seed
// (`workos-seed.yml`) and the WorkOS emulator config (`workos-emulate.config.yaml`).
// Parsing is all-or-nothing: any error throws a CatalogError naming file, line and field, and no
// partial catalog escapes. Roles naming permissions the file does not define are only warnings,
// because seeds routinely lean on permissions created elsewhere (system permissions, the dashboard).

import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { LineCounter, parseDocument, isNode, type Document } from 'yaml';
import {
  Catalog,
  SNAPSHOT_VERSION,
  type ApiPermission,
  type ApiRole,
  type CatalogSnapshot,
  type CatalogSource,
  type RoleType,
  type SnapshotOrganization,
} from '../core/catalog';
import { CatalogError, formatLocated } from './errors';
import { JsonSyntaxError, jsonOffsetAt, parseJsonPositions } from './jsonPositions';
import { sortSnapshot } from './snapshotOrder';
import { CATALOG_FILE_NAMES } from '../fileNames';

export { CATALOG_FILE_NAMES };

export type CatalogFileKind = 'snapshot' | 'seed' | 'emulate';

export interface ParsedCatalog {
  snapshot: CatalogSnapshot;
  kind: CatalogFileKind;
  /** `file:line: field: message` lines; the catalog is usable regardless. */
  warnings: string[];
}

export interface LoadedCatalog {
  catalog: Catalog;
  kind: CatalogFileKind;
  warnings: string[];
}

/** The format a file name implies: `.json` is a snapshot; YAML is an emulator config when named so, else a seed. */
export function catalogFileKind(fileName: string): CatalogFileKind {
  const name = basename(fileName).toLowerCase();
  if (name.endsWith('.json')) return 'snapshot';
  if (name.includes('emulate')) return 'emulate';
  return 'seed';
}

/** Parses a catalog file's text. Pure; throws CatalogError. */
export function parseCatalogText(text: string, fileName: string): CatalogSnapshot {
  return parseCatalog(text, fileName).snapshot;
}

/** Like parseCatalogText, also returning the file kind and warnings. */
export function parseCatalog(text: string, fileName: string): ParsedCatalog {
  const kind = catalogFileKind(fileName);
  const source = kind === 'snapshot' ? readJson(text, fileName) : readYaml(text, fileName);
  const warnings: string[] = [];
  const snapshot =
    kind === 'snapshot' ? validateSnapshot(source, warnings) : validateSeedOrEmulate(source, kind, warnings);
  return { snapshot: sortSnapshot(snapshot), kind, warnings };
}

/** Reads and parses a catalog file; throws CatalogError (also for unreadable files). */
export function loadCatalogFile(path: string): Catalog {
  return readCatalogFile(path).catalog;
}

/** loadCatalogFile with the file kind and warnings. */
export function readCatalogFile(path: string): LoadedCatalog {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'file not found' : code === 'EISDIR' ? 'is a directory, not a catalog file' : `cannot read file (${code ?? String(e)})`;
    throw new CatalogError(why, { file: path });
  }
  const parsed = parseCatalog(text, path);
  const source: CatalogSource = { kind: parsed.kind, path };
  if (parsed.snapshot.host !== undefined) source.host = parsed.snapshot.host;
  if (parsed.snapshot.fetchedAt !== undefined) source.fetchedAt = parsed.snapshot.fetchedAt;
  const catalog = new Catalog(parsed.snapshot, source);
  return { catalog, kind: parsed.kind, warnings: parsed.warnings };
}

// ---------------------------------------------------------------------------------------------
// Sources: a plain value plus a way to turn a field path into a line.

type Path = (string | number)[];

interface Source {
  file: string;
  data: unknown;
  lineOf(path: Path): number | undefined;
}

function lineAtOffset(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

function readJson(text: string, file: string): Source {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const bomShift = body === text ? 0 : 1;
  let data: unknown;
  try {
    data = JSON.parse(body);
  } catch (e) {
    let offset: number | undefined;
    let message = 'invalid JSON';
    try {
      parseJsonPositions(body);
    } catch (syntax) {
      if (syntax instanceof JsonSyntaxError) {
        offset = syntax.offset;
        message = `invalid JSON: ${syntax.message}`;
      }
    }
    if (offset === undefined) {
      const m = /position (\d+)/.exec(String((e as Error).message));
      offset = m ? Number(m[1]) : 0;
    }
    throw new CatalogError(message, { file, line: lineAtOffset(text, offset + bomShift) });
  }
  let positions: ReturnType<typeof parseJsonPositions> | undefined;
  return {
    file,
    data,
    lineOf(path) {
      // Built lazily: only a rejected file pays for positions.
      try {
        positions ??= parseJsonPositions(body);
      } catch {
        return undefined;
      }
      return lineAtOffset(text, jsonOffsetAt(positions, path) + bomShift);
    },
  };
}

function readYaml(text: string, file: string): Source {
  const lineCounter = new LineCounter();
  const doc: Document = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const problem = doc.errors[0];
  if (problem) {
    const line = problem.linePos?.[0]?.line ?? lineCounter.linePos(problem.pos[0]).line;
    const first = problem.message.split('\n')[0];
    throw new CatalogError(`invalid YAML: ${first}`, { file, line });
  }
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 1000 });
  } catch (e) {
    throw new CatalogError(`invalid YAML: ${(e as Error).message}`, { file });
  }
  return {
    file,
    data,
    lineOf(path) {
      for (let n = path.length; n >= 0; n--) {
        const node = n === 0 ? doc.contents : doc.getIn(path.slice(0, n), true);
        if (isNode(node) && node.range) return lineCounter.linePos(node.range[0]).line;
      }
      return undefined;
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Field checks shared by all formats.

export function formatPath(path: Path): string {
  let out = '';
  for (const seg of path) out += typeof seg === 'number' ? `[${seg}]` : out ? `.${seg}` : seg;
  return out;
}

function at(parent: Path, key: string | number | undefined): Path {
  return key === undefined ? parent : [...parent, key];
}

class Checker {
  constructor(
    readonly src: Source,
    readonly warnings: string[],
  ) {}

  fail(path: Path, detail: string): never {
    const field = formatPath(path);
    throw new CatalogError(field ? `${field} ${detail}` : detail, {
      file: this.src.file,
      line: this.src.lineOf(path),
      field: field || undefined,
    });
  }

  warn(path: Path, detail: string): void {
    const field = formatPath(path);
    this.warnings.push(formatLocated(`${field}: ${detail}`, { file: this.src.file, line: this.src.lineOf(path) }));
  }

  get(obj: Record<string, unknown>, key: string): unknown {
    return Object.prototype.hasOwnProperty.call(obj, key) ? obj[key] : undefined;
  }

  object(value: unknown, path: Path, what: string): Record<string, unknown> {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) this.fail(path, `must be ${what}`);
    return value as Record<string, unknown>;
  }

  /** A list; absent (or YAML's empty `key:`) is an empty list. */
  list(value: unknown, path: Path, what: string): unknown[] {
    if (value === undefined || value === null) return [];
    if (!Array.isArray(value)) this.fail(path, `must be a list of ${what}`);
    return value;
  }

  // The field checks take the field's parent path and its key apart: the path is joined only
  // for a message, so a valid file (10,000 permissions) allocates no path per field.

  slug(value: unknown, parent: Path, key?: string | number): string {
    if (value === undefined || value === null) this.fail(at(parent, key), 'is required');
    if (typeof value !== 'string') this.fail(at(parent, key), 'must be a string');
    if (value.trim() === '') this.fail(at(parent, key), 'must not be empty');
    return value;
  }

  requiredString(value: unknown, parent: Path, key?: string | number): string {
    if (value === undefined || value === null) this.fail(at(parent, key), 'is required');
    if (typeof value !== 'string') this.fail(at(parent, key), 'must be a string');
    return value;
  }

  optionalString(value: unknown, parent: Path, key?: string | number): string | undefined {
    if (value === undefined) return undefined;
    if (typeof value !== 'string') this.fail(at(parent, key), 'must be a string');
    return value;
  }

  description(value: unknown, parent: Path, key?: string | number): string | null {
    if (value === undefined || value === null) return null;
    if (typeof value !== 'string') this.fail(at(parent, key), 'must be a string or null');
    return value;
  }

  optionalBoolean(value: unknown, parent: Path, key?: string | number): boolean | undefined {
    if (value === undefined) return undefined;
    if (typeof value !== 'boolean') this.fail(at(parent, key), 'must be true or false');
    return value;
  }

  slugList(value: unknown, parent: Path, key?: string | number): string[] {
    if (value === undefined || value === null) return [];
    if (!Array.isArray(value)) this.fail(at(parent, key), 'must be a list of slugs');
    for (let i = 0; i < value.length; i++) {
      const v: unknown = value[i];
      if (typeof v !== 'string' || v.trim() === '') this.fail([...at(parent, key), i], 'must be a slug (a non-empty string)');
    }
    return value as string[];
  }

  roleType(value: unknown, parent: Path, key?: string | number): RoleType | undefined {
    if (value === undefined || value === null) return undefined;
    if (value !== 'EnvironmentRole' && value !== 'OrganizationRole') {
      this.fail(at(parent, key), `must be "EnvironmentRole" or "OrganizationRole"`);
    }
    return value;
  }

  /** Records `slug` as defined at `parent`/`key`; a second definition fails, naming the first. */
  unique(seen: Map<string, Path>, slug: string, parent: Path, key: string | undefined, what: string): void {
    const first = seen.get(slug);
    if (first) {
      const firstPath = at(first, key);
      const firstLine = this.src.lineOf(firstPath);
      this.fail(at(parent, key), `duplicates ${what} '${slug}' (first defined at ${formatPath(firstPath)}${firstLine ? `, line ${firstLine}` : ''})`);
    }
    seen.set(slug, parent);
  }

  checkRolePermissions(roles: { role: ApiRole; path: Path }[], permissions: Set<string>): void {
    for (const { role, path } of roles) {
      role.permissions.forEach((p, i) => {
        if (!permissions.has(p)) this.warn([...path, 'permissions', i], `role '${role.slug}' names permission '${p}', which this file does not define`);
      });
    }
  }
}

// ---------------------------------------------------------------------------------------------
// workos-catalog.json

function validateSnapshot(src: Source, warnings: string[]): CatalogSnapshot {
  const c = new Checker(src, warnings);
  const top = c.object(src.data, [], 'a JSON object (a workos-catalog.json snapshot)');
  const version = c.get(top, 'version');
  if (version === undefined) c.fail(['version'], `is required (this tool reads version ${SNAPSHOT_VERSION} snapshots)`);
  if (version !== SNAPSHOT_VERSION) c.fail(['version'], `must be ${SNAPSHOT_VERSION}; this tool does not read version ${JSON.stringify(version)}`);
  const fetchedAt = c.optionalString(c.get(top, 'fetchedAt'), ['fetchedAt']);
  const host = c.optionalString(c.get(top, 'host'), ['host']);

  const permSeen = new Map<string, Path>();
  const permissions = c.list(c.get(top, 'permissions'), ['permissions'], 'permission objects').map((raw, i) => {
    const path: Path = ['permissions', i];
    const p = snapshotPermission(c, raw, path);
    c.unique(permSeen, p.slug, path, 'slug', 'permission');
    return p;
  });

  const rolesToCheck: { role: ApiRole; path: Path }[] = [];
  const envSeen = new Map<string, Path>();
  const environmentRoles = c.list(c.get(top, 'environmentRoles'), ['environmentRoles'], 'role objects').map((raw, i) => {
    const path: Path = ['environmentRoles', i];
    const r = snapshotRole(c, raw, path, 'EnvironmentRole');
    c.unique(envSeen, r.slug, path, 'slug', 'environment role');
    rolesToCheck.push({ role: r, path });
    return r;
  });

  const orgSeen = new Map<string, Path>();
  const organizations = c.list(c.get(top, 'organizations'), ['organizations'], 'organization objects').map((raw, i): SnapshotOrganization => {
    const path: Path = ['organizations', i];
    const o = c.object(raw, path, 'an object with id, name and roles');
    const id = c.slug(c.get(o, 'id'), path, 'id');
    c.unique(orgSeen, id, path, 'id', 'organization id');
    const name = c.requiredString(c.get(o, 'name'), path, 'name');
    const roleSeen = new Map<string, Path>();
    const roles = c.list(c.get(o, 'roles'), [...path, 'roles'], 'role objects').map((rawRole, j) => {
      const rolePath: Path = [...path, 'roles', j];
      const r = snapshotRole(c, rawRole, rolePath, 'OrganizationRole');
      c.unique(roleSeen, r.slug, rolePath, 'slug', `role in organization ${id}`);
      rolesToCheck.push({ role: r, path: rolePath });
      return r;
    });
    return { id, name, roles };
  });

  c.checkRolePermissions(rolesToCheck, new Set(permSeen.keys()));
  const snapshot: CatalogSnapshot = { version: SNAPSHOT_VERSION, environmentRoles, permissions, organizations };
  if (fetchedAt !== undefined) snapshot.fetchedAt = fetchedAt;
  if (host !== undefined) snapshot.host = host;
  return snapshot;
}

const TIMESTAMP_FIELDS = ['id', 'created_at', 'updated_at'] as const;

function snapshotPermission(c: Checker, raw: unknown, path: Path): ApiPermission {
  const o = c.object(raw, path, 'an object with slug, name and description');
  const object = c.get(o, 'object');
  if (object !== undefined && object !== 'permission') c.fail([...path, 'object'], 'must be "permission"');
  const p: ApiPermission = {
    slug: c.slug(c.get(o, 'slug'), path, 'slug'),
    name: c.requiredString(c.get(o, 'name'), path, 'name'),
    description: c.description(c.get(o, 'description'), path, 'description'),
  };
  if (object !== undefined) p.object = 'permission';
  const system = c.optionalBoolean(c.get(o, 'system'), path, 'system');
  if (system !== undefined) p.system = system;
  const rt = c.optionalString(c.get(o, 'resource_type_slug'), path, 'resource_type_slug');
  if (rt !== undefined) p.resource_type_slug = rt;
  for (const k of TIMESTAMP_FIELDS) {
    const v = c.optionalString(c.get(o, k), path, k);
    if (v !== undefined) p[k] = v;
  }
  return p;
}

function snapshotRole(c: Checker, raw: unknown, path: Path, defaultType: RoleType): ApiRole {
  const o = c.object(raw, path, 'an object with slug, name and permissions');
  const object = c.get(o, 'object');
  if (object !== undefined && object !== 'role') c.fail([...path, 'object'], 'must be "role"');
  const r: ApiRole = {
    slug: c.slug(c.get(o, 'slug'), path, 'slug'),
    name: c.requiredString(c.get(o, 'name'), path, 'name'),
    description: c.description(c.get(o, 'description'), path, 'description'),
    permissions: c.slugList(c.get(o, 'permissions'), path, 'permissions'),
    type: c.roleType(c.get(o, 'type'), path, 'type') ?? defaultType,
  };
  if (object !== undefined) r.object = 'role';
  const rt = c.optionalString(c.get(o, 'resource_type_slug'), path, 'resource_type_slug');
  if (rt !== undefined) r.resource_type_slug = rt;
  for (const k of TIMESTAMP_FIELDS) {
    const v = c.optionalString(c.get(o, k), path, k);
    if (v !== undefined) r[k] = v;
  }
  return r;
}

// ---------------------------------------------------------------------------------------------
// workos-seed.yml and workos-emulate.config.yaml. The seed is a subset of the emulator config
// (the emulator adds role `type` / `organization_id` and organization ids), so one reader serves
// both; unknown keys (users, config, webhooks, ...) are other tools' business and are ignored.

function validateSeedOrEmulate(src: Source, kind: CatalogFileKind, warnings: string[]): CatalogSnapshot {
  const c = new Checker(src, warnings);
  if (src.data === undefined || src.data === null) c.fail([], 'is empty: expected `permissions:` and `roles:` lists');
  const what = kind === 'emulate' ? 'a WorkOS emulator config' : 'a WorkOS seed file';
  const top = c.object(src.data, [], `a mapping (${what} with permissions: and roles:)`);

  const permSeen = new Map<string, Path>();
  const permissions = c.list(c.get(top, 'permissions'), ['permissions'], 'permissions ({slug, name, description})').map((raw, i) => {
    const path: Path = ['permissions', i];
    const o = c.object(raw, path, 'a mapping with slug, name and description');
    const p: ApiPermission = {
      slug: c.slug(c.get(o, 'slug'), path, 'slug'),
      name: c.requiredString(c.get(o, 'name'), path, 'name'),
      description: c.description(c.get(o, 'description'), path, 'description'),
    };
    const rt = c.optionalString(c.get(o, 'resource_type_slug'), path, 'resource_type_slug');
    if (rt !== undefined) p.resource_type_slug = rt;
    c.unique(permSeen, p.slug, path, 'slug', 'permission');
    return p;
  });

  const organizations: SnapshotOrganization[] = [];
  const orgByKey = new Map<string, SnapshotOrganization>();
  const orgSeen = new Map<string, Path>();
  c.list(c.get(top, 'organizations'), ['organizations'], 'organizations ({name})').forEach((raw, i) => {
    const path: Path = ['organizations', i];
    const o = c.object(raw, path, 'a mapping with a name');
    const name = c.requiredString(c.get(o, 'name'), path, 'name');
    // Seeds name organizations but never pin ids, so the name stands in as the id.
    const id = c.optionalString(c.get(o, 'id'), path, 'id') ?? name;
    c.unique(orgSeen, id, [...path, c.get(o, 'id') === undefined ? 'name' : 'id'], undefined, 'organization');
    const org: SnapshotOrganization = { id, name, roles: [] };
    organizations.push(org);
    orgByKey.set(id, org);
    if (!orgByKey.has(name)) orgByKey.set(name, org);
  });

  const rolesToCheck: { role: ApiRole; path: Path }[] = [];
  const environmentRoles: ApiRole[] = [];
  const envSeen = new Map<string, Path>();
  const orgRoleSeen = new Map<string, Map<string, Path>>();
  c.list(c.get(top, 'roles'), ['roles'], 'roles ({slug, name, permissions})').forEach((raw, i) => {
    const path: Path = ['roles', i];
    const o = c.object(raw, path, 'a mapping with slug, name and permissions');
    const role: ApiRole = {
      slug: c.slug(c.get(o, 'slug'), path, 'slug'),
      name: c.requiredString(c.get(o, 'name'), path, 'name'),
      description: c.description(c.get(o, 'description'), path, 'description'),
      permissions: c.slugList(c.get(o, 'permissions'), path, 'permissions'),
      type: 'EnvironmentRole',
    };
    const rt = c.optionalString(c.get(o, 'resource_type_slug'), path, 'resource_type_slug');
    if (rt !== undefined) role.resource_type_slug = rt;
    const declared = c.roleType(c.get(o, 'type'), path, 'type');
    const orgRef = c.optionalString(c.get(o, 'organization_id'), path, 'organization_id');
    if (declared === 'OrganizationRole' && orgRef === undefined) {
      c.fail([...path, 'organization_id'], 'is required for a role of type OrganizationRole');
    }
    if (declared === 'EnvironmentRole' && orgRef !== undefined) {
      c.fail([...path, 'organization_id'], 'must not be set on a role of type EnvironmentRole');
    }
    rolesToCheck.push({ role, path });
    if (orgRef === undefined) {
      c.unique(envSeen, role.slug, path, 'slug', 'environment role');
      environmentRoles.push(role);
      return;
    }
    role.type = 'OrganizationRole';
    let org = orgByKey.get(orgRef);
    if (!org) {
      c.warn([...path, 'organization_id'], `organization '${orgRef}' is not listed under organizations`);
      org = { id: orgRef, name: orgRef, roles: [] };
      organizations.push(org);
      orgByKey.set(orgRef, org);
    }
    let seen = orgRoleSeen.get(org.id);
    if (!seen) orgRoleSeen.set(org.id, (seen = new Map()));
    c.unique(seen, role.slug, path, 'slug', `role in organization ${org.id}`);
    org.roles.push(role);
  });

  c.checkRolePermissions(rolesToCheck, new Set(permSeen.keys()));
  return { version: SNAPSHOT_VERSION, environmentRoles, permissions, organizations };
}
