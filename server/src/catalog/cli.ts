// `workos-authz catalog pull` and `workos-authz catalog diff`, plus the live loader behind
// `check --live`. The CLI entry (server/src/cli.ts) hands over argv after `catalog`.
// Exit codes: 0 done / no drift, 1 drift, 2 usage, catalog-file or fetch error.

import { relative, resolve, isAbsolute } from 'node:path';
import { Catalog, type CatalogSnapshot } from '../core/catalog';
import { ApiConnectionError, WorkosApiError, connectionFromEnv, createCatalogEntry, displayHost, fetchLiveCatalog, type ApiConnection, type FetchOptions } from '../workos/index';
import { discoverCatalogFile } from './discover';
import { diffBetween } from './environments';
import { countChanges, diffSnapshots, formatDiff, isEmptyDiff } from './diff';
import { CatalogError } from './errors';
import { redactKeyShapes, redactSecret } from '../redact';
import { readCatalogFile } from './files';
import { pullInto, writeFileAtomic } from './snapshotWrite';
import { readFileSync } from 'node:fs';
import { addToCatalogText, nameFromSlug } from './catalogEdit';
import { seedText } from './seedWrite';
import { isWellFormed } from '../core/rules';

export interface CatalogCommandIo {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** Asks a yes/no question on an interactive terminal; absent when there is none (CI, a pipe). */
  confirm?: (question: string) => Promise<boolean>;
}

export interface CatalogCommandOptions {
  /** Fetch tuning (tests shorten retry delays); the signal cancels the command. */
  fetch?: FetchOptions;
}

const USAGE = `Usage:
  workos-authz catalog pull [--out FILE]        write the live catalog to FILE (default workos-catalog.json)
  workos-authz catalog pull --format seed [--out FILE]
                                                write it as a WorkOS CLI seed file (default workos-seed.yml)
  workos-authz catalog add permission|role SLUG [--name NAME] [--description TEXT] [--file FILE | --yes]
                                                add to a catalog file (--file), or create it in WorkOS
                                                (asks for confirmation; --yes confirms without asking)
  workos-authz catalog diff [--catalog FILE]    compare a catalog file with live WorkOS; exit 1 on drift
                            [--format text|json]
  workos-authz catalog diff --between ENV ENV   compare two environments of workosAuthz.environments

Environment: WORKOS_API_KEY (required), WORKOS_API_HOSTNAME, WORKOS_API_PORT, WORKOS_API_HTTPS.
`;

const NO_KEY_MESSAGE =
  'WORKOS_API_KEY is not set. Set it to a WorkOS secret key (sk_...) to read the live catalog; CI can check against a committed workos-catalog.json without a key.';

/** The live catalog for `check --live`. Throws WorkosApiError only ('no-key' without a key; 'network' for unusable connection settings). */
export async function loadLiveCatalog(env: NodeJS.ProcessEnv, options: FetchOptions = {}): Promise<Catalog> {
  let conn: ApiConnection | undefined;
  try {
    conn = connectionFromEnv(env);
  } catch (e) {
    // Callers handle WorkosApiError; a connection that cannot be used is one that cannot fetch.
    if (e instanceof ApiConnectionError) throw new WorkosApiError('network', e.message);
    throw e;
  }
  if (!conn) throw new WorkosApiError('no-key', NO_KEY_MESSAGE);
  const snapshot = await fetchLiveCatalog(conn, options);
  return new Catalog(snapshot, { kind: 'live', host: snapshot.host, fetchedAt: snapshot.fetchedAt });
}

interface ParsedArgs {
  sub?: string;
  flags: Map<string, string>;
  error?: string;
}

function parseArgs(argv: string[], allowed: Record<string, string[]>): ParsedArgs {
  const args = argv[0] === 'catalog' ? argv.slice(1) : argv;
  const sub = args[0];
  const flags = new Map<string, string>();
  if (sub === undefined || sub === '-h' || sub === '--help' || sub === 'help') return { sub: 'help', flags };
  const known = allowed[sub];
  if (!known) return { sub, flags, error: `unknown catalog command '${sub}'` };
  for (let i = 1; i < args.length; i++) {
    const a = args[i];
    if (a === '-h' || a === '--help') return { sub: 'help', flags };
    const m = /^--([a-z-]+)(?:=(.*))?$/.exec(a);
    if (!m || !known.includes(m[1])) return { sub, flags, error: `unknown option '${a}' for 'catalog ${sub}'` };
    const value = m[2] ?? args[++i];
    if (value === undefined || value === '') return { sub, flags, error: `--${m[1]} needs a value` };
    flags.set(m[1], value);
  }
  return { sub, flags };
}

