import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Catalog, SNAPSHOT_VERSION } from '../../server/src/core/catalog';
import { completionCandidates } from '../../server/src/core/completion';
import { doValidation } from '../../server/src/core/languageService';
import { catalogWarmSteps, warmUp } from '../../server/src/core/warmUp';
import { WorkspaceIndex } from '../../server/src/core/workspaceIndex';

// Warming up runs the real code paths over a sample; it must leave nothing behind that changes a
// later answer (the caches it fills are keyed by catalog and give the same results).
describe('warm-up', () => {
  const catalog = () =>
    new Catalog(
      {
        version: SNAPSHOT_VERSION,
        permissions: [
          { slug: 'video:create', name: 'Create', description: null },
          { slug: 'video:view', name: 'View', description: null },
        ],
        environmentRoles: [{ slug: 'admin', name: 'Admin', description: null, permissions: ['video:create'], type: 'EnvironmentRole' }],
        organizations: [],
      },
      { kind: 'snapshot' },
    );
  const TEXT = `hasPermission(user, 'video:craete');\nif (session.role === 'admn') {}\nworkos.authorization.check({ permissionSlug: 'video:veiw' });\n`;
  const answers = (c: Catalog) => {
    const index = new WorkspaceIndex();
    index.setFile('file:///w/a.ts', TEXT);
    return {
      findings: doValidation(index, 'file:///w/a.ts', c).map((f) => `${f.rule} ${f.slug} ${f.message}`),
      completion: completionCandidates(c, 'permission', 'vid').items.map((i) => i.slug),
    };
  };

  test('answers are the same cold and after warmUp and the catalog warm-up steps', () => {
    const cold = answers(catalog());
    assert.ok(cold.findings.length >= 2, cold.findings.join('\n'));
    warmUp(2);
    const warmed = catalog();
    for (const step of catalogWarmSteps(warmed)) step();
    assert.deepEqual(answers(warmed), cold);
  });

  test('a catalog the warm-up cannot read leaves the work to the first request instead of throwing', () => {
    assert.doesNotThrow(() => {
      for (const step of catalogWarmSteps({} as Catalog)) step();
    });
  });
});
