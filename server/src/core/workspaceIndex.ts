// The workspace index: every file's scan, constants resolved across imports, and findings per
// file. Incremental: changing one file re-resolves only the files whose constant uses or
// definitions it can affect, and findings are cached per catalog and settings.
//
// Constants are reported at both ends: `hasRole(ROLES.ADMNI)` at the use, and the literal in
// `ROLES` at its definition ("used as a role in …"), where the fix belongs.
//
// Imports resolve as TypeScript resolves them (relative paths, tsconfig/jsconfig `paths` and
// `baseUrl`, workspace packages, re-exports). Calls to a helper another file defines
// (`requirePerm(P.X)` with `requirePerm` inferred from its body there) are decided here too.

import type { Catalog } from './catalog';
import { intern, internScan } from './intern';
import { unpackConstants, type PackedConstants } from './packedConstants';
import { LineIndex, type Position } from './lineIndex';
import { ModuleResolver } from './moduleResolution';
import { rescanStringEdit, type EditedText } from './incremental';
import { EMPTY_SCAN, isEmptyScan, prepassLevel } from './prepass';
import { checkOccurrences } from './rules';
import { helperEvidence, jsxFor, scanDocument, strongestPerRange } from './scanner';
import type { ConstantRef, Evidence, FileScan, Finding, HelperSpec, InferredHelper, Occurrence, Range, RuleSettings, SlugKind } from './types';
import { EVIDENCE_RANK, isStrong } from './types';

interface Entry {
  /** The file's key as the index holds it: resolved imports hand out this string, not copies. */
  uri: string;
  scan: FileScan;
  /** Only for files with something to report. */
  lines: LineIndex | undefined;
  /** The text, for documents being edited only (`updateFile`): the next edit is compared with it. */
  edited?: EditedText;
  /** Constant uses resolved to their definitions. */
  resolved: Occurrence[];
  /** Heads of the constant paths this file uses (local and imported names). */
  refHeads: Set<string>;
  findings?: { catalog: Catalog | undefined; settingsKey: string; findings: Finding[] };
  /**
   * The file's occurrences (own, resolved, derived from uses elsewhere), kept until something
   * they are made of changes: it is dropped wherever the findings are.
   */
  occurrences?: Occurrence[];
}

export class WorkspaceIndex {
  private readonly files = new Map<string, Entry>();
  /** Constant head name (`ROLES`) → files defining constants under it. */
  private readonly owners = new Map<string, Set<string>>();
  /** Head name → files using a constant path with that head. */
  private readonly users = new Map<string, Set<string>>();
  /** Definition file → occurrences at its literals derived from uses elsewhere, keyed by using file. */
  private readonly derived = new Map<string, Map<string, Occurrence[]>>();
  private readonly dirty = new Set<string>();
  private readonly resolver = new ModuleResolver();
  private helpers: HelperSpec[];

  constructor(options: { helpers?: HelperSpec[] } = {}) {
    this.helpers = options.helpers ?? [];
  }

  setHelpers(helpers: HelperSpec[]): void {
    this.helpers = helpers;
  }

  /** A file's text (an open document, a file read on this thread): its line starts are kept. */
  setFile(uri: string, text: string): string[] {
    return this.setScan(uri, scanForIndex(text, this.helpers, uri, true));
  }

  /**
   * A document being edited: like setFile, but the text is kept, and an edit inside one string
   * literal (typing a slug) re-analyses only the statement that holds it when that is enough.
   */
  updateFile(uri: string, text: string): string[] {
    const old = this.files.get(uri);
    if (old?.edited) {
      const done = rescanStringEdit(old.edited, old.scan, text, { helpers: this.helpers, fileName: uri });
      // Statement starts found for this attempt are kept even when it fails: the text is the same.
      if (done) {
        this.editStats.statement++;
        // One literal's value changed and what follows moved: what the file asks of others is the
        // same, and others read something new of it only when one of its constants changed or moved.
        const same = { sameIn: true, sameOut: !done.constantsChanged };
        return this.setScan(uri, { scan: done.scan, lineStarts: LineIndex.lineStarts(text), length: text.length }, { text, starts: done.starts }, same);
      }
    }
    this.editStats.file++;
    return this.setScan(uri, scanForIndex(text, this.helpers, uri, true), { text });
  }

