// The WorkOS-compatible test server, driven by the real @workos-inc/node SDK.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import {
  GenericServerException,
  NotFoundException,
  OauthException,
  RateLimitExceededException,
  UnauthorizedException,
  UnprocessableEntityException,
  WorkOS,
} from '@workos-inc/node';
import { startWorkosServer, type WorkosTestServer } from './workosServer';
import {
  ACCESS,
  accessState,
  generateState,
  organizationResourceId,
  stateFromSnapshot,
  TEST_API_KEY,
  type WorkosState,
} from './workosState';
import { SNAPSHOT_VERSION, type CatalogSnapshot } from '../../server/src/core/catalog';

function sdk(server: WorkosTestServer, options: { key?: string; timeout?: number } = {}): WorkOS {
  return new WorkOS(options.key ?? TEST_API_KEY, {
    apiHostname: server.host,
    port: server.port,
    https: false,
    maxRetries: 0,
    timeout: options.timeout ?? 5000,
  });
}

async function withServer<T>(state: WorkosState, fn: (server: WorkosTestServer) => Promise<T>): Promise<T> {
  const server = await startWorkosServer(state);
  try {
    return await fn(server);
  } finally {
    await server.close();
  }
}

/** Raw request for what the SDK cannot send (malformed bodies, the SPEC-only path). */
async function raw(server: WorkosTestServer, method: string, path: string, body?: string, key = TEST_API_KEY) {
  const res = await fetch(`${server.url}${path}`, {
    method,
    headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json' },
    body,
  });
  return { status: res.status, requestId: res.headers.get('x-request-id'), json: (await res.json()) as Record<string, unknown> };
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (err) {
    return err;
  }
  assert.fail('expected the call to fail');
}

describe('generated catalog through the SDK', () => {
  let server: WorkosTestServer;
  let workos: WorkOS;
  const state = generateState({ permissions: 5000, roles: 300, organizations: 200, seed: 7 });

  before(async () => {
    server = await startWorkosServer(state);
    workos = sdk(server);
  });
  after(() => server.close());

  test('environment roles come back in priority order, unpaginated', async () => {
    server.requests.length = 0;
    const roles = await workos.authorization.listEnvironmentRoles();
    assert.equal(roles.data.length, 300);
    assert.deepEqual(roles.data.map((r) => r.slug), state.environmentRoles.map((r) => r.slug));
    assert.equal(roles.data[0].type, 'EnvironmentRole');
    assert.equal(server.requests.length, 1);
    assert.equal(server.requests[0].path, '/authorization/roles');
  });

  test('5,000 permissions page through with limit 100 in exactly 50 requests', async () => {
    server.requests.length = 0;
    const slugs: string[] = [];
    let cursor: string | undefined;
    for (let i = 0; i < 100; i++) {
      const page = await workos.authorization.listPermissions({ limit: 100, after: cursor });
      slugs.push(...page.data.map((p) => p.slug));
      cursor = page.listMetadata.after ?? undefined;
      if (!cursor) break;
    }
    assert.equal(server.requests.length, 50);
    assert.ok(server.requests.every((r) => r.query.order === 'desc' && r.query.limit === '100' && r.status === 200));
    assert.equal(slugs.length, 5000);
    assert.deepEqual([...slugs].sort(), state.permissions.map((p) => p.slug).sort());
    // desc is the default: the newest permission comes first.
    assert.equal(slugs[0], state.permissions[state.permissions.length - 1].slug);
  });

  test('getPermission keeps the colon literal in the path', async () => {
    const slug = state.permissions.find((p) => p.slug.split(':').length === 2)!.slug;
    const p = await workos.authorization.getPermission(slug);
    assert.equal(p.slug, slug);
    assert.equal(server.requests.at(-1)!.path, `/authorization/permissions/${slug}`);
    assert.ok(await rejection(workos.authorization.getPermission('no:such')) instanceof NotFoundException);
  });

  test('organizations paginate and each lists environment plus its own roles', async () => {
    server.requests.length = 0;
    const orgs = await (await workos.organizations.listOrganizations()).autoPagination();
    assert.equal(orgs.length, 200);
    // autoPagination re-requests from the start with limit 100: 1 + 2 requests.
    assert.equal(server.requests.length, 3);
    const org = state.organizations.find((o) => o.roles.length > 0)!;
    assert.equal((await workos.organizations.getOrganization(org.id)).name, org.name);
    const roles = await workos.authorization.listOrganizationRoles(org.id);
    assert.equal(roles.data.length, 300 + org.roles.length);
    const own = roles.data.filter((r) => r.type === 'OrganizationRole');
    assert.deepEqual(own.map((r) => r.slug), org.roles.map((r) => r.slug));
    assert.ok(own.every((r) => r.slug.startsWith('org-')));
  });
});

