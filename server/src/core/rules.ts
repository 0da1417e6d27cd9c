// The rules: occurrences (what code writes where WorkOS expects a slug) + the catalog (what exists)
// in, findings out. Each occurrence gets at most one slug finding, the most specific explanation
// first (malformed, wildcard, org-prefix, kind-mismatch, unknown), plus the session-token check
// for slugs that do exist.

import type { Catalog, RoleInfo } from './catalog';
import { ORGANIZATION_RESOURCE_TYPE } from './catalog';
import type {
  CheckCallFact,
  Finding,
  Fix,
  Occurrence,
  RuleId,
  RuleSettings,
  Severity,
  SlugKind,
} from './types';
import { hasClearBest, rankSlugs, type RankedSlug } from './suggest';
import { isStrong } from './types';

export const RULES: Record<RuleId, { defaultSeverity: Severity; description: string }> = {
  'unknown-permission': {
    defaultSeverity: 'error',
    description: 'A permission slug that is not in the catalog.',
  },
  'unknown-role': {
    defaultSeverity: 'error',
    description: 'A role slug that is not in the catalog.',
  },
  'org-prefix': {
    defaultSeverity: 'error',
    description:
      'An organization-role prefix that is missing, written in the wrong form (`org:` vs `org-`), or put on an environment role.',
  },
  'kind-mismatch': {
    defaultSeverity: 'error',
    description: 'A role where a permission is expected, or a permission where a role is expected.',
  },
  'malformed-slug': {
    defaultSeverity: 'error',
    description: 'A slug outside WorkOS slug rules: lowercase letters, digits and `-_:.*`, at most 48 characters.',
  },
  'wildcard-permission': {
    defaultSeverity: 'warning',
    description: 'A `*` in a permission check: WorkOS compares the literal slug, there are no wildcard semantics.',
  },
  'session-token-scope': {
    defaultSeverity: 'warning',
    description:
      'A permission checked against session-token data that no organization-level role grants, so it is never in the token.',
  },
  'unknown-resource-type': {
    defaultSeverity: 'error',
    description: 'A resource type slug that no permission or role in the catalog uses.',
  },
  'resource-type-mismatch': {
    defaultSeverity: 'warning',
    description: 'An `authorization.check` whose permission belongs to another resource type than the one it names.',
  },
  'membership-id': {
    defaultSeverity: 'error',
    description: '`authorization.check` given a user id where an organization membership id (`om_…`) is required.',
  },
  'missing-in-environment': {
    defaultSeverity: 'error',
    description: 'A slug that one WorkOS environment has and another lacks (`workosAuthz.environments`), so the check fails there.',
  },
};

const SLUG_PATTERN = /^[a-z0-9\-_:.*]+$/;
const MAX_SLUG_LENGTH = 48;
const MAX_FIXES = 3;
const ORG_PREFIXES = ['org-', 'org:'] as const;

const SEVERITY_RANK: Record<Severity, number> = { error: 0, warning: 1, info: 2, hint: 3 };

type Emit = (
  rule: RuleId,
  occurrence: Occurrence,
  message: string,
  extra?: { suggestions?: string[]; fixes?: Fix[]; capAt?: Severity },
) => void;

