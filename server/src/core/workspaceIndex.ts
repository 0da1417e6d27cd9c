// The workspace index: every file's scan, constants resolved across imports, and findings per
// file. Incremental: changing one file re-resolves only the files whose constant uses or
// definitions it can affect, and findings are cached per catalog and settings.
//
// Constants are reported at both ends: `hasRole(ROLES.ADMNI)` at the use, and the literal in
// `ROLES` at its definition ("used as a role in …"), where the fix belongs.

import type { Catalog } from './catalog';
import { LineIndex, type Position } from './lineIndex';
import { checkOccurrences } from './rules';
import { scanDocument } from './scanner';
import type { FileScan, Finding, HelperSpec, Occurrence, Range, RuleSettings, SlugKind } from './types';

interface Entry {
  scan: FileScan;
  lines: LineIndex;
  /** Constant uses resolved to their definitions. */
  resolved: Occurrence[];
  /** Heads of the constant paths this file uses (local and imported names). */
  refHeads: Set<string>;
  findings?: { catalog: Catalog | undefined; settingsKey: string; findings: Finding[] };
}

const RESOLVE_EXTENSIONS = ['.ts', '.tsx', '.js', '.jsx', '.mjs', '.cjs', '.mts', '.cts'];

export class WorkspaceIndex {
  private readonly files = new Map<string, Entry>();
  /** Constant head name (`ROLES`) → files defining constants under it. */
  private readonly owners = new Map<string, Set<string>>();
  /** Head name → files using a constant path with that head. */
  private readonly users = new Map<string, Set<string>>();
  /** Definition file → occurrences at its literals derived from uses elsewhere, keyed by using file. */
  private readonly derived = new Map<string, Map<string, Occurrence[]>>();
  private readonly dirty = new Set<string>();
  private helpers: HelperSpec[];

  constructor(options: { helpers?: HelperSpec[] } = {}) {
    this.helpers = options.helpers ?? [];
  }

  setHelpers(helpers: HelperSpec[]): void {
    this.helpers = helpers;
  }

  setFile(uri: string, text: string): string[] {
    const scan = scanDocument(text, { helpers: this.helpers, fileName: uri });
    const affected = new Set<string>([uri]);
    const old = this.files.get(uri);
    if (old) this.unregister(uri, old, affected);
    const refHeads = new Set<string>();
    for (const r of scan.constantRefs) {
      refHeads.add(r.path[0]);
      const imp = scan.imports.get(r.path[0]);
      if (imp && imp.name !== '*' && imp.name !== 'default') refHeads.add(imp.name);
      if (imp?.name === '*' && r.path.length > 1) refHeads.add(r.path[1]);
    }
    const entry: Entry = { scan, lines: new LineIndex(text), resolved: [], refHeads };
    this.files.set(uri, entry);
    this.register(uri, entry, affected);
    for (const a of affected) this.markDirty(a);
    return [...affected];
  }

  removeFile(uri: string): string[] {
    const old = this.files.get(uri);
    if (!old) return [];
    const affected = new Set<string>([uri]);
    this.unregister(uri, old, affected);
    this.files.delete(uri);
    this.dirty.delete(uri);
    for (const a of affected) if (a !== uri) this.markDirty(a);
    return [...affected];
  }

  uris(): string[] {
    return [...this.files.keys()];
  }

  has(uri: string): boolean {
    return this.files.has(uri);
  }

  scanOf(uri: string): FileScan | undefined {
    return this.files.get(uri)?.scan;
  }

  occurrences(uri: string): Occurrence[] {
    this.resolveDirty();
    const e = this.files.get(uri);
    if (!e) return [];
    const own = [...e.scan.occurrences, ...e.resolved];
    const seen = new Set(own.map((o) => `${o.range.start}:${o.range.end}:${o.kind}`));
    for (const list of this.derived.get(uri)?.values() ?? []) {
      for (const o of list) {
        const key = `${o.range.start}:${o.range.end}:${o.kind}`;
        if (seen.has(key)) continue;
        seen.add(key);
        own.push(o);
      }
    }
    return own.sort((a, b) => a.range.start - b.range.start);
  }