  /**
   * Puts in a document that `from` holds as being edited with exactly `text`, scanned with the same
   * helpers, without scanning it again (a new index built while the document is open). False when
   * `from` holds it otherwise: then it must be scanned.
   */
  adoptEdited(uri: string, text: string, from: WorkspaceIndex): boolean {
    const e = from.files.get(uri);
    if (!e?.edited || e.edited.text !== text || !e.lines) return false;
    if (from.helpers !== this.helpers && JSON.stringify(from.helpers) !== JSON.stringify(this.helpers)) return false;
    this.setScan(uri, { scan: e.scan, lineStarts: e.lines.lineStarts, length: text.length }, e.edited);
    return true;
  }

  /** How edits were re-checked: by their statement alone, or by a scan of the whole file. */
  readonly editStats = { statement: 0, file: 0 };

  /**
   * A file's scan made elsewhere (a worker thread) with the same helpers: see `scanForIndex`.
   * `text` is kept only for a document being edited. Returns the files whose results may have changed.
   */
  setScan(uri: string, scanned: IndexedScan, edited?: EditedText, known?: { sameIn: boolean; sameOut: boolean }): string[] {
    // A scan from a worker is a copy: an empty one becomes the shared empty scan again.
    // A statement re-check's scan keeps the old scan's strings, with its one new value interned.
    if (scanned.packed) scanned = { ...scanned, scan: { ...scanned.scan, constants: unpackConstants(scanned.packed) } };
    const scan = scanned.scan === EMPTY_SCAN || isEmptyScan(scanned.scan) ? EMPTY_SCAN : known ? scanned.scan : internScan(scanned.scan, scanned.packed !== undefined);
    const affected = new Set<string>([uri]);
    const old = this.files.get(uri);
    // What other files read of this one (its constants, helpers, exports) and what it asks of them
    // (constant uses, helper calls, imports): when an edit leaves one unchanged, the files on that
    // side keep their results and are not re-checked.
    const sameOut = old !== undefined && (known ? known.sameOut : exportsKey(old.scan) === exportsKey(scan));
    const sameIn = old !== undefined && (known ? known.sameIn : usesKey(old.scan) === usesKey(scan));
    if (old) this.unregister(uri, old, sameOut ? undefined : affected, sameIn ? undefined : affected);
    const refHeads = scan === EMPTY_SCAN ? NO_HEADS : new Set<string>();
    const addHead = (path: string[]): void => {
      refHeads.add(path[0]);
      const imp = scan.imports.get(path[0]);
      if (imp && imp.name !== '*' && imp.name !== 'default') refHeads.add(imp.name);
      if (imp?.name === '*' && path.length > 1) refHeads.add(path[1]);
    };
    for (const r of scan.constantRefs) addHead(r.path);
    for (const c of scan.calls) {
      addHead(c.callee);
      for (const a of c.args) if (a.path) addHead(a.path);
    }
    // A value typed by an imported alias reads the alias's members from the file that defines it.
    for (const o of scan.occurrences) if (o.typeName) addHead([o.typeName]);
    const lines = scanned.lineStarts ? LineIndex.fromStarts(scanned.lineStarts, scanned.length) : undefined;
    // The old resolved uses stay until this file is resolved again: their derived entries at the
    // definitions are replaced then, and only definitions whose entries changed are re-checked.
    const entry: Entry = { uri: old?.uri ?? uri, scan, lines, resolved: old?.resolved ?? NO_OCCURRENCES, refHeads, edited };
    this.files.set(uri, entry);
    this.register(uri, entry, sameOut ? undefined : affected, sameIn ? undefined : affected);
    if (!sameOut) {
      // A file that uses this one resolves again and may pass constants on differently (a helper
      // it calls appeared or went): the definitions it reads may change too.
      for (const user of [...affected]) {
        if (user === uri) continue;
        for (const head of this.files.get(user)?.refHeads ?? []) for (const o of this.owners.get(head) ?? []) affected.add(o);
      }
    }
    for (const a of affected) this.markDirty(a);
    return [...affected];
  }