export function checkOccurrences(
  occurrences: Occurrence[],
  checkCalls: CheckCallFact[],
  catalog: Catalog | undefined,
  settings?: RuleSettings,
): Finding[] {
  const findings: Finding[] = [];
  const emit: Emit = (rule, occurrence, message, extra = {}) => {
    let severity = severityOf(rule, settings);
    if (!severity) return;
    if (extra.capAt && SEVERITY_RANK[severity] < SEVERITY_RANK[extra.capAt]) severity = extra.capAt;
    findings.push({
      rule,
      severity,
      range: occurrence.range,
      message,
      kind: occurrence.kind,
      slug: occurrence.slug,
      suggestions: extra.suggestions ?? [],
      fixes: extra.fixes ?? [],
      occurrence,
      evidence: occurrence.evidence,
    });
  };
  // Where only a name (or an unverified type) says "slug", findings are at most warnings.
  const weakEmit: Emit = (rule, occurrence, message, extra = {}) => emit(rule, occurrence, message, { ...extra, capAt: 'warning' });

  const resourceTypesKnown = catalog ? catalogNamesResourceTypes(catalog) : false;
  for (const occurrence of occurrences) {
    if (occurrence.slug === '') continue;
    if (!trusted(occurrence, catalog)) {
      if (catalog && occurrence.via !== 'template') checkWeak(occurrence, catalog, weakEmit);
      continue;
    }
    if (occurrence.via === 'template') {
      if (catalog) checkTemplate(occurrence, catalog, emit, resourceTypesKnown);
      continue;
    }
    checkSlug(occurrence, catalog, emit, resourceTypesKnown);
  }
  if (catalog) checkResourceTypeMismatch(occurrences, catalog, emit);
  for (const call of checkCalls) {
    const finding = membershipFinding(call, settings);
    if (finding) findings.push(finding);
  }
  return findings;
}

/**
 * Whether every rule applies here: the place has evidence (SDK, session data, a helper, a constant
 * such a place uses), or a type whose members are catalog slugs types the value.
 */
export function trusted(occurrence: Occurrence, catalog: Catalog | undefined): boolean {
  if (isStrong(occurrence.evidence)) return true;
  if (occurrence.evidence !== 'type' || !catalog || !occurrence.typeMembers) return false;
  return occurrence.typeMembers.some((m) => catalog.has(occurrence.kind, m));
}

/**
 * A place only a name vouches for: most strings there are something else (labels, the app's own
 * vocabulary, other systems' roles). Reported are only mistakes the catalog itself points at:
 * a wrong organization prefix, or a likely typo with one clearly nearest catalog slug.
 */
function checkWeak(occurrence: Occurrence, catalog: Catalog, emit: Emit): void {
  const { kind, slug } = occurrence;
  if (catalog.has(kind, slug) || !isWellFormed(slug) || slug.includes('*') || kind === 'resource-type') return;
  // A separator no catalog slug uses (`invoice.read` beside `invoices:read`) is another system's.
  if (foreignSeparator(slug, catalog.slugs(kind))) return;
  if (kind === 'role' && orgPrefix(occurrence, catalog, emit)) return;
  const ranked = rankCached(slug, catalog.slugs(kind));
  // An organization role's prefix is WorkOS's own shape: `org-test` at a role place is meant as one.
  const orgShaped = kind === 'role' && (slug.startsWith('org-') || slug.startsWith('org:')) && slug.length > 4;
  if (!orgShaped && (!hasClearBest(ranked) || (ranked[0].tier === 3 && ranked[0].distance > WEAK_MAX_DISTANCE))) return;
  unknown(kind === 'role' ? 'unknown-role' : 'unknown-permission', occurrence, catalog.slugs(kind), kind, emit);
}

const separatorCache = new WeakMap<string[], Set<string>>();

function foreignSeparator(slug: string, candidates: string[]): boolean {
  let used = separatorCache.get(candidates);
  if (!used) {
    used = new Set();
    for (const c of candidates) for (const ch of c) if (ch === ':' || ch === '.' || ch === '/') used.add(ch);
    separatorCache.set(candidates, used);
  }
  for (const ch of slug) if ((ch === ':' || ch === '.' || ch === '/') && !used.has(ch)) return true;
  return false;
}

/** At a name-only place, a slug further than this from every catalog slug is taken to be something else. */
const WEAK_MAX_DISTANCE = 2;

export function severityOf(rule: RuleId, settings?: RuleSettings): Severity | undefined {
  const configured = settings?.severities?.[rule];
  if (configured === 'off') return undefined;
  return configured ?? RULES[rule].defaultSeverity;
}

