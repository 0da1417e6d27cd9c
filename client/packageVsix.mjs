// `npm run package`: builds the .vsix from a staging folder. package.json's "files" list is for the
// npm package (the CLI), and vsce refuses a project that has both "files" and .vscodeignore, so
// the extension's manifest and the files named by .vscodeignore are staged and packed on their own.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const stage = join(root, '.cache', 'vsix');
const out = resolve(root, process.argv[2] ?? 'workos-authz.vsix');

const build = spawnSync(process.execPath, [join(root, 'esbuild.mjs'), '--production'], { cwd: root, stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);

rmSync(stage, { recursive: true, force: true });
mkdirSync(stage, { recursive: true });
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
for (const npmOnly of ['files', 'bin', 'scripts', 'devDependencies', 'dependencies', 'private']) delete manifest[npmOnly];
writeFileSync(join(stage, 'package.json'), JSON.stringify(manifest, null, 2) + '\n');

// Copy what .vscodeignore lets through (its "!path" lines); vsce applies the same file in the stage.
const allowed = readFileSync(join(root, '.vscodeignore'), 'utf8')
  .split('\n')
  .map((l) => l.trim())
  .filter((l) => l.startsWith('!'))
  .map((l) => l.slice(1));
for (const rel of allowed) {
  if (rel === 'package.json') continue;
  const from = join(root, rel);
  if (!existsSync(from)) {
    if (rel === 'LICENSE') continue;
    console.error(`package: ${rel} is missing (run the build first?)`);
    process.exit(1);
  }
  mkdirSync(dirname(join(stage, rel)), { recursive: true });
  cpSync(from, join(stage, rel));
}
cpSync(join(root, '.vscodeignore'), join(stage, '.vscodeignore'));

const vsce = join(root, 'node_modules', '@vscode', 'vsce', 'vsce');
const args = [vsce, 'package', '--no-dependencies', '--allow-missing-repository', '--no-rewrite-relative-links', '--out', out];
if (!existsSync(join(stage, 'LICENSE'))) args.push('--skip-license');
const r = spawnSync(process.execPath, args, { cwd: stage, stdio: 'inherit' });
process.exit(r.status ?? 1);
