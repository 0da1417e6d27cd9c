// A checkout storm: thousands of files change on disk at once, as after `git switch`, and the
// editor reports them in one workspace/didChangeWatchedFiles. On a copy of the workspace, the
// server indexes the old tree; the storm is written to disk; a fresh server indexes the new
// tree and what it publishes is the answer; then the first server is told about the storm and
// timed until every file's published diagnostics equal the fresh server's. A publish of a
// file's old diagnostics after its new ones were seen is counted as stale.

import { cpSync, existsSync, mkdtempSync, readFileSync, realpathSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, extname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { CatalogSnapshot } from '../server/src/core/catalog';
import type { StormSpec } from './config';
import { BenchServer, sleep } from './lspClient';
import { missing, ok, type Outcome } from './outcome';
import { createRng, type Rng } from './prng';
import { listSourceFiles } from './sourceFiles';
import { typo } from './workspaceGen';

export type ChangeType = 'created' | 'changed' | 'deleted';

export interface StormPlan {
  /** Absolute path → new text, for files that exist and are rewritten. */
  rewritten: Map<string, string>;
  removed: string[];
  /** Absolute path → text, for new files. */
  created: Map<string, string>;
  /** Every change in the order the watcher reports them (shuffled, as a checkout touches files). */
  changes: { file: string; type: ChangeType }[];
}

const FILE_CHANGE_TYPE: Record<ChangeType, number> = { created: 1, changed: 2, deleted: 3 };

/** The didChangeWatchedFiles parameters for a storm. */
export function watchedFilesParams(plan: StormPlan): { changes: { uri: string; type: number }[] } {
  return { changes: plan.changes.map((c) => ({ uri: pathToFileURL(c.file).href, type: FILE_CHANGE_TYPE[c.type] })) };
}

/** Misspellings the workspace generator makes of a slug (dropped letter, swapped letters, plural), mapped back to it. */
function typoFixes(slugs: readonly string[]): Map<string, string> {
  const valid = new Set(slugs);
  const fixes = new Map<string, string>();
  const add = (variant: string, slug: string) => {
    if (variant !== slug && !valid.has(variant) && !fixes.has(variant)) fixes.set(variant, slug);
  };
  for (const slug of slugs) {
    for (let i = 1; i < slug.length; i++) {
      if (/[a-z]/.test(slug[i])) add(slug.slice(0, i) + slug.slice(i + 1), slug);
      if (/[a-z]/.test(slug[i - 1]) && /[a-z]/.test(slug[i])) add(slug.slice(0, i - 1) + slug[i] + slug[i - 1] + slug.slice(i + 1), slug);
    }
    const colon = slug.indexOf(':');
    if (colon > 0) add(slug[colon - 1] === 's' ? slug.slice(0, colon - 1) + slug.slice(colon) : `${slug.slice(0, colon)}s${slug.slice(colon)}`, slug);
    add(`${slug}s`, slug);
  }
  return fixes;
}

class SlugRewriter {
  private readonly kindOf = new Map<string, 'permission' | 'role'>();
  private readonly fixes: Map<string, string>;
  private readonly permissions: string[];
  private readonly roles: string[];

  constructor(catalog: CatalogSnapshot) {
    this.permissions = catalog.permissions.map((p) => p.slug);
    this.roles = [...new Set([...catalog.environmentRoles, ...catalog.organizations.flatMap((o) => o.roles)].map((r) => r.slug))];
    for (const p of this.permissions) this.kindOf.set(p, 'permission');
    for (const r of this.roles) if (!this.kindOf.has(r)) this.kindOf.set(r, 'role');
    this.fixes = typoFixes([...this.permissions, ...this.roles]);
  }

  /**
   * The file on another branch: some valid slugs misspelled, some swapped for other slugs of
   * their kind, most known misspellings fixed, and a changed last line, so the text always differs.
   */
  rewrite(rng: Rng, text: string, label: string): string {
    const out = text.replace(/'([^'\\\n]{1,100})'/g, (literal, inner: string) => {
      const kind = this.kindOf.get(inner);
      if (kind) {
        const r = rng.next();
        if (r < 0.3) return `'${typo(rng, inner)}'`;
        if (r < 0.5) return `'${rng.pick(kind === 'permission' ? this.permissions : this.roles)}'`;
        return literal;
      }
      const fixed = this.fixes.get(inner);
      return fixed && rng.chance(0.8) ? `'${fixed}'` : literal;
    });
    return `${out}${out.endsWith('\n') ? '' : '\n'}// ${label}\n`;
  }
}