function checkSlug(occurrence: Occurrence, catalog: Catalog | undefined, emit: Emit, resourceTypesKnown: boolean): void {
  const { kind, slug } = occurrence;
  if (catalog?.has(kind, slug)) {
    if (kind === 'permission' && occurrence.session) checkSessionScope(occurrence, catalog, emit);
    return;
  }
  if (!isWellFormed(slug)) {
    malformed(occurrence, catalog, emit);
    return;
  }
  if (kind === 'permission' && slug.includes('*')) {
    wildcard(occurrence, catalog, emit);
    return;
  }
  if (!catalog) return;
  if (kind === 'role') {
    // An exact slug of the other kind is stronger evidence than a prefix near-miss.
    if (catalog.permissions.has(slug)) {
      const granting = catalog.rolesGranting(slug).map((r) => r.slug);
      emit(
        'kind-mismatch',
        occurrence,
        `${subject(occurrence)} is a permission, but this place (\`${occurrence.place}\`) expects a role.` +
          (granting.length ? ` Roles that grant it: ${listSlugs(granting)}.` : ' No role in the catalog grants it.'),
        { suggestions: granting.slice(0, MAX_FIXES) },
      );
      return;
    }
    if (orgPrefix(occurrence, catalog, emit)) return;
    unknown('unknown-role', occurrence, catalog.slugs('role'), 'role', emit);
    return;
  }
  if (kind === 'permission') {
    const role = catalog.role(slug);
    if (role) {
      emit(
        'kind-mismatch',
        occurrence,
        `${subject(occurrence)} is a role, but this place (\`${occurrence.place}\`) expects a permission.` +
          (role.permissions.length
            ? ` Role \`${slug}\` grants ${listSlugs(role.permissions)}.`
            : ` Role \`${slug}\` grants no permissions.`),
        { suggestions: role.permissions.slice(0, MAX_FIXES) },
      );
      return;
    }
    unknown('unknown-permission', occurrence, catalog.slugs('permission'), 'permission', emit);
    return;
  }
  // Catalogs from seed files carry no resource types at all; calling every type unknown there would be noise.
  if (resourceTypesKnown) {
    unknown('unknown-resource-type', occurrence, catalog.slugs('resource-type'), 'resource type', emit);
  }
}

export function isWellFormed(slug: string): boolean {
  return slug.length <= MAX_SLUG_LENGTH && SLUG_PATTERN.test(slug);
}

function malformed(occurrence: Occurrence, catalog: Catalog | undefined, emit: Emit): void {
  const { slug, kind } = occurrence;
  const problems: string[] = [];
  if (/[A-Z]/.test(slug)) problems.push('has uppercase letters');
  if (/\s/.test(slug)) problems.push('has whitespace');
  const bad = [...new Set(slug.replace(/[a-zA-Z0-9\-_:.*\s]/g, ''))];
  if (bad.length) problems.push(`has ${bad.map((c) => `\`${c}\``).join(', ')}`);
  if (slug.length > MAX_SLUG_LENGTH) problems.push(`is ${slug.length} characters long (at most ${MAX_SLUG_LENGTH})`);
  let message =
    `${subject(occurrence)} is not a valid WorkOS slug: it ${joinWords(problems)}. ` +
    'Slugs are lowercase letters, digits and `-_:.*`, at most 48 characters.';
  const fixes: Fix[] = [];
  let suggestions: string[] = [];
  if (catalog) {
    const normal = normalisedForms(slug).find((s) => catalog.has(kind, s));
    if (normal) {
      message += ` The catalog has \`${normal}\`.`;
      suggestions = [normal];
      if (canFix(occurrence)) fixes.push(fix(occurrence, normal, true));
    } else {
      suggestions = rankCached(slug, catalog.slugs(kind)).map((r) => r.slug);
    }
  }
  emit('malformed-slug', occurrence, message + fixElsewhere(occurrence, fixes.length > 0 || suggestions.length > 0), {
    suggestions,
    fixes,
  });
}

function normalisedForms(slug: string): string[] {
  const lower = slug.trim().toLowerCase();
  return [lower, lower.replace(/\s+/g, '-'), lower.replace(/\s+/g, '_'), lower.replace(/\s+/g, '')];
}