export async function catalogCommand(argv: string[], io: CatalogCommandIo, options: CatalogCommandOptions = {}): Promise<number> {
  const sub = argv[0] === 'catalog' ? argv[1] : argv[0];
  if (sub === 'add') return add(argv.slice(argv[0] === 'catalog' ? 2 : 1), io, options);
  const between = betweenArgs(argv);
  if (between) return diffBetween(between.names, between.format, io, options.fetch);
  const parsed = parseArgs(argv, { pull: ['out', 'format'], diff: ['catalog', 'format'] });
  if (parsed.sub === 'help') {
    io.stdout(USAGE);
    return 0;
  }
  if (parsed.error) {
    io.stderr(`workos-authz: ${parsed.error}\n\n${USAGE}`);
    return 2;
  }

  let conn: ApiConnection | undefined;
  try {
    conn = connectionFromEnv(io.env);
  } catch (e) {
    if (e instanceof ApiConnectionError) {
      io.stderr(`workos-authz: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
  // Nothing below formats the key, but server-provided text ends up in messages: scrub anyway.
  const key = conn?.apiKey ?? '';
  const out = { ...io, stdout: (s: string) => io.stdout(redactKeyShapes(redactSecret(s, key))), stderr: (s: string) => io.stderr(redactKeyShapes(redactSecret(s, key))) };
  try {
    if (parsed.sub === 'pull') return await pull(parsed.flags, out, conn, options);
    return await diff(parsed.flags, out, conn, options);
  } catch (e) {
    if (e instanceof WorkosApiError || e instanceof CatalogError || e instanceof ApiConnectionError) {
      out.stderr(`workos-authz: ${e.message}\n`);
      return 2;
    }
    out.stderr(`workos-authz: ${e instanceof Error ? e.message : String(e)}\n`);
    return 2;
  }
}

/** `diff --between A B [--format F]`, or undefined when the command is something else. */
function betweenArgs(argv: string[]): { names: string[]; format: string } | undefined {
  const args = argv[0] === 'catalog' ? argv.slice(1) : argv;
  const at = args.indexOf('--between');
  if (args[0] !== 'diff' || at < 0) return undefined;
  const rest = args.slice(1).filter((_, i) => i + 1 !== at);
  const names: string[] = [];
  let format = 'text';
  for (let i = 0; i < rest.length; i++) {
    if (rest[i] === '--format') format = rest[++i] ?? '';
    else if (rest[i].startsWith('--format=')) format = rest[i].slice('--format='.length);
    else names.push(rest[i]);
  }
  return { names, format };
}

function shown(cwd: string, path: string): string {
  const rel = relative(cwd, path);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : path;
}

function summary(s: CatalogSnapshot): string {
  const orgRoles = s.organizations.reduce((n, o) => n + o.roles.length, 0);
  return `${s.permissions.length} permissions, ${s.environmentRoles.length} environment roles, ${s.organizations.length} organizations (${orgRoles} organization roles)`;
}

async function pull(flags: Map<string, string>, io: CatalogCommandIo, conn: ApiConnection | undefined, options: CatalogCommandOptions): Promise<number> {
  if (!conn) {
    io.stderr(`workos-authz: ${NO_KEY_MESSAGE}\n`);
    return 2;
  }
  const format = flags.get('format') ?? 'snapshot';
  if (format !== 'snapshot' && format !== 'seed') {
    io.stderr(`workos-authz: --format must be snapshot or seed, not '${format}'\n`);
    return 2;
  }
  if (format === 'seed') return pullSeed(resolve(io.cwd, flags.get('out') ?? 'workos-seed.yml'), io, conn, options);
  const path = resolve(io.cwd, flags.get('out') ?? 'workos-catalog.json');
  if (!path.toLowerCase().endsWith('.json')) {
    io.stderr(`workos-authz: --out must name a .json file: a pull writes the workos-catalog.json snapshot format.\n`);
    return 2;
  }
  const live = await fetchLiveCatalog(conn, options.fetch);
  const name = shown(io.cwd, path);
  const outcome = pullInto(path, live);
  if (!outcome.written) io.stdout(`${name} is up to date with ${live.host}: ${summary(live)}.\n`);
  else if (!outcome.replaced) io.stdout(`Wrote ${name} from ${live.host}: ${summary(live)}.\n`);
  else {
    const changes = outcome.changes;
    io.stdout(`Wrote ${name} from ${live.host}: ${summary(live)}; ${changes === 0 ? 'no catalog changes (ids or times only)' : `${changes} change${changes === 1 ? '' : 's'} since the previous snapshot`}.\n`);
  }
  return 0;
}

async function diff(flags: Map<string, string>, io: CatalogCommandIo, conn: ApiConnection | undefined, options: CatalogCommandOptions): Promise<number> {
  const format = flags.get('format') ?? 'text';
  if (format !== 'text' && format !== 'json') {
    io.stderr(`workos-authz: --format must be text or json, not '${format}'\n`);
    return 2;
  }
  const given = flags.get('catalog');
  const path = given ? resolve(io.cwd, given) : discoverCatalogFile(io.cwd);
  if (!path) {
    io.stderr('workos-authz: no catalog file found here or in any parent directory; pass --catalog FILE or run `workos-authz catalog pull` first.\n');
    return 2;
  }
  const name = shown(io.cwd, path);
  const file = readCatalogFile(path);
  for (const w of file.warnings) io.stderr(`warning: ${w}\n`);
  if (!conn) {
    io.stderr(`workos-authz: ${NO_KEY_MESSAGE}\n`);
    return 2;
  }
  const live = await fetchLiveCatalog(conn, options.fetch);
  const d = diffSnapshots(file.catalog.snapshot, live);
  const changes = countChanges(d);
  const host = live.host ?? displayHost(conn);
  if (format === 'json') {
    io.stdout(JSON.stringify({ version: 1, catalog: name, host, drift: changes > 0, changes, diff: d }, null, 2) + '\n');
  } else if (isEmptyDiff(d)) {
    io.stdout(`No drift: ${name} matches ${host} (${summary(live)}).\n`);
  } else {
    io.stdout(
      `Drift between ${name} and ${host}: ${changes} change${changes === 1 ? '' : 's'} (+ only in WorkOS, - only in ${name}, ~ differs)\n` +
        formatDiff(d) +
        (file.kind === 'snapshot'
          ? `Run \`workos-authz catalog pull${given ? ` --out ${given}` : ''}\` to update the snapshot.\n`
          : `Update ${name}, or run \`workos-authz catalog pull\` to keep a workos-catalog.json snapshot instead.\n`),
    );
  }
  return changes > 0 ? 1 : 0;
}

