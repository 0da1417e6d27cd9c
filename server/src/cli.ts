// `workos-authz`: the analysis core on the command line, for CI and terminals.
// Exit codes: 0 clean, 1 findings at error severity (or over --max-warnings, or drift), 2 usage,
// catalog or API error.

import * as fs from 'node:fs';
import * as path from 'node:path';
import * as readline from 'node:readline';
import { CatalogError, discoverCatalogFile, readCatalogFile } from './catalog';
import { TYPES_REGENERATE, catalogLabel, generateTypesModule, typesModuleFor, writeTypesModule } from './catalog/typesModule';
import { catalogCommand, loadLiveCatalog } from './catalog/cli';
import { checksCommand } from './checks/checksCommand';
import type { Catalog } from './core/catalog';
import type { EnvironmentCatalog } from './core/environments';
import { environmentKeys, loadEnvironment, loadEnvironments } from './catalog/environments';
import { redactKeyShapes, redactSecret } from './redact';
import type { WorkosAuthzSettings } from './protocol';
import { findUnused } from './core/languageService';
import { RULES } from './core/rules';
import type { RuleId, SeverityOrOff } from './core/types';
import { readProjectSettings } from './projectSettings';
import { countBySeverity, formatJson, formatSarif, formatText, relative, type CheckReport, type ReportEnvironment } from './report';
import { collectFindings, indexPaths } from './workspaceRun';
import { primaryEnvironment, ruleSettings } from './settings';
import { WorkosApiError } from './workos/index';
import pkg from '../../package.json';

export interface CliIo {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** A y/N question on an interactive terminal; absent otherwise, so nothing that needs one runs unasked. */
  confirm?: (question: string) => Promise<boolean>;
}

const USAGE = `workos-authz ${pkg.version}: checks WorkOS permission and role slugs in JS/TS code

Usage:
  workos-authz check [PATH...] [--catalog FILE | --live | --env NAME] [--format text|json|sarif]
                     [--max-warnings N] [--rule RULE=SEVERITY] [--max-file-size BYTES]
  workos-authz unused [PATH...] [--catalog FILE | --live | --env NAME] [--format text|json]
  workos-authz catalog pull [--out FILE]        write the live catalog to a snapshot
  workos-authz catalog diff [--catalog FILE]    compare the snapshot with live WorkOS
  workos-authz catalog diff --between ENV ENV   compare two named environments
  workos-authz checks run [--file FILE]         run saved access checks against WorkOS
  workos-authz generate types [--out FILE] [--check] [--catalog FILE | --live]
                                                the catalog as TypeScript types (stdout without --out);
                                                --check exits 1 when FILE is out of date
  workos-authz catalog add permission|role SLUG --name NAME [--description TEXT]
                          [--file FILE | --yes]  add to a catalog file, or create in WorkOS
  workos-authz catalog pull --format seed [--out workos-seed.yml]

The catalog is --catalog FILE, else the nearest workos-catalog.json, workos-seed.yml,
workos-seed.yaml or workos-emulate.config.yaml from the checked path upward.
--live fetches it from WorkOS with WORKOS_API_KEY (WORKOS_API_HOSTNAME, WORKOS_API_PORT,
WORKOS_API_HTTPS choose another host). Settings under "workosAuthz.*" in .vscode/settings.json
(helpers, rules, include, exclude, maxFileSize, maxFiles, environments) apply here as in the editor.
With "workosAuthz.environments" set, check runs against the primary environment and reports
slugs one environment has and another lacks; --env NAME checks against that environment alone.
A live environment's key is WORKOS_API_KEY_<NAME> (upper case, other characters as _).

Exit codes: 0 clean, 1 errors found (or more warnings than --max-warnings), 2 usage or catalog error.
`;

class UsageError extends Error {}

interface CheckArgs {
  paths: string[];
  catalog?: string;
  live: boolean;
  env?: string;
  format: 'text' | 'json' | 'sarif';
  maxWarnings?: number;
  rules: Partial<Record<RuleId, SeverityOrOff>>;
  maxFileSize?: number;
}

