// `npm run corpus`: precision and recall of the checker on public repositories at pinned commits,
// against labels written by hand (test/corpus/<name>/expected.tsv) and a catalog per repository
// written from what it declares. The repositories' code is never committed here: export them
// first (the command prints how). A measurement, not a test: CI cannot fetch the repositories.
//
// expected.tsv: file, line, expect, kind, slug, note. `expect` is `valid` (a slug place whose slug
// is fine: an occurrence, no finding), a rule id (a finding is deserved), or `none` (a look-alike:
// nothing may be reported).
//
//   npm run corpus [-- NAME…] [--verbose]      corpus folder: $WORKOS_AUTHZ_CORPUS or ../corpus

import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { readCatalogFile } from '../../server/src/catalog/files';
import type { Catalog } from '../../server/src/core/catalog';
import { LineIndex } from '../../server/src/core/lineIndex';
import { WorkspaceIndex } from '../../server/src/core/workspaceIndex';
import { isEmptyScan, prepassLevel } from '../../server/src/core/prepass';
import { jsxFor, scanDocument } from '../../server/src/core/scanner';
import { readSourceFile, walkWorkspace } from '../../server/src/fs/walk';

const root = path.resolve(__dirname, '..', '..');
const here = path.join(root, 'test', 'corpus');
const corpusDir = process.env.WORKOS_AUTHZ_CORPUS ?? path.resolve(root, '..', 'corpus');
const args = process.argv.slice(2);
const verbose = args.includes('--verbose');
const only = args.filter((a) => !a.startsWith('--'));
const repos: Record<string, { repo: string; commit: string }> = JSON.parse(readFileSync(path.join(here, 'repos.json'), 'utf8'));

interface Label {
  file: string;
  line: number;
  expect: string;
  kind: string;
  slug: string;
  note: string;
}

interface Seen {
  file: string;
  line: number;
  kind: string;
  slug: string;
  evidence: string;
  rule?: string;
  place: string;
}

function readLabels(name: string): Label[] {
  const text = readFileSync(path.join(here, name, 'expected.tsv'), 'utf8');
  const out: Label[] = [];
  for (const [i, row] of text.split('\n').entries()) {
    if (i === 0 || !row.trim() || row.startsWith('#')) continue;
    const [file, line, expect, kind, slug = '', note = ''] = row.split('\t');
    out.push({ file, line: Number(line), expect, kind, slug, note });
  }
  return out;
}

/**
 * Files the indexing pre-pass gets wrong: skipped though the analyzer finds something in them, or
 * read for their declarations (and calls to imported functions) only though the full analysis
 * finds more. The pre-pass must never change a result, so this list is always empty (a non-empty
 * one fails the run).
 */
function prepassMisses(dir: string): { skipped: number; declarationsOnly: number; callsOnly: number; misses: string[] } {
  let skipped = 0;
  let declarationsOnly = 0;
  let callsOnly = 0;
  const misses: string[] = [];
  for (const f of walkWorkspace(dir).files) {
    const read = readSourceFile(f);
    if (!('text' in read)) continue;
    const level = prepassLevel(read.text, [], jsxFor({ fileName: f }));
    if (level === 'full') continue;
    const full = scanDocument(read.text, { fileName: f });
    if (level === 'none') {
      skipped++;
      if (!isEmptyScan(full)) misses.push(path.relative(dir, f));
    } else {
      if (level === 'calls') callsOnly++;
      else declarationsOnly++;
      const fast = scanDocument(read.text, { fileName: f, declarationsOnly: true, pendingCalls: level === 'calls' });
      if (scanJson(fast) !== scanJson(full)) misses.push(`${path.relative(dir, f)} (${level})`);
    }
  }
  return { skipped, declarationsOnly, callsOnly, misses };
}

function scanJson(scan: unknown): string {
  return JSON.stringify(scan, (_key, value) => (value instanceof Map ? [...value] : value));
}

let prepassFailures = 0;

function analyse(dir: string, catalog: Catalog): { findings: Seen[]; occurrences: Seen[]; files: number; bytes: number; ms: number; slowest: { file: string; ms: number } } {
  const started = performance.now();
  const walked = walkWorkspace(dir);
  const index = new WorkspaceIndex();
  for (const c of walked.configs) {
    const read = readSourceFile(c);
    if ('text' in read) index.setConfigFile(c, read.text);
  }
  let bytes = 0;
  let slowest = { file: '', ms: 0 };
  const lines = new Map<string, LineIndex>();
  const files: string[] = [];
  for (const f of walked.files) {
    const read = readSourceFile(f);
    if (!('text' in read)) continue;
    bytes += read.text.length;
    const t0 = performance.now();
    index.setFile(f, read.text);
    const ms = performance.now() - t0;
    if (ms > slowest.ms) slowest = { file: path.relative(dir, f), ms };
    lines.set(f, LineIndex.of(read.text));
    files.push(f);
  }
  const findings: Seen[] = [];
  const occurrences: Seen[] = [];
  for (const f of files) {
    const rel = path.relative(dir, f).split(path.sep).join('/');
    const li = lines.get(f)!;
    for (const o of index.occurrences(f)) {
      occurrences.push({ file: rel, line: li.positionAt(o.range.start).line + 1, kind: o.kind, slug: o.slug, evidence: o.evidence, place: o.place });
    }
    for (const x of index.findings(f, catalog)) {
      findings.push({ file: rel, line: li.positionAt(x.range.start).line + 1, kind: x.kind, slug: x.slug, evidence: x.evidence, rule: x.rule, place: x.occurrence?.place ?? '' });
    }
  }
  return { findings, occurrences, files: files.length, bytes, ms: performance.now() - started, slowest };
}

