// Completion candidates for a slug slot: catalog slugs of the slot's kind, prefix matches first,
// then matches at a segment start (`create` finds `video:create`).

import type { Catalog, RoleInfo } from './catalog';
import { ORGANIZATION_RESOURCE_TYPE } from './catalog';
import type { SlugKind } from './types';

export interface CompletionCandidate {
  slug: string;
  label: string;
  detail: string;
  documentation: string;
  sortText: string;
}

const SEPARATOR = /[_\-.:]/;
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

/** 0: the (normalised) slug starts with the prefix; 1: a segment of it does; -1: no match. */
function matchGroup(lower: string, prefix: string): number {
  if (prefix === '') return 0;
  if (lower.startsWith(prefix)) return 0;
  for (let i = 1; i < lower.length; i++) {
    if (SEPARATOR.test(lower[i - 1]) && lower.startsWith(prefix, i)) return 1;
  }
  return -1;
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
    const granting = catalog.rolesGranting(slug);
    const doc: string[] = [];
    if (p?.description) doc.push(p.description);
    if (p && p.resourceTypeSlug !== ORGANIZATION_RESOURCE_TYPE) doc.push(`Resource type: \`${p.resourceTypeSlug}\``);
    doc.push(granting.length ? `Granted by: ${codeList(granting.map((r) => r.slug))}` : 'Granted by no role');
    return {
      slug,
      label: slug,
      detail: (p?.name ?? slug) + (p?.system ? ' (system)' : ''),
      documentation: doc.join('\n\n'),
      sortText,
    };
  }
  if (kind === 'role') {
    const r = catalog.role(slug) as RoleInfo;
    const doc: string[] = [];
    if (r.description) doc.push(r.description);
    if (r.resourceTypeSlug !== ORGANIZATION_RESOURCE_TYPE) doc.push(`Resource type: \`${r.resourceTypeSlug}\``);
    doc.push(r.permissions.length ? `Permissions: ${codeList(r.permissions)}` : 'No permissions');
    const where =
      r.type === 'EnvironmentRole'
        ? 'environment role'
        : `organization role in ${r.organizations.map((o) => o.name).join(', ') || 'no organization'}`;
    return { slug, label: slug, detail: `${r.name} — ${where}`, documentation: doc.join('\n\n'), sortText };
  }
  const perms = [...catalog.permissions.values()].filter((p) => p.resourceTypeSlug === slug).length;
  const roles = [...catalog.environmentRoles.values(), ...catalog.organizationRoles.values()].filter(
    (r) => r.resourceTypeSlug === slug,
  ).length;
  return {
    slug,
    label: slug,
    detail: 'resource type',
    documentation: `${perms} permission${perms === 1 ? '' : 's'}, ${roles} role${roles === 1 ? '' : 's'}`,
    sortText,
  };
}