describe('pagination semantics', () => {
  const state = generateState({ permissions: 25, roles: 2, organizations: 0, seed: 3 });
  const ascIds = state.permissions.map((p) => p.id);

  test('asc, desc and normal with before/after cursors', async () => {
    await withServer(state, async (server) => {
      const workos = sdk(server);
      const asc = await workos.authorization.listPermissions({ order: 'asc', limit: 10 });
      assert.deepEqual(asc.data.map((p) => p.id), ascIds.slice(0, 10));
      assert.deepEqual(asc.listMetadata, { before: null, after: ascIds[9] });
      const next = await workos.authorization.listPermissions({ order: 'asc', limit: 10, after: ascIds[9] });
      assert.deepEqual(next.data.map((p) => p.id), ascIds.slice(10, 20));
      assert.deepEqual(next.listMetadata, { before: ascIds[10], after: ascIds[19] });
      const back = await workos.authorization.listPermissions({ order: 'asc', limit: 10, before: ascIds[10] });
      assert.deepEqual(back.data.map((p) => p.id), ascIds.slice(0, 10));
      const last = await workos.authorization.listPermissions({ order: 'asc', limit: 10, after: ascIds[19] });
      assert.deepEqual(last.data.map((p) => p.id), ascIds.slice(20));
      assert.equal(last.listMetadata.after, null);

      server.requests.length = 0;
      const all = await (await workos.authorization.listPermissions()).autoPagination();
      assert.deepEqual(all.map((p) => p.id), [...ascIds].reverse());
      // The first page (default limit 10), then autoPagination restarts with limit 100.
      assert.deepEqual(server.requests.map((r) => r.query.limit), [undefined, '100']);

      const desc = await workos.authorization.listPermissions();
      assert.equal(desc.data.length, 10, 'default limit is 10');
      assert.equal(desc.data[0].id, ascIds[24]);

      // 'normal': newest first, but `before` walks to older records.
      const normal = await raw(server, 'GET', '/authorization/permissions?order=normal&limit=5');
      const normalIds = (normal.json.data as { id: string }[]).map((p) => p.id);
      assert.deepEqual(normalIds, ascIds.slice(20).reverse());
      assert.deepEqual(normal.json.list_metadata, { before: ascIds[20], after: null });
      const older = await raw(server, 'GET', `/authorization/permissions?order=normal&limit=5&before=${ascIds[20]}`);
      assert.deepEqual((older.json.data as { id: string }[]).map((p) => p.id), ascIds.slice(15, 20).reverse());
    });
  });

  test('limit outside 1-100 and unknown order are 422; unknown params are ignored', async () => {
    await withServer(state, async (server) => {
      const workos = sdk(server);
      assert.ok(await rejection(workos.authorization.listPermissions({ limit: 101 })) instanceof UnprocessableEntityException);
      assert.equal((await raw(server, 'GET', '/authorization/permissions?limit=0')).status, 422);
      assert.equal((await raw(server, 'GET', '/authorization/permissions?order=sideways')).status, 422);
      const ignored = await raw(server, 'GET', '/authorization/permissions?frobnicate=1&limit=3');
      assert.equal(ignored.status, 200);
      assert.equal((ignored.json.data as unknown[]).length, 3);
    });
  });
});

