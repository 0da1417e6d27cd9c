// Module resolution as TypeScript does it, over the project's config files and the set of files
// the caller knows: relative specifiers, tsconfig/jsconfig `paths` and `baseUrl` (with `extends`
// chains), package.json `imports` (`#x`), and workspace packages by their package.json `name`
// (`exports`, `types`, `module`, `main`, with `dist/x.js` mapped back to `src/x.ts`).
// Pure: config texts come in through setConfig, file existence through a callback.

/** Extensions tried after a specifier without one, in order (no `.d.ts`: it holds no values). */
const EXTENSIONS = ['.ts', '.tsx', '.js', '.jsx', '.mjs', '.cjs', '.mts', '.cts'];

/** A specifier's extension → the source extensions tried before the file itself. */
const SOURCE_FOR: ReadonlyArray<readonly [string, readonly string[]]> = [
  ['.d.ts', ['.ts', '.tsx']],
  ['.d.mts', ['.mts']],
  ['.d.cts', ['.cts']],
  ['.js', ['.ts', '.tsx']],
  ['.jsx', ['.tsx']],
  ['.mjs', ['.mts']],
  ['.cjs', ['.cts']],
];
const KNOWN_EXT = /\.(d\.[mc]?ts|[mc]?[jt]sx?)$/;

/** Build-output folders mapped back to `src`, and the module-format subfolders dropped with them. */
const OUTPUT_DIRS = new Set(['dist', 'build', 'lib', 'out']);
const FORMAT_DIRS = new Set(['esm', 'cjs', 'es', 'mjs', 'types', 'module', 'commonjs', 'node', 'browser']);

interface TsConfig {
  kind: 'ts';
  uri: string;
  dir: string;
  /** `extends` entries as written (strings only). */
  extends: string[];
  /** `compilerOptions.paths`: absent = not set here; null = explicitly cleared. */
  paths?: Record<string, unknown> | null;
  baseUrl?: string | null;
  references: string[];
}

interface PkgJson {
  kind: 'pkg';
  uri: string;
  dir: string;
  name?: string;
  exports?: unknown;
  imports?: unknown;
  fields: string[];
}

type Config = TsConfig | PkgJson;

interface PathPattern {
  prefix: string;
  suffix: string;
  star: boolean;
  subs: string[];
}

/** Where a config's non-relative specifiers may go: `paths` (relative to `pathsBase`) and `baseUrl`. */
interface Mapping {
  patterns?: PathPattern[];
  pathsBase?: string;
  baseUrl?: string;
}

interface Effective {
  mapping: Mapping;
  /** Referenced configs' URIs (used only when this config maps nothing itself). */
  references: string[];
}

export class ModuleResolver {
  private readonly configs = new Map<string, Config>();
  /** Signature of the parts of each config that matter, to tell real changes from edits elsewhere. */
  private readonly signatures = new Map<string, string>();
  private readonly nearestTs = new Map<string, TsConfig | null>();
  private readonly nearestPkg = new Map<string, PkgJson | null>();
  private readonly effective = new Map<string, Effective>();
  private byName: Map<string, PkgJson[]> | undefined;