async function pullSeed(path: string, io: CatalogCommandIo, conn: ApiConnection, options: CatalogCommandOptions): Promise<number> {
  if (!/\.ya?ml$/i.test(path)) {
    io.stderr('workos-authz: --out must name a .yml or .yaml file with --format seed.\n');
    return 2;
  }
  const live = await fetchLiveCatalog(conn, options.fetch);
  const text = seedText(live);
  const name = shown(io.cwd, path);
  let current: string | undefined;
  try {
    current = readFileSync(path, 'utf8');
  } catch {
    current = undefined;
  }
  const counts = `${live.permissions.length} permissions, ${live.environmentRoles.length} environment roles`;
  if (current === text) io.stdout(`${name} is up to date with ${live.host}: ${counts}.\n`);
  else {
    writeFileAtomic(path, text);
    io.stdout(`Wrote ${name} from ${live.host}: ${counts}. Seed an environment from it with the WorkOS CLI.\n`);
  }
  return 0;
}

// ---------------------------------------------------------------------------------------------
// catalog add

interface AddArgs {
  kind: 'permission' | 'role';
  slug: string;
  name?: string;
  description?: string;
  file?: string;
  yes: boolean;
}

function parseAddArgs(argv: string[]): AddArgs | string {
  const [kind, slug, ...rest] = argv;
  if (kind !== 'permission' && kind !== 'role') return "catalog add needs 'permission' or 'role', then the slug";
  if (!slug || slug.startsWith('--')) return `catalog add ${kind} needs a slug`;
  if (!isWellFormed(slug)) return `'${slug}' is not a WorkOS slug: lowercase letters, digits and -_:.*, at most 48 characters`;
  const args: AddArgs = { kind, slug, yes: false };
  for (let i = 0; i < rest.length; i++) {
    const m = /^--([a-z]+)(?:=(.*))?$/.exec(rest[i]);
    if (!m) return `unexpected argument '${rest[i]}'`;
    if (m[1] === 'yes' && m[2] === undefined) {
      args.yes = true;
      continue;
    }
    if (m[1] !== 'name' && m[1] !== 'description' && m[1] !== 'file') return `unknown option '${rest[i]}' for 'catalog add'`;
    const value = m[2] ?? rest[++i];
    if (value === undefined || (m[2] === undefined && value.startsWith('--'))) return `--${m[1]} needs a value`;
    args[m[1]] = value;
  }
  if (args.file && args.yes) return '--yes confirms a write to WorkOS; --file writes a catalog file and needs no confirmation';
  return args;
}