describe('access fixture through the SDK', () => {
  let server: WorkosTestServer;
  let workos: WorkOS;
  const r = ACCESS.resources;
  const alice = ACCESS.memberships.alice;
  const bob = ACCESS.memberships.bob;

  before(async () => {
    server = await startWorkosServer(accessState());
    workos = sdk(server);
  });
  after(() => server.close());

  test('memberships resolve by user and organization', async () => {
    const byUser = await workos.userManagement.listOrganizationMemberships({
      userId: ACCESS.users.alice,
      organizationId: ACCESS.organizationId,
    });
    assert.deepEqual(byUser.data.map((m) => m.id), [alice]);
    assert.deepEqual(byUser.data[0].role, { slug: 'member' });
    assert.equal(byUser.data[0].organizationName, 'Acme Inc.');
    const byOrg = await workos.userManagement.listOrganizationMemberships({ organizationId: ACCESS.organizationId });
    assert.deepEqual(byOrg.data.map((m) => m.id).sort(), [alice, bob].sort());
    assert.equal((await workos.userManagement.getOrganizationMembership(bob)).userId, ACCESS.users.bob);
    const missing = await rejection(
      workos.userManagement.listOrganizationMemberships({} as Parameters<typeof workos.userManagement.listOrganizationMemberships>[0]),
    );
    assert.ok(missing instanceof GenericServerException);
    assert.equal(missing.status, 400);
    const users = await workos.userManagement.listUsers({ email: 'alice@acme.test' });
    assert.deepEqual(users.data.map((u) => u.id), [ACCESS.users.alice]);
    assert.equal((await workos.userManagement.getUser(ACCESS.users.bob)).firstName, 'Bob');
  });

  test('role assignments show direct and group sources', async () => {
    const aliceRas = await workos.authorization.listRoleAssignments({ organizationMembershipId: alice });
    assert.equal(aliceRas.data.length, 1);
    assert.deepEqual(aliceRas.data[0].role, { slug: 'workspace-admin' });
    assert.deepEqual(aliceRas.data[0].resource, { id: r.wsEngineering, externalId: 'ws-engineering', resourceTypeSlug: 'workspace' });
    assert.deepEqual(aliceRas.data[0].source, {
      type: 'group',
      groupRoleAssignmentId: ACCESS.groupRoleAssignments.engineeringWorkspaceAdmin,
    });
    const bobRas = await workos.authorization.listRoleAssignments({ organizationMembershipId: bob });
    assert.deepEqual(bobRas.data.map((ra) => [ra.id, ra.role.slug, ra.resource.externalId, ra.source.type]), [
      [ACCESS.roleAssignments.bobProjectViewer, 'project-viewer', 'proj-web', 'direct'],
    ]);
    const filtered = await workos.authorization.listRoleAssignments({ organizationMembershipId: bob, resourceId: r.projApi });
    assert.equal(filtered.data.length, 0);
    const byExternal = await workos.authorization.listRoleAssignments({
      organizationMembershipId: bob,
      resourceExternalId: 'proj-web',
      resourceTypeSlug: 'project',
    });
    assert.equal(byExternal.data.length, 1);
  });

  const cases: [string, string, string, { id?: string; external?: [string, string] }, boolean][] = [
    ['group role inherited by a child project', alice, 'project:edit', { external: ['project', 'proj-api'] }, true],
    ['group role inherited two levels down', alice, 'document:read', { id: r.docApiSpec }, true],
    ['group role on its own resource', alice, 'workspace:edit', { id: r.wsEngineering }, true],
    ['group role does not reach another workspace', alice, 'project:view', { id: r.projCampaign }, false],
    ['direct role on its resource', bob, 'project:view', { id: r.projWeb }, true],
    ['direct role does not reach a sibling', bob, 'project:view', { id: r.projApi }, false],
    ['direct role lacks the permission', bob, 'project:edit', { id: r.projWeb }, false],
    ['direct role does not reach the parent', bob, 'workspace:view', { id: r.wsEngineering }, false],
    ['organization-level role applies on any resource', bob, 'org:view', { id: r.projApi }, true],
    ['organization-level role on the organization resource', bob, 'org:view', { external: ['organization', ACCESS.organizationId] }, true],
    ['organization-level role lacks the permission', bob, 'billing:manage', { id: r.wsMarketing }, false],
    ['unknown permission is not granted', alice, 'nope:nothing', { id: r.projApi }, false],
  ];
  for (const [name, om, permission, target, expected] of cases) {
    test(`check: ${name} → ${expected ? '✓' : '✗'}`, async () => {
      const result = target.id
        ? await workos.authorization.check({ organizationMembershipId: om, permissionSlug: permission, resourceId: target.id })
        : await workos.authorization.check({
            organizationMembershipId: om,
            permissionSlug: permission,
            resourceTypeSlug: target.external![0],
            resourceExternalId: target.external![1],
          });
      assert.deepEqual(result, { authorized: expected });
    });
  }

  test('check: unknown membership or resource is 404, bad bodies are 422', async () => {
    const check = (body: unknown, om = alice) =>
      raw(server, 'POST', `/authorization/organization_memberships/${om}/check`, JSON.stringify(body));
    assert.ok(
      (await rejection(
        workos.authorization.check({ organizationMembershipId: 'om_missing', permissionSlug: 'org:view', resourceId: r.projApi }),
      )) instanceof NotFoundException,
    );
    assert.equal((await check({ permission_slug: 'org:view', resource_id: 'authz_resource_missing' })).status, 404);
    assert.equal((await check({ permission_slug: 'org:view', resource_external_id: 'nope', resource_type_slug: 'project' })).status, 404);
    assert.equal((await check({ resource_id: r.projApi })).status, 422);
    assert.equal((await check({ permission_slug: 'org:view' })).status, 422);
    assert.equal((await check({ permission_slug: 'org:view', resource_id: r.projApi, resource_type_slug: 'project' })).status, 422);
    assert.equal((await check({ permission_slug: 'org:view', resource_external_id: 'proj-api' })).status, 422);
    const unprocessable = await rejection(
      workos.authorization.check({ organizationMembershipId: alice, permissionSlug: '', resourceId: r.projApi }),
    );
    assert.ok(unprocessable instanceof UnprocessableEntityException);
  });

  test('assigning roles changes later checks', async () => {
    const state = accessState();
    await withServer(state, async (s) => {
      const w = sdk(s);
      const target = { organizationMembershipId: bob, permissionSlug: 'project:edit', resourceId: r.docApiSpec };
      assert.deepEqual(await w.authorization.check(target), { authorized: false });
      const ra = await w.authorization.assignRole({ organizationMembershipId: bob, roleSlug: 'project-editor', resourceId: r.projApi });
      assert.equal(ra.source.type, 'direct');
      assert.deepEqual(await w.authorization.check(target), { authorized: true });
      const duplicate = await rejection(
        w.authorization.assignRole({ organizationMembershipId: bob, roleSlug: 'project-editor', resourceId: r.projApi }),
      );
      assert.equal((duplicate as { status?: number }).status, 409);
      assert.ok(
        (await rejection(
          w.authorization.assignRole({ organizationMembershipId: bob, roleSlug: 'no-such-role', resourceId: r.projApi }),
        )) instanceof UnprocessableEntityException,
      );

      // A group role with no resource is organization-wide for every member of the group.
      const orgWide = { organizationMembershipId: alice, permissionSlug: 'billing:manage', resourceId: r.projCampaign };
      assert.deepEqual(await w.authorization.check(orgWide), { authorized: false });
      const gra = await w.authorization.createGroupRoleAssignment({ groupId: ACCESS.groups.engineering, roleSlug: 'org-billing-admin' });
      assert.equal(gra.resource.id, organizationResourceId(ACCESS.organizationId));
      assert.deepEqual(await w.authorization.check(orgWide), { authorized: true });
      assert.deepEqual(await w.authorization.check({ ...orgWide, organizationMembershipId: bob }), { authorized: false });
    });
  });

  test('groups, their members and their role assignments', async () => {
    const groups = await workos.groups.listGroups({ organizationId: ACCESS.organizationId });
    assert.deepEqual(groups.data.map((g) => g.name), ['Engineering']);
    assert.ok(groups.data[0].createdAt instanceof Date);
    const members = await workos.groups.listOrganizationMemberships({
      organizationId: ACCESS.organizationId,
      groupId: ACCESS.groups.engineering,
    });
    assert.deepEqual(members.data.map((m) => m.id), [alice]);
    const gras = await workos.authorization.listGroupRoleAssignments({ groupId: ACCESS.groups.engineering });
    assert.deepEqual(gras.data.map((g) => [g.role.slug, g.resource.externalId]), [['workspace-admin', 'ws-engineering']]);
    const one = await workos.authorization.getGroupRoleAssignment({
      groupId: ACCESS.groups.engineering,
      roleAssignmentId: ACCESS.groupRoleAssignments.engineeringWorkspaceAdmin,
    });
    assert.equal(one.groupId, ACCESS.groups.engineering);
    const ofAlice = await workos.userManagement.listGroupsForOrganizationMembership({ organizationMembershipId: alice });
    assert.deepEqual(ofAlice.data.map((g) => g.id), [ACCESS.groups.engineering]);
  });

  test('resources: listing with parents, lookups, discovery and effective permissions', async () => {
    const children = await workos.authorization.listResources({ parentResourceId: r.wsEngineering, limit: 100 });
    assert.deepEqual(children.data.map((x) => x.externalId).sort(), ['proj-api', 'proj-web']);
    const projects = await workos.authorization.listResources({ organizationId: ACCESS.organizationId, resourceTypeSlug: 'project', limit: 100 });
    assert.equal(projects.data.length, 3);
    const byParentExternal = await workos.authorization.listResources({
      parentResourceTypeSlug: 'project',
      parentExternalId: 'proj-api',
    });
    assert.deepEqual(byParentExternal.data.map((x) => x.id), [r.docApiSpec]);
    const orgResource = await workos.authorization.getResourceByExternalId({
      organizationId: ACCESS.organizationId,
      resourceTypeSlug: 'organization',
      externalId: ACCESS.organizationId,
    });
    assert.equal(orgResource.id, organizationResourceId(ACCESS.organizationId));
    const doc = await workos.authorization.getResource(r.docApiSpec);
    assert.equal(doc.parentResourceId, r.projApi);

    const visible = await workos.authorization.listResourcesForMembership({
      organizationMembershipId: bob,
      permissionSlug: 'project:view',
      parentResourceTypeSlug: 'workspace',
      parentResourceExternalId: 'ws-engineering',
    });
    assert.deepEqual(visible.data.map((x) => x.externalId), ['proj-web']);

    const sdkPath = await workos.authorization.listEffectivePermissions({ organizationMembershipId: bob, resourceId: r.projWeb, limit: 100 });
    assert.deepEqual(sdkPath.data.map((p) => p.slug).sort(), ['document:read', 'org:view', 'project:view']);
    assert.equal(server.requests.at(-1)!.path, `/authorization/resources/${r.projWeb}/organization_memberships/${bob}/permissions`);
    const specPath = await raw(server, 'GET', `/authorization/organization_memberships/${bob}/resources/${r.projWeb}/permissions?limit=100`);
    assert.deepEqual((specPath.json.data as { slug: string }[]).map((p) => p.slug).sort(), ['document:read', 'org:view', 'project:view']);
    const byExternal = await workos.authorization.listEffectivePermissionsByExternalId({
      organizationMembershipId: alice,
      resourceTypeSlug: 'document',
      externalId: 'doc-api-spec',
      limit: 100,
    });
    assert.ok(byExternal.data.some((p) => p.slug === 'project:delete'));

    const who = await workos.authorization.listMembershipsForResource({ resourceId: r.projWeb, permissionSlug: 'project:view' });
    assert.deepEqual(who.data.map((m) => m.id).sort(), [alice, bob].sort());
    const direct = await workos.authorization.listMembershipsForResource({
      resourceId: r.projWeb,
      permissionSlug: 'project:view',
      assignment: 'direct',
    });
    assert.deepEqual(direct.data.map((m) => m.id), [bob]);
    const onResource = await workos.authorization.listRoleAssignmentsForResource({ resourceId: r.wsEngineering });
    assert.deepEqual(onResource.data.map((ra) => [ra.organizationMembershipId, ra.source.type]), [[alice, 'group']]);
  });

  test('a bad key is 401 → UnauthorizedException, and no request record holds a key', async () => {
    const err = await rejection(sdk(server, { key: 'sk_test_wrong' }).authorization.listEnvironmentRoles());
    assert.ok(err instanceof UnauthorizedException);
    assert.equal(server.requests.at(-1)!.status, 401);
    const noAuth = await fetch(`${server.url}/authorization/roles`);
    assert.equal(noAuth.status, 401);
    assert.ok(noAuth.headers.get('x-request-id'));
    assert.deepEqual(await noAuth.json(), { message: 'Unauthorized', code: 'unauthorized' });
    const recorded = JSON.stringify(server.requests);
    assert.ok(!recorded.includes(TEST_API_KEY) && !recorded.includes('sk_test_wrong'));
  });
});