  /**
   * Whether this file name is one the resolver wants (tsconfig.json, tsconfig.*.json and other
   * tsconfig*.json, jsconfig.json, package.json). Nothing under node_modules: those packages stay unresolved.
   */
  static isConfigFile(uri: string): boolean {
    if (/\/node_modules\//.test(uri)) return false;
    const name = uri.slice(uri.lastIndexOf('/') + 1);
    return name === 'package.json' || name === 'jsconfig.json' || /^tsconfig.*\.json$/.test(name);
  }

  /**
   * Adds or replaces a project config file by its URI. Returns true when resolution may have
   * changed. Malformed text does not throw: the file is then ignored (nothing kept from it).
   */
  setConfig(uri: string, text: string): boolean {
    if (!ModuleResolver.isConfigFile(uri)) return false;
    const config = parseConfig(uri, text);
    if (!config) return this.removeConfig(uri);
    const signature = JSON.stringify(config);
    if (this.signatures.get(uri) === signature) return false;
    this.configs.set(uri, config);
    this.signatures.set(uri, signature);
    this.invalidate();
    return true;
  }

  removeConfig(uri: string): boolean {
    if (!this.configs.delete(uri)) return false;
    this.signatures.delete(uri);
    this.invalidate();
    return true;
  }

  /** The file `spec` imported from `fromUri` refers to, among files for which `exists(uri)` is true; undefined when unknown. */
  resolve(fromUri: string, spec: string, exists: (uri: string) => boolean): string | undefined {
    if (!spec) return undefined;
    const { prefix } = splitUri(fromUri);
    const found = this.resolveWith(fromUri, spec, exists, prefix ? encodePath : identity);
    // URIs percent-encode what a specifier spells raw; a client that did not encode gets a second try.
    if (found === undefined && prefix && encodePath(spec) !== spec) return this.resolveWith(fromUri, spec, exists, identity);
    return found;
  }

  // ---- resolution ----

  private resolveWith(fromUri: string, spec: string, exists: (uri: string) => boolean, enc: Encoder): string | undefined {
    const r = new Run(this, exists, enc);
    const dir = dirOf(fromUri);
    if (isRelative(spec) || spec.startsWith('/')) {
      const p = r.join(dir, spec);
      // `.`, `..` and `x/` name a folder, never a file.
      return /(^|\/)\.{1,2}$|\/$/.test(spec) ? r.dir(p) : r.fileOrDir(p);
    }
    const ts = this.nearestTsconfig(dir);
    if (ts) {
      for (const mapping of this.mappingsFor(ts)) {
        const hit = r.viaMapping(mapping, spec);
        if (hit) return hit;
      }
    }
    if (spec.startsWith('#')) return r.viaImports(dir, spec);
    return r.viaPackage(spec);
  }

  /** The nearest tsconfig.json (else jsconfig.json) in `dir` or above; memoised per directory. */
  private nearestTsconfig(dir: string): TsConfig | undefined {
    const chain: string[] = [];
    let found: TsConfig | null | undefined;
    for (let d: string | undefined = dir; d !== undefined; d = parentOf(d)) {
      found = this.nearestTs.get(d);
      if (found !== undefined) break;
      chain.push(d);
      const c = this.configs.get(`${d}/tsconfig.json`) ?? this.configs.get(`${d}/jsconfig.json`);
      if (c?.kind === 'ts') {
        found = c;
        break;
      }
    }
    for (const d of chain) this.nearestTs.set(d, found ?? null);
    return found ?? undefined;
  }

  /** @internal The nearest package.json in `dir` or above; memoised per directory. */
  nearestPackage(dir: string): PkgJson | undefined {
    const chain: string[] = [];
    let found: PkgJson | null | undefined;
    for (let d: string | undefined = dir; d !== undefined; d = parentOf(d)) {
      found = this.nearestPkg.get(d);
      if (found !== undefined) break;
      chain.push(d);
      const c = this.configs.get(`${d}/package.json`);
      if (c?.kind === 'pkg') {
        found = c;
        break;
      }
    }
    for (const d of chain) this.nearestPkg.set(d, found ?? null);
    return found ?? undefined;
  }

  /** @internal Workspace packages with this `name`, shortest folder first. */
  packagesNamed(name: string): PkgJson[] {
    if (!this.byName) {
      this.byName = new Map();
      for (const c of this.configs.values()) {
        if (c.kind !== 'pkg' || !c.name) continue;
        let list = this.byName.get(c.name);
        if (!list) this.byName.set(c.name, (list = []));
        list.push(c);
      }
      for (const list of this.byName.values()) list.sort((a, b) => a.dir.length - b.dir.length || (a.dir < b.dir ? -1 : 1));
    }
    return this.byName.get(name) ?? [];
  }

  /** @internal A package.json set at exactly this folder. */
  packageAt(dir: string): PkgJson | undefined {
    const c = this.configs.get(`${dir}/package.json`);
    return c?.kind === 'pkg' ? c : undefined;
  }

  /** The config's own mapping, or when it maps nothing (a solution-style config), its references' mappings. */
  private mappingsFor(ts: TsConfig): Mapping[] {
    const own = this.effectiveOf(ts);
    if (own.mapping.patterns || own.mapping.baseUrl) return [own.mapping];
    const out: Mapping[] = [];
    for (const ref of own.references) {
      const c = this.configs.get(ref);
      if (c?.kind !== 'ts') continue;
      const m = this.effectiveOf(c).mapping;
      if (m.patterns || m.baseUrl) out.push(m);
    }
    return out;
  }

  /** compilerOptions after `extends`, with `paths`/`baseUrl` relative to the config that defines them. */
  private effectiveOf(ts: TsConfig): Effective {
    const cached = this.effective.get(ts.uri);
    if (cached) return cached;
    const seen = new Set([ts.uri]);
    let paths: { value: Record<string, unknown>; dir: string } | undefined;
    let baseUrl: string | undefined;
    const apply = (c: TsConfig): void => {
      if (c.paths === null) paths = undefined;
      else if (c.paths) paths = { value: c.paths, dir: c.dir };
      if (c.baseUrl === null) baseUrl = undefined;
      else if (typeof c.baseUrl === 'string') baseUrl = joinPath(c.dir, c.baseUrl, encoderFor(c.uri));
    };
    // Later `extends` entries override earlier ones; the config's own options override them all.
    const chain: TsConfig[] = [];
    const collect = (c: TsConfig): void => {
      for (const ext of c.extends) {
        const base = this.extendedConfig(c, ext);
        if (!base || seen.has(base.uri)) continue;
        seen.add(base.uri);
        collect(base);
      }
      chain.push(c);
    };
    collect(ts);
    for (const c of chain) apply(c);
    const mapping: Mapping = {};
    if (paths) {
      mapping.patterns = compilePaths(paths.value);
      mapping.pathsBase = baseUrl ?? paths.dir;
    }
    if (baseUrl) mapping.baseUrl = baseUrl;
    const enc = encoderFor(ts.uri);
    const references = ts.references.map((r) => {
      const p = joinPath(ts.dir, r, enc);
      return p.endsWith('.json') ? p : `${p}/tsconfig.json`;
    });
    const result: Effective = { mapping, references };
    this.effective.set(ts.uri, result);
    return result;
  }

  /** The config an `extends` entry names: a relative path with or without `.json`, or a workspace package's file. */
  private extendedConfig(from: TsConfig, ext: string): TsConfig | undefined {
    const pick = (uri: string): TsConfig | undefined => {
      const c = this.configs.get(uri);
      return c?.kind === 'ts' ? c : undefined;
    };
    const enc = encoderFor(from.uri);
    if (isRelative(ext) || ext.startsWith('/')) {
      const p = joinPath(from.dir, ext, enc);
      return pick(p) ?? (p.endsWith('.json') ? undefined : pick(`${p}.json`));
    }
    const { name, sub } = splitPackageSpec(ext);
    if (!name) return undefined;
    for (const pkg of this.packagesNamed(name)) {
      if (!sub) {
        const hit = pick(`${pkg.dir}/tsconfig.json`);
        if (hit) return hit;
        continue;
      }
      const p = joinPath(pkg.dir, sub, enc);
      const hit = pick(p) ?? pick(`${p}.json`);
      if (hit) return hit;
    }
    return undefined;
  }

  private invalidate(): void {
    this.nearestTs.clear();
    this.nearestPkg.clear();
    this.effective.clear();
    this.byName = undefined;
  }
}

type Encoder = (s: string) => string;

/** One resolve call: the existence callback and how to spell specifier text inside a URI. */
class Run {
  private depth = 0;