function parseCheckArgs(argv: string[]): CheckArgs {
  const args: CheckArgs = { paths: [], live: false, format: 'text', rules: {} };
  const value = (i: number, flag: string): string => {
    const v = argv[i + 1];
    if (v === undefined || v.startsWith('--')) throw new UsageError(`${flag} needs a value`);
    return v;
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const [flag, inline] = a.startsWith('--') && a.includes('=') ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] : [a, undefined];
    const take = (): string => inline ?? value(i++, flag);
    switch (flag) {
      case '--catalog':
        args.catalog = take();
        break;
      case '--live':
        args.live = true;
        break;
      case '--env':
        args.env = take();
        break;
      case '--format': {
        const f = take();
        if (f !== 'text' && f !== 'json' && f !== 'sarif') throw new UsageError(`--format must be text, json or sarif, not "${f}"`);
        args.format = f;
        break;
      }
      case '--max-warnings': {
        const n = Number(take());
        if (!Number.isInteger(n) || n < 0) throw new UsageError('--max-warnings needs a whole number');
        args.maxWarnings = n;
        break;
      }
      case '--max-file-size': {
        const n = Number(take());
        if (!Number.isInteger(n) || n <= 0) throw new UsageError('--max-file-size needs a number of bytes');
        args.maxFileSize = n;
        break;
      }
      case '--rule': {
        const spec = take();
        const m = /^([a-z-]+)=(error|warning|info|hint|off)$/.exec(spec);
        if (!m || !(m[1] in RULES)) throw new UsageError(`--rule takes RULE=SEVERITY with a rule from: ${Object.keys(RULES).join(', ')}`);
        args.rules[m[1] as RuleId] = m[2] as SeverityOrOff;
        break;
      }
      default:
        if (a.startsWith('-')) throw new UsageError(`unknown option ${a}`);
        args.paths.push(a);
    }
  }
  if (args.live && args.catalog) throw new UsageError('--live and --catalog exclude each other');
  if (args.env !== undefined && (args.live || args.catalog)) throw new UsageError('--env excludes --live and --catalog');
  if (args.paths.length === 0) args.paths.push('.');
  return args;
}

async function loadCatalog(args: CheckArgs, io: CliIo): Promise<Catalog> {
  if (args.live) return loadLiveCatalog(io.env);
  let file = args.catalog && path.resolve(io.cwd, args.catalog);
  if (!file) {
    const first = path.resolve(io.cwd, args.paths[0]);
    const start = fs.existsSync(first) && fs.statSync(first).isFile() ? path.dirname(first) : first;
    file = discoverCatalogFile(start);
    if (!file) {
      throw new CatalogError(
        `no catalog found from ${relative(io.cwd, start)} upward: pass --catalog FILE, use --live with WORKOS_API_KEY, or run \`workos-authz catalog pull\` to write workos-catalog.json`,
      );
    }
  }
  const loaded = readCatalogFile(file);
  for (const w of loaded.warnings) io.stderr(`warning: ${w}\n`);
  return loaded.catalog;
}

function settingsRoot(args: CheckArgs, cwd: string): string {
  const first = path.resolve(cwd, args.paths[0]);
  return fs.existsSync(first) && fs.statSync(first).isFile() ? path.dirname(first) : first;
}

interface Catalogs {
  catalog: Catalog;
  /** Every named environment loaded, for `missing-in-environment`; empty without environments or with --env. */
  environments: EnvironmentCatalog[];
  report?: ReportEnvironment[];
}

