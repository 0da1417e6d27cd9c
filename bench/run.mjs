// Entry of `npm run bench` (after esbuild has built dist/): runs the TypeScript benchmark through
// tsx, passing the arguments on (--quick, --regen, --skip=...).
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const result = spawnSync(process.execPath, ['--import', 'tsx', join(here, 'main.ts'), ...process.argv.slice(2)], {
  stdio: 'inherit',
  cwd: join(here, '..'),
});
process.exit(result.status ?? 1);
