// The npm package: `npx workos-authz check .` must work in any repository from the packed tarball,
// with no runtime dependencies to fetch (everything is bundled).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';

const root = join(__dirname, '..', '..');
const tmp = mkdtempSync(join(tmpdir(), 'workos-authz-pack-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

test('the packed CLI installs offline and checks a project through npx', () => {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  assert.deepEqual(pkg.dependencies ?? {}, {}, 'runtime code is bundled: no dependencies to install');
  assert.equal(pkg.bin['workos-authz'], 'dist/cli.js');
  const packed = execFileSync('npm', ['pack', '--ignore-scripts', '--pack-destination', tmp, '--json'], { cwd: root, encoding: 'utf8' });
  const [{ filename, files }] = JSON.parse(packed);
  const paths = files.map((f: { path: string }) => f.path).sort();
  assert.deepEqual(paths, ['README.md', 'dist/cli.js', 'dist/scanWorker.js', 'dist/server.js', 'package.json']);
  const project = join(tmp, 'project');
  execFileSync('mkdir', ['-p', join(project, 'src')]);
  writeFileSync(join(project, 'package.json'), '{"name":"p","version":"1.0.0"}');
  writeFileSync(join(project, 'workos-catalog.json'), readFileSync(join(root, 'examples', 'acme-app', 'workos-catalog.json')));
  writeFileSync(join(project, 'src', 'a.ts'), `if (hasPermission('video:craete')) {}\n`);
  execFileSync('npm', ['install', '--offline', '--no-audit', '--no-fund', join(tmp, filename)], { cwd: project, stdio: 'pipe' });
  let out = '';
  let code = 0;
  try {
    out = execFileSync('npx', ['--offline', 'workos-authz', 'check', '.'], { cwd: project, encoding: 'utf8' });
  } catch (e) {
    const err = e as { status: number; stdout: string };
    code = err.status;
    out = err.stdout;
  }
  assert.equal(code, 1);
  assert.match(out, /src\/a\.ts:1:\d+ error unknown-permission .*video:craete/);
});