/** The catalog to check against: --catalog/--live as always, else the named environments when set. */
async function loadCatalogs(args: CheckArgs, io: CliIo, settings: WorkosAuthzSettings, root: string): Promise<Catalogs> {
  const named = settings.environments;
  if (args.env !== undefined && named.length === 0) {
    throw new UsageError(`--env needs "workosAuthz.environments" in ${relative(io.cwd, root)}/.vscode/settings.json`);
  }
  if (named.length === 0 || args.catalog || args.live) return { catalog: await loadCatalog(args, io), environments: [] };
  const primary = args.env !== undefined ? named.find((e) => e.name === args.env) : primaryEnvironment(settings);
  if (!primary) throw new UsageError(`--env: no environment "${args.env}"; workosAuthz.environments has ${named.map((e) => e.name).join(', ')}`);
  const loaded = args.env !== undefined ? [await loadEnvironment(primary, root, io.env)] : await loadEnvironments(named, root, io.env);
  const report = loaded.map((e): ReportEnvironment => ({ name: e.name, primary: e.name === primary.name, where: e.where, ...(e.error ? { error: e.error } : {}) }));
  for (const e of loaded) {
    for (const w of e.warnings) io.stderr(`warning: ${w}\n`);
    if (e.error && e.name !== primary.name) io.stderr(`warning: environment ${e.name} not loaded (${e.error}); it takes no part in missing-in-environment\n`);
  }
  const first = loaded.find((e) => e.name === primary.name) as (typeof loaded)[number];
  if (!first.catalog) throw new CatalogError(`environment ${primary.name} (the one checked against) not loaded: ${first.error}`);
  return { catalog: first.catalog, environments: args.env !== undefined ? [] : loaded, report };
}

async function runCheck(argv: string[], rawIo: CliIo, mode: 'check' | 'unused'): Promise<number> {
  const args = parseCheckArgs(argv);
  const root = settingsRoot(args, rawIo.cwd);
  const project = readProjectSettings(root);
  const s = project.settings;
  // Server-provided text reaches messages: no environment's key may pass.
  const keys = environmentKeys(s.environments, rawIo.env);
  const scrub = (t: string) => redactKeyShapes(keys.reduce((acc, k) => redactSecret(acc, k), t));
  const io: CliIo = { ...rawIo, stdout: (t) => rawIo.stdout(scrub(t)), stderr: (t) => rawIo.stderr(scrub(t)) };
  if (project.error) io.stderr(`warning: ${project.error}\n`);
  for (const p of project.problems ?? []) io.stderr(`warning: ${p}\n`);
  let loaded: Catalogs;
  try {
    loaded = await loadCatalogs(args, io, s, root);
  } catch (e) {
    if (e instanceof Error) e.message = scrub(e.message);
    throw e;
  }
  const { catalog, environments, report: envReport } = loaded;
  const run = await indexPaths(
    args.paths.map((p) => path.resolve(io.cwd, p)),
    { include: s.include, exclude: s.exclude, maxFileSize: args.maxFileSize ?? s.maxFileSize, maxFiles: s.maxFiles, helpers: s.helpers },
  );
  if (mode === 'unused') return reportUnused(run.index, catalog, args, io);
  const settings = ruleSettings(s);
  settings.severities = { ...settings.severities, ...args.rules };
  const report: CheckReport = {
    cwd: io.cwd,
    catalog,
    files: run.files,
    skipped: run.skipped,
    results: collectFindings(run, catalog, settings, environments),
    index: run.index,
    ...(envReport ? { environments: envReport } : {}),
  };
  if (args.format === 'json') io.stdout(formatJson(report));
  else if (args.format === 'sarif') io.stdout(formatSarif(report, pkg.version));
  else io.stdout(formatText(report));
  const counts = countBySeverity(report);
  if (counts.error > 0) return 1;
  if (args.maxWarnings !== undefined && counts.warning > args.maxWarnings) {
    io.stderr(`${counts.warning} warnings, more than --max-warnings ${args.maxWarnings}\n`);
    return 1;
  }
  return 0;
}

function reportUnused(index: CheckReport['index'], catalog: Catalog, args: CheckArgs, io: CliIo): number {
  const permissions = findUnused(index, catalog, 'permission');
  const roles = findUnused(index, catalog, 'role');
  if (args.format === 'json') {
    io.stdout(JSON.stringify({ version: 1, permissions, roles }) + '\n');
    return 0;
  }
  const describe = (kind: 'permission' | 'role', slug: string): string => {
    const name = kind === 'permission' ? catalog.permissions.get(slug)?.name : catalog.role(slug)?.name;
    return name ? `  ${slug}  (${name})` : `  ${slug}`;
  };
  const out: string[] = [];
  out.push(`${permissions.length} unused permission${permissions.length === 1 ? '' : 's'}:`, ...permissions.map((s) => describe('permission', s)));
  out.push(`${roles.length} unused role${roles.length === 1 ? '' : 's'}:`, ...roles.map((s) => describe('role', s)));
  io.stdout(out.join('\n') + '\n');
  return 0;
}

