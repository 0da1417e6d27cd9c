// Writes a synthetic monorepo for the benchmarks: deterministic from a seed, sized like a big
// product codebase (many small files, a long tail, a few generated megabyte-class files), with
// constants modules imported across packages, and a 5,000-line file for the edit benchmark.

import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import type { CatalogSnapshot } from '../server/src/core/catalog';
import { ACTION_WORDS, RESOURCE_WORDS } from './catalogGen';
import {
  SLUG_BLOCKS, WORDS, camel, pickFiller, importLookAlike, pascal,
  type BlockContext, type SlugExpr,
} from './codeBlocks';
import { createRng, type Rng } from './prng';

export interface WorkspaceSpec {
  seed: string;
  minFiles: number;
  minBytes: number;
  /** Median size of an ordinary file in bytes. */
  medianBytes: number;
  /** Log-normal spread of ordinary file sizes. */
  sigma: number;
  /** Sizes in bytes of the generated (codegen-style) files. */
  largeFiles: number[];
  /** Lines in the file the edit benchmark types into. */
  editFileLines: number;
  /** Share of slug uses with a typo (unknown to the catalog). */
  typoRate: number;
}

/** A spot in the edit file: 0-based line and character of a slug literal's first character. */
export interface SlugSpot {
  line: number;
  character: number;
  slug: string;
  kind: 'permission' | 'role';
}

export interface WorkspaceManifest {
  generator: number;
  spec: WorkspaceSpec;
  files: number;
  bytes: number;
  /** Relative path of the edit benchmark's file. */
  editFile: string;
  editFileLines: number;
  /** Literal slugs in the edit file, for completion, hover and edits. */
  spots: SlugSpot[];
  constantsModules: number;
  sizePercentiles: { p50: number; p90: number; p99: number; max: number };
}

/** Bump when the output for a given spec changes, so cached workspaces are rebuilt. */
export const GENERATOR_VERSION = 6;

const PACKAGES = [
  'apps/web', 'apps/admin', 'apps/mobile', 'apps/docs', 'packages/ui', 'packages/shared', 'packages/api',
  'packages/db', 'packages/config', 'services/billing', 'services/notifications', 'services/search', 'services/gateway',
];
const AREAS = ['components', 'features', 'hooks', 'lib', 'routes', 'server', 'utils', 'pages', 'api', 'store', '__tests__'];
// Directory names the server's walker excludes by default: the tree avoids them so that rg and
// the indexer see exactly the same files.
const EXCLUDED_DIR_NAMES = new Set(['build', 'dist', 'out', 'coverage', 'node_modules', '.next', '.git']);
const DIR_WORDS = RESOURCE_WORDS.filter((w) => !EXCLUDED_DIR_NAMES.has(w));
const DEEP_WORDS = WORDS.filter((w) => !EXCLUDED_DIR_NAMES.has(w));
const EXTENSIONS: [string, number][] = [['.ts', 50], ['.tsx', 28], ['.js', 12], ['.jsx', 5], ['.mjs', 2], ['.cjs', 3]];

interface ConstantsModule {
  relPath: string; // without extension
  exportName: string;
  kind: 'permission' | 'role';
  entries: { key: string; slug: string }[];
}

function constKey(slug: string): string {
  return slug.replace(/[^a-z0-9]+/gi, '_').replace(/^_|_$/g, '').toUpperCase() || 'WILDCARD';
}