async function add(argv: string[], io: CatalogCommandIo, options: CatalogCommandOptions): Promise<number> {
  const args = parseAddArgs(argv);
  if (typeof args === 'string') {
    io.stderr(`workos-authz: ${args}\n\n${USAGE}`);
    return 2;
  }
  const entry = { kind: args.kind, slug: args.slug, name: args.name ?? nameFromSlug(args.slug), description: args.description ?? null };
  if (args.file) {
    const path = resolve(io.cwd, args.file);
    const name = shown(io.cwd, path);
    try {
      const text = readFileSync(path, 'utf8');
      writeFileAtomic(path, addToCatalogText(text, path, entry));
    } catch (e) {
      io.stderr(`workos-authz: ${e instanceof CatalogError ? e.message : `${name}: ${(e as Error).message}`}\n`);
      return 2;
    }
    io.stdout(`Added ${args.kind} ${args.slug} ("${entry.name}") to ${name}.\n`);
    return 0;
  }
  let conn: ApiConnection | undefined;
  try {
    conn = connectionFromEnv(io.env);
  } catch (e) {
    io.stderr(`workos-authz: ${(e as Error).message}\n`);
    return 2;
  }
  if (!conn) {
    io.stderr(`workos-authz: ${NO_KEY_MESSAGE.replace('to read the live catalog', 'to create it in WorkOS')} Or add it to a catalog file with --file FILE.\n`);
    return 2;
  }
  const key = conn.apiKey;
  const scrub = (s: string) => redactKeyShapes(redactSecret(s, key));
  const host = displayHost(conn);
  const what = `${args.kind} ${args.slug} ("${entry.name}"${entry.description ? `, "${entry.description}"` : ''})`;
  if (!args.yes) {
    if (!io.confirm) {
      io.stderr(`workos-authz: refusing to create ${what} in WorkOS at ${host} without confirmation: run it in an interactive terminal to be asked, or pass --yes.\n`);
      return 2;
    }
    if (!(await io.confirm(`Create ${what} in WorkOS at ${host}? [y/N] `))) {
      io.stderr('Nothing was written.\n');
      return 1;
    }
  }
  try {
    const outcome = await createCatalogEntry(conn, entry, options.fetch);
    io.stdout(
      scrub(
        outcome.created
          ? `Created ${what} in WorkOS at ${outcome.host}.\n`
          : `${outcome.host} already has the ${args.kind} ${args.slug}; nothing was changed.\n`,
      ),
    );
    io.stdout('Run `workos-authz catalog pull` to update a committed snapshot.\n');
    return 0;
  } catch (e) {
    io.stderr(scrub(`workos-authz: ${e instanceof Error ? e.message : String(e)}\n`));
    return 2;
  }
}
