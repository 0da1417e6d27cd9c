import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { Catalog, SNAPSHOT_VERSION, type ApiPermission, type ApiRole, type CatalogSnapshot } from '../../server/src/core/catalog';
import { RULES, anyMatches, checkOccurrences, globPattern, looksLikeUserId } from '../../server/src/core/rules';
import fc from 'fast-check';
import type { CheckCallFact, Finding, Occurrence, RuleId, RuleSettings, SlugKind } from '../../server/src/core/types';

function perm(slug: string, resourceType?: string, extra: Partial<ApiPermission> = {}): ApiPermission {
  return { slug, name: slug, description: null, ...(resourceType ? { resource_type_slug: resourceType } : {}), ...extra };
}

function role(slug: string, permissions: string[], extra: Partial<ApiRole> = {}): ApiRole {
  return { slug, name: slug, description: null, permissions, type: 'EnvironmentRole', resource_type_slug: 'organization', ...extra };
}

function orgRole(slug: string, permissions: string[], extra: Partial<ApiRole> = {}): ApiRole {
  return role(slug, permissions, { type: 'OrganizationRole', ...extra });
}

function snapshot(parts: Partial<CatalogSnapshot>): CatalogSnapshot {
  return { version: SNAPSHOT_VERSION, environmentRoles: [], permissions: [], organizations: [], ...parts };
}

const MAIN = new Catalog(
  snapshot({
    permissions: [
      perm('billing:manage', 'organization'),
      perm('doc:edit', 'document'),
      perm('doc:read', 'document'),
      perm('org:view', 'organization'),
      perm('report:export', 'organization'),
      perm('settings:manage', 'organization'),
      perm('users:read', 'organization'),
      perm('video:create', 'video'),
      perm('video:delete', 'video'),
      perm('video:read', 'video'),
    ],
    environmentRoles: [
      role('admin', ['video:create', 'video:read', 'video:delete', 'users:read', 'settings:manage', 'org:view']),
      role('member', ['video:read', 'org:view']),
      role('doc-editor', ['doc:edit', 'doc:read'], { resource_type_slug: 'document' }),
    ],
    organizations: [
      { id: 'org_1', name: 'Acme', roles: [orgRole('org-billing-admin', ['billing:manage']), orgRole('support-a1b2c3', ['users:read'])] },
      { id: 'org_2', name: 'Globex', roles: [orgRole('org-billing-admin', ['billing:manage'])] },
    ],
  }),
  { kind: 'snapshot' },
);

const COLON_STYLE = new Catalog(
  snapshot({
    permissions: [perm('billing:manage')],
    environmentRoles: [role('admin', [])],
    organizations: [{ id: 'org_1', name: 'Acme', roles: [orgRole('org:billing-admin', ['billing:manage'])] }],
  }),
  { kind: 'snapshot' },
);

/** Like a catalog from a seed file: no resource types anywhere. */
const SEED_LIKE = new Catalog(
  snapshot({
    permissions: [{ slug: 'posts:read', name: 'Read', description: null }],
    environmentRoles: [{ slug: 'member', name: 'Member', description: null, permissions: ['posts:read'], type: 'EnvironmentRole' }],
  }),
  { kind: 'seed' },
);

let nextOffset = 0;
function occ(kind: SlugKind, slug: string, extra: Partial<Occurrence> = {}): Occurrence {
  const start = (nextOffset += 100);
  return { kind, slug, range: { start, end: start + slug.length }, via: 'literal', place: 'test()', session: false, evidence: 'helper', ...extra };
}

/** `null` stands for "no catalog loaded" (undefined would pick the default). */
function check(occurrences: Occurrence[], catalog: Catalog | null = MAIN, settings?: RuleSettings, calls: CheckCallFact[] = []) {
  return checkOccurrences(occurrences, calls, catalog ?? undefined, settings);
}

function one(o: Occurrence, catalog: Catalog | null = MAIN, settings?: RuleSettings): Finding {
  const findings = check([o], catalog, settings);
  assert.equal(findings.length, 1, `expected one finding, got ${JSON.stringify(findings.map((f) => f.rule))}`);
  return findings[0];
}

function rulesOf(findings: Finding[]): RuleId[] {
  return findings.map((f) => f.rule);
}

