// Completion candidates for a slug slot: catalog slugs of the slot's kind, prefix matches first,
// then matches at a segment start (`create` finds `video:create`).

import type { Catalog, RoleInfo } from './catalog';
import { ORGANIZATION_RESOURCE_TYPE } from './catalog';
import type { SlugKind } from './types';

/**
 * One completion item. Its documentation is asked for separately (`completionDocumentation`)
 * for the item the user looks at: a list of hundreds stays small to build and to send.
 */
export interface CompletionCandidate {
  slug: string;
  label: string;
  detail: string;
  sortText: string;
}
const DOC_LIST_LIMIT = 20;

function normalise(s: string): string {
  return s.toLowerCase().replace(/[_\-.:]/g, ':');
}

function codeList(slugs: string[]): string {
  const shown = slugs.slice(0, DOC_LIST_LIMIT).map((s) => `\`${s}\``).join(', ');
  const more = slugs.length - DOC_LIST_LIMIT;
  return more > 0 ? `${shown} and ${more} more` : shown;
}

export function completionCandidates(
  catalog: Catalog,
  kind: SlugKind,
  prefix: string,
  limit = 500,
): { items: CompletionCandidate[]; isIncomplete: boolean } {
  // Separators are interchangeable while typing: `org:` still finds `org-uploader`.
  const wanted = normalise(prefix);
  const prefixMatches: string[] = [];
  const segmentMatches: string[] = [];
  for (const [slug, normalised] of orderedSlugs(catalog, kind)) {
    const group = matchGroup(normalised, wanted);
    if (group === 0) prefixMatches.push(slug);
    else if (group === 1) segmentMatches.push(slug);
  }
  const all = [...prefixMatches.map((s) => [0, s] as const), ...segmentMatches.map((s) => [1, s] as const)];
  const isIncomplete = all.length > limit;
  const items = all.slice(0, Math.max(0, limit)).map(([group, slug], i) => candidate(catalog, kind, slug, group, i));
  return { items, isIncomplete };
}

/**
 * 0: the (normalised) slug starts with the prefix; 1: a segment of it does; -1: no match.
 * Normalised separators are all `:`, so a segment start is what follows a `:`.
 */
function matchGroup(normalised: string, prefix: string): number {
  if (prefix === '' || normalised.startsWith(prefix)) return 0;
  return normalised.includes(`:${prefix}`) ? 1 : -1;
}

// Completion runs on nearly every keystroke inside a slug: order and normalise a catalog's slugs once.
const orderedByCatalog = new WeakMap<Catalog, Map<SlugKind, [string, string][]>>();

/** Each slug with its normalised form, in catalog order. */
function orderedSlugs(catalog: Catalog, kind: SlugKind): [string, string][] {
  let byKind = orderedByCatalog.get(catalog);
  if (!byKind) orderedByCatalog.set(catalog, (byKind = new Map()));
  let list = byKind.get(kind);
  if (!list) byKind.set(kind, (list = computeOrder(catalog, kind).map((slug) => [slug, normalise(slug)])));
  return list;
}

/** Catalog order: permissions by slug, roles by priority (environment first), resource types by slug. */
function computeOrder(catalog: Catalog, kind: SlugKind): string[] {
  if (kind === 'permission') return [...catalog.permissions.keys()].sort();
  if (kind === 'role') {
    const env = [...catalog.environmentRoles.values()].sort((a, b) => a.priority - b.priority).map((r) => r.slug);
    const org = [...catalog.organizationRoles.values()]
      .filter((r) => !catalog.environmentRoles.has(r.slug))
      .sort((a, b) => a.priority - b.priority || a.slug.localeCompare(b.slug))
      .map((r) => r.slug);
    return [...env, ...org];
  }
  return [...catalog.resourceTypes].sort();
}

function candidate(catalog: Catalog, kind: SlugKind, slug: string, group: number, index: number): CompletionCandidate {
  const sortText = `${group}${String(index).padStart(6, '0')}`;
  if (kind === 'permission') {
    const p = catalog.permission(slug);
    return { slug, label: slug, detail: (p?.name ?? slug) + (p?.system ? ' (system)' : ''), sortText };
  }
  if (kind === 'role') {
    const r = catalog.role(slug) as RoleInfo;
    const where =
      r.type === 'EnvironmentRole'
        ? 'environment role'
        : `organization role in ${r.organizations.map((o) => o.name).join(', ') || 'no organization'}`;
    return { slug, label: slug, detail: `${r.name} — ${where}`, sortText };
  }
  return { slug, label: slug, detail: 'resource type', sortText };
}

/**
 * Markdown for one completion item: description, resource type, and the roles granting a
 * permission, a role's permissions, or what a resource type holds. Undefined when the catalog no
 * longer has the slug.
 */
export function completionDocumentation(catalog: Catalog, kind: SlugKind, slug: string): string | undefined {
  if (kind === 'permission') {
    const p = catalog.permission(slug);
    if (!p) return undefined;
    const granting = catalog.rolesGranting(slug);
    const doc: string[] = [];
    if (p.description) doc.push(p.description);
    if (p.resourceTypeSlug !== ORGANIZATION_RESOURCE_TYPE) doc.push(`Resource type: \`${p.resourceTypeSlug}\``);
    doc.push(granting.length ? `Granted by: ${codeList(granting.map((r) => r.slug))}` : 'Granted by no role');
    return doc.join('\n\n');
  }
  if (kind === 'role') {
    const r = catalog.role(slug);
    if (!r) return undefined;
    const doc: string[] = [];
    if (r.description) doc.push(r.description);
    if (r.resourceTypeSlug !== ORGANIZATION_RESOURCE_TYPE) doc.push(`Resource type: \`${r.resourceTypeSlug}\``);
    doc.push(r.permissions.length ? `Permissions: ${codeList(r.permissions)}` : 'No permissions');
    return doc.join('\n\n');
  }
  if (!catalog.resourceTypes.has(slug)) return undefined;
  const perms = [...catalog.permissions.values()].filter((p) => p.resourceTypeSlug === slug).length;
  const roles = [...catalog.environmentRoles.values(), ...catalog.organizationRoles.values()].filter(
    (r) => r.resourceTypeSlug === slug,
  ).length;
  return `${perms} permission${perms === 1 ? '' : 's'}, ${roles} role${roles === 1 ? '' : 's'}`;
}