  constructor(
    private readonly resolver: ModuleResolver,
    private readonly exists: (uri: string) => boolean,
    private readonly enc: Encoder,
  ) {}

  join(dir: string, rel: string): string {
    return joinPath(dir, rel, this.enc);
  }

  /** `p` as a file (with the extension rules), then as a folder (package.json entry, then index). */
  fileOrDir(p: string): string | undefined {
    return this.file(p) ?? this.dir(p);
  }

  private file(p: string): string | undefined {
    const name = p.slice(p.lastIndexOf('/') + 1);
    if (!name || name === '.' || name === '..') return undefined;
    for (const [ext, sources] of SOURCE_FOR) {
      if (!name.endsWith(ext) || name.length === ext.length) continue;
      const stem = p.slice(0, p.length - ext.length);
      for (const s of sources) if (this.exists(stem + s)) return stem + s;
      break;
    }
    if (this.exists(p)) return p;
    if (KNOWN_EXT.test(name)) return undefined;
    for (const ext of EXTENSIONS) if (this.exists(p + ext)) return p + ext;
    return undefined;
  }

  dir(p: string): string | undefined {
    const base = p.replace(/\/+$/, '');
    const pkg = this.resolver.packageAt(base);
    if (pkg && this.depth < 4) {
      this.depth++;
      try {
        for (const field of pkg.fields) {
          const hit = this.target(pkg.dir, field);
          if (hit) return hit;
        }
      } finally {
        this.depth--;
      }
    }
    for (const ext of EXTENSIONS) if (this.exists(`${base}/index${ext}`)) return `${base}/index${ext}`;
    return undefined;
  }

