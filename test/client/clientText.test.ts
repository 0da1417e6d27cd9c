// The extension's pure pieces: status bar wording, check descriptions, WorkOS detection.

import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import type { CatalogStateResult, FolderCatalogState } from '../../server/src/protocol';
import type { AccessCheckResult as CheckResult } from '../../server/src/protocol';
import { statusView, formatAge } from '../../client/src/statusText';
import { checkChildren, checkDescription, ranAt } from '../../client/src/checks/checkText';
import { packageJsonUsesWorkos } from '../../client/src/workosDependency';

function folder(over: Partial<FolderCatalogState>): FolderCatalogState {
  return {
    folderUri: 'file:///ws',
    folderName: 'ws',
    source: 'snapshot',
    counts: { permissions: 15, roles: 9, organizations: 2 },
    stale: false,
    orgPrefixStyle: 'org-',
    indexedFiles: 10,
    indexing: false,
    ...over,
  };
}
const state = (...folders: FolderCatalogState[]): CatalogStateResult => ({ folders, hasApiKey: false });
const running = { restricted: false, phase: 'running' as const };

describe('status bar', () => {
  test('names the source, age and counts; a click refreshes', () => {
    const v = statusView(state(folder({ ageSeconds: 3 * 86400 })), running)!;
    assert.equal(v.text, '$(shield) WorkOS: snapshot · 3 d · 15p/9r');
    assert.equal(v.warning, false);
    assert.equal(v.command, 'workosAuthz.refreshCatalog');
    assert.match(v.tooltip, /15 permissions · 9 roles · 2 orgs/);
  });

  test('a live catalog shows its host', () => {
    const v = statusView(state(folder({ source: 'live', host: '127.0.0.1:8787', ageSeconds: 10 })), running)!;
    assert.equal(v.text, '$(shield) WorkOS: live 127.0.0.1:8787 · just now · 15p/9r');
  });

  test('stale: warning state, the reason in the tooltip, a click asks for a key when the key is the problem', () => {
    const v = statusView(state(folder({ source: 'cache', host: 'api.workos.com', stale: true, staleReason: 'live fetch failed: unauthorized' })), running)!;
    assert.equal(v.warning, true);
    assert.ok(v.text.startsWith('$(warning)'));
    assert.match(v.tooltip, /stale: live fetch failed: unauthorized/);
    assert.equal(v.command, 'workosAuthz.setApiKey');
    const net = statusView(state(folder({ stale: true, staleReason: 'live fetch failed: network' })), running)!;
    assert.equal(net.command, 'workosAuthz.refreshCatalog');
  });

  test('no catalog: warning, and in Restricted Mode no prompt for a key', () => {
    const none = folder({ source: 'none', staleReason: 'no catalog file found' });
    assert.equal(statusView(state(none), running)!.command, 'workosAuthz.setApiKey');
    const restricted = statusView(state(none), { restricted: true, phase: 'running' })!;
    assert.equal(restricted.command, 'workosAuthz.showOutput');
    assert.match(restricted.tooltip, /Restricted Mode/);
  });

  test('hidden while idle (no WorkOS here), a spinner while starting, an error state when the server stopped', () => {
    assert.equal(statusView(undefined, { restricted: false, phase: 'idle' }), undefined);
    assert.match(statusView(undefined, { restricted: false, phase: 'starting' })!.text, /loading~spin/);
    const failed = statusView(state(folder({})), { restricted: false, phase: 'failed' })!;
    assert.equal(failed.warning, true);
    assert.equal(failed.command, 'workosAuthz.showOutput');
  });

  test('ages read naturally', () => {
    assert.deepEqual([formatAge(5), formatAge(600), formatAge(7200), formatAge(3 * 86400), formatAge(undefined)], ['just now', '10 min', '2 h', '3 d', undefined]);
  });
});

describe('access check results in the tree', () => {
  const base: CheckResult = { checkId: 'c', outcome: 'allowed', ranAt: new Date(2026, 10, 23, 14, 32, 5).toISOString(), durationMs: 41, mismatch: false, effectiveRoles: [] };
  const now = new Date(2026, 10, 23, 15, 0, 0);

  test('✓ / ✗ with the time it ran and how long it took', () => {
    assert.equal(checkDescription(undefined, now), 'not run');
    assert.equal(checkDescription(base, now), '✓ allowed · 14:32:05 · 41 ms');
    assert.equal(checkDescription({ ...base, outcome: 'denied', mismatch: true }, now), '✗ denied (unexpected) · 14:32:05 · 41 ms');
    assert.equal(checkDescription({ ...base, outcome: 'error', mismatch: true }, now), '✗ error · 14:32:05 · 41 ms');
    assert.equal(ranAt(new Date(2026, 10, 20, 9, 12, 0), now), '2026-11-20 09:12');
  });

  test('children: the failure reason first, then the effective roles', () => {
    const denied: CheckResult = {
      ...base,
      outcome: 'denied',
      reason: 'bob has no role granting project:edit on Project: Web',
      effectiveRoles: [{ role: 'project-viewer', resource: { typeSlug: 'project', name: 'Web' }, source: { type: 'direct' }, description: 'project-viewer on Project: Web, assigned directly' }],
    };
    assert.deepEqual(
      checkChildren(denied).map((n) => n.type),
      ['reason', 'role'],
    );
    assert.deepEqual(checkChildren({ ...base }).map((n) => n.type), ['info']);
    const rolesFailed = checkChildren({ ...base, rolesError: 'HTTP 500' });
    assert.deepEqual(rolesFailed, [{ type: 'reason', text: 'Roles unavailable: HTTP 500', error: true }]);
  });
});

describe('WorkOS detection in package.json', () => {
  test('any @workos-inc dependency counts, other packages and broken JSON do not', () => {
    assert.equal(packageJsonUsesWorkos('{"dependencies":{"@workos-inc/node":"^11"}}'), true);
    assert.equal(packageJsonUsesWorkos('{"devDependencies":{"@workos-inc/authkit-nextjs":"4"}}'), true);
    assert.equal(packageJsonUsesWorkos('{"dependencies":{"workos":"1","react":"19"}}'), false);
    assert.equal(packageJsonUsesWorkos('{"description":"uses @workos-inc/node"}'), false);
    assert.equal(packageJsonUsesWorkos('{'), false);
  });
});