describe('RULES', () => {
  test('every rule id has its default severity and a description', () => {
    const expected: Record<RuleId, string> = {
      'unknown-permission': 'error',
      'unknown-role': 'error',
      'org-prefix': 'error',
      'kind-mismatch': 'error',
      'malformed-slug': 'error',
      'wildcard-permission': 'warning',
      'session-token-scope': 'warning',
      'unknown-resource-type': 'error',
      'resource-type-mismatch': 'warning',
      'membership-id': 'error',
      'missing-in-environment': 'error',
    };
    assert.deepEqual(Object.fromEntries(Object.entries(RULES).map(([id, r]) => [id, r.defaultSeverity])), expected);
    for (const r of Object.values(RULES)) assert.ok(r.description.length > 10);
  });
});

describe('known slugs', () => {
  const cases: [SlugKind, string][] = [
    ['permission', 'video:create'],
    ['permission', 'org:view'],
    ['role', 'admin'],
    ['role', 'org-billing-admin'],
    ['role', 'support-a1b2c3'],
    ['resource-type', 'video'],
    ['resource-type', 'organization'],
  ];
  for (const [kind, slug] of cases) {
    test(`${kind} ${slug}: no finding`, () => assert.deepEqual(check([occ(kind, slug)]), []));
  }
  test('empty slug (still being typed): no finding, even malformed-wise', () => {
    assert.deepEqual(check([occ('permission', ''), occ('role', ''), occ('resource-type', '')]), []);
    assert.deepEqual(check([occ('permission', '')], null), []);
  });
});

describe('no catalog loaded', () => {
  test('unknown slugs are not reported', () => {
    assert.deepEqual(check([occ('permission', 'nope:nope'), occ('role', 'nobody'), occ('resource-type', 'thing')], null), []);
  });
  test('org-prefix, kind-mismatch and session-token-scope need a catalog', () => {
    assert.deepEqual(check([occ('role', 'org:admin'), occ('permission', 'doc:edit', { session: true })], null), []);
  });
  test('templates are not reported', () => {
    assert.deepEqual(check([occ('permission', '*:nothing', { via: 'template', templateParts: ['', ':nothing'] })], null), []);
  });
  test('malformed-slug still runs, without fixes', () => {
    const f = one(occ('permission', 'Video:Create'), null);
    assert.equal(f.rule, 'malformed-slug');
    assert.deepEqual(f.fixes, []);
  });
  test('wildcard-permission still runs', () => {
    const f = one(occ('permission', 'video:*'), null);
    assert.equal(f.rule, 'wildcard-permission');
    assert.equal(f.severity, 'warning');
  });
  test('membership-id still runs', () => {
    assert.deepEqual(rulesOf(check([], null, undefined, [{ callId: 1, membership: { text: 'user.id', range: { start: 1, end: 8 } } }])), [
      'membership-id',
    ]);
  });
});

describe('malformed-slug', () => {
  test('uppercase: fix to the lowercased catalog slug, preferred; nothing else reported', () => {
    const o = occ('permission', 'Video:Create');
    const f = one(o);
    assert.equal(f.rule, 'malformed-slug');
    assert.equal(f.severity, 'error');
    assert.match(f.message, /uppercase/);
    assert.match(f.message, /`video:create`/);
    assert.deepEqual(f.fixes, [{ title: 'Change to `video:create`', range: o.range, newText: 'video:create', preferred: true }]);
    assert.equal(f.occurrence, o);
    assert.equal(f.kind, 'permission');
    assert.equal(f.slug, 'Video:Create');
  });
  test('spaces: normalised to the catalog slug', () => {
    const f = one(occ('role', ' Doc Editor'));
    assert.equal(f.rule, 'malformed-slug');
    assert.equal(f.fixes[0]?.newText, 'doc-editor');
  });
  test('bad characters are named; no fix when no normalised form exists', () => {
    const f = one(occ('permission', 'video/create!'));
    assert.equal(f.rule, 'malformed-slug');
    assert.match(f.message, /`\/`/);
    assert.match(f.message, /`!`/);
    assert.deepEqual(f.fixes, []);
  });
  test('longer than 48 characters', () => {
    const slug = 'a'.repeat(49);
    const f = one(occ('permission', slug));
    assert.equal(f.rule, 'malformed-slug');
    assert.match(f.message, /49 characters/);
  });
  test('48 characters is fine for the slug rule (reported as unknown only)', () => {
    assert.deepEqual(rulesOf(check([occ('permission', 'a'.repeat(48))])), ['unknown-permission']);
  });
  test('a malformed wildcard is only malformed', () => {
    assert.deepEqual(rulesOf(check([occ('permission', 'Video:*')])), ['malformed-slug']);
  });
  test('a slug the catalog really has is never malformed', () => {
    const odd = new Catalog(snapshot({ permissions: [perm('Legacy Perm')] }), { kind: 'seed' });
    assert.deepEqual(check([occ('permission', 'Legacy Perm')], odd), []);
  });
  test('via a constant: no fix, the definition is named', () => {
    const f = one(occ('permission', 'Video:Create', { via: 'constant', definition: { uri: 'file:///p.ts', range: { start: 0, end: 1 }, name: 'PERMS.VIDEO' } }));
    assert.equal(f.rule, 'malformed-slug');
    assert.deepEqual(f.fixes, []);
    assert.match(f.message, /`PERMS\.VIDEO`/);
  });
});