  /**
   * A project config (tsconfig/jsconfig, package.json) changed: imports may resolve differently,
   * so every file is re-resolved. Returns the files whose results may change.
   */
  setConfigFile(uri: string, text: string): string[] {
    if (!this.resolver.setConfig(uri, text)) return [];
    return this.allDirty();
  }

  removeConfigFile(uri: string): string[] {
    if (!this.resolver.removeConfig(uri)) return [];
    return this.allDirty();
  }

  static isConfigFile(uri: string): boolean {
    return ModuleResolver.isConfigFile(uri);
  }

  private allDirty(): string[] {
    for (const u of this.files.keys()) this.markDirty(u);
    return [...this.files.keys()];
  }

  removeFile(uri: string): string[] {
    const old = this.files.get(uri);
    if (!old) return [];
    const affected = new Set<string>([uri]);
    this.unregister(uri, old, affected, affected);
    this.dropDerivedFrom(uri, old.resolved, affected);
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
    return (e.occurrences ??= this.mergedOccurrences(uri, e));
  }

  private mergedOccurrences(uri: string, e: Entry): Occurrence[] {
    const derived = this.derived.get(uri);
    if (e.scan.occurrences.length === 0 && e.resolved.length === 0 && !derived?.size) return NO_OCCURRENCES;
    // Most files have only their own occurrences, already one per place and in order: the scan's
    // list is the answer, and no copy of it is kept.
    if (e.resolved.length === 0 && !derived?.size && isFinalList(e.scan.occurrences)) return e.scan.occurrences;
    const own = [...e.scan.occurrences, ...e.resolved];
    // Users in a fixed order, so the place shown for a constant used from several files does not
    // depend on the order the files were indexed or edited in.
    if (derived) for (const user of [...derived.keys()].sort()) own.push(...derived.get(user)!);
    const unique = strongestOnce(own.sort((a, b) => a.range.start - b.range.start));
    return unique.map((o) => (o.evidence === 'type' && o.typeName && !o.typeMembers ? this.withTypeMembers(uri, e.scan, o) : o));
  }

  /** A value typed by a type alias: the alias's members, so rules can see whether it holds catalog slugs. */
  private withTypeMembers(uri: string, scan: FileScan, o: Occurrence): Occurrence {
    const name = o.typeName!;
    let values = scan.constants.get(name);
    if (!values) {
      const target = this.importTarget(uri, scan, [name]);
      values = target && this.files.get(target.uri)?.scan.constants.get(target.name);
    }
    if (!values || !values.every((v) => v.type)) return o;
    return { ...o, typeMembers: values.map((v) => v.value) };
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
    this.resolveDirty();
    const e = this.files.get(uri);
    if (!e) return [];
    const settingsKey = JSON.stringify(settings);
    if (e.findings && e.findings.catalog === catalog && e.findings.settingsKey === settingsKey) return e.findings.findings;
    const occurrences = this.occurrences(uri);
    // Nothing to check costs nothing to check again: most files keep no findings entry.
    if (occurrences.length === 0 && e.scan.checkCalls.length === 0) return NO_FINDINGS;
    const ignores = e.scan.ignores;
    let findings = checkOccurrences(occurrences, e.scan.checkCalls, catalog, settings);
    if (ignores.length) findings = this.withoutIgnored(uri, findings);
    e.findings = { catalog, settingsKey, findings };
    return findings;
  }

