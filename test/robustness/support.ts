// Shared helpers for the robustness suites: run counts, range checks, temp folders, captured CLI io.

import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import type { FileScan, Range } from '../../server/src/core/types';
import type { FaultKind } from '../support/workosServer';

export const ROOT = path.resolve(__dirname, '..', '..');

/** Property runs per check: `base` in `npm test`; FUZZ_RUNS=100000 runs that many per property. */
export function fuzzRuns(base: number): number {
  const env = Number(process.env.FUZZ_RUNS);
  return Number.isInteger(env) && env > 0 ? env : base;
}

/** A fixed seed in `npm test` so a failure reproduces; FUZZ_SEED overrides it. */
export function fuzzSeed(): number {
  const env = Number(process.env.FUZZ_SEED);
  return Number.isInteger(env) ? env : 20261123;
}

export function assertRange(r: Range | undefined, length: number, what: string): void {
  assert.ok(r, `${what}: missing range`);
  assert.ok(Number.isInteger(r.start) && Number.isInteger(r.end), `${what}: non-integer range ${JSON.stringify(r)}`);
  assert.ok(r.start >= 0 && r.start <= r.end && r.end <= length, `${what}: range ${JSON.stringify(r)} outside [0, ${length}]`);
}

/** Every range a scan reports lies inside the text it was made from. */
export function assertScanInRange(scan: FileScan, text: string): void {
  const n = text.length;
  for (const o of scan.occurrences) {
    assertRange(o.range, n, `occurrence ${JSON.stringify(o.slug)}`);
    assert.equal(typeof o.slug, 'string');
  }
  for (const r of scan.constantRefs) assertRange(r.range, n, `constant ref ${r.path.join('.')}`);
  for (const [name, values] of scan.constants) for (const v of values) assertRange(v.range, n, `constant ${name}`);
  for (const c of scan.checkCalls) if (c.membership) assertRange(c.membership.range, n, 'check call membership');
  for (const ig of scan.ignores) assert.ok(ig.line >= 0 && Number.isInteger(ig.line), `ignore line ${ig.line}`);
}

/** A FileScan as plain comparable data (maps flattened in insertion order). */
export function scanToJson(scan: FileScan): string {
  return JSON.stringify({
    occurrences: scan.occurrences,
    constantRefs: scan.constantRefs,
    constants: [...scan.constants],
    imports: [...scan.imports],
    checkCalls: scan.checkCalls,
    ignores: scan.ignores,
  });
}

export function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `workos-authz-${prefix}-`));
}

export function removeDir(dir: string): void {
  // Permissions may have been taken away by a test; give them back so the folder can go.
  try {
    fs.chmodSync(dir, 0o755);
  } catch {
    // already gone
  }
  fs.rmSync(dir, { recursive: true, force: true });
}

export interface CapturedIo {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  cwd: string;
  env: NodeJS.ProcessEnv;
  out: string[];
  err: string[];
  text(): { stdout: string; stderr: string };
}

/** CLI io that records everything; env holds only what the test passes (no WORKOS_* leaks in from the shell). */
export function captureIo(cwd: string, env: NodeJS.ProcessEnv = {}): CapturedIo {
  const out: string[] = [];
  const err: string[] = [];
  return {
    stdout: (s) => void out.push(s),
    stderr: (s) => void err.push(s),
    cwd,
    env: { PATH: process.env.PATH, ...env },
    out,
    err,
    text: () => ({ stdout: out.join(''), stderr: err.join('') }),
  };
}

/** Lists every file under dir (recursively) with its content, for "nothing leaked / nothing written" checks. */
export function snapshotTree(dir: string): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  const walk = (d: string): void => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const full = path.join(d, e.name);
      if (e.isDirectory()) walk(full);
      else if (e.isFile()) out.set(path.relative(dir, full), fs.readFileSync(full));
    }
  };
  walk(dir);
  return out;
}

/**
 * An API that echoes the Authorization header back in every answer: error bodies, headers, a
 * malformed body. Real services do quote bad credentials; nothing of it may reach the user's
 * terminal or files.
 */
export async function startEchoServer(mode: { status: number; malformed?: boolean }): Promise<{ port: number; hits: () => number; close: () => Promise<void> }> {
  let hits = 0;
  const server = http.createServer((req, res) => {
    hits++;
    const auth = String(req.headers.authorization ?? '');
    const key = auth.replace(/^Bearer /, '');
    const body = mode.malformed
      ? `{"object":"list","data":[{"slug":"${key}`
      : JSON.stringify({ message: `Invalid API key provided: ${key}`, code: `bad_key_${key}`, error: auth, error_description: `header was ${auth}`, errors: [{ field: key, code: key }] });
    res.writeHead(mode.status, { 'Content-Type': 'application/json', 'X-Echo': key, 'Retry-After': '0' });
    res.end(body);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    port: (server.address() as AddressInfo).port,
    hits: () => hits,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

/** Each transport fault of the test server, with words the message must contain so a user knows what to do. */
export const FAULTS: { kind: FaultKind; reason: RegExp; retryAfterSeconds?: number }[] = [
  { kind: '500', reason: /server|500/i },
  { kind: '429', reason: /rate|429|too many/i, retryAfterSeconds: 0 },
  { kind: 'malformed', reason: /malformed|invalid|JSON|unexpected/i },
  { kind: 'reset', reason: /network|connect|reset|socket/i },
  { kind: 'cursor-loop', reason: /cursor|pag/i },
];