describe('kind-mismatch', () => {
  test('a role where a permission is expected', () => {
    const f = one(occ('permission', 'admin', { place: 'permissions.includes()' }));
    assert.equal(f.rule, 'kind-mismatch');
    assert.match(f.message, /`admin` is a role, but this place \(`permissions\.includes\(\)`\) expects a permission/);
    assert.deepEqual(f.fixes, []);
  });
  test('a permission where a role is expected', () => {
    const f = one(occ('role', 'users:read', { place: 'hasRole()' }));
    assert.equal(f.rule, 'kind-mismatch');
    assert.match(f.message, /`users:read` is a permission, but this place \(`hasRole\(\)`\) expects a role/);
    assert.match(f.message, /`admin`/);
    assert.deepEqual(f.fixes, []);
  });
  test('an organization role where a permission is expected', () => {
    assert.equal(one(occ('permission', 'org-billing-admin')).rule, 'kind-mismatch');
  });
  test('kinds decide: `org:view` in a role place is a permission, not a prefixed role', () => {
    const withViewRole = new Catalog(
      snapshot({ permissions: [perm('org:view')], environmentRoles: [role('view', ['org:view'])] }),
      { kind: 'snapshot' },
    );
    assert.equal(one(occ('role', 'org:view'), withViewRole).rule, 'kind-mismatch');
  });
  test('off', () => {
    assert.deepEqual(check([occ('permission', 'admin')], MAIN, { severities: { 'kind-mismatch': 'off' } }), []);
  });
});

describe('org-prefix', () => {
  test('(a) `org:` written, catalog uses `org-`: fix to the catalog slug, preferred', () => {
    const o = occ('role', 'org:billing-admin');
    const f = one(o);
    assert.equal(f.rule, 'org-prefix');
    assert.equal(f.severity, 'error');
    assert.match(f.message, /`org-billing-admin`/);
    assert.match(f.message, /this catalog's organization roles use the `org-` prefix \(the API's form\); `org:` is the dashboard-guide spelling/);
    assert.deepEqual(f.fixes, [{ title: 'Change to `org-billing-admin`', range: o.range, newText: 'org-billing-admin', preferred: true }]);
  });
  test('(a) the reverse: `org-` written, catalog uses `org:`', () => {
    const f = one(occ('role', 'org-billing-admin'), COLON_STYLE);
    assert.equal(f.rule, 'org-prefix');
    assert.match(f.message, /use the `org:` prefix/);
    assert.equal(f.fixes[0].newText, 'org:billing-admin');
  });
  test('(b) a prefix on an environment role: fix drops it', () => {
    for (const slug of ['org-admin', 'org:admin']) {
      const f = one(occ('role', slug));
      assert.equal(f.rule, 'org-prefix');
      assert.match(f.message, /`admin` is an environment role/);
      assert.deepEqual(f.fixes.map((x) => [x.newText, x.preferred]), [['admin', true]]);
    }
  });
  test('(b) a prefix on an unprefixed (generated) organization role', () => {
    const f = one(occ('role', 'org-support-a1b2c3'));
    assert.equal(f.rule, 'org-prefix');
    assert.equal(f.fixes[0].newText, 'support-a1b2c3');
  });
  test('(c) the prefix is missing: fix adds it; message names the organizations', () => {
    const f = one(occ('role', 'billing-admin'));
    assert.equal(f.rule, 'org-prefix');
    assert.match(f.message, /`org-billing-admin`/);
    assert.match(f.message, /Acme, Globex/);
    assert.deepEqual(f.fixes.map((x) => [x.newText, x.preferred]), [['org-billing-admin', true]]);
  });
  test('(c) missing `org:` prefix in an `org:` catalog', () => {
    assert.equal(one(occ('role', 'billing-admin'), COLON_STYLE).fixes[0].newText, 'org:billing-admin');
  });
  test('not for permissions: `org:billing-admin` in a permission place is just unknown', () => {
    assert.equal(one(occ('permission', 'org:billing-adm')).rule, 'unknown-permission');
  });
  test('a prefixed slug with no catalog counterpart is unknown-role', () => {
    assert.equal(one(occ('role', 'org-nobody')).rule, 'unknown-role');
  });
  test('via a constant: no fix', () => {
    const f = one(occ('role', 'billing-admin', { via: 'constant', definition: { uri: 'u', range: { start: 0, end: 1 }, name: 'ROLES.BILLING' } }));
    assert.equal(f.rule, 'org-prefix');
    assert.deepEqual(f.fixes, []);
    assert.match(f.message, /where `ROLES\.BILLING` is defined/);
  });
});

