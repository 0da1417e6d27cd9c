// Catalog files that are broken, of the wrong shape, hostile or huge: the CLI stops with exit 2
// and a message naming file, line and field, never half-loads, and never runs the check on a
// partial catalog. A snapshot write interrupted midway (an error, or the process killed) leaves
// the previous file intact.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { main } from '../../server/src/cli';
import { CatalogError, loadCatalogFile, parseCatalogText, writeSnapshotFile } from '../../server/src/catalog';
import type { CatalogSnapshot } from '../../server/src/core/catalog';
import { captureIo, removeDir, ROOT, tempDir } from './support';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const realFs: typeof fs = require('node:fs');

const GOOD = fs.readFileSync(path.join(ROOT, 'examples', 'acme-app', 'workos-catalog.json'), 'utf8');
const SOURCE = "const { role } = await withAuth();\nif (role === 'admin') {}\n";

interface BadFile {
  name: string;
  file: string;
  text: string | (() => string);
  /** Expected in the message, besides the file name. */
  message: RegExp;
  line?: number;
  field?: string;
}

const BAD: BadFile[] = [
  { name: 'JSON cut off midway', file: 'workos-catalog.json', text: GOOD.slice(0, Math.floor(GOOD.length / 2)), message: /invalid JSON/ },
  { name: 'JSON with a trailing comma', file: 'workos-catalog.json', text: '{\n  "version": 1,\n  "permissions": [],\n}\n', message: /invalid JSON/, line: 4 },
  { name: 'an empty JSON file', file: 'workos-catalog.json', text: '', message: /invalid JSON/ },
  { name: 'JSON that is an array', file: 'workos-catalog.json', text: '[]\n', message: /must be/ },
  { name: 'an unknown snapshot version', file: 'workos-catalog.json', text: () => GOOD.replace('"version": 1', '"version": 99'), message: /version/, line: 2, field: 'version' },
  {
    name: 'a permission slug of the wrong type',
    file: 'workos-catalog.json',
    text: () => {
      const s = JSON.parse(GOOD);
      s.permissions[1].slug = 42;
      return JSON.stringify(s, null, 2);
    },
    message: /permissions\[1\]\.slug must be a string/,
    field: 'permissions[1].slug',
  },
  {
    name: 'role permissions that are not a list',
    file: 'workos-catalog.json',
    text: () => {
      const s = JSON.parse(GOOD);
      s.environmentRoles[0].permissions = 'video:create';
      return JSON.stringify(s, null, 2);
    },
    message: /environmentRoles\[0\]\.permissions must be a list/,
    field: 'environmentRoles[0].permissions',
  },
  {
    name: 'a duplicate permission slug',
    file: 'workos-catalog.json',
    text: () => {
      const s = JSON.parse(GOOD);
      s.permissions.push({ ...s.permissions[0], id: 'perm_dup' });
      return JSON.stringify(s, null, 2);
    },
    message: /duplicates permission/,
  },
  { name: 'YAML with broken indentation', file: 'workos-seed.yml', text: 'permissions:\n  - slug: a:b\n   name: A\nroles: [\n', message: /invalid YAML/ },
  { name: 'a YAML seed with permissions as a string', file: 'workos-seed.yml', text: 'permissions: video:create\nroles: []\n', message: /permissions must be a list/, line: 1, field: 'permissions' },
  {
    name: 'a YAML seed with a duplicate role',
    file: 'workos-seed.yml',
    text: 'permissions:\n  - slug: a:b\n    name: A\nroles:\n  - slug: admin\n    name: Admin\n    permissions: [a:b]\n  - slug: admin\n    name: Admin again\n    permissions: []\n',
    message: /roles\[1\]\.slug duplicates .*role 'admin'/,
    line: 8,
  },
  {
    name: 'a YAML alias bomb',
    file: 'workos-seed.yml',
    text: () => {
      const lines = ['a: &a ["x","x","x","x","x","x","x","x","x","x"]'];
      for (let i = 1; i < 10; i++) {
        const prev = String.fromCharCode(96 + i);
        const cur = String.fromCharCode(97 + i);
        lines.push(`${cur}: &${cur} [${Array(10).fill(`*${prev}`).join(',')}]`);
      }
      lines.push('permissions: []', 'roles: []');
      return lines.join('\n') + '\n';
    },
    message: /invalid YAML|alias/i,
  },
  { name: 'an empty seed', file: 'workos-seed.yml', text: '', message: /is empty/ },
  {
    name: 'an emulator role without its organization',
    file: 'workos-emulate.config.yaml',
    text: 'permissions:\n  - slug: a:b\n    name: A\nroles:\n  - slug: org-x\n    name: X\n    type: OrganizationRole\n    permissions: []\n',
    message: /organization_id is required/,
  },
];

