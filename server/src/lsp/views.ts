// Answers for the client's views: the catalog tree with usage counts, the usages of a slug,
// the unused slugs. Plain data shaped by protocol.ts.

import type { RoleInfo } from '../core/catalog';
import { findReferences, findUnused } from '../core/languageService';
import { countChanges, diffSnapshots, formatDiff } from '../catalog/index';
import type {
  CatalogParams,
  EnvironmentDiffParams,
  EnvironmentDiffResult,
  CatalogPermissionNode,
  CatalogResult,
  CatalogRoleNode,
  FolderCatalog,
  SlugUsage,
  UnusedParams,
  UnusedResult,
  UsagesParams,
  UsagesResult,
} from '../protocol';
import type { Folder } from './folder';
import type { Session } from './session';

/** Counts every use per slug once, instead of one workspace pass per catalog entry. */
function usageCounts(folder: Folder): Map<string, number> {
  const counts = new Map<string, number>();
  for (const uri of folder.index.uris()) {
    for (const o of folder.index.occurrences(uri)) {
      const key = `${o.kind}\0${o.slug}`;
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
  }
  return counts;
}

function roleNode(r: RoleInfo, counts: Map<string, number>): CatalogRoleNode {
  return {
    slug: r.slug,
    name: r.name,
    description: r.description,
    type: r.type,
    resourceTypeSlug: r.resourceTypeSlug,
    permissions: [...r.permissions],
    usageCount: counts.get(`role\0${r.slug}`) ?? 0,
  };
}

export function catalogTree(session: Session, params: CatalogParams): CatalogResult {
  const folders: FolderCatalog[] = [];
  for (const folder of session.foldersFor(params?.folderUri)) {
    const state = session.folderCatalogState(folder);
    const chosen = typeof params?.environment === 'string' ? session.environments.catalogOfName(folder, params.environment) : undefined;
    const catalog = chosen ? chosen.catalog : session.catalogFor(folder);
    const environment = chosen ? { environment: chosen.name } : {};
    if (!catalog) {
      folders.push({ folderUri: folder.uri, folderName: folder.name, state, ...environment, environmentRoles: [], organizations: [], permissions: [] });
      continue;
    }
    const counts = usageCounts(folder);
    const permissions: CatalogPermissionNode[] = [...catalog.permissions.values()].map((p) => ({
      slug: p.slug,
      name: p.name,
      description: p.description,
      resourceTypeSlug: p.resourceTypeSlug,
      system: p.system,
      grantedBy: catalog.rolesGranting(p.slug).map((r) => ({ slug: r.slug, name: r.name, type: r.type, organizations: [...r.organizations] })),
      usageCount: counts.get(`permission\0${p.slug}`) ?? 0,
    }));
    folders.push({
      folderUri: folder.uri,
      folderName: folder.name,
      state,
      ...environment,
      environmentRoles: [...catalog.environmentRoles.values()].map((r) => roleNode(r, counts)),
      organizations: catalog.snapshot.organizations.map((o) => ({
        id: o.id,
        name: o.name,
        roles: o.roles.map((r) => {
          const info = catalog.organizationRoles.get(r.slug);
          const node = info ? roleNode(info, counts) : undefined;
          // The merged RoleInfo unions permissions across organizations; this organization's own list is exact.
          return {
            slug: r.slug,
            name: r.name,
            description: r.description ?? null,
            type: r.type,
            resourceTypeSlug: r.resource_type_slug ?? node?.resourceTypeSlug ?? 'organization',
            permissions: [...r.permissions],
            usageCount: node?.usageCount ?? 0,
          };
        }),
      })),
      permissions,
    });
  }
  return { folders };
}

/** Two environments of the first folder that has both, by the same diff as `catalog diff --between`. */
export function environmentDiff(session: Session, params: EnvironmentDiffParams): EnvironmentDiffResult {
  if (typeof params?.from !== 'string' || typeof params?.to !== 'string' || params.from === params.to) {
    return { ok: false, message: 'Choose two different environments to compare.' };
  }
  for (const folder of session.foldersFor(params.folderUri)) {
    const from = session.environments.catalogOfName(folder, params.from);
    const to = session.environments.catalogOfName(folder, params.to);
    if (!from || !to) continue;
    const missing = [from, to].find((e) => !e.catalog);
    if (missing) return { ok: false, message: `Environment ${missing.name} is not loaded: ${missing.error ?? 'no catalog'}` };
    const diff = diffSnapshots({ ...from.catalog!.snapshot, organizations: [] }, { ...to.catalog!.snapshot, organizations: [] });
    return { ok: true, folderUri: folder.uri, from: from.name, to: to.name, changes: countChanges(diff), diff, text: formatDiff(diff) };
  }
  return { ok: false, message: `No workspace folder has both environments ${params.from} and ${params.to} in workosAuthz.environments.` };
}

export function usages(session: Session, params: UsagesParams): UsagesResult {
  const out: SlugUsage[] = [];
  if (!params || typeof params.slug !== 'string') return { usages: out };
  for (const folder of session.foldersFor(params.folderUri)) {
    for (const u of findReferences(folder.index, params.kind, params.slug)) {
      const o = u.occurrence;
      const usage: SlugUsage = {
        uri: session.document(u.uri)?.uri ?? u.uri,
        range: { start: folder.index.positionAt(u.uri, o.range.start), end: folder.index.positionAt(u.uri, o.range.end) },
        kind: o.kind,
        slug: o.slug,
        via: o.via,
        place: o.place,
      };
      if (o.definition) usage.constant = o.definition.name;
      out.push(usage);
    }
  }
  return { usages: out };
}

export function unused(session: Session, params: UnusedParams): UnusedResult {
  const folders: UnusedResult['folders'] = [];
  for (const folder of session.foldersFor(params?.folderUri)) {
    const catalog = session.catalogFor(folder);
    if (!catalog) continue;
    folders.push({ folderUri: folder.uri, permissions: findUnused(folder.index, catalog, 'permission'), roles: findUnused(folder.index, catalog, 'role') });
  }
  return { folders };
}
