// The extension's pure pieces for named environments: the status bar naming which environments
// are loaded, and the Catalog view's nodes for the difference between two.

import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import type { EnvironmentState, FolderCatalogState } from '../../server/src/protocol';
import { statusView } from '../../client/src/statusText';
import { diffChildren } from '../../client/src/catalog/environmentDiffText';
import { diffSnapshots } from '../../server/src/catalog/diff';

const running = { restricted: false, phase: 'running' as const };

function folder(environments: EnvironmentState[]): FolderCatalogState {
  return {
    folderUri: 'file:///ws',
    folderName: 'ws',
    source: 'snapshot',
    path: '/ws/catalogs/staging.json',
    counts: { permissions: 2, roles: 1, organizations: 0 },
    stale: false,
    orgPrefixStyle: 'none',
    indexedFiles: 3,
    indexing: false,
    environments,
  };
}

const STAGING: EnvironmentState = { name: 'staging', primary: true, loaded: true, live: false, path: '/ws/catalogs/staging.json', counts: { permissions: 2, roles: 1 } };
const PRODUCTION: EnvironmentState = { name: 'production', primary: false, loaded: true, live: true, hasKey: true, host: 'api.workos.com', counts: { permissions: 1, roles: 1 } };

describe('status bar with environments', () => {
  test('every environment loaded: each with a check mark, sources in the tooltip', () => {
    const v = statusView({ folders: [folder([STAGING, PRODUCTION])], hasApiKey: false }, running)!;
    assert.equal(v.text, '$(layers) WorkOS: staging ✓ production ✓');
    assert.equal(v.warning, false);
    assert.match(v.tooltip, /staging \(checked against\): \/ws\/catalogs\/staging\.json · 2 permissions, 1 roles/);
    assert.match(v.tooltip, /production: live api\.workos\.com · 1 permissions, 1 roles/);
    assert.equal(v.command, 'workosAuthz.refreshCatalog');
  });

  test('a live environment without its key: not loaded, a warning, and a click sets its key', () => {
    const production: EnvironmentState = { name: 'production', primary: false, loaded: false, live: true, hasKey: false, error: 'no API key set for this environment' };
    const v = statusView({ folders: [folder([STAGING, production])], hasApiKey: false }, running)!;
    assert.equal(v.text, '$(warning) WorkOS: staging ✓ production ✗');
    assert.equal(v.warning, true);
    assert.match(v.tooltip, /production not loaded, so slugs are not compared with it/);
    assert.match(v.tooltip, /production: live — not loaded: no API key set for this environment/);
    assert.equal(v.command, 'workosAuthz.setEnvironmentApiKey');
    const restricted = statusView({ folders: [folder([STAGING, production])], hasApiKey: false }, { ...running, restricted: true })!;
    assert.equal(restricted.command, 'workosAuthz.refreshCatalog');
  });
});

describe('Catalog view: the difference between two environments', () => {
  const snapshot = (permissions: string[]) => ({
    version: 1 as const,
    permissions: permissions.map((slug) => ({ slug, name: slug, description: null })),
    environmentRoles: [{ slug: 'admin', name: 'Admin', description: null, permissions, type: 'EnvironmentRole' as const }],
    organizations: [],
  });

  test('+ only in the second, - only in the first, ~ role grants', () => {
    const diff = diffSnapshots(snapshot(['reports:view', 'reports:export']), snapshot(['reports:view', 'audit:read']));
    const nodes = diffChildren({ ok: true, folderUri: 'file:///ws', from: 'staging', to: 'production', changes: 3, diff, text: '' });
    assert.deepEqual(nodes[0], { type: 'message', text: 'staging → production: 3 changes' });
    assert.deepEqual(nodes.slice(1), [
      {
        type: 'diffGroup',
        label: 'Permissions',
        entries: [
          { sign: '+', slug: 'audit:read', detail: 'only in production' },
          { sign: '-', slug: 'reports:export', detail: 'only in staging' },
        ],
      },
      {
        type: 'diffGroup',
        label: 'Environment roles',
        entries: [{ sign: '~', slug: 'admin', detail: 'grants in production only: audit:read; grants in staging only: reports:export' }],
      },
    ]);
  });

  test('the same catalogs, and a failure, are one message each', () => {
    const same = diffChildren({ ok: true, folderUri: 'file:///ws', from: 'a', to: 'b', changes: 0, diff: diffSnapshots(snapshot(['x:y']), snapshot(['x:y'])), text: '' });
    assert.deepEqual(same, [{ type: 'message', text: 'a and b have the same permissions and environment roles.' }]);
    assert.deepEqual(diffChildren({ ok: false, message: 'Environment production is not loaded: no key' }), [{ type: 'message', text: 'Environment production is not loaded: no key' }]);
  });
});