function shuffle<T>(rng: Rng, items: T[]): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = rng.int(0, i);
    [items[i], items[j]] = [items[j], items[i]];
  }
  return items;
}

/**
 * Plans a storm over the source files under `root` (nothing is written): the constants modules
 * that other files import (under `auth/`) are always among the rewritten files, so findings
 * change in files the storm did not touch.
 */
export function planStorm(root: string, catalog: CatalogSnapshot, spec: StormSpec): StormPlan {
  const rng = createRng(`storm:${spec.seed}`);
  const rewriter = new SlugRewriter(catalog);
  const files = listSourceFiles(root);
  const shared = files.filter((f) => /[\\/]auth[\\/][^\\/]+$/.test(f));
  const others = shuffle(rng.fork('order'), files.filter((f) => !shared.includes(f)));
  const toRewrite = [...shared, ...others].slice(0, spec.rewrite);
  const rewriting = new Set(toRewrite);
  const removed = others.filter((f) => !rewriting.has(f)).slice(0, spec.remove);
  const gone = new Set(removed);
  const textRng = rng.fork('text');
  const rewritten = new Map<string, string>();
  for (const f of toRewrite) rewritten.set(f, rewriter.rewrite(textRng, readFileSync(f, 'utf8'), `checkout ${spec.seed}`));
  const created = new Map<string, string>();
  const sources = files.filter((f) => !gone.has(f));
  const taken = new Set(files);
  for (let i = 0; created.size < spec.create && sources.length > 0; i++) {
    const source = textRng.pick(sources);
    const ext = extname(source);
    const file = join(dirname(source), `${basename(source, ext)}Next${i}${ext}`);
    if (taken.has(file) || existsSync(file)) continue;
    taken.add(file);
    created.set(file, rewriter.rewrite(textRng, readFileSync(source, 'utf8'), `new on ${spec.seed}`));
  }
  const changes = shuffle(rng.fork('events'), [
    ...toRewrite.map((file) => ({ file, type: 'changed' as const })),
    ...removed.map((file) => ({ file, type: 'deleted' as const })),
    ...[...created.keys()].map((file) => ({ file, type: 'created' as const })),
  ]);
  return { rewritten, removed, created, changes };
}

export function applyStorm(plan: StormPlan): void {
  for (const [file, text] of plan.rewritten) writeFileSync(file, text);
  for (const file of plan.removed) unlinkSync(file);
  for (const [file, text] of plan.created) writeFileSync(file, text);
}

// ---------------------------------------------------------------------------------------------
// Comparing published diagnostics: per file, the set of (range, code, message).

interface DiagnosticLike {
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
  code?: number | string;
  message: string | { value: string };
}

/** A file's diagnostics as one comparable string; '' for none (never published or published empty). */
export function diagnosticsKey(diagnostics: readonly DiagnosticLike[]): string {
  return diagnostics
    .map((d) => `${d.range.start.line}:${d.range.start.character}-${d.range.end.line}:${d.range.end.character}|${d.code ?? ''}|${typeof d.message === 'string' ? d.message : d.message.value}`)
    .sort()
    .join('\n');
}

/** The last published diagnostics per URI, as keys. */
export class PublishedDiagnostics {
  readonly keys = new Map<string, string>();