describe('malformed catalog files', () => {
  let dir: string;
  before(() => {
    dir = tempDir('catalog-faults');
    fs.writeFileSync(path.join(dir, 'page.ts'), SOURCE);
  });
  after(() => removeDir(dir));

  for (const bad of BAD) {
    test(`${bad.name}: exit 2 naming file${bad.line ? ', line' : ''}${bad.field ? ', field' : ''}`, async () => {
      const sub = fs.mkdtempSync(path.join(dir, 'case-'));
      const file = path.join(sub, bad.file);
      const text = typeof bad.text === 'function' ? bad.text() : bad.text;
      fs.writeFileSync(file, text);
      fs.copyFileSync(path.join(dir, 'page.ts'), path.join(sub, 'page.ts'));

      // Explicit --catalog and discovery take the same path to the same error.
      for (const args of [['check', sub, '--catalog', file], ['check', sub]]) {
        const io = captureIo(dir);
        const code = await main(args, io);
        const { stdout, stderr } = io.text();
        assert.equal(code, 2, `exit ${code}\n${stdout}\n${stderr}`);
        assert.equal(stdout, '', 'no findings are printed from a catalog that did not load');
        assert.ok(stderr.includes(file), `names the file: ${stderr}`);
        assert.match(stderr, bad.message);
        if (bad.line) assert.ok(stderr.includes(`${file}:${bad.line}:`), `names line ${bad.line}: ${stderr}`);
        assert.ok(!/unexpected error|\n\s+at /.test(stderr), `a clear message, not a stack trace: ${stderr}`);
      }

      // The error object carries the location for the editor, too; nothing half-loads.
      let caught: unknown;
      try {
        loadCatalogFile(file);
      } catch (e) {
        caught = e;
      }
      assert.ok(caught instanceof CatalogError, `CatalogError, got ${caught}`);
      assert.equal(caught.file, file);
      if (bad.line) assert.equal(caught.line, bad.line);
      if (bad.field) assert.equal(caught.field, bad.field);
    });
  }

  test('prototype keys in a snapshot do not pollute Object.prototype', () => {
    const s = JSON.parse(GOOD);
    s.permissions[0].__proto__ = { polluted: true };
    const text = JSON.stringify(s).replace('"object":"permission"', '"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}},"object":"permission"');
    try {
      parseCatalogText(text, 'workos-catalog.json');
    } catch {
      // rejecting the file is fine too; only pollution is not
    }
    try {
      parseCatalogText('__proto__:\n  polluted: true\npermissions: []\nroles: []\n', 'workos-seed.yml');
    } catch {
      // as above
    }
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
  });

  test('a huge snapshot (50,000 permissions) loads; the same file cut off names the line it stopped', { timeout: 120_000 }, async () => {
    const s = JSON.parse(GOOD) as CatalogSnapshot;
    const template = s.permissions[0];
    s.permissions = Array.from({ length: 50_000 }, (_, i) => ({ ...template, id: `perm_${i}`, slug: `res${i}:act`, name: `P ${i}` }));
    const text = JSON.stringify(s, null, 2);
    const sub = fs.mkdtempSync(path.join(dir, 'huge-'));
    fs.writeFileSync(path.join(sub, 'page.ts'), "hasPermission('res49999:act');\nhasPermission('res50000:act');\n");
    const file = path.join(sub, 'workos-catalog.json');
    fs.writeFileSync(file, text);
    const io = captureIo(sub);
    assert.equal(await main(['check', sub, '--format', 'json'], io), 1, io.text().stderr);
    const out = JSON.parse(io.text().stdout);
    assert.equal(out.catalog.permissions, 50_000);
    const unknown = out.findings.filter((f: { rule: string }) => f.rule === 'unknown-permission');
    assert.deepEqual(unknown.map((f: { slug: string }) => f.slug), ['res50000:act']);

    const cut = text.slice(0, text.length - 1000);
    fs.writeFileSync(file, cut);
    const io2 = captureIo(sub);
    assert.equal(await main(['check', sub], io2), 2);
    const lines = cut.split('\n').length;
    const m = new RegExp(`${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:(\\d+): invalid JSON`).exec(io2.text().stderr);
    assert.ok(m, io2.text().stderr);
    assert.ok(Math.abs(Number(m[1]) - lines) <= 1, `line ${m[1]} of ${lines}`);
  });
});