  occurrenceAt(uri: string, offset: number): Occurrence | undefined {
    let best: Occurrence | undefined;
    for (const o of this.occurrences(uri)) {
      if (o.range.start <= offset && offset <= o.range.end) {
        if (!best || o.range.end - o.range.start < best.range.end - best.range.start) best = o;
      }
    }
    return best;
  }

  findings(uri: string, catalog: Catalog | undefined, settings: RuleSettings = {}): Finding[] {
    const occurrences = this.occurrences(uri);
    const e = this.files.get(uri);
    if (!e) return [];
    const settingsKey = JSON.stringify(settings);
    if (e.findings && e.findings.catalog === catalog && e.findings.settingsKey === settingsKey) return e.findings.findings;
    const ignores = e.scan.ignores;
    let findings = checkOccurrences(occurrences, e.scan.checkCalls, catalog, settings);
    if (ignores.length) {
      findings = findings.filter((f) => {
        const line = e.lines.positionAt(f.range.start).line;
        return !ignores.some((ig) => ig.line === line && (ig.rules.length === 0 || ig.rules.includes(f.rule)));
      });
    }
    e.findings = { catalog, settingsKey, findings };
    return findings;
  }

  usages(kind: SlugKind | undefined, slug: string): { uri: string; occurrence: Occurrence }[] {
    this.resolveDirty();
    const out: { uri: string; occurrence: Occurrence }[] = [];
    for (const [uri, e] of this.files) {
      for (const o of [...e.scan.occurrences, ...e.resolved]) {
        if (o.slug === slug && (kind === undefined || o.kind === kind)) out.push({ uri, occurrence: o });
      }
    }
    return out;
  }

  /** Slugs written anywhere (literals and constants), and template patterns, of one kind. */
  referencedSlugs(kind: SlugKind): Set<string> {
    this.resolveDirty();
    const out = new Set<string>();
    for (const e of this.files.values()) {
      for (const o of e.scan.occurrences) if (o.kind === kind && o.via !== 'template') out.add(o.slug);
      for (const o of e.resolved) if (o.kind === kind) out.add(o.slug);
    }
    return out;
  }

  templatePatterns(kind: SlugKind): string[][] {
    const out: string[][] = [];
    for (const e of this.files.values()) {
      for (const o of e.scan.occurrences) if (o.kind === kind && o.templateParts) out.push(o.templateParts);
    }
    return out;
  }

  constantDefinitionAt(uri: string, offset: number): { uri: string; range: Range; name: string } | undefined {
    this.resolveDirty();
    const e = this.files.get(uri);
    if (!e) return undefined;
    return e.resolved.find((o) => o.range.start <= offset && offset <= o.range.end)?.definition;
  }

  positionAt(uri: string, offset: number): Position {
    return this.files.get(uri)?.lines.positionAt(offset) ?? { line: 0, character: 0 };
  }

  offsetAt(uri: string, pos: Position): number {
    return this.files.get(uri)?.lines.offsetAt(pos) ?? 0;
  }

  // ---- bookkeeping ----

  private markDirty(uri: string): void {
    const e = this.files.get(uri);
    if (!e) return;
    e.findings = undefined;
    this.dirty.add(uri);
  }

  private register(uri: string, e: Entry, affected: Set<string>): void {
    for (const head of headsOf(e.scan)) {
      addTo(this.owners, head, uri);
      for (const u of this.users.get(head) ?? []) affected.add(u);
    }
    for (const head of e.refHeads) {
      addTo(this.users, head, uri);
      for (const o of this.owners.get(head) ?? []) affected.add(o);
    }
  }

  private unregister(uri: string, e: Entry, affected: Set<string>): void {
    for (const head of headsOf(e.scan)) {
      this.owners.get(head)?.delete(uri);
      for (const u of this.users.get(head) ?? []) affected.add(u);
    }
    for (const head of e.refHeads) {
      this.users.get(head)?.delete(uri);
      for (const o of this.owners.get(head) ?? []) affected.add(o);
    }
    this.dropDerivedFrom(uri, e.resolved, affected);
    this.derived.delete(uri);
  }

  private dropDerivedFrom(uri: string, resolved: Occurrence[], affected: Set<string>): void {
    for (const o of resolved) {
      const defUri = o.definition?.uri;
      if (!defUri) continue;
      if (this.derived.get(defUri)?.delete(uri)) affected.add(defUri);
    }
  }