describe('faults, as the SDK sees them', () => {
  let server: WorkosTestServer;
  const state = generateState({ permissions: 30, roles: 5, organizations: 3, seed: 11 });

  before(async () => {
    server = await startWorkosServer(state);
  });
  after(() => server.close());

  test('429 carries Retry-After, limited to a path and a count', async () => {
    const workos = sdk(server);
    server.setFault({ kind: '429', retryAfterSeconds: 7, times: 1, path: /^\/authorization\/permissions/ });
    // Other paths are untouched.
    assert.equal((await workos.authorization.listEnvironmentRoles()).data.length, 5);
    const err = await rejection(workos.authorization.listPermissions());
    assert.ok(err instanceof RateLimitExceededException);
    assert.equal(err.retryAfter, 7);
    assert.equal(err.status, 429);
    assert.ok(err.requestID);
    // Used up after one hit.
    assert.equal((await workos.authorization.listPermissions()).data.length, 10);
    server.setFault(null);
  });

  test('500 is a GenericServerException', async () => {
    server.setFault({ kind: '500' });
    const err = await rejection(sdk(server).authorization.listEnvironmentRoles());
    server.setFault(null);
    assert.ok(err instanceof GenericServerException);
    assert.equal(err.status, 500);
  });

  test('a slow answer past the SDK timeout is a 408 OauthException', async () => {
    server.setFault({ kind: 'slow', delayMs: 1500, times: 1 });
    const err = await rejection(sdk(server, { timeout: 150 }).authorization.listEnvironmentRoles());
    server.setFault(null);
    assert.ok(err instanceof OauthException);
    assert.equal(err.status, 408);
    assert.equal(server.requests.at(-1)!.fault, 'slow');
  });

  test('malformed JSON with 200 is a ParseError', async () => {
    server.setFault({ kind: 'malformed' });
    const err = await rejection(sdk(server).authorization.listPermissions());
    server.setFault(null);
    assert.equal((err as Error).name, 'ParseError');
  });

  test('a reset connection is fetch failed', async () => {
    server.setFault({ kind: 'reset', times: 1 });
    // The SDK leaves its timeout timer running after a network error; keep it short.
    const err = await rejection(sdk(server, { timeout: 300 }).authorization.listEnvironmentRoles());
    server.setFault(null);
    assert.match((err as Error).message, /fetch failed/);
    assert.equal(server.requests.at(-1)!.status, 0);
  });

  test('cursor loop: the after cursor keeps pointing back to the same page', async () => {
    const workos = sdk(server);
    server.setFault({ kind: 'cursor-loop' });
    const seen: (string | null | undefined)[] = [];
    let cursor: string | undefined;
    for (let i = 0; i < 4; i++) {
      const page = await workos.authorization.listPermissions({ limit: 5, after: cursor });
      seen.push(page.listMetadata.after);
      cursor = page.listMetadata.after ?? undefined;
    }
    server.setFault(null);
    assert.equal(new Set(seen).size, 1);
    assert.ok(seen[0]);
    // Without the fault the same cursor moves on.
    const next = await workos.authorization.listPermissions({ limit: 5, after: cursor });
    assert.notEqual(next.listMetadata.after, cursor);
  });
});

