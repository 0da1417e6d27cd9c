// The catalogs of the named environments (`workosAuthz.environments`) for the CLI: each from its
// catalog file, or live with its own key from `WORKOS_API_KEY_<NAME>`. A failure is recorded
// for that environment and never thrown, so one broken environment leaves the others usable.

import * as path from 'node:path';
import { Catalog } from '../core/catalog';
import type { EnvironmentCatalog } from '../core/environments';
import type { EnvironmentSetting } from '../protocol';
import { environmentKeyVariable } from '../settings';
import { ApiConnectionError, connectionFromEnv, fetchLiveCatalog, type FetchOptions } from '../workos/index';
import { readProjectSettings } from '../projectSettings';
import { redactKeyShapes, redactSecret } from '../redact';
import { countChanges, diffSnapshots, formatDiff, isEmptyDiff } from './diff';
import { readCatalogFile } from './files';

export interface LoadedEnvironment extends EnvironmentCatalog {
  /** Where it came from, for messages: a file path or `live <host>`. */
  where: string;
  warnings: string[];
}

/** The keys of the named live environments that are set, for redaction. */
export function environmentKeys(environments: EnvironmentSetting[], env: NodeJS.ProcessEnv): string[] {
  return environments.flatMap((e) => {
    const key = e.live ? env[environmentKeyVariable(e.name)]?.trim() : undefined;
    return key ? [key] : [];
  });
}

export async function loadEnvironment(setting: EnvironmentSetting, root: string, env: NodeJS.ProcessEnv, options: FetchOptions = {}): Promise<LoadedEnvironment> {
  const { name } = setting;
  if (setting.catalogFile) {
    const file = path.resolve(root, setting.catalogFile);
    try {
      const loaded = readCatalogFile(file);
      return { name, catalog: loaded.catalog, where: file, warnings: loaded.warnings };
    } catch (e) {
      return { name, error: (e as Error).message, where: file, warnings: [] };
    }
  }
  const variable = environmentKeyVariable(name);
  const where = 'live';
  const apiKey = env[variable]?.trim();
  if (!apiKey) return { name, error: `${variable} is not set`, where, warnings: [] };
  try {
    const conn = connectionFromEnv({ ...env, WORKOS_API_KEY: apiKey });
    if (!conn) return { name, error: `${variable} is not set`, where, warnings: [] };
    const snapshot = await fetchLiveCatalog(conn, options);
    const catalog: Catalog = new Catalog(snapshot, { kind: 'live', host: snapshot.host, fetchedAt: snapshot.fetchedAt });
    return { name, catalog, where: `live ${snapshot.host ?? conn.hostname}`, warnings: [] };
  } catch (e) {
    const message = e instanceof ApiConnectionError ? e.message : (e as Error).message;
    return { name, error: message, where, warnings: [] };
  }
}

/** Every environment, fetched side by side. */
export function loadEnvironments(settings: EnvironmentSetting[], root: string, env: NodeJS.ProcessEnv, options: FetchOptions = {}): Promise<LoadedEnvironment[]> {
  return Promise.all(settings.map((s) => loadEnvironment(s, root, env, options)));
}

/**
 * `catalog diff --between A B`: two named environments through the same diff as snapshot vs live
 * (`+` only in B, `-` only in A). Organizations are each environment's own (their ids differ), so
 * only permissions and environment roles are compared. Exit 0 same, 1 drift, 2 error.
 */
export async function diffBetween(
  names: string[],
  format: string,
  io: { stdout: (s: string) => void; stderr: (s: string) => void; cwd: string; env: NodeJS.ProcessEnv },
  options: FetchOptions = {},
): Promise<number> {
  const project = readProjectSettings(io.cwd);
  const named = project.settings.environments;
  const keys = environmentKeys(named, io.env);
  const scrub = (t: string) => redactKeyShapes(keys.reduce((acc, k) => redactSecret(acc, k), t));
  const out = (t: string) => io.stdout(scrub(t));
  const err = (t: string) => io.stderr(scrub(t));
  if (format !== 'text' && format !== 'json') {
    err(`workos-authz: --format must be text or json, not '${format}'\n`);
    return 2;
  }
  if (project.error) err(`warning: ${project.error}\n`);
  const option = names.find((n) => n.startsWith('-'));
  if (option) {
    err(`workos-authz: unknown option '${option}' for 'catalog diff --between'\n`);
    return 2;
  }
  if (names.length !== 2 || names[0] === names[1]) {
    err('workos-authz: --between takes two different environment names, e.g. --between staging production\n');
    return 2;
  }
  const settings = names.map((n) => named.find((e) => e.name === n));
  const unknown = names.filter((_, i) => !settings[i]);
  if (unknown.length) {
    const have = named.length ? `workosAuthz.environments has ${named.map((e) => e.name).join(', ')}` : 'no workosAuthz.environments in .vscode/settings.json here';
    err(`workos-authz: no environment ${unknown.map((n) => `"${n}"`).join(' or ')}: ${have}\n`);
    return 2;
  }
  const [a, b] = await Promise.all(settings.map((s) => loadEnvironment(s as EnvironmentSetting, io.cwd, io.env, options)));
  for (const e of [a, b]) for (const w of e.warnings) err(`warning: ${w}\n`);
  const failed = [a, b].filter((e) => !e.catalog);
  if (failed.length) {
    for (const e of failed) err(`workos-authz: environment ${e.name} not loaded: ${e.error}\n`);
    return 2;
  }
  const left = { ...(a.catalog as Catalog).snapshot, organizations: [] };
  const right = { ...(b.catalog as Catalog).snapshot, organizations: [] };
  const d = diffSnapshots(left, right);
  const changes = countChanges(d);
  if (format === 'json') {
    out(JSON.stringify({ version: 1, between: [a.name, b.name], drift: changes > 0, changes, diff: d }, null, 2) + '\n');
  } else if (isEmptyDiff(d)) {
    out(`No drift: ${a.name} and ${b.name} have the same permissions and environment roles.\n`);
  } else {
    out(
      `Drift between ${a.name} and ${b.name}: ${changes} change${changes === 1 ? '' : 's'} (+ only in ${b.name}, - only in ${a.name}, ~ differs)\n` +
        formatDiff(d),
    );
  }
  return changes > 0 ? 1 : 0;
}