  apply(p: { uri: string; diagnostics: readonly DiagnosticLike[] }): void {
    this.keys.set(p.uri, diagnosticsKey(p.diagnostics));
  }

  get(uri: string): string {
    return this.keys.get(uri) ?? '';
  }
}

export interface StalePublish {
  uri: string;
  /** Publishes for the file after the storm, up to and including the stale one. */
  publishIndex: number;
}

/**
 * Follows a server's publishes after a storm: which files still differ from the expected
 * (fresh server's) diagnostics, and stale publishes, i.e. a file's pre-storm diagnostics
 * published again after its post-storm diagnostics had been published (when the two differ).
 */
export class ConvergenceTracker {
  readonly mismatched = new Set<string>();
  readonly stale: StalePublish[] = [];
  /** Files whose expected diagnostics differ from their pre-storm ones. */
  readonly changedFiles: number;
  publishes = 0;
  private readonly current: Map<string, string>;
  private readonly sawNew = new Set<string>();
  private readonly publishCount = new Map<string, number>();

  constructor(
    private readonly before: ReadonlyMap<string, string>,
    private readonly expected: ReadonlyMap<string, string>,
  ) {
    this.current = new Map(before);
    let changed = 0;
    for (const uri of new Set([...before.keys(), ...expected.keys()])) {
      const b = before.get(uri) ?? '';
      const e = expected.get(uri) ?? '';
      if (b !== e) {
        changed++;
        this.mismatched.add(uri);
      }
    }
    this.changedFiles = changed;
  }

  publish(p: { uri: string; diagnostics: readonly DiagnosticLike[] }): void {
    this.publishes++;
    const key = diagnosticsKey(p.diagnostics);
    const n = (this.publishCount.get(p.uri) ?? 0) + 1;
    this.publishCount.set(p.uri, n);
    this.current.set(p.uri, key);
    const expected = this.expected.get(p.uri) ?? '';
    const before = this.before.get(p.uri) ?? '';
    if (key === expected) {
      this.mismatched.delete(p.uri);
      this.sawNew.add(p.uri);
    } else {
      this.mismatched.add(p.uri);
      if (key === before && this.sawNew.has(p.uri)) this.stale.push({ uri: p.uri, publishIndex: n });
    }
  }

  get converged(): boolean {
    return this.mismatched.size === 0;
  }

  /** A few differing files with the diagnostics only the server has and only the fresh server has, for messages. */
  describeMismatches(limit = 3): string[] {
    return [...this.mismatched].slice(0, limit).map((uri) => {
      const published = (this.current.get(uri) ?? '').split('\n').filter(Boolean);
      const expected = (this.expected.get(uri) ?? '').split('\n').filter(Boolean);
      const only = (a: string[], b: string[]) => a.filter((x) => !b.includes(x)).slice(0, 3).join('; ') || 'nothing';
      return `${uri}: only the server published [${only(published, expected)}], only a fresh server [${only(expected, published)}]`;
    });
  }
}

// ---------------------------------------------------------------------------------------------
// The benchmark.

export interface StormOptions {
  serverPath: string;
  /** The cached workspace; it is copied, never changed. */
  root: string;
  catalog: CatalogSnapshot;
  spec: StormSpec;
  expectedFiles: number;
  indexTimeoutSeconds: number;
  /** How long the server may take to converge before the storm counts as not converged. */
  convergeTimeoutSeconds: number;
  log: (line: string) => void;
}

export interface StormResult {
  rewritten: number;
  removed: number;
  created: number;
  /** Files whose diagnostics on the new tree (fresh server) differ from the old tree's. */
  filesWithChangedDiagnostics: number;
  converged: boolean;
  /** didChangeWatchedFiles sent → the publish after which every file matched the fresh server. */
  convergenceSeconds: number | null;
  publishes: number;
  stalePublishes: number;
  /** Files still differing when the wait ended (0 when converged). */
  unconvergedFiles: number;
  /** didChangeWatchedFiles sent → the last publish seen. */
  lastPublishSeconds: number | null;
  examples: string[];
}