describe('workosState', () => {
  test('generateState is deterministic per seed and realistic', () => {
    const a = generateState({ permissions: 5000, roles: 300, organizations: 200, seed: 42 });
    const b = generateState({ permissions: 5000, roles: 300, organizations: 200, seed: 42 });
    const c = generateState({ permissions: 5000, roles: 300, organizations: 200, seed: 43 });
    assert.deepEqual(a, b);
    assert.notDeepEqual(a.environmentRoles, c.environmentRoles);
    assert.equal(a.permissions.length, 5000);
    assert.equal(new Set(a.permissions.map((p) => p.slug)).size, 5000);
    assert.equal(new Set(a.permissions.map((p) => p.id)).size, 5000);
    assert.ok(a.permissions.every((p) => /^[a-z0-9\-_:.*]+$/.test(p.slug) && p.slug.includes(':')));
    assert.ok(a.permissions.some((p) => p.system));
    assert.ok(new Set(a.permissions.map((p) => p.resource_type_slug)).size > 2);
    assert.equal(a.environmentRoles.length, 300);
    assert.equal(new Set(a.environmentRoles.map((r) => r.slug)).size, 300);
    assert.ok(a.environmentRoles.some((r) => r.resource_type_slug !== 'organization'));
    const slugs = new Set(a.permissions.map((p) => p.slug));
    assert.ok(a.environmentRoles.every((r) => r.permissions.every((p) => slugs.has(p))));
    assert.equal(a.organizations.length, 200);
    const orgRoles = a.organizations.flatMap((o) => o.roles);
    assert.ok(orgRoles.length > 0 && orgRoles.every((r) => r.slug.startsWith('org-') && r.type === 'OrganizationRole'));
    // Ids sort in creation order, as ULIDs do.
    const ids = a.permissions.map((p) => p.id);
    assert.deepEqual([...ids].sort(), ids);
  });

  test('stateFromSnapshot serves a catalog file', async () => {
    const snapshot: CatalogSnapshot = {
      version: SNAPSHOT_VERSION,
      environmentRoles: [
        { slug: 'admin', name: 'Admin', description: null, permissions: ['posts:write'], type: 'EnvironmentRole' },
        { slug: 'member', name: 'Member', description: null, permissions: ['posts:read'], type: 'EnvironmentRole' },
      ],
      permissions: [
        { slug: 'posts:read', name: 'Read posts', description: null },
        { slug: 'posts:write', name: 'Write posts', description: 'Write', resource_type_slug: 'organization' },
      ],
      organizations: [
        {
          id: 'org_1',
          name: 'One',
          roles: [{ slug: 'org-editor', name: 'Editor', description: null, permissions: ['posts:write'], type: 'OrganizationRole' }],
        },
      ],
    };
    await withServer(stateFromSnapshot(snapshot), async (server) => {
      const workos = sdk(server);
      const perms = await (await workos.authorization.listPermissions()).autoPagination();
      assert.deepEqual(perms.map((p) => p.slug).sort(), ['posts:read', 'posts:write']);
      assert.deepEqual((await workos.authorization.listEnvironmentRoles()).data.map((r) => r.slug), ['admin', 'member']);
      const orgRoles = await workos.authorization.listOrganizationRoles('org_1');
      assert.deepEqual(orgRoles.data.map((r) => [r.slug, r.type]), [
        ['admin', 'EnvironmentRole'],
        ['member', 'EnvironmentRole'],
        ['org-editor', 'OrganizationRole'],
      ]);
      // Replacing the state takes effect on the next request (drift tests rely on this).
      server.state.permissions.pop();
      assert.equal((await workos.authorization.listPermissions()).data.length, 1);
    });
  });
});

