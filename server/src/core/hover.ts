// Hover text for a slug occurrence: what the catalog knows about it, or why it is flagged.

import type { Catalog, PermissionInfo, RoleInfo } from './catalog';
import { ORGANIZATION_RESOURCE_TYPE } from './catalog';
import type { Evidence, Finding, Occurrence, SlugKind } from './types';
import { globPattern } from './rules';
import { nearestSlugs } from './suggest';

const LIST_LIMIT = 20;

/** Why this is a slug place, in words: hover says how much the checker trusts it. */
export const EVIDENCE_TEXT: Record<Evidence, string> = {
  sdk: '**sdk**: a parameter of a WorkOS SDK call',
  session: '**session**: compared with WorkOS session data',
  helper: '**helper**: an argument of a helper that checks it',
  constant: '**constant**: a constant that a WorkOS place uses',
  type: '**type**: typed by a slug type',
  name: '**name**: only a name says this is a slug (checked for likely typos only)',
};

export function hoverMarkdown(catalog: Catalog | undefined, occurrence: Occurrence, findings: Finding[]): string {
  const { kind, slug } = occurrence;
  const lines: string[] = [];

  if (occurrence.via === 'template') {
    lines.push(`**${kindTitle(kind)} pattern** \`${slug}\` — template literal, \`*\` marks each \`\${…}\``);
    if (catalog) {
      const pattern = globPattern(occurrence.templateParts ?? slug.split('*'));
      const matching = catalog.slugs(kind).filter((s) => pattern.test(s));
      lines.push('');
      lines.push(
        matching.length
          ? `Matches ${matching.length} catalog ${plural(kind, matching.length)}: ${codeList(matching)}`
          : `No catalog ${kindNoun(kind)} matches this pattern.`,
      );
    }
  } else if (!catalog) {
    lines.push(`**${kindTitle(kind)}** \`${slug}\``);
    lines.push('');
    lines.push('No WorkOS catalog is loaded, so this slug cannot be checked yet.');
  } else if (catalog.has(kind, slug)) {
    lines.push(...describe(catalog, kind, slug));
  } else {
    const other = otherKind(catalog, kind, slug);
    if (other) {
      lines.push(`**\`${slug}\` is a ${kindNoun(other)}, not a ${kindNoun(kind)}**`);
      lines.push('');
      lines.push(...describe(catalog, other, slug));
    } else {
      lines.push(`**Unknown ${kindNoun(kind)}** \`${slug}\``);
    }
  }

  if (occurrence.via === 'constant' && occurrence.definition) {
    lines.push('');
    lines.push(`via \`${occurrence.definition.name}\``);
  } else if (occurrence.composite) {
    lines.push('');
    lines.push('Built from several strings.');
  }

  lines.push('');
  lines.push(`Evidence: ${EVIDENCE_TEXT[occurrence.evidence]} (\`${occurrence.place}\`)`);

  const own = findings.filter((f) => f.occurrence === occurrence || sameRange(f, occurrence));
  if (own.length) {
    lines.push('');
    for (const f of own) lines.push(`- **${f.rule}** (${f.severity}): ${f.message}`);
  }

  if (catalog && occurrence.via !== 'template' && !catalog.has(kind, slug) && !otherKind(catalog, kind, slug) && slug !== '') {
    const suggested = own.flatMap((f) => f.suggestions);
    const nearest = suggested.length ? [...new Set(suggested)] : nearestSlugs(slug, catalog.slugs(kind));
    lines.push('');
    lines.push(nearest.length ? `Nearest: ${codeList(nearest)}` : `No ${kindNoun(kind)} in the catalog comes close.`);
  }
  return lines.join('\n');
}

function describe(catalog: Catalog, kind: SlugKind, slug: string): string[] {
  if (kind === 'permission') {
    const p = catalog.permission(slug);
    return p ? describePermission(catalog, p) : [];
  }
  if (kind === 'role') {
    const r = catalog.role(slug);
    return r ? describeRole(r) : [];
  }
  return describeResourceType(catalog, slug);
}