/** Turns a valid slug into a plausible typo (dropped letter, swapped letters, wrong plural). */
export function typo(rng: Rng, slug: string): string {
  const letters = [...slug].map((c, i) => (/[a-z]/.test(c) ? i : -1)).filter((i) => i >= 0);
  const kind = rng.int(0, 2);
  if (kind === 0 && letters.length > 3) {
    const i = letters[rng.int(1, letters.length - 1)];
    return slug.slice(0, i) + slug.slice(i + 1);
  }
  if (kind === 1 && letters.length > 3) {
    const i = letters[rng.int(0, letters.length - 2)];
    if (/[a-z]/.test(slug[i + 1]) && slug[i] !== slug[i + 1]) return slug.slice(0, i) + slug[i + 1] + slug[i] + slug.slice(i + 2);
  }
  const colon = slug.indexOf(':');
  if (colon > 0) return slug[colon - 1] === 's' ? slug.slice(0, colon - 1) + slug.slice(colon) : `${slug.slice(0, colon)}s${slug.slice(colon)}`;
  return `${slug}s`;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

export class WorkspaceWriter {
  private readonly rng: Rng;
  private readonly hotPermissions: string[];
  private readonly resourceTypes = new Map<string, string>();
  private readonly roles: string[];
  private readonly modules: ConstantsModule[] = [];
  private readonly usedPaths = new Set<string>();
  private files = 0;
  private bytes = 0;
  private readonly sizes: number[] = [];

  constructor(
    private readonly root: string,
    private readonly spec: WorkspaceSpec,
    catalog: CatalogSnapshot,
  ) {
    this.rng = createRng(`workspace:${spec.seed}`);
    const perms = catalog.permissions.map((p) => p.slug);
    for (const p of catalog.permissions) this.resourceTypes.set(p.slug, p.resource_type_slug ?? 'organization');
    // Code checks permissions that some organization-level role grants (else they never reach
    // the session token), a hot subset of them so `unused` has something to find, plus a few
    // that no role grants, as real code has after a role was changed.
    const granted = new Set<string>();
    const orgLevel = (r: { resource_type_slug?: string }) => (r.resource_type_slug ?? 'organization') === 'organization';
    for (const r of [...catalog.environmentRoles, ...catalog.organizations.flatMap((o) => o.roles)]) {
      if (orgLevel(r)) for (const p of r.permissions) granted.add(p);
    }
    const pr = this.rng.fork('hot');
    this.hotPermissions = perms.filter((p) => pr.chance(granted.has(p) ? 0.6 : 0.02));
    if (this.hotPermissions.length === 0) this.hotPermissions.push(...perms);
    this.roles = [...catalog.environmentRoles.map((r) => r.slug), ...new Set(catalog.organizations.flatMap((o) => o.roles.map((r) => r.slug)))];
  }

  generate(): WorkspaceManifest {
    rmSync(this.root, { recursive: true, force: true });
    mkdirSync(this.root, { recursive: true });
    this.writeConstantsModules();
    const edit = this.writeEditFile();
    const largeRng = this.rng.fork('large');
    const generators = [
      (size: number) => this.generatedApiClient(largeRng, size),
      (size: number) => this.generatedMessages(largeRng, size),
      (size: number) => this.generatedRolePermissions(largeRng, size),
      (size: number) => this.generatedIcons(largeRng, size),
    ];
    const largeNames = ['packages/api/src/generated/client.ts', 'apps/web/src/generated/messages.ts',
      'packages/shared/src/generated/rolePermissions.ts', 'apps/admin/src/generated/icons.tsx'];
    this.spec.largeFiles.forEach((size, i) => {
      const g = i % generators.length;
      const name = i < generators.length ? largeNames[g] : largeNames[g].replace(/(\.\w+)$/, `${Math.floor(i / generators.length)}$1`);
      this.write(name, generators[g](size));
    });
    const fileRng = this.rng.fork('files');
    while (this.files < this.spec.minFiles || this.bytes < this.spec.minBytes) {
      this.writeOrdinaryFile(fileRng);
    }
    const sorted = [...this.sizes].sort((a, b) => a - b);
    return {
      generator: GENERATOR_VERSION,
      spec: this.spec,
      files: this.files,
      bytes: this.bytes,
      editFile: edit.path,
      editFileLines: this.spec.editFileLines,
      spots: edit.spots,
      constantsModules: this.modules.length,
      sizePercentiles: { p50: percentile(sorted, 50), p90: percentile(sorted, 90), p99: percentile(sorted, 99), max: sorted[sorted.length - 1] ?? 0 },
    };
  }

  private write(relPath: string, text: string): void {
    const abs = join(this.root, relPath);
    mkdirSync(dirname(abs), { recursive: true });
    writeFileSync(abs, text);
    this.usedPaths.add(relPath);
    const size = Buffer.byteLength(text);
    this.files++;
    this.bytes += size;
    this.sizes.push(size);
  }

  private pickPermission(rng: Rng): string {
    // Skewed: a few permissions are used everywhere, most rarely.
    return this.hotPermissions[Math.floor(rng.next() ** 2.2 * this.hotPermissions.length)];
  }

  private pickRole(rng: Rng): string {
    return this.roles[Math.floor(rng.next() ** 2 * this.roles.length)];
  }

  private writeConstantsModules(): void {
    const rng = this.rng.fork('constants');
    const specs: [string, string, 'permission' | 'role', number][] = [
      ['packages/shared/src/auth/permissions', 'PERMS', 'permission', 160],
      ['packages/shared/src/auth/roles', 'ROLES', 'role', 40],
      ['services/billing/src/auth/billingPermissions', 'BILLING_PERMISSIONS', 'permission', 60],
      ['apps/admin/src/auth/adminPermissions', 'ADMIN_PERMISSIONS', 'permission', 80],
      ['apps/web/src/auth/permissions', 'APP_PERMISSIONS', 'permission', 90],
      ['services/gateway/src/auth/scopes', 'GATEWAY_PERMISSIONS', 'permission', 50],
      ['apps/admin/src/auth/roles', 'ADMIN_ROLES', 'role', 25],
      ['packages/api/src/auth/permissions', 'API_PERMISSIONS', 'permission', 70],
    ];
    for (const [relPath, exportName, kind, count] of specs) {
      const seen = new Set<string>();
      const entries: { key: string; slug: string }[] = [];
      for (let i = 0; i < count * 3 && entries.length < count; i++) {
        const valid = kind === 'permission' ? this.pickPermission(rng) : this.pickRole(rng);
        const key = constKey(valid);
        if (seen.has(key)) continue;
        seen.add(key);
        entries.push({ key, slug: rng.chance(this.spec.typoRate) ? typo(rng, valid) : valid });
      }
      this.modules.push({ relPath, exportName, kind, entries });
      const body = entries.map((e) => `  ${e.key}: '${e.slug}',`).join('\n');
      let text = `// Generated from the WorkOS dashboard export; keep in sync with workos-catalog.json.\n\nexport const ${exportName} = {\n${body}\n} as const;\n\n`;
      text += `export type ${pascal(rng, 1)}${kind === 'permission' ? 'Permission' : 'Role'} = (typeof ${exportName})[keyof typeof ${exportName}];\n`;
      if (kind === 'role') {
        const first = entries.slice(0, 6);
        text += `\nexport enum ${exportName === 'ROLES' ? 'Role' : 'AdminRole'} {\n${first.map((e) => `  ${pascal(rng, 1)}${e.key.length} = '${e.slug}',`).join('\n')}\n}\n`;
        text += `\nexport const DEFAULT_ROLE = '${first[0]?.slug ?? 'member'}';\n`;
      } else {
        text += `\nexport const ALL_${exportName}: readonly string[] = Object.values(${exportName});\n`;
      }
      this.write(`${relPath}.ts`, text);
    }
  }

  private context(rng: Rng, relPath: string, ext: string, imports: Set<string>): BlockContext {
    const typed = ext === '.ts' || ext === '.tsx';
    const jsx = ext === '.tsx' || ext === '.jsx';
    const fromDir = dirname(relPath);
    const spec = this.spec;
    const useModule = (kind: 'permission' | 'role'): SlugExpr | undefined => {
      const mods = this.modules.filter((m) => m.kind === kind);
      const m = rng.pick(mods);
      const e = m && rng.pick(m.entries);
      if (!e) return undefined;
      let spec = relative(fromDir, m.relPath);
      if (!spec.startsWith('.')) spec = `./${spec}`;
      imports.add(`import { ${m.exportName} } from '${spec}';`);
      return { code: `${m.exportName}.${e.key}`, literal: false, slug: e.slug };
    };
    const literal = (slug: string): SlugExpr => {
      const s = rng.chance(spec.typoRate) ? typo(rng, slug) : slug;
      return { code: `'${s}'`, literal: true, slug: s };
    };
    return {
      rng,
      typed,
      jsx,
      perm: () => (rng.chance(0.3) && useModule('permission')) || literal(this.pickPermission(rng)),
      role: () => (rng.chance(0.3) && useModule('role')) || literal(this.pickRole(rng)),
      roleLiteral: () => literal(this.pickRole(rng)).slug,
      permLiteral: () => literal(this.pickPermission(rng)).slug,
      resourceWord: () => rng.pick(RESOURCE_WORDS),
      resourceTypeFor: (slug) => this.resourceTypes.get(slug) ?? 'organization',
      actionWord: () => rng.pick(ACTION_WORDS),
      useImport: (line) => imports.add(line),
    };
  }

  private uniquePath(rng: Rng, ext: string): string {
    for (let attempt = 0; ; attempt++) {
      const pkg = rng.pick(PACKAGES);
      const area = rng.pick(AREAS);
      const feature = rng.chance(0.6) ? `/${rng.pick(DIR_WORDS)}` : '';
      const deep = rng.chance(0.25) ? `/${rng.pick(DEEP_WORDS)}` : '';
      const base = rng.chance(0.5) ? camel(rng, 2) : pascal(rng, 2);
      const suffix = attempt > 2 ? String(rng.int(2, 9999)) : '';
      const p = `${pkg}/src/${area}${feature}${deep}/${base}${suffix}${ext}`;
      if (!this.usedPaths.has(p)) return p;
    }
  }

  /** Body text: top-level filler and slug blocks, statement-like slug blocks wrapped in functions. */
  private body(ctx: BlockContext, target: number, authAware: boolean): string {
    const { rng } = ctx;
    const parts: string[] = [];
    let size = 0;
    while (size < target) {
      let block: string;
      if (authAware && rng.chance(0.25)) {
        block = rng.pick(SLUG_BLOCKS)(ctx);
        if (block.startsWith('\n  ')) {
          const params = ctx.typed ? `session: Session, user: User` : 'session, user';
          const second = rng.chance(0.5) ? rng.pick(SLUG_BLOCKS)(ctx) : '';
          const more = second.startsWith('\n  ') ? second : '';
          block = `\nexport async function ${camel(rng)}(${params}) {${block}${more}  return undefined;\n}\n`;
        }
      } else {
        block = pickFiller(rng)(ctx);
      }
      parts.push(block);
      size += block.length;
    }
    return parts.join('');
  }

  private writeOrdinaryFile(rng: Rng): void {
    const ext = rng.weighted(EXTENSIONS);
    const relPath = this.uniquePath(rng, ext);
    const target = Math.min(400_000, Math.max(120, Math.round(rng.logNormal(this.spec.medianBytes, this.spec.sigma))));
    const imports = new Set<string>();
    if (ext === '.tsx' || ext === '.jsx') imports.add(`import { useState } from 'react';`);
    if (rng.chance(0.15)) imports.add(importLookAlike(rng));
    const ctx = this.context(rng, relPath, ext, imports);
    const authAware = rng.chance(0.35);
    const body = this.body(ctx, target, authAware);
    const header = rng.chance(0.2) ? `// ${pascal(rng, 3)}: see docs/${rng.pick(WORDS)}.md. Don't import from the barrel here.\n` : '';
    this.write(relPath, `${header}${[...imports].join('\n')}\n${body}`);
  }

  private writeEditFile(): { path: string; spots: SlugSpot[] } {
    const rng = this.rng.fork('edit');
    const relPath = 'apps/admin/src/access/accessMatrix.ts';
    const imports = new Set<string>();
    const ctx = this.context(rng, relPath, '.ts', imports);
    const lines: string[] = [];
    const spots: SlugSpot[] = [];
    const bodyStart = () => lines.length; // imports are prepended later; offsets fixed up below
    while (lines.length < this.spec.editFileLines - 40) {
      const start = bodyStart();
      if (rng.chance(0.5)) {
        const perm = ctx.perm();
        const role = ctx.role();
        const fn = camel(rng);
        const block = [
          `export function ${fn}(user: { permissions: string[]; role: string }): boolean {`,
          `  if (user.permissions.includes(${perm.code})) return true;`,
          `  if (user.role === ${role.code}) return true;`,
          `  return hasPermission('${this.pickPermission(rng)}');`,
          `}`,
          ``,
        ];
        lines.push(...block);
        if (perm.literal) spots.push({ line: start + 1, character: block[1].indexOf("'") + 1, slug: perm.slug, kind: 'permission' });
        if (role.literal) spots.push({ line: start + 2, character: block[2].indexOf("'") + 1, slug: role.slug, kind: 'role' });
        const third = block[3];
        spots.push({ line: start + 3, character: third.indexOf("'") + 1, slug: third.slice(third.indexOf("'") + 1, third.lastIndexOf("'")), kind: 'permission' });
      } else {
        lines.push(...pickFiller(rng)({ ...ctx, jsx: false }).split('\n').slice(1));
      }
    }
    const head = [`// Access rules for the admin console. Edited by hand; reviewed by the security team.`, ...imports, ''];
    const all = [...head, ...lines];
    while (all.length < this.spec.editFileLines) all.push(`// (reserved ${all.length})`);
    all.length = this.spec.editFileLines;
    const shifted = spots
      .map((s) => ({ ...s, line: s.line + head.length }))
      .filter((s) => s.line < all.length && all[s.line].slice(s.character, s.character + s.slug.length) === s.slug);
    this.write(relPath, all.join('\n') + '\n');
    return { path: relPath, spots: shifted };
  }

  private generatedApiClient(rng: Rng, size: number): string {
    const parts = ['/* eslint-disable */\n// Code generated by openapi-typescript-codegen. DO NOT EDIT.\n'];
    let n = parts[0].length;
    for (let i = 0; n < size; i++) {
      const name = `${pascal(rng, 2)}${i}`;
      const path = `/v1/${rng.pick(WORDS)}s/{${rng.pick(WORDS)}_id}/${rng.pick(WORDS)}`;
      const chunk = `
export type ${name}Response = { id: string; object: '${rng.pick(WORDS)}'; status: 'active' | 'inactive'; created_at: string };
export async function ${camel(rng)}${i}(client: HttpClient, params: { id: string; cursor?: string }): Promise<${name}Response> {
  return client.request({ method: '${rng.pick(['GET', 'POST', 'PATCH', 'DELETE'])}', url: '${path}', path: { id: params.id }, query: { after: params.cursor }, mediaType: 'application/json', errors: { 404: 'not_found', 429: 'rate_limit_exceeded' } });
}
`;
      parts.push(chunk);
      n += chunk.length;
    }
    return parts.join('');
  }

  private generatedMessages(rng: Rng, size: number): string {
    const parts = ['// Generated by i18n-extract. DO NOT EDIT.\nexport const messages = {\n'];
    let n = parts[0].length;
    while (n < size) {
      const key = `${rng.pick(WORDS)}.${rng.pick(WORDS)}.${rng.pick(WORDS)}_${rng.int(1, 999)}`;
      const line = `  '${key}': '${pascal(rng, 3)} ${rng.pick(WORDS)} — don\\'t ${rng.pick(WORDS)} at 10:30',\n`;
      parts.push(line);
      n += line.length;
    }
    parts.push('} as const;\n');
    return parts.join('');
  }

  private generatedRolePermissions(rng: Rng, size: number): string {
    const parts = ['// Generated snapshot of role → permission grants, for docs only. DO NOT EDIT.\nexport const ROLE_GRANTS: Record<string, readonly string[]> = {\n'];
    let n = parts[0].length;
    while (n < size) {
      const perms = Array.from({ length: rng.int(5, 30) }, () => `'${this.pickPermission(rng)}'`).join(', ');
      const line = `  '${this.pickRole(rng)}': [${perms}],\n`;
      parts.push(line);
      n += line.length;
    }
    parts.push('};\n');
    return parts.join('');
  }

  private generatedIcons(rng: Rng, size: number): string {
    const parts = ["// Generated by icon-sync. DO NOT EDIT.\nimport { createIcon } from '../icons/createIcon';\n"];
    let n = parts[0].length;
    for (let i = 0; n < size; i++) {
      const d = Array.from({ length: rng.int(8, 30) }, () => `${rng.pick(['M', 'L', 'C', 'a', 'l'])}${rng.int(0, 24)}.${rng.int(0, 99)} ${rng.int(0, 24)}`).join(' ');
      const line = `export const ${pascal(rng, 2)}Icon${i} = createIcon('lucide:${rng.pick(WORDS)}-${i}', <path d="${d}" strokeWidth={2} />);\n`;
      parts.push(line);
      n += line.length;
    }
    return parts.join('');
  }
}

export function generateWorkspace(root: string, spec: WorkspaceSpec, catalog: CatalogSnapshot): WorkspaceManifest {
  return new WorkspaceWriter(root, spec, catalog).generate();
}