/** Starts the standalone entry point; resolves once it has printed its address. */
async function startMain(args: string[]) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/support/workosServerMain.ts', ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output = { stdout: '', stderr: '' };
  child.stderr.on('data', (d: Buffer) => (output.stderr += d.toString()));
  const stop = async () => {
    if (child.exitCode === null) {
      child.kill('SIGTERM');
      await once(child, 'exit');
    }
  };
  try {
    const lines = createInterface({ input: child.stdout });
    let timer: NodeJS.Timeout | undefined;
    const [line] = (await Promise.race([
      once(lines, 'line'),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no output; stderr: ${output.stderr}`)), 15_000);
      }),
    ]).finally(() => clearTimeout(timer))) as [string];
    output.stdout += line;
    const { url, port } = JSON.parse(line) as { url: string; port: number };
    return { url, port, output, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

describe('workosServerMain', () => {
  test('prints its url as one JSON line and serves the access state with the given key', async () => {
    const key = 'sk_test_main_entry';
    const main = await startMain(['--state', 'access', '--key', key]);
    try {
      assert.equal(main.url, `http://127.0.0.1:${main.port}`);
      const workos = new WorkOS(key, { apiHostname: '127.0.0.1', port: main.port, https: false, maxRetries: 0, timeout: 2000 });
      const check = await workos.authorization.check({
        organizationMembershipId: ACCESS.memberships.alice,
        permissionSlug: 'project:edit',
        resourceId: ACCESS.resources.projApi,
      });
      assert.deepEqual(check, { authorized: true });
      const wrong = await fetch(`${main.url}/authorization/roles`, { headers: { Authorization: `Bearer ${TEST_API_KEY}` } });
      assert.equal(wrong.status, 401);
    } finally {
      await main.stop();
    }
    assert.ok(!main.output.stdout.includes(key) && !main.output.stderr.includes(key));
  });

  test('serves a catalog snapshot file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'workos-server-'));
    const file = join(dir, 'workos-catalog.json');
    const snapshot: CatalogSnapshot = {
      version: SNAPSHOT_VERSION,
      environmentRoles: [{ slug: 'viewer', name: 'Viewer', description: null, permissions: ['docs:read'], type: 'EnvironmentRole' }],
      permissions: [{ slug: 'docs:read', name: 'Read docs', description: null }],
      organizations: [],
    };
    writeFileSync(file, JSON.stringify(snapshot));
    const main = await startMain(['--state', file]);
    try {
      const workos = new WorkOS(TEST_API_KEY, { apiHostname: '127.0.0.1', port: main.port, https: false, maxRetries: 0, timeout: 2000 });
      assert.deepEqual((await workos.authorization.listEnvironmentRoles()).data.map((r) => r.slug), ['viewer']);
      assert.deepEqual((await workos.authorization.listPermissions()).data.map((p) => p.slug), ['docs:read']);
    } finally {
      await main.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