  /** Findings of the file minus those its `workos-authz-ignore-next-line` directives turn off. */
  withoutIgnored(uri: string, findings: Finding[]): Finding[] {
    const e = this.files.get(uri);
    if (!e || e.scan.ignores.length === 0) return findings;
    const ignores = e.scan.ignores;
    return findings.filter((f) => {
      const line = e.lines?.positionAt(f.range.start).line;
      return !ignores.some((ig) => ig.line === line && (ig.rules.length === 0 || ig.rules.includes(f.rule)));
    });
  }

  usages(kind: SlugKind | undefined, slug: string): { uri: string; occurrence: Occurrence }[] {
    this.resolveDirty();
    const out: { uri: string; occurrence: Occurrence }[] = [];
    for (const [uri, e] of this.files) {
      for (const o of strongestPerRange([...e.scan.occurrences, ...e.resolved])) {
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
    return this.files.get(uri)?.lines?.positionAt(offset) ?? { line: 0, character: 0 };
  }

  offsetAt(uri: string, pos: Position): number {
    return this.files.get(uri)?.lines?.offsetAt(pos) ?? 0;
  }

  /** What the index holds, for the memory report: files, and those with anything to report. */
  stats(): { files: number; withFindings: number } {
    let withFindings = 0;
    for (const e of this.files.values()) if (e.scan !== EMPTY_SCAN) withFindings++;
    return { files: this.files.size, withFindings };
  }

  // ---- bookkeeping ----

  private markDirty(uri: string): void {
    const e = this.files.get(uri);
    if (!e) return;
    e.findings = undefined;
    e.occurrences = undefined;
    this.dirty.add(uri);
  }

  /** Adds the file's heads; `users`/`owners` collect the files on each side whose results may change. */
  private register(uri: string, e: Entry, users: Set<string> | undefined, owners: Set<string> | undefined): void {
    for (const head of headsOf(e.scan)) {
      addTo(this.owners, head, uri);
      if (users) for (const u of this.users.get(head) ?? []) users.add(u);
    }
    for (const head of e.refHeads) {
      addTo(this.users, head, uri);
      if (owners) for (const o of this.owners.get(head) ?? []) owners.add(o);
    }
  }

  private unregister(uri: string, e: Entry, users: Set<string> | undefined, owners: Set<string> | undefined): void {
    for (const head of headsOf(e.scan)) {
      this.owners.get(head)?.delete(uri);
      if (users) for (const u of this.users.get(head) ?? []) users.add(u);
    }
    for (const head of e.refHeads) {
      this.users.get(head)?.delete(uri);
      if (owners) for (const o of this.owners.get(head) ?? []) owners.add(o);
    }
    // Uses elsewhere point into this file's constants: with the constants changed they go, and
    // the users (in `users`) resolve again.
    if (users) this.derived.delete(uri);
  }

  private dropDerivedFrom(uri: string, resolved: Occurrence[], affected: Set<string>): void {
    for (const o of resolved) {
      const defUri = o.definition?.uri;
      if (!defUri) continue;
      if (this.derived.get(defUri)?.delete(uri)) affected.add(defUri);
    }
  }

  /**
   * Resolves files whose scans went in since they were last resolved, until `deadline` (a
   * `performance.now()` time) passes; true while some are left. A language server calls this in
   * slices after putting a workspace's scans in, so the first request after indexing does not
   * wait for every file at once; anything left is resolved when a result is asked for.
   */
  resolvePending(deadline: number): boolean {
    for (const uri of this.dirty) {
      this.dirty.delete(uri);
      this.resolveOne(uri);
      // Checked after every file: one file's imports can take milliseconds to resolve on disk.
      if (performance.now() > deadline) break;
    }
    return this.dirty.size > 0;
  }

  private resolveDirty(): void {
    if (this.dirty.size === 0) return;
    const batch = [...this.dirty];
    this.dirty.clear();
    for (const uri of batch) this.resolveOne(uri);
  }

  private resolveOne(uri: string): void {
    const e = this.files.get(uri);
    if (!e) return;
    const before = new Map<string, Occurrence[]>();
    for (const o of e.resolved) {
      const def = o.definition?.uri;
      const list = def && this.derived.get(def)?.get(uri);
      if (list) before.set(def, list);
    }
    e.resolved = this.resolve(uri, e);
    const after = new Map<string, Occurrence[]>();
    for (const o of e.resolved) {
      const def = o.definition;
      if (!def) continue;
      let list = after.get(def.uri);
      if (!list) after.set(def.uri, (list = []));
      list.push({
        kind: o.kind,
        slug: o.slug,
        range: def.range,
        via: 'literal',
        place: intern(def.uri === uri ? `${def.name}, used as ${o.place}` : `${def.name}, used in ${shortName(uri)} as ${o.place}`),
        session: o.session,
        // A constant a stronger place uses is checked there; one a name-only place uses stays name-only.
        evidence: isStrong(o.evidence) ? 'constant' : o.evidence,
      });
    }
    // Only definitions whose derived occurrences changed are checked again.
    for (const def of new Set([...before.keys(), ...after.keys()])) {
      const list = after.get(def);
      if (list && sameOccurrences(before.get(def), list)) continue;
      let perUser = this.derived.get(def);
      if (list) {
        if (!perUser) this.derived.set(def, (perUser = new Map()));
        perUser.set(uri, list);
      } else perUser?.delete(uri);
      const te = this.files.get(def);
      if (te) {
        te.findings = undefined;
        te.occurrences = undefined;
      }
    }
  }

  private resolve(uri: string, e: Entry): Occurrence[] {
    if (e.scan.constantRefs.length === 0 && e.scan.calls.length === 0) return NO_OCCURRENCES;
    const out: Occurrence[] = [];
    // A file's uses share a few imports (`PERMS.A`, `PERMS.B`, …): each binding is followed once.
    const bindings: Bindings = new Map();
    for (const ref of e.scan.constantRefs) this.resolveRef(uri, e, ref, out, bindings);
    // Calls to helpers defined in other files: literal arguments become occurrences here, constant
    // arguments resolve like any other constant use.
    for (const call of e.scan.calls) {
      const target = this.importTarget(uri, e.scan, call.callee, bindings);
      if (!target) continue;
      const helpers = this.files.get(target.uri)?.scan.helpers.filter((h) => h.name === target.name);
      if (!helpers?.length) continue;
      for (const a of call.args) {
        for (const h of helpers) {
          if (h.arg !== a.arg || h.prop !== a.prop) continue;
          const name = call.callee.join('.');
          const place = call.jsx ? `<${name} ${a.prop}>` : a.prop === undefined ? `${name}()` : `${name}({ ${a.prop} })`;
          const evidence: Evidence = helperEvidence(h.via);
          if (a.value !== undefined) {
            out.push({ kind: h.kind, slug: a.value, range: a.range, via: 'literal', place, session: h.session, evidence });
          } else if (a.path) {
            this.resolveRef(uri, e, { kind: h.kind, path: a.path, range: a.range, place, session: h.session, evidence }, out, bindings);
          }
        }
      }
    }
    return out;
  }

  private resolveRef(uri: string, e: Entry, ref: ConstantRef, out: Occurrence[], bindings?: Bindings): void {
    const full = ref.path.length === 1 ? ref.path[0] : ref.path.join('.');
    let target: { uri: string; name: string } | undefined;
    if (e.scan.constants.has(full)) {
      target = { uri, name: full };
    } else {
      target = this.importTarget(uri, e.scan, ref.path, bindings);
      if (target && !this.files.get(target.uri)?.scan.constants.has(target.name)) target = undefined;
    }
    if (!target) return;
    const values = this.files.get(target.uri)!.scan.constants.get(target.name)!;
    // A type annotation (`role: RecipientRole`) names a type, not a value: its members are
    // reported once, where the union is written.
    if (values.length === 0 || values[0].type) return;
    for (const v of values) {
      out.push({
        kind: ref.kind,
        slug: v.value,
        range: ref.range,
        via: 'constant',
        place: ref.place,
        session: ref.session,
        evidence: ref.evidence,
        callId: ref.callId,
        definition: { uri: target.uri, range: v.range, name: target.name },
      });
    }
  }

  /**
   * The file and name an imported path refers to: `P.X` with `import { PERMS as P } from '@/perms'`
   * → (perms.ts, `PERMS.X`), following re-exports. Unresolvable modules fall back to the one file
   * that defines the name, when exactly one does.
   */
  private importTarget(uri: string, scan: FileScan, path: string[], bindings?: Bindings): { uri: string; name: string } | undefined {
    const imp = scan.imports.get(path[0]);
    if (!imp || imp.name === 'default') return undefined;
    const exported = imp.name === '*' ? path[1] : imp.name;
    if (!exported) return undefined;
    const restFrom = imp.name === '*' ? 2 : 1;
    const key = imp.name === '*' ? `${path[0]}.${exported}` : path[0];
    let binding = bindings?.get(key);
    if (binding === undefined) {
      const file = this.resolveModule(uri, imp.from);
      binding = file ? (this.findExport(file, exported, 0) ?? null) : 'unresolved';
      bindings?.set(key, binding);
    }
    if (binding !== 'unresolved') {
      if (binding === null) return undefined;
      return { uri: binding.uri, name: joinedFrom(binding.name, path, restFrom) };
    }
    const name = joinedFrom(exported, path, restFrom);
    const owners = [...(this.owners.get(exported) ?? [])].filter((o) => {
      const sc = this.files.get(o)?.scan;
      return sc && (sc.constants.has(name) || sc.helpers.some((h) => h.name === exported));
    });
    return owners.length === 1 ? { uri: owners[0], name } : undefined;
  }

  /** Where `name`, exported by `file`, is defined: the file itself or a module it re-exports from. */
  private findExport(file: string, name: string, depth: number): { uri: string; name: string } | undefined {
    const scan = this.files.get(file)?.scan;
    if (!scan || depth > 6) return undefined;
    const local = scan.exports.get(name);
    if (local !== undefined) {
      const imp = scan.imports.get(local);
      if (imp && imp.name !== '*' && imp.name !== 'default' && !hasLocal(scan, local)) {
        // `import { X } from './x'; export { X }`
        const next = this.resolveModule(file, imp.from);
        return next ? this.findExport(next, imp.name, depth + 1) : undefined;
      }
      return { uri: file, name: local };
    }
    if (hasLocal(scan, name)) return { uri: file, name };
    for (const r of scan.reexports) {
      const imported = r.names ? r.names.get(name) : name;
      if (imported === undefined) continue;
      const next = this.resolveModule(file, r.from);
      const found = next && this.findExport(next, imported, depth + 1);
      if (found) return found;
    }
    return undefined;
  }

  private resolveModule(fromUri: string, spec: string): string | undefined {
    const found = this.resolver.resolve(fromUri, spec, (u) => this.files.has(u));
    return found === undefined ? undefined : (this.files.get(found)?.uri ?? found);
  }
}

/** `head` followed by `path` from index `from` on, dotted. */
function joinedFrom(head: string, path: readonly string[], from: number): string {
  let name = head;
  for (let i = from; i < path.length; i++) name += `.${path[i]}`;
  return name;
}

/**
 * Where each imported binding of one file leads, while that file resolves: the file and name it is
 * defined under, null when the module has no such export, 'unresolved' when the module is not found.
 */
type Bindings = Map<string, { uri: string; name: string } | null | 'unresolved'>;

/** Whether two lists of derived occurrences say the same (same order, as resolution makes them). */
function sameOccurrences(a: Occurrence[] | undefined, b: Occurrence[]): boolean {
  if (!a || a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    const y = b[i];
    if (x.kind !== y.kind || x.slug !== y.slug || x.range.start !== y.range.start || x.range.end !== y.range.end || x.place !== y.place || x.session !== y.session || x.evidence !== y.evidence) return false;
  }
  return true;
}

/** What other files read of a scan: constants (with their ranges, where uses elsewhere point), helpers, exports. */
function exportsKey(scan: FileScan): string {
  if (scan === EMPTY_SCAN) return '';
  const parts: string[] = [];
  for (const [name, values] of scan.constants) {
    parts.push(name);
    for (const v of values) parts.push(`${v.value}@${v.range.start}-${v.range.end}${v.type ? 't' : ''}`);
  }
  parts.push('|h');
  for (const h of scan.helpers) parts.push(`${h.name}/${h.arg}/${h.prop ?? ''}/${h.kind}/${h.via}/${h.session}`);
  parts.push('|e');
  for (const [a, b] of scan.exports) parts.push(`${a}=${b}`);
  parts.push('|r');
  for (const r of scan.reexports) parts.push(`${r.from}:${r.names ? [...r.names].join(',') : '*'}`);
  return parts.join('\n');
}

/**
 * What a scan asks of other files: constant uses and helper calls (not where they are written,
 * nor the literal values passed, which stay in this file), imports, typed values.
 */
function usesKey(scan: FileScan): string {
  if (scan === EMPTY_SCAN) return '';
  const parts: string[] = [];
  for (const r of scan.constantRefs) parts.push(`${r.kind}/${r.path.join('.')}/${r.place}/${r.session}/${r.evidence}/${r.typeName ?? ''}/${r.callId ?? ''}`);
  parts.push('|c');
  for (const c of scan.calls) {
    parts.push(`${c.callee.join('.')}${c.jsx ? '<>' : ''}`);
    // A literal argument becomes an occurrence of this file only: other files never see its value.
    for (const a of c.args) parts.push(`${a.arg}/${a.prop ?? ''}/${a.path?.join('.') ?? "'"}`);
  }
  parts.push('|i');
  for (const [local, imp] of scan.imports) parts.push(`${local}=${imp.name}@${imp.from}`);
  parts.push('|t');
  for (const o of scan.occurrences) if (o.typeName) parts.push(o.typeName);
  return parts.join('\n');
}

/** A file's scan as the index takes it, made on this thread or a worker. */
export interface IndexedScan {
  scan: FileScan;
  /** Line starts, only when the scan has anything (ranges to turn into positions). */
  lineStarts?: Int32Array;
  length: number;
  /**
   * The scan's constants, packed (a scan with many values that crossed from a worker; its own
   * `constants` map is empty until the scan is put in). Their names and values are fresh strings,
   * each distinct one once: they are not interned (for a generated table of 40,000 values that
   * held the server's thread for 20–75 ms).
   */
  packed?: PackedConstants;
}

const NO_HEADS: Set<string> = new Set();
const NO_OCCURRENCES: Occurrence[] = [];

/**
 * The same literal seen from several places keeps its strongest evidence, once per kind and slug.
 * `sorted` is in order of start: occurrences of one place are neighbours, compared field by field.
 */
export function strongestOnce(sorted: Occurrence[]): Occurrence[] {
  const out: Occurrence[] = [];
  for (let i = 0; i < sorted.length; ) {
    const start = sorted[i].range.start;
    let j = i + 1;
    while (j < sorted.length && sorted[j].range.start === start) j++;
    if (j === i + 1) {
      out.push(sorted[i]);
      i = j;
      continue;
    }
    if (j - i > SMALL_GROUP) {
      strongestOfGroup(sorted, i, j, out);
      i = j;
      continue;
    }
    for (let a = i; a < j; a++) {
      const o = sorted[a];
      let best = Infinity;
      for (let b = i; b < j; b++) if (sorted[b].range.end === o.range.end) best = Math.min(best, EVIDENCE_RANK[sorted[b].evidence]);
      if (EVIDENCE_RANK[o.evidence] !== best) continue;
      let repeated = false;
      for (let b = i; b < a && !repeated; b++) {
        const p = sorted[b];
        repeated = p.range.end === o.range.end && p.kind === o.kind && p.slug === o.slug && p.evidence === o.evidence;
      }
      if (!repeated) out.push(o);
    }
    i = j;
  }
  return out;
}

/**
 * Places with more occurrences than this (a reference to a constant array of thousands of slugs)
 * are merged through maps; comparing each pair took 68 ms for one such place.
 */
const SMALL_GROUP = 16;

/** strongestOnce for one large group `sorted[i..j)` of occurrences at the same start, in the same order. */
function strongestOfGroup(sorted: Occurrence[], i: number, j: number, out: Occurrence[]): void {
  const best = new Map<number, number>();
  for (let a = i; a < j; a++) {
    const o = sorted[a];
    const rank = EVIDENCE_RANK[o.evidence];
    const known = best.get(o.range.end);
    if (known === undefined || rank < known) best.set(o.range.end, rank);
  }
  const seen = new Set<string>();
  for (let a = i; a < j; a++) {
    const o = sorted[a];
    if (EVIDENCE_RANK[o.evidence] !== best.get(o.range.end)) continue;
    const key = `${o.range.end}\u0000${o.kind}\u0000${o.evidence}\u0000${o.slug}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(o);
  }
}

const NO_FINDINGS = Object.freeze([]) as unknown as Finding[];

/** In order of start with one occurrence per start, none waiting for a type's members: what merging would give. */
function isFinalList(list: readonly Occurrence[]): boolean {
  for (let i = 0; i < list.length; i++) {
    if (list[i].typeName) return false;
    if (i > 0 && list[i].range.start <= list[i - 1].range.start) return false;
  }
  return true;
}

/**
 * Scans a file for the index: the analyzer only when the pre-pass says it may find something
 * (otherwise the shared empty scan), and the line starts only when there is something to place
 * or `keepLines` asks for them (an open document answers requests at any position).
 */
export function scanForIndex(text: string, helpers: HelperSpec[], fileName: string, keepLines = false): IndexedScan {
  let scan = EMPTY_SCAN;
  const level = prepassLevel(text, helperNames(helpers), jsxFor({ fileName }));
  if (level !== 'none') {
    const full = scanDocument(text, { helpers, fileName, declarationsOnly: level !== 'full', pendingCalls: level === 'calls' });
    if (!isEmptyScan(full)) scan = full;
  }
  return { scan, lineStarts: keepLines || scan !== EMPTY_SCAN ? LineIndex.lineStarts(text) : undefined, length: text.length };
}

const helperNameCache = new WeakMap<HelperSpec[], string[]>();
function helperNames(helpers: HelperSpec[]): string[] {
  let names = helperNameCache.get(helpers);
  if (!names) helperNameCache.set(helpers, (names = helpers.map((h) => h.name)));
  return names;
}

function hasLocal(scan: FileScan, name: string): boolean {
  if (scan.helpers.some((h: InferredHelper) => h.name === name)) return true;
  if (scan.constants.has(name)) return true;
  const prefix = `${name}.`;
  for (const k of scan.constants.keys()) if (k.startsWith(prefix)) return true;
  return false;
}

function headsOf(scan: FileScan): Set<string> {
  const heads = new Set<string>();
  for (const name of scan.constants.keys()) {
    const dot = name.indexOf('.');
    heads.add(dot < 0 ? name : name.slice(0, dot));
  }
  for (const h of scan.helpers) heads.add(h.name);
  for (const name of scan.exports.keys()) heads.add(name);
  for (const r of scan.reexports) for (const name of r.names?.keys() ?? []) heads.add(name);
  return heads;
}

function addTo(map: Map<string, Set<string>>, key: string, value: string): void {
  let set = map.get(key);
  if (!set) map.set(key, (set = new Set()));
  set.add(value);
}

function shortName(uri: string): string {
  return uri.slice(uri.lastIndexOf('/') + 1);
}
