// The access-check runner against the WorkOS-compatible test server, through the real SDK.

import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createWorkos } from '../../server/src/workos/connection';
import type { SavedCheck } from '../../server/src/checks/checksFile';
import { describeEffectiveRole } from '../../server/src/workos/effectiveRoles';
import { runCheck, runChecks, type ChecksApi } from '../../server/src/workos/accessChecks';
import { startWorkosServer, type WorkosTestServer } from '../support/workosServer';
import { ACCESS, accessState, TEST_API_KEY } from '../support/workosState';

let server: WorkosTestServer;
let api: ChecksApi;

before(async () => {
  server = await startWorkosServer(accessState());
  api = apiWithKey(TEST_API_KEY);
});
after(() => server.close());

function apiWithKey(apiKey: string): ChecksApi {
  return createWorkos({ apiKey, hostname: '127.0.0.1', port: server.port, https: false, timeoutMs: 5000 });
}

const org = { id: ACCESS.organizationId, name: 'Acme Inc.' };
const check = (over: Partial<SavedCheck>): SavedCheck => ({
  id: 'chk_1',
  organization: org,
  membership: { email: 'alice@acme.test' },
  permission: 'workspace:edit',
  resource: { typeSlug: 'workspace', externalId: 'ws-engineering' },
  ...over,
});

describe('runCheck', () => {
  test('alice may edit the Engineering workspace, through the Engineering group', async () => {
    const r = await runCheck(api, check({}));
    assert.equal(r.outcome, 'allowed');
    assert.equal(r.mismatch, false);
    assert.equal(r.reason, undefined);
    assert.equal(r.membershipId, ACCESS.memberships.alice, 'membership resolved from the email');
    assert.deepEqual(r.effectiveRoles.map(describeEffectiveRole), [
      "member on Organization: Acme Inc., the membership's organization role",
      'workspace-admin on Workspace: Engineering, from the Engineering group',
    ]);
    assert.match(r.ranAt, /^\d{4}-\d\d-\d\dT/);
  });

  test('durationMs is how long the run took, the API calls included', async () => {
    const DELAY = 150;
    // The same API, with authorization.check answering DELAY ms late.
    const slowCheck = new Proxy(api.authorization, {
      get(target, prop, receiver) {
        const value = Reflect.get(target, prop, receiver);
        if (typeof value !== 'function') return value;
        if (prop !== 'check') return value.bind(target);
        return async (...args: unknown[]) => {
          await new Promise((resolve) => setTimeout(resolve, DELAY));
          return value.apply(target, args);
        };
      },
    });
    const slow = new Proxy(api, { get: (target, prop, receiver) => (prop === 'authorization' ? slowCheck : Reflect.get(target, prop, receiver)) });
    const fast = await runCheck(api, check({ membership: { id: ACCESS.memberships.alice } }), { skipRoles: true });
    const late = await runCheck(slow, check({ membership: { id: ACCESS.memberships.alice } }), { skipRoles: true });
    assert.equal(late.outcome, 'allowed');
    assert.ok(late.durationMs >= DELAY - 5, `the run took ${late.durationMs} ms, less than the ${DELAY} ms the check was held`);
    assert.ok(late.durationMs - fast.durationMs >= DELAY - 20, `fast ${fast.durationMs} ms, slow ${late.durationMs} ms`);
    assert.ok(Number.isInteger(late.durationMs));
  });

  test('bob may not edit project Web: denied with a reason and his direct role', async () => {
    const r = await runCheck(
      api,
      check({ membership: { id: ACCESS.memberships.bob, email: 'bob@acme.test' }, permission: 'project:edit', resource: { typeSlug: 'project', externalId: 'proj-web', name: 'Web' } }),
    );
    assert.equal(r.outcome, 'denied');
    assert.equal(r.reason, 'bob@acme.test has no role granting project:edit on Project: Web');
    assert.deepEqual(r.effectiveRoles.map(describeEffectiveRole), [
      "member on Organization: Acme Inc., the membership's organization role",
      'project-viewer on Project: Web, assigned directly',
    ]);
  });

  test('a resource given by its WorkOS id is checked by id', async () => {
    const r = await runCheck(api, check({ resource: { id: ACCESS.resources.docApiSpec }, permission: 'document:read' }));
    assert.equal(r.outcome, 'allowed', 'workspace-admin on the grandparent workspace reaches the document');
    const last = server.requests.filter((q) => q.path.endsWith('/check')).at(-1)!;
    assert.equal(last.path, `/authorization/organization_memberships/${ACCESS.memberships.alice}/check`);
  });

  test('an expectation that does not hold is a mismatch, with both answers in the reason', async () => {
    const r = await runCheck(api, check({ expected: 'deny' }));
    assert.equal(r.outcome, 'allowed');
    assert.equal(r.mismatch, true);
    assert.equal(r.reason, 'expected deny, got allow');
    const ok = await runCheck(api, check({ expected: 'allow' }));
    assert.equal(ok.mismatch, false);
  });

  test('an unknown email is an error that names it, and makes no check call', async () => {
    const before = server.requests.filter((q) => q.path.endsWith('/check')).length;
    const r = await runCheck(api, check({ membership: { email: 'nobody@acme.test' }, expected: 'allow' }));
    assert.equal(r.outcome, 'error');
    assert.equal(r.mismatch, true);
    assert.equal(r.reason, 'no user with email nobody@acme.test');
    assert.equal(server.requests.filter((q) => q.path.endsWith('/check')).length, before);
  });

  test('a user outside the organization is an error naming the organization', async () => {
    const r = await runCheck(api, check({ organization: { id: ACCESS.otherOrganizationId, name: 'Globex Corp' } }));
    assert.equal(r.outcome, 'error');
    assert.equal(r.reason, 'alice@acme.test is not a member of Globex Corp');
  });

  test('a rejected key is an error result that never carries the key', async () => {
    const badKey = 'sk_test_wrong_key_value_123';
    const r = await runCheck(apiWithKey(badKey), check({}));
    assert.equal(r.outcome, 'error');
    assert.equal(r.reason, 'unauthorized (401): the API key was rejected');
    assert.ok(!JSON.stringify(r).includes(badKey));
  });

  test('an unreachable API is a network error, not a throw', async () => {
    const dead = createWorkos({ apiKey: TEST_API_KEY, hostname: '127.0.0.1', port: 9, https: false, timeoutMs: 2000 });
    const r = await runCheck(dead, check({ membership: { id: ACCESS.memberships.alice } }));
    assert.equal(r.outcome, 'error');
    assert.match(r.reason!, /^network error/);
  });

  test('skipRoles leaves out the role lookup', async () => {
    const before = server.requests.length;
    const r = await runCheck(api, check({ membership: { id: ACCESS.memberships.alice } }), { skipRoles: true });
    assert.equal(r.outcome, 'allowed');
    assert.deepEqual(r.effectiveRoles, []);
    assert.deepEqual(server.requests.slice(before).map((q) => q.path), [`/authorization/organization_memberships/${ACCESS.memberships.alice}/check`]);
  });

  test('runChecks gives one result per check, in order', async () => {
    const rs = await runChecks(api, [check({ id: 'a' }), check({ id: 'b', permission: 'billing:manage', resource: { typeSlug: 'organization', externalId: ACCESS.organizationId } })]);
    assert.deepEqual(rs.map((r) => [r.checkId, r.outcome]), [['a', 'allowed'], ['b', 'denied']]);
  });
});