describe('unknown-permission / unknown-role / unknown-resource-type', () => {
  test('unknown permission: suggestions and fixes, one clear best preferred', () => {
    const o = occ('permission', 'videos:create');
    const f = one(o);
    assert.equal(f.rule, 'unknown-permission');
    assert.equal(f.severity, 'error');
    assert.match(f.message, /Unknown permission `videos:create`/);
    assert.match(f.message, /Did you mean `video:create`/);
    assert.equal(f.suggestions[0], 'video:create');
    assert.deepEqual(f.fixes[0], { title: 'Change to `video:create`', range: o.range, newText: 'video:create', preferred: true });
    assert.ok(f.fixes.slice(1).every((x) => !x.preferred));
  });
  test('no clear best: no preferred fix', () => {
    const tie = new Catalog(snapshot({ permissions: [perm('project:lead'), perm('project:read')] }), { kind: 'snapshot' });
    const f = one(occ('permission', 'project:xead'), tie);
    assert.deepEqual(f.fixes.map((x) => [x.newText, x.preferred]), [
      ['project:lead', false],
      ['project:read', false],
    ]);
  });
  test('at most 3 fixes', () => {
    const many = new Catalog(snapshot({ permissions: ['a:bc', 'a:bd', 'a:be', 'a:bf', 'a:bg'].map((s) => perm(s)) }), { kind: 'snapshot' });
    const f = one(occ('permission', 'a:bx'), many);
    assert.equal(f.fixes.length, 3);
    assert.equal(f.suggestions.length, 3);
  });
  test('nothing near: no suggestions, no fixes', () => {
    const f = one(occ('permission', 'kernel:eval'));
    assert.equal(f.rule, 'unknown-permission');
    assert.deepEqual(f.suggestions, []);
    assert.deepEqual(f.fixes, []);
    assert.doesNotMatch(f.message, /Did you mean/);
  });
  test('unknown role', () => {
    const f = one(occ('role', 'admn'));
    assert.equal(f.rule, 'unknown-role');
    assert.equal(f.fixes[0].newText, 'admin');
  });
  test('unknown resource type', () => {
    const f = one(occ('resource-type', 'vidoe'));
    assert.equal(f.rule, 'unknown-resource-type');
    assert.equal(f.fixes[0].newText, 'video');
  });
  test('unknown resource type is not reported for a catalog that names no resource types', () => {
    assert.deepEqual(check([occ('resource-type', 'document')], SEED_LIKE), []);
  });
  test('via a constant: message names it; no fixes', () => {
    const f = one(occ('permission', 'video:creat', { via: 'constant', definition: { uri: 'u', range: { start: 0, end: 1 }, name: 'PERMS.VIDEO_CREATE' } }));
    assert.match(f.message, /`video:creat` \(via `PERMS\.VIDEO_CREATE`\)/);
    assert.equal(f.suggestions[0], 'video:create');
    assert.deepEqual(f.fixes, []);
  });
  test('composite slug: no fixes', () => {
    const f = one(occ('permission', 'video:creat', { composite: true }));
    assert.equal(f.rule, 'unknown-permission');
    assert.deepEqual(f.fixes, []);
  });
});

describe('severity settings', () => {
  test('override', () => {
    const f = one(occ('permission', 'nope:x'), MAIN, { severities: { 'unknown-permission': 'warning' } });
    assert.equal(f.severity, 'warning');
  });
  test('off drops the rule and only that rule', () => {
    const findings = check([occ('permission', 'nope:x'), occ('role', 'nobody')], MAIN, { severities: { 'unknown-permission': 'off' } });
    assert.deepEqual(rulesOf(findings), ['unknown-role']);
  });
  test('off does not let a less specific rule take over', () => {
    assert.deepEqual(check([occ('role', 'org:billing-admin')], MAIN, { severities: { 'org-prefix': 'off' } }), []);
  });
});

