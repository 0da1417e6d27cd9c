import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { ChecksFileError, checkLabel, newCheckId, parseChecksFile, serializeChecksFile, type ChecksFile } from '../../server/src/checks/checksFile';
import { describeEffectiveRole } from '../../server/src/workos/effectiveRoles';
import { listAll } from '../../server/src/workos/pagination';

const valid: ChecksFile = {
  version: 1,
  checks: [
    {
      id: 'chk_a',
      organization: { id: 'org_1', name: 'Acme' },
      membership: { email: 'alice@acme.test' },
      permission: 'workspace:edit',
      resource: { typeSlug: 'workspace', externalId: 'ws-1', name: 'Engineering' },
      expected: 'allow',
    },
    { id: 'chk_b', organization: { id: 'org_1' }, membership: { id: 'om_1' }, permission: 'doc:read', resource: { id: 'authz_resource_1' } },
  ],
};

describe('workos-checks.json', () => {
  test('round-trips through serialize and parse', () => {
    const text = serializeChecksFile(valid);
    assert.deepEqual(parseChecksFile(text), valid);
    assert.ok(text.endsWith('}\n'));
    assert.ok(!text.includes('undefined'));
  });

  const bad: [string, unknown, RegExp][] = [
    ['not JSON', '{', /not valid JSON/],
    ['wrong version', { version: 2, checks: [] }, /unsupported "version" 2/],
    ['checks not an array', { version: 1, checks: {} }, /"checks" must be an array/],
    ['membership without email or id', { version: 1, checks: [{ ...valid.checks[0], membership: {} }] }, /checks\[0\]\.membership needs "email" or "id"/],
    ['bad expectation', { version: 1, checks: [{ ...valid.checks[0], expected: 'yes' }] }, /checks\[0\]\.expected must be "allow" or "deny"/],
    ['resource without external id', { version: 1, checks: [{ ...valid.checks[0], resource: { typeSlug: 'workspace' } }] }, /resource\.externalId must be a non-empty string/],
    ['empty permission', { version: 1, checks: [{ ...valid.checks[0], permission: '' }] }, /checks\[0\]\.permission must be a non-empty string/],
    ['duplicate id', { version: 1, checks: [valid.checks[0], valid.checks[0]] }, /"chk_a" is used twice/],
  ];
  for (const [name, input, message] of bad) {
    test(`rejects ${name}, naming the field`, () => {
      const text = typeof input === 'string' ? input : JSON.stringify(input);
      assert.throws(() => parseChecksFile(text, 'workos-checks.json'), (e: unknown) => e instanceof ChecksFileError && message.test(e.message) && e.message.startsWith('workos-checks.json: '));
    });
  }

  test('labels a check without a name by who, what and where', () => {
    assert.equal(checkLabel(valid.checks[0]), 'alice@acme.test · workspace:edit · workspace Engineering');
    assert.equal(checkLabel(valid.checks[1]), 'om_1 · doc:read · authz_resource_1');
    assert.equal(checkLabel({ ...valid.checks[1], name: 'Admins can read' }), 'Admins can read');
  });

  test('new ids do not collide with existing ones', () => {
    let n = 0;
    const sequence = [0.5, 0.5, 0.25];
    const id = newCheckId(['chk_' + Math.floor(0.5 * 36 ** 6).toString(36).padStart(6, '0')], () => sequence[n++]);
    assert.equal(id, 'chk_' + Math.floor(0.25 * 36 ** 6).toString(36).padStart(6, '0'));
  });
});

describe('effective role wording', () => {
  test('says the role, the resource and the source as WorkOS does', () => {
    assert.equal(
      describeEffectiveRole({ role: 'workspace-admin', resource: { typeSlug: 'workspace', name: 'Engineering' }, source: { type: 'group', groupName: 'Engineering' } }),
      'workspace-admin on Workspace: Engineering, from the Engineering group',
    );
    assert.equal(
      describeEffectiveRole({ role: 'viewer', resource: { typeSlug: 'project_space', externalId: 'p-1' }, source: { type: 'direct' } }),
      'viewer on Project Space: p-1, assigned directly',
    );
    assert.equal(
      describeEffectiveRole({ role: 'editor', resource: { typeSlug: 'document', id: 'authz_resource_9' }, source: { type: 'group', groupId: 'group_1' } }),
      'editor on Document: authz_resource_9, from group group_1',
    );
  });
});

describe('listAll', () => {
  test('follows cursors to the end', async () => {
    const pages: Record<string, { data: number[]; listMetadata: { after: string | null } }> = {
      '': { data: [1, 2], listMetadata: { after: 'a' } },
      a: { data: [3], listMetadata: { after: null } },
    };
    assert.deepEqual(await listAll(async (after) => pages[after ?? '']), [1, 2, 3]);
  });

  test('stops on a repeated cursor instead of looping', async () => {
    await assert.rejects(listAll(async () => ({ data: [1], listMetadata: { after: 'same' } })), /repeated the page cursor same/);
  });

  test('gives up after the page limit', async () => {
    let i = 0;
    await assert.rejects(listAll(async () => ({ data: [i], listMetadata: { after: `c${i++}` } }), 3), /gave up after 3 pages/);
  });
});
