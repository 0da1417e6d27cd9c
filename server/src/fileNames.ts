// The names every part agrees on: which files are source code and which are catalogs or saved
// access checks. The server and the CLI import them from here; the extension (its file watchers
// and its look at the workspace before starting the server) through protocol.ts; package.json's
// activation events are checked against them in test/client/manifest.test.ts.

export const SOURCE_EXTENSIONS = ['.ts', '.tsx', '.js', '.jsx', '.mjs', '.cjs', '.mts', '.cts'];

/** Within one directory, the first name listed wins. */
export const CATALOG_FILE_NAMES = ['workos-catalog.json', 'workos-seed.yml', 'workos-seed.yaml', 'workos-emulate.config.yaml'];

export const CHECKS_FILE_NAME = 'workos-checks.json';

/** A glob for any of the names anywhere in the workspace: `**\/{a,b}`. */
export function anywhere(names: string[]): string {
  return `**/{${names.join(',')}}`;
}

/** Project configs that decide how imports resolve (tsconfig/jsconfig `paths`, workspace packages). */
export const PROJECT_CONFIG_GLOB = '**/{tsconfig*.json,jsconfig.json,package.json}';

/** A glob for source files anywhere in the workspace. */
export const SOURCE_GLOB = `**/*.{${SOURCE_EXTENSIONS.map((e) => e.slice(1)).join(',')}}`;
