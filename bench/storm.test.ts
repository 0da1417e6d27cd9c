// The checkout storm's plan and its convergence check, without a server.
// Run: node --import tsx --test bench/storm.test.ts

import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { generateCatalog } from './catalogGen';
import { listSourceFiles } from './sourceFiles';
import { applyStorm, ConvergenceTracker, diagnosticsKey, planStorm, watchedFilesParams } from './storm';
import { generateWorkspace } from './workspaceGen';

const CATALOG = { seed: 'storm-unit', permissions: 400, roles: 30, organizations: 6 };
const SPEC = { seed: 'storm-unit', minFiles: 120, minBytes: 300_000, medianBytes: 2_000, sigma: 1, largeFiles: [], editFileLines: 200, typoRate: 0.05 };
const STORM = { seed: 'storm-unit', rewrite: 60, remove: 10, create: 10 };

const diag = (line: number, code: string, message: string) => ({
  range: { start: { line, character: 1 }, end: { line, character: 9 } },
  code,
  message,
});

describe('storm plan', () => {
  const root = mkdtempSync(join(tmpdir(), 'workos-authz-storm-unit-'));
  after(() => rmSync(root, { recursive: true, force: true }));
  const catalog = generateCatalog(CATALOG);
  generateWorkspace(root, SPEC, catalog);
  const files = listSourceFiles(root);
  const plan = planStorm(root, catalog, STORM);

  test('is deterministic, and rewrites, deletes and creates the asked numbers of files, each reported once', () => {
    assert.deepEqual(planStorm(root, catalog, STORM).changes, plan.changes);
    assert.equal(plan.rewritten.size, 60);
    assert.equal(plan.removed.length, 10);
    assert.equal(plan.created.size, 10);
    assert.equal(new Set(plan.changes.map((c) => c.file)).size, 80);
    for (const f of plan.removed) assert.ok(!plan.rewritten.has(f));
    for (const f of plan.created.keys()) assert.ok(!files.includes(f));
    const types = watchedFilesParams(plan).changes.map((c) => c.type);
    assert.deepEqual([1, 2, 3].map((t) => types.filter((x) => x === t).length), [10, 60, 10]);
  });

  test('rewrites every shared constants module and changes slugs both ways: valid to typo and typo to valid', () => {
    for (const f of files.filter((f) => /\/auth\/[^/]+$/.test(f))) assert.ok(plan.rewritten.has(f), f);
    const valid = new Set(catalog.permissions.map((p) => p.slug));
    const slugs = (text: string) => [...text.matchAll(/'([^'\\\n]{1,100})'/g)].map((m) => m[1]);
    let broken = 0;
    let fixed = 0;
    for (const [file, text] of plan.rewritten) {
      const old = slugs(readFileSync(file, 'utf8'));
      const now = slugs(text);
      assert.notEqual(text, readFileSync(file, 'utf8'));
      if (old.length !== now.length) continue;
      for (let i = 0; i < old.length; i++) {
        if (valid.has(old[i]) && !valid.has(now[i])) broken++;
        if (!valid.has(old[i]) && valid.has(now[i])) fixed++;
      }
    }
    assert.ok(broken > 10, `valid → typo: ${broken}`);
    assert.ok(fixed > 0, `typo → valid: ${fixed}`);
  });

  test('applying it writes the new tree', () => {
    applyStorm(plan);
    for (const f of plan.removed) assert.ok(!existsSync(f));
    for (const [f, text] of [...plan.rewritten, ...plan.created]) assert.equal(readFileSync(f, 'utf8'), text);
  });
});

describe('convergence tracker', () => {
  const a = 'file:///a.ts';
  const b = 'file:///b.ts';
  const c = 'file:///c.ts';
  const oldA = [diag(1, 'unknown-permission', 'Unknown permission "x:y"')];
  const newA = [diag(2, 'unknown-permission', 'Unknown permission "x:z"')];
  const newC = [diag(0, 'unknown-role', 'Unknown role "adm"')];
  const before = new Map([[a, diagnosticsKey(oldA)], [b, diagnosticsKey(oldA)]]);
  // b becomes clean (its file was deleted), c is a new file with a finding.
  const expected = new Map([[a, diagnosticsKey(newA)], [c, diagnosticsKey(newC)]]);

  test('the key ignores diagnostic order and fields other than range, code and message', () => {
    const two = [...newA, ...newC];
    assert.equal(diagnosticsKey(two), diagnosticsKey([...two].reverse().map((d) => ({ ...d, severity: 1, source: 'x' }))));
    assert.notEqual(diagnosticsKey(newA), diagnosticsKey([{ ...newA[0], code: 'unknown-role' }]));
    assert.equal(diagnosticsKey([]), '');
  });

  test('converges once every changed file has its new diagnostics; an empty publish clears a file', () => {
    const t = new ConvergenceTracker(before, expected);
    assert.equal(t.changedFiles, 3);
    assert.ok(!t.converged);
    t.publish({ uri: a, diagnostics: newA });
    t.publish({ uri: c, diagnostics: newC });
    assert.deepEqual([...t.mismatched], [b]);
    t.publish({ uri: b, diagnostics: [] });
    assert.ok(t.converged);
    assert.deepEqual(t.stale, []);
  });

  test('a file\'s old diagnostics published after its new ones count as stale and undo convergence', () => {
    const t = new ConvergenceTracker(before, expected);
    t.publish({ uri: a, diagnostics: oldA }); // before the new text was seen: not stale
    assert.deepEqual(t.stale, []);
    t.publish({ uri: a, diagnostics: newA });
    t.publish({ uri: a, diagnostics: oldA });
    assert.deepEqual(t.stale, [{ uri: a, publishIndex: 3 }]);
    assert.ok(t.mismatched.has(a));
    assert.equal(t.describeMismatches(5).find((line) => line.startsWith(a)), `${a}: only the server published [${diagnosticsKey(oldA)}], only a fresh server [${diagnosticsKey(newA)}]`);
  });
});
