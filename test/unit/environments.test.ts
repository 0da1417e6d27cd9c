// Several WorkOS environments side by side: `missing-in-environment` and the hover's answer per
// environment, as pure functions over catalogs handed in as data.

import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { Catalog, SNAPSHOT_VERSION, type ApiPermission } from '../../server/src/core/catalog';
import { doHover, doValidation } from '../../server/src/core/languageService';
import type { EnvironmentCatalog } from '../../server/src/core/environments';
import { WorkspaceIndex } from '../../server/src/core/workspaceIndex';

function catalog(permissions: string[], roles: string[] = ['admin']): Catalog {
  return new Catalog(
    {
      version: SNAPSHOT_VERSION,
      permissions: permissions.map((slug): ApiPermission => ({ slug, name: slug, description: null })),
      environmentRoles: roles.map((slug) => ({ slug, name: slug, description: null, permissions: [], type: 'EnvironmentRole' as const })),
      organizations: [],
    },
    { kind: 'snapshot' },
  );
}

const STAGING = catalog(['reports:view', 'reports:export'], ['admin', 'auditor']);
const PRODUCTION = catalog(['reports:view'], ['admin']);
const ENVS: EnvironmentCatalog[] = [
  { name: 'staging', catalog: STAGING },
  { name: 'production', catalog: PRODUCTION },
];

const URI = 'file:///w/app.ts';
const APP = `if (hasPermission('reports:export')) {}
if (hasPermission('reports:view')) {}
if (hasRole('auditor')) {}
const config = { requiredPermission: 'reports:export' };
// workos-authz-ignore-next-line missing-in-environment
if (hasPermission('reports:export')) {}
`;

function index(text = APP): WorkspaceIndex {
  const i = new WorkspaceIndex();
  i.setFile(URI, text);
  return i;
}

const missing = (findings: ReturnType<typeof doValidation>) => findings.filter((f) => f.rule === 'missing-in-environment');

describe('missing-in-environment', () => {
  test('names the environment that has the slug and the one that lacks it, at places with evidence only', () => {
    const findings = missing(doValidation(index(), URI, STAGING, {}, ENVS));
    assert.deepEqual(
      findings.map((f) => [f.slug, f.kind, f.severity, f.evidence]),
      [
        ['reports:export', 'permission', 'error', 'helper'],
        ['auditor', 'role', 'error', 'helper'],
      ],
    );
    assert.match(findings[0].message, /^`reports:export` exists in staging but not in production: WorkOS in production has no such permission/);
    assert.match(findings[1].message, /^`auditor` exists in staging but not in production/);
  });

  test('the primary decides the other rules; the rule names the direction either way', () => {
    const findings = doValidation(index(), URI, PRODUCTION, {}, [ENVS[1], ENVS[0]]);
    assert.ok(findings.some((f) => f.rule === 'unknown-permission' && f.slug === 'reports:export'));
    assert.match(missing(findings)[0].message, /exists in staging but not in production/);
  });

  test('no environments, one loaded environment, or a failed one: no finding, nothing else changes', () => {
    const plain = doValidation(index(), URI, STAGING);
    assert.deepEqual(missing(plain), []);
    assert.deepEqual(doValidation(index(), URI, STAGING, {}, []), plain);
    const broken: EnvironmentCatalog[] = [ENVS[0], { name: 'production', error: 'workos-catalog.production.json: not valid JSON' }];
    assert.deepEqual(missing(doValidation(index(), URI, STAGING, {}, broken)), []);
  });

  test('three environments: lists each side', () => {
    const qa = { name: 'qa', catalog: catalog(['reports:view']) };
    const [f] = missing(doValidation(index(`hasPermission('reports:export');\n`), URI, STAGING, {}, [...ENVS, qa]));
    assert.match(f.message, /exists in staging but not in production or qa: WorkOS in production and qa/);
  });

  test('a slug no environment has is left to unknown-permission', () => {
    const findings = doValidation(index(`hasPermission('reports:delete');\n`), URI, STAGING, {}, ENVS);
    assert.deepEqual(findings.map((f) => f.rule), ['unknown-permission']);
  });

  test('the severity is configurable and off turns the rule off', () => {
    assert.equal(missing(doValidation(index(), URI, STAGING, { severities: { 'missing-in-environment': 'warning' } }, ENVS))[0].severity, 'warning');
    assert.deepEqual(missing(doValidation(index(), URI, STAGING, { severities: { 'missing-in-environment': 'off' } }, ENVS)), []);
  });

  test('through a constant: reported at the use and named', () => {
    const text = `const P = { EXPORT: 'reports:export' } as const;\nhasPermission(P.EXPORT);\n`;
    const findings = missing(doValidation(index(text), URI, STAGING, {}, ENVS));
    assert.ok(findings.length >= 1);
    assert.ok(findings.every((f) => f.slug === 'reports:export'));
    assert.ok(findings.some((f) => /via `P.EXPORT`/.test(f.message)));
  });
});

describe('hover across environments', () => {
  test('lists each environment and its answer, and the finding', () => {
    const offset = APP.indexOf('reports:export') + 2;
    const hover = doHover(index(), URI, offset, STAGING, {}, [...ENVS, { name: 'qa', error: 'WORKOS_API_KEY_QA is not set' }]);
    assert.ok(hover);
    assert.match(hover.markdown, /\*\*Environments\*\*\n- staging: ✓ has `reports:export`\n- production: ✗ no such permission\n- qa: not loaded \(WORKOS_API_KEY_QA is not set\)/);
    assert.match(hover.markdown, /\*\*missing-in-environment\*\* \(error\): `reports:export` exists in staging but not in production/);
    // Right under the title, where a hover too small for everything still shows it.
    assert.deepEqual(hover.markdown.split('\n').slice(0, 3), ['**Permission** `reports:export` — reports:export', '', '**Environments**']);
  });

  test('without environments the hover is as before', () => {
    const offset = APP.indexOf('reports:view') + 2;
    const hover = doHover(index(), URI, offset, STAGING);
    assert.ok(hover);
    assert.doesNotMatch(hover.markdown, /Environments/);
  });
});

describe('code actions across environments', () => {
  test('a missing-in-environment finding is among the findings quick fixes are made of (so it can be ignored on its line)', async () => {
    const { doCodeActions } = await import('../../server/src/core/languageService');
    const start = APP.indexOf('reports:export');
    const rules = doCodeActions(index(), URI, start, start, STAGING, {}, ENVS).map((f) => f.rule);
    assert.ok(rules.includes('missing-in-environment'), rules.join(', '));
    assert.ok(!doCodeActions(index(), URI, start, start, STAGING).some((f) => f.rule === 'missing-in-environment'));
  });
});