describe('interrupted snapshot writes', () => {
  let dir: string;
  before(() => {
    dir = tempDir('atomic');
  });
  after(() => removeDir(dir));

  const snapshot = (): CatalogSnapshot => JSON.parse(GOOD);

  test('a write failing midway (disk full) leaves the old file and no temporary file', (t) => {
    const file = path.join(dir, 'workos-catalog.json');
    fs.writeFileSync(file, GOOD);
    const real = realFs.writeSync;
    // Write half of what was asked, then fail as a full disk does.
    t.mock.method(realFs, 'writeSync', (fd: number, data: string) => {
      (real as (fd: number, s: string) => number)(fd, data.slice(0, data.length >> 1));
      throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
    });
    const next = snapshot();
    next.permissions = next.permissions.slice(1);
    assert.throws(() => writeSnapshotFile(file, next), /ENOSPC/);
    t.mock.restoreAll();
    assert.equal(fs.readFileSync(file, 'utf8'), GOOD);
    assert.deepEqual(fs.readdirSync(dir), ['workos-catalog.json']);
  });

  test('a rename that fails leaves the old file and no temporary file', (t) => {
    const file = path.join(dir, 'workos-catalog.json');
    fs.writeFileSync(file, GOOD);
    t.mock.method(realFs, 'renameSync', () => {
      throw Object.assign(new Error('EXDEV: cross-device link not permitted'), { code: 'EXDEV' });
    });
    assert.throws(() => writeSnapshotFile(file, snapshot()), /EXDEV/);
    t.mock.restoreAll();
    assert.equal(fs.readFileSync(file, 'utf8'), GOOD);
    assert.deepEqual(fs.readdirSync(dir), ['workos-catalog.json']);
  });

  test('a process killed in the middle of the write leaves the old file intact', () => {
    const file = path.join(dir, 'workos-catalog.json');
    fs.writeFileSync(file, GOOD);
    // The child starts the real writer and dies (SIGKILL) after half the bytes reached the disk.
    const script = `
      const fs = require('node:fs');
      const real = fs.writeSync;
      fs.writeSync = (fd, data) => { real(fd, data.slice(0, data.length >> 1)); process.kill(process.pid, 'SIGKILL'); };
      const { writeSnapshotFile } = require(${JSON.stringify(path.join(ROOT, 'server', 'src', 'catalog', 'snapshotWrite.ts'))});
      const s = JSON.parse(fs.readFileSync(${JSON.stringify(file)}, 'utf8'));
      s.permissions = [];
      writeSnapshotFile(${JSON.stringify(file)}, s);
    `;
    const r = spawnSync(process.execPath, ['--import', 'tsx', '-e', script], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });
    assert.equal(r.signal, 'SIGKILL', r.stderr);
    assert.equal(fs.readFileSync(file, 'utf8'), GOOD);
    assert.doesNotThrow(() => loadCatalogFile(file));
    // The half-written temporary file is hidden and never mistaken for a catalog.
    for (const name of fs.readdirSync(dir)) if (name !== 'workos-catalog.json') assert.match(name, /^\.workos-catalog\.json\..*\.tmp$/);
  });
});