describe('wildcard-permission', () => {
  test('`video:*`: warning naming the literal comparison and the concrete permissions', () => {
    const f = one(occ('permission', 'video:*'));
    assert.equal(f.rule, 'wildcard-permission');
    assert.equal(f.severity, 'warning');
    assert.match(f.message, /no wildcard semantics/);
    assert.match(f.message, /`video:create`/);
    assert.deepEqual(f.fixes, []);
  });
  test('`*:*` takes precedence over unknown-permission', () => {
    assert.deepEqual(rulesOf(check([occ('permission', '*:*')])), ['wildcard-permission']);
  });
  test('the catalog really has the slug: no finding', () => {
    const star = new Catalog(snapshot({ permissions: [perm('posts:*')] }), { kind: 'snapshot' });
    assert.deepEqual(check([occ('permission', 'posts:*')], star), []);
  });
  test('not for roles', () => {
    assert.deepEqual(rulesOf(check([occ('role', 'admin*')])), ['unknown-role']);
  });
});

describe('session-token-scope', () => {
  test('only resource-scoped roles grant it: warning pointing to authorization.check', () => {
    const f = one(occ('permission', 'doc:edit', { session: true, place: 'permissions.includes()' }));
    assert.equal(f.rule, 'session-token-scope');
    assert.equal(f.severity, 'warning');
    assert.match(f.message, /`doc-editor` \(on `document`\)/);
    assert.match(f.message, /never true/);
    assert.match(f.message, /workos\.authorization\.check\(\{ organizationMembershipId, permissionSlug, resource/);
  });
  test('no role grants it at all: says so', () => {
    const f = one(occ('permission', 'report:export', { session: true }));
    assert.equal(f.rule, 'session-token-scope');
    assert.match(f.message, /No role in the catalog grants `report:export`/);
  });
  test('granted by an organization-level role: fine', () => {
    assert.deepEqual(check([occ('permission', 'video:read', { session: true }), occ('permission', 'billing:manage', { session: true })]), []);
  });
  test('not a session check: fine', () => {
    assert.deepEqual(check([occ('permission', 'doc:edit')]), []);
  });
});

describe('resource-type-mismatch', () => {
  test('permission of another resource type in the same check call', () => {
    const rt = occ('resource-type', 'video', { callId: 7 });
    const findings = check([occ('permission', 'doc:edit', { callId: 7 }), rt]);
    assert.deepEqual(rulesOf(findings), ['resource-type-mismatch']);
    const f = findings[0];
    assert.equal(f.severity, 'warning');
    assert.equal(f.occurrence, rt);
    assert.deepEqual(f.range, rt.range);
    assert.match(f.message, /`video`/);
    assert.match(f.message, /`doc:edit` belongs to resource type `document`/);
  });
  test('matching resource type: fine', () => {
    assert.deepEqual(check([occ('permission', 'doc:edit', { callId: 8 }), occ('resource-type', 'document', { callId: 8 })]), []);
  });
  test('different calls are not compared', () => {
    assert.deepEqual(check([occ('permission', 'doc:edit', { callId: 1 }), occ('resource-type', 'video', { callId: 2 })]), []);
  });
  test('unknown resource type: only unknown-resource-type', () => {
    assert.deepEqual(rulesOf(check([occ('permission', 'doc:edit', { callId: 3 }), occ('resource-type', 'vidoe', { callId: 3 })])), [
      'unknown-resource-type',
    ]);
  });
  test('a permission without a stated resource type is not compared', () => {
    const cat = new Catalog(snapshot({ permissions: [perm('posts:read'), perm('doc:read', 'document')] }), { kind: 'snapshot' });
    assert.deepEqual(check([occ('permission', 'posts:read', { callId: 4 }), occ('resource-type', 'document', { callId: 4 })], cat), []);
  });
});

describe('membership-id', () => {
  const positives = ["'user_01HXYZ'", '"user_123"', '`user_${x}`', 'user.id', 'user?.id', 'session.user.id', 'req.user!.id', 'userId', 'user_id', 'ctx.userId', 'currentUser.id', 'claims.sub', '(user.id)', 'user.id as string'];
  const negatives = ['membershipId', 'om.id', 'organizationMembershipId', "'om_01HXYZ'", 'membership.id', 'org.id', 'user.organizationMembershipId', 'getMembershipId(user.id)', 'users', "'om_user_x'"];
  for (const text of positives) {
    test(`fires for ${text}`, () => {
      const range = { start: 5, end: 5 + text.length };
      const findings = check([], MAIN, undefined, [{ callId: 1, membership: { text, range } }]);
      assert.equal(findings.length, 1);
      const f = findings[0];
      assert.equal(f.rule, 'membership-id');
      assert.equal(f.severity, 'error');
      assert.deepEqual(f.range, range);
      assert.match(f.message, /organization membership id \(`om_…`\)/);
      assert.match(f.message, /listOrganizationMemberships\(\{ userId, organizationId \}\)/);
      assert.match(f.message, /JWT template/);
    });
  }
  for (const text of negatives) {
    test(`does not fire for ${text}`, () => {
      assert.equal(looksLikeUserId(text), false);
      assert.deepEqual(check([], MAIN, undefined, [{ callId: 1, membership: { text, range: { start: 0, end: 1 } } }]), []);
    });
  }
  test('a call without a membership argument: nothing', () => {
    assert.deepEqual(check([], MAIN, undefined, [{ callId: 1 }]), []);
  });
  test('off', () => {
    assert.deepEqual(check([], MAIN, { severities: { 'membership-id': 'off' } }, [{ callId: 1, membership: { text: 'userId', range: { start: 0, end: 6 } } }]), []);
  });
});

describe('templates', () => {
  const t = (kind: SlugKind, parts: string[]) => occ(kind, parts.join('*'), { via: 'template', templateParts: parts });
  test('some catalog slug matches the pattern: no finding', () => {
    assert.deepEqual(check([t('permission', ['', ':read']), t('role', ['org-', '']), t('permission', ['video:', ''])]), []);
  });
  test('no catalog slug matches: one warning, never an error, no fixes', () => {
    const f = one(t('permission', ['', ':frobnicate']));
    assert.equal(f.rule, 'unknown-permission');
    assert.equal(f.severity, 'warning');
    assert.match(f.message, /No catalog permission matches the pattern `\*:frobnicate`/);
    assert.deepEqual(f.fixes, []);
  });
  test('roles use unknown-role', () => {
    assert.equal(one(t('role', ['team-', '-lead'])).rule, 'unknown-role');
  });
  test('a severity above warning is capped; below is kept; off drops it', () => {
    const o = t('permission', ['', ':frobnicate']);
    assert.equal(one(o, MAIN, { severities: { 'unknown-permission': 'error' } }).severity, 'warning');
    assert.equal(one(o, MAIN, { severities: { 'unknown-permission': 'hint' } }).severity, 'hint');
    assert.deepEqual(check([o], MAIN, { severities: { 'unknown-permission': 'off' } }), []);
  });
  test('a template with a literal `*` in a part is not a wildcard finding', () => {
    assert.deepEqual(check([t('permission', ['video:', ''])]), []);
  });
  test('literal dots in parts are not regex wildcards', () => {
    assert.equal(one(t('permission', ['video.', ''])).rule, 'unknown-permission');
  });
});

describe('several occurrences', () => {
  test('findings come in occurrence order, each carrying its occurrence', () => {
    const a = occ('permission', 'nope:a');
    const b = occ('role', 'video:read');
    const c = occ('permission', 'video:read');
    const findings = check([a, b, c]);
    assert.deepEqual(rulesOf(findings), ['unknown-permission', 'kind-mismatch']);
    assert.equal(findings[0].occurrence, a);
    assert.equal(findings[1].occurrence, b);
  });
});

describe('template patterns against the catalog', () => {
  test('looking only at the candidates that start with the head answers as looking at all of them', () => {
    const piece = fc.constantFrom('video', 'vid', 'v', ':', 'create', 'read', 'eo', '-', 'a', '');
    const slug = fc.array(piece, { minLength: 1, maxLength: 4 }).map((p) => p.join(''));
    fc.assert(
      fc.property(fc.array(slug, { maxLength: 30 }), fc.array(fc.array(piece, { maxLength: 3 }).map((p) => p.join('')), { minLength: 1, maxLength: 3 }), (candidates, parts) => {
        const pattern = globPattern(parts);
        const want = candidates.some((c) => pattern.test(c));
        // A fresh list each time: answers are remembered per list and pattern.
        assert.equal(anyMatches([...candidates], parts.join('\u0000'), pattern, parts[0]), want, `${JSON.stringify(parts)} in ${JSON.stringify(candidates)}`);
      }),
      { numRuns: 3000 },
    );
  });
});