async function runGenerate(argv: string[], io: CliIo): Promise<number> {
  if (argv[0] !== 'types') throw new UsageError(argv[0] === undefined ? 'generate needs what to generate: `generate types`' : `cannot generate "${argv[0]}": only \`generate types\``);
  let out: string | undefined;
  let check = false;
  const rest: string[] = [];
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--check') check = true;
    else if (a === '--out' || a.startsWith('--out=')) {
      out = a.includes('=') ? a.slice(6) : argv[++i];
      if (!out || out.startsWith('--')) throw new UsageError('--out needs a file name');
    } else if (a === '--catalog' || a.startsWith('--catalog=') || a === '--live') {
      rest.push(a);
      if (a === '--catalog') rest.push(argv[++i] ?? '');
    } else throw new UsageError(`unknown option ${a} for generate types`);
  }
  if (check && !out) throw new UsageError('--check needs --out FILE: the file to compare');
  const args = parseCheckArgs(rest);
  const target = out && path.resolve(io.cwd, out);
  if (target && !/\.(ts|mts|cts)$/.test(target)) throw new UsageError('--out must name a .ts file');
  const catalog = await loadCatalog(args, io);
  if (!target) {
    io.stdout(generateTypesModule(catalog, catalogLabel(catalog, io.cwd), TYPES_REGENERATE));
    return 0;
  }
  const name = relative(io.cwd, target);
  if (check) {
    const { text, current } = typesModuleFor(catalog, target);
    if (current === text) {
      io.stdout(`${name} is up to date with the catalog.\n`);
      return 0;
    }
    io.stderr(`${name} is ${current === undefined ? 'missing' : 'out of date with the catalog'}: run \`workos-authz generate types --out ${name}\`.\n`);
    return 1;
  }
  if (!writeTypesModule(catalog, target, name).written) io.stdout(`${name} is up to date.\n`);
  else io.stdout(`Wrote ${name}: ${catalog.counts.permissions} permissions, ${catalog.counts.roles} roles.\n`);
  return 0;
}

export async function main(argv: string[], io: CliIo): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'check':
        return await runCheck(rest, io, 'check');
      case 'unused':
        return await runCheck(rest, io, 'unused');
      case 'catalog':
        return await catalogCommand(rest, io);
      case 'generate':
        return await runGenerate(rest, io);
      case 'checks':
        return await checksCommand(rest, { ...io, stdout: { write: io.stdout }, stderr: { write: io.stderr } });
      case '--version':
      case '-v':
        io.stdout(pkg.version + '\n');
        return 0;
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        io.stdout(USAGE);
        return command === undefined ? 2 : 0;
      default:
        throw new UsageError(`unknown command "${command}"`);
    }
  } catch (e) {
    if (e instanceof UsageError) {
      io.stderr(`workos-authz: ${e.message}\n\n${USAGE}`);
      return 2;
    }
    if (e instanceof CatalogError || e instanceof WorkosApiError) {
      io.stderr(`workos-authz: ${e.message}\n`);
      return 2;
    }
    io.stderr(`workos-authz: unexpected error: ${(e as Error).stack ?? e}\n`);
    return 2;
  }
}

function askOnTerminal(question: string): Promise<boolean> {
  const rl = readline.createInterface({ input: process.stdin, output: process.stderr });
  return new Promise((resolve) => {
    rl.question(question, (answer) => {
      rl.close();
      resolve(/^(y|yes)$/i.test(answer.trim()));
    });
  });
}

if (require.main === module) {
  main(process.argv.slice(2), {
    stdout: (s) => process.stdout.write(s),
    stderr: (s) => process.stderr.write(s),
    cwd: process.cwd(),
    env: process.env,
    confirm: process.stdin.isTTY && process.stderr.isTTY ? askOnTerminal : undefined,
  }).then((code) => {
    process.exitCode = code;
  });
}
