// `workos-authz checks run [--file F] [--json] [--no-roles]`: runs the saved access checks against a
// live WorkOS environment (key and host from the environment) and fails on any mismatch with an
// expected result, so the Access Checks view doubles as a CI suite.

import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { CHECKS_FILE_NAME, ChecksFileError, checkLabel, parseChecksFile } from './checksFile';
import { connectionFromEnv, describeEffectiveRole, retryingClient, runChecks, type ChecksApi, type CheckResult } from '../workos/index';
import { redactKeyShapes, redactSecret } from '../redact';

export interface ChecksIo {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** Tests inject an API; by default one is built from the environment. */
  api?: ChecksApi;
}

const USAGE = `usage: workos-authz checks run [--file ${CHECKS_FILE_NAME}] [--json] [--no-roles]

Runs the saved access checks with authorization.check and compares each with its "expected"
result. Needs WORKOS_API_KEY (and WORKOS_API_HOSTNAME / WORKOS_API_PORT / WORKOS_API_HTTPS for a
non-default host). Exit status: 0 all expectations hold, 1 a mismatch or a failed check, 2 usage or
set-up error.
`;

/** Returns the process exit code; never throws for expected failures. */
export async function checksCommand(argv: string[], rawIo: ChecksIo): Promise<number> {
  const args = argv[0] === 'checks' ? argv.slice(1) : argv;
  const env = rawIo.env ?? process.env;
  // Error answers from the API can quote the key back: nothing reaches the output unredacted.
  const key = env.WORKOS_API_KEY ?? '';
  const io: ChecksIo = {
    ...rawIo,
    stdout: { write: (text: string) => rawIo.stdout.write(redactKeyShapes(redactSecret(text, key))) },
    stderr: { write: (text: string) => rawIo.stderr.write(redactKeyShapes(redactSecret(text, key))) },
  };
  const cwd = io.cwd ?? process.cwd();
  if (args[0] === '--help' || args[0] === '-h' || args.length === 0) {
    (args.length === 0 ? io.stderr : io.stdout).write(USAGE);
    return args.length === 0 ? 2 : 0;
  }
  if (args[0] !== 'run') {
    io.stderr.write(`unknown checks subcommand "${args[0]}"\n${USAGE}`);
    return 2;
  }
  let file = CHECKS_FILE_NAME;
  let json = false;
  let skipRoles = false;
  for (let i = 1; i < args.length; i++) {
    const a = args[i];
    if (a === '--file' && args[i + 1]) file = args[++i];
    else if (a.startsWith('--file=')) file = a.slice('--file='.length);
    else if (a === '--json') json = true;
    else if (a === '--no-roles') skipRoles = true;
    else {
      io.stderr.write(`unknown option ${a}\n${USAGE}`);
      return 2;
    }
  }

  const path = resolve(cwd, file);
  if (!existsSync(path)) {
    io.stderr.write(`no checks file at ${path}\n`);
    return 2;
  }
  let checks;
  try {
    checks = parseChecksFile(readFileSync(path, 'utf8'), path).checks;
  } catch (e) {
    io.stderr.write(`${e instanceof ChecksFileError ? e.message : String(e)}\n`);
    return 2;
  }

  let api = io.api;
  if (!api) {
    const conn = connectionFromEnv(env);
    if (!conn) {
      io.stderr.write('WORKOS_API_KEY is not set: access checks need a live WorkOS environment\n');
      return 2;
    }
    try {
      api = retryingClient(conn);
    } catch (e) {
      io.stderr.write(`cannot connect: ${(e as Error).message}\n`);
      return 2;
    }
  }

  const results = await runChecks(api, checks, { skipRoles });
  const byId = new Map(checks.map((c) => [c.id, c]));
  if (json) {
    io.stdout.write(JSON.stringify({ file: path, results }, null, 2) + '\n');
  } else {
    for (const r of results) io.stdout.write(formatResult(r, checkLabel(byId.get(r.checkId)!), byId.get(r.checkId)!.expected));
  }
  const failed = results.filter((r) => r.mismatch || r.outcome === 'error');
  const withExpectation = checks.filter((c) => c.expected).length;
  if (!json) {
    io.stdout.write(
      `\n${results.length} check${results.length === 1 ? '' : 's'}, ${withExpectation} with an expected result, ${failed.length} failed\n`,
    );
  }
  return failed.length > 0 ? 1 : 0;
}

function formatResult(r: CheckResult, label: string, expected: string | undefined): string {
  // The verdict (does the suite pass) is separate from the answer (✓ allowed / ✗ denied).
  const verdict = r.outcome === 'error' || r.mismatch ? 'FAIL' : expected ? 'ok  ' : '    ';
  const answer = r.outcome === 'allowed' ? '✓ allow' : r.outcome === 'denied' ? '✗ deny ' : '! error';
  const lines = [`${verdict} ${answer}  ${label}${expected ? ` (expected ${expected})` : ''}  ${r.durationMs} ms`];
  if (r.reason && (r.mismatch || r.outcome !== 'allowed')) lines.push(`    ${r.reason}`);
  for (const role of r.effectiveRoles) lines.push(`    · ${describeEffectiveRole(role)}`);
  if (r.rolesError) lines.push(`    (roles unavailable: ${r.rolesError})`);
  return lines.join('\n') + '\n';
}
