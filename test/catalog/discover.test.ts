import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, writeFileSync, rmSync, realpathSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CATALOG_FILE_NAMES, discoverCatalogFile } from '../../server/src/catalog';

describe('discoverCatalogFile', () => {
  let root: string;
  before(() => {
    root = realpathSync(mkdtempSync(join(tmpdir(), 'catalog-discover-')));
    mkdirSync(join(root, 'repo', 'packages', 'web', 'src'), { recursive: true });
    mkdirSync(join(root, 'repo', 'packages', 'api'), { recursive: true });
    writeFileSync(join(root, 'repo', 'workos-seed.yml'), 'permissions: []\n');
    writeFileSync(join(root, 'repo', 'packages', 'api', 'workos-emulate.config.yaml'), 'roles: []\n');
    writeFileSync(join(root, 'repo', 'packages', 'api', 'workos-catalog.json'), '{"version":1}');
    writeFileSync(join(root, 'repo', 'packages', 'web', 'src', 'app.ts'), '');
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  test('the names, in precedence order', () => {
    assert.deepEqual(CATALOG_FILE_NAMES, ['workos-catalog.json', 'workos-seed.yml', 'workos-seed.yaml', 'workos-emulate.config.yaml']);
  });

  test('walks up to the nearest directory holding a catalog', () => {
    assert.equal(discoverCatalogFile(join(root, 'repo', 'packages', 'web', 'src')), join(root, 'repo', 'workos-seed.yml'));
  });

  test('a file path starts from its directory', () => {
    assert.equal(discoverCatalogFile(join(root, 'repo', 'packages', 'web', 'src', 'app.ts')), join(root, 'repo', 'workos-seed.yml'));
  });

  test('the nearest directory wins, and in it the snapshot beats the emulator config', () => {
    assert.equal(discoverCatalogFile(join(root, 'repo', 'packages', 'api')), join(root, 'repo', 'packages', 'api', 'workos-catalog.json'));
  });

  test('relative start paths resolve against the working directory', () => {
    const prev = process.cwd();
    process.chdir(join(root, 'repo', 'packages'));
    try {
      assert.equal(discoverCatalogFile('web'), join(root, 'repo', 'workos-seed.yml'));
    } finally {
      process.chdir(prev);
    }
  });

  test('a directory named like a catalog file is not a catalog', () => {
    const dir = join(root, 'dirs', 'inner');
    mkdirSync(join(root, 'dirs', 'workos-catalog.json'), { recursive: true });
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(root, 'dirs', 'workos-seed.yaml'), 'permissions: []\n');
    assert.equal(discoverCatalogFile(dir), join(root, 'dirs', 'workos-seed.yaml'));
  });

  test('nothing up to the root: undefined', () => {
    const lonely = join(root, 'lonely');
    mkdirSync(lonely);
    // The temp dir's ancestors (/tmp, /) hold no catalog files.
    assert.equal(discoverCatalogFile(lonely), undefined);
  });
});