const pct = (a: number, b: number): string => (b === 0 ? '—' : `${((100 * a) / b).toFixed(1)} %`);
const rows: string[] = [];
const details: string[] = [];
let missing = 0;
for (const [name, { repo, commit }] of Object.entries(repos)) {
  if (only.length && !only.includes(name)) continue;
  const dir = path.join(corpusDir, repo.replace('/', '+'));
  if (!existsSync(dir)) {
    missing++;
    console.log(
      `${name}: not exported at ${dir}.\n  Bring ${repo} here with the search tool's fetch (github:${repo}); it prints a git directory.\n` +
        `  Then: bash ../shared/corpus/export.sh ${corpusDir} <that git dir> ${commit}\n  (or set WORKOS_AUTHZ_CORPUS to the folder holding ${repo.replace('/', '+')}).`,
    );
    continue;
  }
  const labels = readLabels(name);
  const catalog = readCatalogFile(path.join(here, name, 'workos-catalog.json')).catalog;
  const r = analyse(dir, catalog);
  const at = (x: { file: string; line: number }): string => `${x.file}:${x.line}`;
  const byLine = new Map<string, Label[]>();
  for (const l of labels) {
    const k = at(l);
    byLine.set(k, [...(byLine.get(k) ?? []), l]);
  }
  // Precision per finding: a finding is right when its line is labelled as a deserved finding for
  // that slug. Findings on lines nobody labelled count as wrong (and are listed, to be judged).
  let right = 0;
  const wrong: string[] = [];
  for (const f of r.findings) {
    const ls = byLine.get(at(f)) ?? [];
    const ok = ls.some((l) => l.expect !== 'valid' && l.expect !== 'none' && (l.slug === '' || l.slug === f.slug));
    if (ok) right++;
    else {
      const why = ls.length ? `labelled ${ls.map((l) => `${l.expect} ${l.slug}`).join(', ')}` : 'unlabelled';
      wrong.push(`  FP ${at(f)} ${f.rule} ${f.kind} ${f.slug} [${f.evidence}, ${f.place}] — ${why}`);
    }
  }
  // Recall of labelled places: a valid place needs an occurrence of that slug on its line, a
  // deserved finding needs a finding there.
  const places = labels.filter((l) => l.expect !== 'none');
  const occAt = new Map<string, Seen[]>();
  for (const o of r.occurrences) occAt.set(at(o), [...(occAt.get(at(o)) ?? []), o]);
  const findAt = new Map<string, Seen[]>();
  for (const f of r.findings) findAt.set(at(f), [...(findAt.get(at(f)) ?? []), f]);
  let found = 0;
  const missed: string[] = [];
  for (const l of places) {
    const slugOk = (s: Seen): boolean => l.slug === '' || s.slug === l.slug;
    const hit = l.expect === 'valid' ? (occAt.get(at(l)) ?? []).some(slugOk) : (findAt.get(at(l)) ?? []).some(slugOk);
    if (hit) found++;
    else missed.push(`  miss ${at(l)} ${l.expect} ${l.kind} ${l.slug} — ${l.note}`);
  }
  const noneOcc = labels.filter((l) => l.expect === 'none' && (occAt.get(at(l)) ?? []).some((o) => o.slug === l.slug)).length;
  const mbps = r.bytes / 1e6 / (r.ms / 1000);
  rows.push(
    `| ${name} | ${r.files} | ${r.findings.length} | ${pct(right, r.findings.length)} | ${places.length} | ${pct(found, places.length)} | ${labels.length - places.length} | ${noneOcc} | ${(r.ms / 1000).toFixed(2)} s (${mbps.toFixed(1)} MB/s) | ${r.slowest.file} ${r.slowest.ms.toFixed(1)} ms |`,
  );
  details.push(`## ${name}: ${r.findings.length} findings, ${right} right; ${places.length} labelled places, ${found} found`, ...wrong, ...missed);
  const pre = prepassMisses(dir);
  console.log(
    `${name}: the indexing pre-pass skips ${pre.skipped} of ${r.files} files, reads ${pre.declarationsOnly} for their declarations only ` +
      `and ${pre.callsOnly} for their declarations and calls to imports; ` +
      `${pre.misses.length} of them differ from a full scan${pre.misses.length ? `: ${pre.misses.join(', ')}` : ''}`,
  );
  prepassFailures += pre.misses.length;
}
if (rows.length) {
  console.log('| repository | files | findings | precision | labelled places | recall | look-alike rows | look-alikes taken as slug places | time | slowest file |');
  console.log('|---|---|---|---|---|---|---|---|---|---|');
  for (const row of rows) console.log(row);
  const out = path.join(root, 'corpus-report.txt');
  writeFileSync(out, details.join('\n') + '\n');
  console.log(`\nEvery wrong finding and missed place: ${path.relative(process.cwd(), out)}`);
  if (verbose) console.log(details.join('\n'));
}
if (missing || prepassFailures) process.exitCode = 1;