function wildcard(occurrence: Occurrence, catalog: Catalog | undefined, emit: Emit): void {
  const { slug } = occurrence;
  let message =
    `${subject(occurrence)} is compared literally: WorkOS permissions have no wildcard semantics, ` +
    `so this only matches a permission whose slug is exactly \`${slug}\``;
  let suggestions: string[] = [];
  if (catalog) {
    const pattern = globPattern(slug.split('*'));
    const matching = catalog.slugs('permission').filter((p) => pattern.test(p));
    message += ', and the catalog has none.';
    if (matching.length) {
      message += ` Check the permissions you mean explicitly: ${listSlugs(matching)}.`;
      suggestions = matching.slice(0, MAX_FIXES);
    }
  } else {
    message += '.';
  }
  emit('wildcard-permission', occurrence, message, { suggestions });
}

/** Returns true when it explained the slug with the organization-role prefix. */
function orgPrefix(occurrence: Occurrence, catalog: Catalog, emit: Emit): boolean {
  const { slug } = occurrence;
  const written = ORG_PREFIXES.find((p) => slug.startsWith(p));
  const style = orgStyleNote(catalog);
  if (written) {
    const rest = slug.slice(written.length);
    const other = written === 'org-' ? 'org:' : 'org-';
    const otherForm = other + rest;
    if (catalog.role(otherForm)) {
      emit(
        'org-prefix',
        occurrence,
        `${subject(occurrence)} is not a role in the catalog, but \`${otherForm}\` is: ${style}.` + fixElsewhere(occurrence, true),
        { suggestions: [otherForm], fixes: canFix(occurrence) ? [fix(occurrence, otherForm, true)] : [] },
      );
      return true;
    }
    const bare = catalog.role(rest);
    if (bare && rest !== '') {
      const why =
        bare.type === 'EnvironmentRole'
          ? `\`${rest}\` is an environment role, and environment roles carry no \`${written}\` prefix (only organization roles do)`
          : `the organization role's slug is \`${rest}\`, without a prefix (WorkOS-generated organization role slugs have none)`;
      emit('org-prefix', occurrence, `${subject(occurrence)} is not a role in the catalog: ${why}.` + fixElsewhere(occurrence, true), {
        suggestions: [rest],
        fixes: canFix(occurrence) ? [fix(occurrence, rest, true)] : [],
      });
      return true;
    }
    return false;
  }
  const prefixed = ORG_PREFIXES.map((p) => p + slug).filter((s) => catalog.organizationRoles.has(s));
  if (prefixed.length === 0) return false;
  const role = catalog.organizationRoles.get(prefixed[0]) as RoleInfo;
  const where = role.organizations.length ? ` (defined in ${role.organizations.map((o) => o.name).join(', ')})` : '';
  emit(
    'org-prefix',
    occurrence,
    `${subject(occurrence)} is not a role in the catalog, but the organization role ${listSlugs(prefixed)} is${where}: ` +
      `organization roles carry their prefix in the slug; ${style}.` +
      fixElsewhere(occurrence, true),
    {
      suggestions: prefixed,
      fixes: canFix(occurrence) ? prefixed.map((s) => fix(occurrence, s, prefixed.length === 1)) : [],
    },
  );
  return true;
}

export function orgStyleNote(catalog: Catalog): string {
  switch (catalog.orgPrefixStyle) {
    case 'org-':
      return "this catalog's organization roles use the `org-` prefix (the API's form); `org:` is the dashboard-guide spelling";
    case 'org:':
      return "this catalog's organization roles use the `org:` prefix, not the API's usual `org-`";
    case 'mixed':
      return "this catalog's organization roles use both `org-` and `org:` prefixes, and slugs must match exactly";
    default:
      return "this catalog's organization roles carry no prefix";
  }
}

// Ranking a slug against thousands of candidates costs milliseconds, and the same misspelling
// tends to recur across files: rank each (candidate list, slug) once.
const rankCache = new WeakMap<string[], Map<string, RankedSlug[]>>();

const matchCache = new WeakMap<string[], Map<string, boolean>>();