  private resolveDirty(): void {
    if (this.dirty.size === 0) return;
    const batch = [...this.dirty];
    this.dirty.clear();
    for (const uri of batch) {
      const e = this.files.get(uri);
      if (!e) continue;
      const touched = new Set<string>();
      this.dropDerivedFrom(uri, e.resolved, touched);
      e.resolved = this.resolve(uri, e);
      for (const o of e.resolved) {
        const def = o.definition!;
        let perUser = this.derived.get(def.uri);
        if (!perUser) this.derived.set(def.uri, (perUser = new Map()));
        let list = perUser.get(uri);
        if (!list) perUser.set(uri, (list = []));
        list.push({
          kind: o.kind,
          slug: o.slug,
          range: def.range,
          via: 'literal',
          place: def.uri === uri ? `${def.name}, used as ${o.place}` : `${def.name}, used in ${shortName(uri)} as ${o.place}`,
          session: o.session,
        });
        touched.add(def.uri);
      }
      for (const t of touched) {
        const te = this.files.get(t);
        if (te) te.findings = undefined;
      }
    }
  }

  private resolve(uri: string, e: Entry): Occurrence[] {
    const out: Occurrence[] = [];
    for (const ref of e.scan.constantRefs) {
      const full = ref.path.join('.');
      let target: { uri: string; name: string } | undefined;
      if (e.scan.constants.has(full)) {
        target = { uri, name: full };
      } else {
        const imp = e.scan.imports.get(ref.path[0]);
        if (!imp) continue;
        const rest = ref.path.slice(1);
        const name = imp.name === '*' ? rest.join('.') : [imp.name, ...rest].join('.');
        if (!name || imp.name === 'default') continue;
        const file = this.resolveModule(uri, imp.from);
        if (file && this.files.get(file)?.scan.constants.has(name)) {
          target = { uri: file, name };
        } else {
          // Path aliases and re-exports: fall back to the one file that defines this name.
          const owners = [...(this.owners.get(name.split('.')[0]) ?? [])].filter((o) => this.files.get(o)?.scan.constants.has(name));
          if (owners.length === 1) target = { uri: owners[0], name };
        }
      }
      if (!target) continue;
      const values = this.files.get(target.uri)!.scan.constants.get(target.name)!;
      for (const v of values) {
        out.push({
          kind: ref.kind,
          slug: v.value,
          range: ref.range,
          via: 'constant',
          place: ref.place,
          session: ref.session,
          callId: ref.callId,
          definition: { uri: target.uri, range: v.range, name: target.name },
        });
      }
    }
    return out;
  }

  private resolveModule(fromUri: string, spec: string): string | undefined {
    if (!spec.startsWith('.')) return undefined;
    const dir = fromUri.slice(0, fromUri.lastIndexOf('/'));
    const base = normalizePath(`${dir}/${spec}`);
    const stem = base.replace(/\.(js|jsx|mjs|cjs)$/, '');
    const candidates = [base, ...RESOLVE_EXTENSIONS.map((x) => stem + x), ...RESOLVE_EXTENSIONS.map((x) => `${base}/index${x}`)];
    return candidates.find((c) => this.files.has(c));
  }
}

function headsOf(scan: FileScan): Set<string> {
  const heads = new Set<string>();
  for (const name of scan.constants.keys()) heads.add(name.split('.')[0]);
  return heads;
}

function addTo(map: Map<string, Set<string>>, key: string, value: string): void {
  let set = map.get(key);
  if (!set) map.set(key, (set = new Set()));
  set.add(value);
}

/** Collapses `.` and `..` segments; keeps a `scheme://` prefix intact. */
function normalizePath(p: string): string {
  const m = /^([a-z][a-z0-9+.-]*:\/\/[^/]*)?(.*)$/is.exec(p)!;
  const prefix = m[1] ?? '';
  const out: string[] = [];
  for (const seg of m[2].split('/')) {
    if (seg === '.' || (seg === '' && out.length > 0)) continue;
    if (seg === '..') {
      if (out.length > 1) out.pop();
      continue;
    }
    out.push(seg);
  }
  return prefix + out.join('/');
}

function shortName(uri: string): string {
  return uri.slice(uri.lastIndexOf('/') + 1);
}