/** No publish for this long after the diagnostics matched: the server is taken to be done. */
const SETTLE_MS = 2000;

export async function stormBench(options: StormOptions): Promise<Outcome<StormResult>> {
  const { log } = options;
  const copy = realpathSync(mkdtempSync(join(tmpdir(), 'workos-authz-storm-')));
  const servers: BenchServer[] = [];
  try {
    cpSync(options.root, copy, { recursive: true });
    const plan = planStorm(copy, options.catalog, options.spec);
    const start = async (published: PublishedDiagnostics) => {
      const server = await BenchServer.startIndexed({
        serverPath: options.serverPath,
        root: copy,
        expectedFiles: options.expectedFiles,
        timeoutMs: options.indexTimeoutSeconds * 1000,
        quietMs: 1000,
        onPublish: (p) => published.apply(p),
      });
      servers.push(server);
      return server;
    };
    // The server that lives through the storm indexes the old tree.
    const published = new PublishedDiagnostics();
    const server = await start(published);
    const before = new Map(published.keys);
    applyStorm(plan);
    log(`  storm: ${plan.rewritten.size} rewritten, ${plan.removed.length} deleted, ${plan.created.size} created; a fresh server indexes the new tree`);
    const expected = new PublishedDiagnostics();
    const fresh = await start(expected);
    await fresh.stop();
    servers.splice(servers.indexOf(fresh), 1);
    return ok(await measureConvergence(server, plan, before, expected.keys, options));
  } catch (err) {
    return missing(`storm benchmark failed: ${(err as Error).message}`);
  } finally {
    for (const s of servers) await s.stop();
    rmSync(copy, { recursive: true, force: true });
  }
}

async function measureConvergence(
  server: BenchServer,
  plan: StormPlan,
  before: Map<string, string>,
  expected: Map<string, string>,
  options: StormOptions,
): Promise<StormResult> {
  const tracker = new ConvergenceTracker(before, expected);
  let matchedAt: number | null = null;
  let lastPublishAt = performance.now();
  server.onPublish((p) => {
    tracker.publish(p);
    lastPublishAt = performance.now();
    matchedAt = tracker.converged ? lastPublishAt : null;
  });
  const sent = performance.now();
  await server.connection.sendNotification('workspace/didChangeWatchedFiles', watchedFilesParams(plan));
  const deadline = sent + options.convergeTimeoutSeconds * 1000;
  while (performance.now() < deadline) {
    if (tracker.converged && performance.now() - lastPublishAt >= SETTLE_MS) break;
    await sleep(25);
  }
  const converged = tracker.converged;
  const convergenceSeconds = !converged ? null : matchedAt === null ? 0 : (matchedAt - sent) / 1000;
  options.log(
    converged
      ? `  storm: converged in ${convergenceSeconds!.toFixed(2)} s, ${tracker.publishes} publishes, ${tracker.stale.length} stale`
      : `  storm: NOT converged after ${options.convergeTimeoutSeconds} s (last publish at ${((lastPublishAt - sent) / 1000).toFixed(1)} s): ${tracker.mismatched.size} files differ\n    ${tracker.describeMismatches(5).join('\n    ')}`,
  );
  return {
    rewritten: plan.rewritten.size,
    removed: plan.removed.length,
    created: plan.created.size,
    filesWithChangedDiagnostics: tracker.changedFiles,
    converged,
    convergenceSeconds,
    publishes: tracker.publishes,
    stalePublishes: tracker.stale.length,
    unconvergedFiles: tracker.mismatched.size,
    lastPublishSeconds: tracker.publishes ? (lastPublishAt - sent) / 1000 : null,
    examples: [...tracker.describeMismatches(), ...tracker.stale.slice(0, 3).map((s) => `stale publish ${s.publishIndex} for ${s.uri}`)],
  };
}