/** Each candidate list in code-unit order, for the candidates that start with a template's head. */
const sortedCache = new WeakMap<string[], string[]>();

/**
 * Whether some candidate matches a template pattern, remembered per candidate list. A template
 * whose first part is literal (`video:${action}`) only needs the candidates that start with it: a
 * run of the sorted list, found by binary search, not all 10,000 permissions.
 */
export function anyMatches(candidates: string[], key: string, pattern: RegExp, head = ''): boolean {
  let byKey = matchCache.get(candidates);
  if (!byKey) matchCache.set(candidates, (byKey = new Map()));
  let hit = byKey.get(key);
  if (hit === undefined) {
    if (head === '') hit = candidates.some((c) => pattern.test(c));
    else {
      let sorted = sortedCache.get(candidates);
      if (!sorted) sortedCache.set(candidates, (sorted = [...candidates].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))));
      let lo = 0;
      let hi = sorted.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (sorted[mid] < head) lo = mid + 1;
        else hi = mid;
      }
      hit = false;
      for (let i = lo; i < sorted.length && sorted[i].startsWith(head); i++) {
        if (pattern.test(sorted[i])) {
          hit = true;
          break;
        }
      }
    }
    if (byKey.size > 10_000) byKey.clear();
    byKey.set(key, hit);
  }
  return hit;
}

/**
 * Ranks the catalog's slugs for the unknown slugs among `occurrences` (the "did you mean" the
 * findings will carry), from index `from` on, until `deadline` (a `performance.now()` time).
 * Returns the index it stopped at: `occurrences.length` once all are ranked. A server re-checking
 * thousands of files calls this in slices first, so no single file's findings hold up requests.
 */
export function prepareSuggestions(occurrences: readonly Occurrence[], catalog: Catalog, from: number, deadline: number): number {
  for (let i = from; i < occurrences.length; i++) {
    const { kind, slug, via } = occurrences[i];
    if (slug === '' || via === 'template' || catalog.has(kind, slug) || slug.includes('*')) continue;
    rankCached(slug, catalog.slugs(kind));
    if (performance.now() > deadline) return i + 1;
  }
  return occurrences.length;
}

function rankCached(slug: string, candidates: string[]): RankedSlug[] {
  let bySlug = rankCache.get(candidates);
  if (!bySlug) rankCache.set(candidates, (bySlug = new Map()));
  let ranked = bySlug.get(slug);
  if (!ranked) {
    ranked = rankSlugs(slug, candidates, MAX_FIXES);
    if (bySlug.size > 10_000) bySlug.clear();
    bySlug.set(slug, ranked);
  }
  return ranked;
}

function unknown(rule: RuleId, occurrence: Occurrence, candidates: string[], noun: string, emit: Emit): void {
  const ranked = rankCached(occurrence.slug, candidates);
  const suggestions = ranked.map((r) => r.slug);
  const clear = hasClearBest(ranked);
  const fixes = canFix(occurrence) ? suggestions.map((s, i) => fix(occurrence, s, clear && i === 0)) : [];
  let message = `Unknown ${noun} ${subject(occurrence)}: the catalog has no such ${noun}.`;
  if (suggestions.length) message += ` Did you mean ${listSlugs(suggestions, 'or')}?`;
  emit(rule, occurrence, message + fixElsewhere(occurrence, suggestions.length > 0), { suggestions, fixes });
}

function checkSessionScope(occurrence: Occurrence, catalog: Catalog, emit: Emit): void {
  const { slug } = occurrence;
  if (catalog.inSessionToken(slug)) return;
  const granting = catalog.rolesGranting(slug);
  const checkCall =
    '`workos.authorization.check({ organizationMembershipId, permissionSlug, resourceExternalId, resourceTypeSlug })`';
  let message: string;
  if (granting.length === 0) {
    message =
      `No role in the catalog grants ${subject(occurrence)}, so it is never in the session token's \`permissions\` claim ` +
      `and this check (\`${occurrence.place}\`) is never true. Grant it to an organization-level role, or check it with ${checkCall}.`;
  } else {
    const roles = granting.map((r) => `\`${r.slug}\` (on \`${r.resourceTypeSlug}\`)`).join(', ');
    message =
      `${subject(occurrence)} is granted only by resource-scoped roles: ${roles}. WorkOS leaves resource-scoped roles out of the ` +
      `session token, so this check (\`${occurrence.place}\`) is never true. Check it against the resource with ${checkCall}.`;
  }
  emit('session-token-scope', occurrence, message);
}