  /** A package-relative target (`./dist/index.js`): the target, or its `src` counterpart (first, for `.d.ts`). */
  target(pkgDir: string, target: string): string | undefined {
    if (target.startsWith('../') || target.includes('/../')) return undefined;
    const direct = this.join(pkgDir, target);
    const sources = sourceAlternatives(target).map((t) => this.join(pkgDir, t));
    const order = /\.d\.[mc]?ts$/.test(target) ? [...sources, direct] : [direct, ...sources];
    for (const p of order) {
      const hit = this.fileOrDir(p);
      if (hit) return hit;
    }
    return undefined;
  }

  viaMapping(m: Mapping, spec: string): string | undefined {
    if (m.patterns && m.pathsBase !== undefined) {
      const match = matchPattern(m.patterns, spec);
      if (match) {
        for (const sub of match.pattern.subs) {
          const p = match.pattern.star ? sub.replace('*', match.star) : sub;
          const hit = this.fileOrDir(this.join(m.pathsBase, p));
          if (hit) return hit;
        }
      }
    }
    if (m.baseUrl !== undefined) return this.fileOrDir(this.join(m.baseUrl, spec));
    return undefined;
  }

  /** `#internal/x` through the nearest package.json's `imports`. */
  viaImports(dir: string, spec: string): string | undefined {
    const pkg = this.resolver.nearestPackage(dir);
    if (!pkg || !pkg.imports || typeof pkg.imports !== 'object' || Array.isArray(pkg.imports)) return undefined;
    for (const t of subpathTargets(pkg.imports as Record<string, unknown>, spec)) {
      const hit = isRelative(t) ? this.target(pkg.dir, t) : !t.startsWith('#') && !t.startsWith('/') ? this.viaPackage(t) : undefined;
      if (hit) return hit;
    }
    return undefined;
  }

  /** A workspace package by its package.json `name`, with an optional subpath. */
  viaPackage(spec: string): string | undefined {
    const { name, sub } = splitPackageSpec(spec);
    if (!name) return undefined;
    for (const pkg of this.resolver.packagesNamed(name)) {
      const hit = sub ? this.packageSubpath(pkg, sub) : this.packageMain(pkg);
      if (hit) return hit;
    }
    return undefined;
  }

  private packageMain(pkg: PkgJson): string | undefined {
    for (const t of exportTargets(pkg.exports, '.')) {
      const hit = this.target(pkg.dir, t);
      if (hit) return hit;
    }
    for (const t of [...pkg.fields, './src/index', './index']) {
      const hit = this.target(pkg.dir, t);
      if (hit) return hit;
    }
    return undefined;
  }