function describePermission(catalog: Catalog, p: PermissionInfo): string[] {
  const lines = [`**Permission** \`${p.slug}\` — ${p.name}`];
  if (p.description) lines.push('', p.description);
  lines.push('');
  lines.push(`- Resource type: \`${p.resourceTypeSlug}\``);
  if (p.system) lines.push('- System permission (managed by WorkOS)');
  const granting = catalog.rolesGranting(p.slug);
  const env = granting.filter((r) => r.type === 'EnvironmentRole');
  const org = granting.filter((r) => r.type === 'OrganizationRole');
  if (granting.length === 0) lines.push('- Granted by: no role');
  if (env.length) lines.push(`- Environment roles: ${env.map(roleRef).join(', ')}`);
  if (org.length) lines.push(`- Organization roles: ${org.map((r) => `${roleRef(r)}${orgNames(r)}`).join(', ')}`);
  if (catalog.inSessionToken(p.slug)) {
    lines.push('- In the session token: yes (an organization-level role grants it)');
  } else if (granting.length) {
    lines.push(
      '- In the session token: no — only resource-scoped roles grant it; check it with `workos.authorization.check`',
    );
  } else {
    lines.push('- In the session token: no — no role grants it');
  }
  return lines;
}

function describeRole(r: RoleInfo): string[] {
  const lines = [`**Role** \`${r.slug}\` — ${r.name}`];
  if (r.description) lines.push('', r.description);
  lines.push('');
  lines.push(
    r.type === 'EnvironmentRole'
      ? '- Type: environment role (every organization has it)'
      : `- Type: organization role${orgNames(r)}`,
  );
  lines.push(`- Resource type: \`${r.resourceTypeSlug}\``);
  lines.push(`- Priority: ${r.priority + 1} (1 is highest${r.type === 'OrganizationRole' ? ', within its organization' : ''})`);
  lines.push(
    r.permissions.length
      ? `- Permissions (${r.permissions.length}): ${codeList(r.permissions)}`
      : '- Permissions: none',
  );
  return lines;
}

function describeResourceType(catalog: Catalog, slug: string): string[] {
  const perms = [...catalog.permissions.values()].filter((p) => p.resourceTypeSlug === slug).map((p) => p.slug);
  const roles = [...catalog.environmentRoles.values(), ...catalog.organizationRoles.values()]
    .filter((r) => r.resourceTypeSlug === slug)
    .map((r) => r.slug);
  const lines = [`**Resource type** \`${slug}\``];
  if (slug === ORGANIZATION_RESOURCE_TYPE) lines.push('', 'The implicit root type: every organization is a resource of it.');
  lines.push('');
  lines.push(perms.length ? `- Permissions (${perms.length}): ${codeList(perms)}` : '- Permissions: none');
  lines.push(roles.length ? `- Roles (${roles.length}): ${codeList(roles)}` : '- Roles: none');
  return lines;
}

function otherKind(catalog: Catalog, kind: SlugKind, slug: string): SlugKind | undefined {
  if (kind === 'permission' && catalog.role(slug)) return 'role';
  if (kind === 'role' && catalog.permissions.has(slug)) return 'permission';
  return undefined;
}

function roleRef(r: RoleInfo): string {
  const scope = r.resourceTypeSlug === ORGANIZATION_RESOURCE_TYPE ? '' : ` on \`${r.resourceTypeSlug}\``;
  return `\`${r.slug}\`${scope}`;
}

function orgNames(r: RoleInfo): string {
  return r.organizations.length ? ` (${r.organizations.map((o) => o.name).join(', ')})` : '';
}

function codeList(slugs: string[]): string {
  const shown = slugs.slice(0, LIST_LIMIT).map((s) => `\`${s}\``).join(', ');
  const more = slugs.length - LIST_LIMIT;
  return more > 0 ? `${shown}, … and ${more} more` : shown;
}

function sameRange(f: Finding, o: Occurrence): boolean {
  return f.range.start === o.range.start && f.range.end === o.range.end && f.slug === o.slug;
}

function kindNoun(kind: SlugKind): string {
  return kind === 'resource-type' ? 'resource type' : kind;
}

function kindTitle(kind: SlugKind): string {
  const noun = kindNoun(kind);
  return noun[0].toUpperCase() + noun.slice(1);
}

function plural(kind: SlugKind, n: number): string {
  const noun = kindNoun(kind);
  return n === 1 ? noun : `${noun}s`;
}