function checkTemplate(occurrence: Occurrence, catalog: Catalog, emit: Emit, resourceTypesKnown: boolean): void {
  const { kind } = occurrence;
  if (kind === 'resource-type' && !resourceTypesKnown) return;
  const parts = occurrence.templateParts ?? occurrence.slug.split('*');
  const pattern = globPattern(parts);
  if (anyMatches(catalog.slugs(kind), parts.join('\u0000'), pattern, parts[0])) return;
  const rule: RuleId =
    kind === 'permission' ? 'unknown-permission' : kind === 'role' ? 'unknown-role' : 'unknown-resource-type';
  emit(
    rule,
    occurrence,
    `No catalog ${kindNoun(kind)} matches the pattern \`${occurrence.slug}\` (\`*\` marks each \`\${…}\`), ` +
      'so this check cannot succeed for any value.',
    { capAt: 'warning' },
  );
}

/** Holes match anything, including nothing: a template is never called unknown on a guess. */
export function globPattern(parts: string[]): RegExp {
  return new RegExp('^' + parts.map(escapeRegExp).join('[^]*') + '$');
}

// Built once per catalog: rules run per file, the catalog can hold thousands of permissions.
const explicitTypesByCatalog = new WeakMap<Catalog, Map<string, string>>();

function explicitResourceTypes(catalog: Catalog): Map<string, string> {
  let map = explicitTypesByCatalog.get(catalog);
  if (!map) {
    map = new Map();
    for (const p of catalog.snapshot.permissions) if (p.resource_type_slug) map.set(p.slug, p.resource_type_slug);
    explicitTypesByCatalog.set(catalog, map);
  }
  return map;
}

function checkResourceTypeMismatch(occurrences: Occurrence[], catalog: Catalog, emit: Emit): void {
  const byCall = new Map<number, Occurrence[]>();
  for (const o of occurrences) {
    if (o.callId === undefined || o.via === 'template' || o.slug === '') continue;
    let list = byCall.get(o.callId);
    if (!list) byCall.set(o.callId, (list = []));
    list.push(o);
  }
  if (byCall.size === 0) return;
  const explicitType = explicitResourceTypes(catalog);
  for (const list of byCall.values()) {
    const types = list.filter((o) => o.kind === 'resource-type' && catalog.resourceTypes.has(o.slug));
    const perms = list.filter((o) => o.kind === 'permission' && explicitType.has(o.slug));
    for (const rt of types) {
      for (const perm of perms) {
        const permType = explicitType.get(perm.slug) as string;
        if (permType === rt.slug) continue;
        emit(
          'resource-type-mismatch',
          rt,
          `This check names resource type ${subject(rt)}, but permission \`${perm.slug}\` belongs to resource type ` +
            `\`${permType}\`, so the check is not expected to succeed. ` +
            `Use a \`${rt.slug}\` permission, or check \`${perm.slug}\` on a \`${permType}\` resource.`,
          { suggestions: [permType] },
        );
      }
    }
  }
}

/** True when the catalog says anything about resource types beyond the implicit `organization`. */
const namesResourceTypes = new WeakMap<Catalog, boolean>();

function catalogNamesResourceTypes(catalog: Catalog): boolean {
  let known = namesResourceTypes.get(catalog);
  if (known === undefined) namesResourceTypes.set(catalog, (known = computeNamesResourceTypes(catalog)));
  return known;
}