  private packageSubpath(pkg: PkgJson, sub: string): string | undefined {
    for (const t of exportTargets(pkg.exports, `./${sub}`)) {
      const hit = this.target(pkg.dir, t);
      if (hit) return hit;
    }
    return this.target(pkg.dir, `./${sub}`);
  }
}

// ---- configs ----

function parseConfig(uri: string, text: string): Config | undefined {
  let json: unknown;
  try {
    json = parseJsonc(text);
  } catch {
    return undefined;
  }
  if (!isObject(json)) return undefined;
  const dir = dirOf(uri);
  const name = uri.slice(uri.lastIndexOf('/') + 1);
  if (name === 'package.json') {
    const fields: string[] = [];
    for (const f of ['types', 'typings', 'module', 'main']) {
      const v = json[f];
      if (typeof v === 'string' && v) fields.push(v.startsWith('./') || v.startsWith('../') ? v : `./${v}`);
    }
    const pkg: PkgJson = { kind: 'pkg', uri, dir, fields };
    if (typeof json.name === 'string' && json.name) pkg.name = json.name;
    if (json.exports !== undefined) pkg.exports = json.exports;
    if (json.imports !== undefined) pkg.imports = json.imports;
    return pkg;
  }
  const ext = json.extends;
  const extendsList = (Array.isArray(ext) ? ext : [ext]).filter((e): e is string => typeof e === 'string' && e !== '');
  const references: string[] = [];
  if (Array.isArray(json.references)) {
    for (const r of json.references) if (isObject(r) && typeof r.path === 'string') references.push(r.path);
  }
  const ts: TsConfig = { kind: 'ts', uri, dir, extends: extendsList, references };
  const options = json.compilerOptions;
  if (isObject(options)) {
    if ('paths' in options) ts.paths = isObject(options.paths) ? options.paths : null;
    if ('baseUrl' in options) ts.baseUrl = typeof options.baseUrl === 'string' ? options.baseUrl : null;
  }
  return ts;
}

function compilePaths(paths: Record<string, unknown>): PathPattern[] {
  const out: PathPattern[] = [];
  for (const [key, value] of Object.entries(paths)) {
    const stars = key.split('*').length - 1;
    if (stars > 1 || !Array.isArray(value)) continue;
    const subs = value.filter((s): s is string => typeof s === 'string' && s.split('*').length - 1 <= stars);
    if (!subs.length) continue;
    const star = key.indexOf('*');
    out.push(star < 0 ? { prefix: key, suffix: '', star: false, subs } : { prefix: key.slice(0, star), suffix: key.slice(star + 1), star: true, subs });
  }
  return out;
}

/** TypeScript's rule: an exact key wins; else the pattern with the longest prefix (first on ties). */
function matchPattern(patterns: PathPattern[], spec: string): { pattern: PathPattern; star: string } | undefined {
  let best: PathPattern | undefined;
  for (const p of patterns) {
    if (!p.star) {
      if (p.prefix === spec) return { pattern: p, star: '' };
      continue;
    }
    if (spec.length >= p.prefix.length + p.suffix.length && spec.startsWith(p.prefix) && spec.endsWith(p.suffix)) {
      if (!best || p.prefix.length > best.prefix.length) best = p;
    }
  }
  return best && { pattern: best, star: spec.slice(best.prefix.length, spec.length - best.suffix.length) };
}

/** Targets of package `exports` for a subpath (`.` or `./x`), in the order to try them. */
function exportTargets(exports: unknown, subpath: string): string[] {
  if (exports === undefined || exports === null) return [];
  if (typeof exports === 'string' || Array.isArray(exports)) return subpath === '.' ? conditionTargets(exports, undefined) : [];
  if (!isObject(exports)) return [];
  const keys = Object.keys(exports);
  if (keys.some((k) => k.startsWith('.'))) return subpathTargets(exports, subpath);
  return subpath === '.' ? conditionTargets(exports, undefined) : [];
}

/** An exports/imports subpath map: the exact key, else the `*` pattern with the longest prefix. */
function subpathTargets(map: Record<string, unknown>, subpath: string): string[] {
  if (!subpath.includes('*') && Object.prototype.hasOwnProperty.call(map, subpath)) return conditionTargets(map[subpath], undefined);
  let bestKey: string | undefined;
  let bestStar = '';
  for (const key of Object.keys(map)) {
    const star = key.indexOf('*');
    if (star < 0 || key.indexOf('*', star + 1) >= 0) continue;
    const prefix = key.slice(0, star);
    const suffix = key.slice(star + 1);
    if (subpath.length < key.length || !subpath.startsWith(prefix) || !subpath.endsWith(suffix)) continue;
    if (bestKey === undefined || prefix.length > bestKey.indexOf('*') || (prefix.length === bestKey.indexOf('*') && key.length > bestKey.length)) {
      bestKey = key;
      bestStar = subpath.slice(prefix.length, subpath.length - suffix.length);
    }
  }
  return bestKey === undefined ? [] : conditionTargets(map[bestKey], bestStar);
}

/** A target: a string, an array of fallbacks, or conditions (in their written order), nested. */
function conditionTargets(value: unknown, star: string | undefined, depth = 0): string[] {
  if (depth > 8) return [];
  if (typeof value === 'string') return [star === undefined ? value : value.split('*').join(star)];
  if (Array.isArray(value)) return value.flatMap((v) => conditionTargets(v, star, depth + 1));
  if (!isObject(value)) return [];
  const out: string[] = [];
  for (const [k, v] of Object.entries(value)) if (!k.startsWith('.')) out.push(...conditionTargets(v, star, depth + 1));
  return out;
}

/** `./dist/esm/x.js` → `./src/esm/x.js`, `./src/x.js` (the extension rules then find `x.ts`). */
function sourceAlternatives(target: string): string[] {
  const segs = target.replace(/^\.\//, '').split('/');
  if (segs.length < 2 || !OUTPUT_DIRS.has(segs[0])) return [];
  const out = [`./src/${segs.slice(1).join('/')}`];
  if (segs.length > 2 && FORMAT_DIRS.has(segs[1])) out.push(`./src/${segs.slice(2).join('/')}`);
  return out;
}

/** `@acme/auth/sub/path` → name `@acme/auth`, sub `sub/path`. */
function splitPackageSpec(spec: string): { name?: string; sub: string } {
  const segs = spec.split('/');
  const n = spec.startsWith('@') ? 2 : 1;
  if (segs.length < n || segs.slice(0, n).some((s) => !s || s === '.' || s === '..')) return { sub: '' };
  return { name: segs.slice(0, n).join('/'), sub: segs.slice(n).filter(Boolean).join('/') };
}

// ---- paths and URIs ----

function isRelative(spec: string): boolean {
  return spec === '.' || spec === '..' || spec.startsWith('./') || spec.startsWith('../');
}

/** `file:///a/b.ts` → prefix `file://`, path `/a/b.ts`; a plain path has no prefix. */
function splitUri(uri: string): { prefix: string; path: string } {
  const m = /^([a-z][a-z0-9+.-]*:\/\/[^/]*)?(.*)$/is.exec(uri)!;
  return { prefix: m[1] ?? '', path: m[2] };
}

function dirOf(uri: string): string {
  const i = uri.lastIndexOf('/');
  return i < 0 ? '' : uri.slice(0, i);
}

/** The parent directory, or undefined at the root. */
function parentOf(dir: string): string | undefined {
  const { prefix, path } = splitUri(dir);
  if (path === '' || path === '/') return undefined;
  const i = path.lastIndexOf('/');
  if (i < 0) return undefined;
  return prefix + path.slice(0, i);
}

/** Joins a path written in config or code onto a directory URI, collapsing `.` and `..`. */
function joinPath(dir: string, rel: string, enc: Encoder): string {
  const { prefix, path } = splitUri(dir);
  const full = rel.startsWith('/') ? enc(rel) : `${path}/${enc(rel)}`;
  return prefix + normalize(full);
}

function normalize(path: string): string {
  const absolute = path.startsWith('/');
  const out: string[] = [];
  for (const seg of path.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') {
      if (out.length > 0 && out[out.length - 1] !== '..') out.pop();
      else if (!absolute) out.push('..');
      continue;
    }
    out.push(seg);
  }
  return (absolute ? '/' : '') + out.join('/');
}

const identity: Encoder = (s) => s;

/** Percent-encodes as VS Code spells URI paths: all but unreserved characters and `/`. */
function encodePath(s: string): string {
  return /^[A-Za-z0-9\-._~/]*$/.test(s) ? s : s.replace(/[^A-Za-z0-9\-._~/]/gu, (c) => encodeURIComponent(c).replace(/[!'()]/g, (x) => `%${x.charCodeAt(0).toString(16).toUpperCase()}`));
}

function encoderFor(uri: string): Encoder {
  return splitUri(uri).prefix ? encodePath : identity;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

// ---- JSONC ----

/** JSON with `//` and `/* *\/` comments and trailing commas. Throws on malformed text. */
export function parseJsonc(text: string): unknown {
  let out = '';
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const n = text.length;
  while (i < n) {
    const c = text[i];
    if (c === '"') {
      const start = i++;
      while (i < n && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
      if (i >= n) throw new SyntaxError('unterminated string');
      out += text.slice(start, ++i);
    } else if (c === '/' && text[i + 1] === '/') {
      while (i < n && text[i] !== '\n' && text[i] !== '\r') i++;
    } else if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      if (end < 0) throw new SyntaxError('unterminated comment');
      i = end + 2;
      out += ' ';
    } else if (c === '}' || c === ']') {
      // Drop a trailing comma: the last token written before this bracket.
      let j = out.length - 1;
      while (j >= 0 && /\s/.test(out[j])) j--;
      if (j >= 0 && out[j] === ',') out = out.slice(0, j) + out.slice(j + 1);
      out += c;
      i++;
    } else {
      out += c;
      i++;
    }
  }
  return JSON.parse(out);
}