function computeNamesResourceTypes(catalog: Catalog): boolean {
  const s = catalog.snapshot;
  return (
    s.permissions.some((p) => p.resource_type_slug !== undefined) ||
    s.environmentRoles.some((r) => r.resource_type_slug !== undefined) ||
    s.organizations.some((o) => o.roles.some((r) => r.resource_type_slug !== undefined)) ||
    [...catalog.resourceTypes].some((t) => t !== ORGANIZATION_RESOURCE_TYPE)
  );
}

function membershipFinding(call: CheckCallFact, settings?: RuleSettings): Finding | undefined {
  if (!call.membership) return undefined;
  const severity = severityOf('membership-id', settings);
  if (!severity) return undefined;
  const { text, range } = call.membership;
  if (!looksLikeUserId(text)) return undefined;
  return {
    rule: 'membership-id',
    severity,
    range,
    message:
      `\`authorization.check\` needs an organization membership id (\`om_…\`), but \`${text.trim()}\` is a user id (\`user_…\`). ` +
      'Resolve the membership with `workos.userManagement.listOrganizationMemberships({ userId, organizationId })` ' +
      '(`data[0].id`), or add it to the session token with a JWT template claim.',
    kind: 'permission',
    slug: text.trim(),
    suggestions: [],
    fixes: [],
    evidence: 'sdk',
  };
}

const USER_OWNER = /^(?:user|\w*User)$/;
const TOKEN_OWNER = /^(?:claims|payload|token|accessToken|jwt|decoded|decodedToken|session|auth)$/;

/** Plainly a user id: a `user_…` literal, `user.id`, `session.user.id`, `userId`, `user_id`, `claims.sub`. */
export function looksLikeUserId(text: string): boolean {
  let t = text.trim();
  if (/^['"`]/.test(t)) return /^['"`]user_/.test(t);
  t = t.replace(/\s+as\s+[\w$.]+$/, '').replace(/\s+/g, '').replace(/!/g, '');
  while (t.startsWith('(') && t.endsWith(')')) t = t.slice(1, -1);
  const path = t.split(/\?\.|\./);
  if (!path.every((p) => /^[A-Za-z_$][\w$]*$/.test(p))) return false;
  const last = path[path.length - 1];
  if (/^user_?id$/i.test(last)) return true;
  if (path.length < 2) return false;
  const owner = path[path.length - 2];
  if (last === 'id') return USER_OWNER.test(owner);
  if (last === 'sub') return TOKEN_OWNER.test(owner);
  return false;
}

function canFix(occurrence: Occurrence): boolean {
  return occurrence.via === 'literal' && !occurrence.composite;
}

function fix(occurrence: Occurrence, newText: string, preferred: boolean): Fix {
  return { title: `Change to \`${newText}\``, range: occurrence.range, newText, preferred };
}

/** For constants and composite slugs the edit belongs elsewhere; say where. */
function fixElsewhere(occurrence: Occurrence, hasAnswer: boolean): string {
  if (!hasAnswer) return '';
  if (occurrence.via === 'constant' && occurrence.definition)
    return ` Fix it where \`${occurrence.definition.name}\` is defined.`;
  if (occurrence.composite) return ' The slug is built from several strings; fix the parts.';
  return '';
}

function subject(occurrence: Occurrence): string {
  const name = occurrence.via === 'constant' && occurrence.definition ? ` (via \`${occurrence.definition.name}\`)` : '';
  return `\`${occurrence.slug}\`${name}`;
}

function kindNoun(kind: SlugKind): string {
  return kind === 'resource-type' ? 'resource type' : kind;
}

const LIST_LIMIT = 5;

export function listSlugs(slugs: string[], conjunction = 'and'): string {
  const shown = slugs.slice(0, LIST_LIMIT).map((s) => `\`${s}\``);
  const more = slugs.length - shown.length;
  if (more > 0) return `${shown.join(', ')} ${conjunction} ${more} more`;
  if (shown.length <= 1) return shown.join('');
  return `${shown.slice(0, -1).join(', ')} ${conjunction} ${shown[shown.length - 1]}`;
}

function joinWords(words: string[]): string {
  if (words.length <= 1) return words.join('');
  return `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]}`;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
