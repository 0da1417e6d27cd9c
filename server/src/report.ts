// Output formats of `workos-authz check`: text like a linter, one JSON object, SARIF 2.1.0.

import * as path from 'node:path';
import type { Catalog } from './core/catalog';
import { RULES } from './core/rules';
import type { Finding, Occurrence, RuleId, Severity } from './core/types';
import type { SkippedFile } from './fs/walk';
import type { WorkspaceIndex } from './core/workspaceIndex';

export interface CheckReport {
  cwd: string;
  catalog: Catalog;
  files: string[];
  skipped: SkippedFile[];
  results: { path: string; findings: Finding[]; occurrences: Occurrence[] }[];
  index: WorkspaceIndex;
  /** The named environments, when `workosAuthz.environments` is set (the primary is `catalog`). */
  environments?: ReportEnvironment[];
}

export interface ReportEnvironment {
  name: string;
  primary: boolean;
  /** A file path (absolute) or `live <host>`. */
  where: string;
  /** Why it is not loaded; such an environment takes no part in `missing-in-environment`. */
  error?: string;
}

/** `environments: staging (primary, catalogs/staging.json), production (live api.workos.com); not loaded: qa (why)`. */
export function environmentsLine(environments: ReportEnvironment[], cwd: string): string {
  const where = (e: ReportEnvironment) => (path.isAbsolute(e.where) ? relative(cwd, e.where) : e.where);
  const loaded = environments.filter((e) => !e.error).map((e) => `${e.name} (${e.primary ? 'primary, ' : ''}${where(e)})`);
  const failed = environments.filter((e) => e.error).map((e) => `${e.name} (${e.error})`);
  return `environments: ${loaded.join(', ') || 'none loaded'}${failed.length ? `; not loaded: ${failed.join(', ')}` : ''}`;
}

interface Located {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

function locate(report: CheckReport, file: string, start: number, end: number): Located {
  const s = report.index.positionAt(file, start);
  const e = report.index.positionAt(file, end);
  return { file: relative(report.cwd, file), line: s.line + 1, column: s.character + 1, endLine: e.line + 1, endColumn: e.character + 1 };
}

export function relative(cwd: string, file: string): string {
  const rel = path.relative(cwd, file);
  return (rel === '' ? '.' : rel).split(path.sep).join('/');
}

export function countBySeverity(report: CheckReport): Record<Severity, number> {
  const counts: Record<Severity, number> = { error: 0, warning: 0, info: 0, hint: 0 };
  for (const r of report.results) for (const f of r.findings) counts[f.severity]++;
  return counts;
}

export function catalogLine(catalog: Catalog, cwd: string): string {
  const where = catalog.source.path ? relative(cwd, catalog.source.path) : catalog.source.host ?? catalog.source.kind;
  const { permissions, roles } = catalog.counts;
  const prefix =
    catalog.orgPrefixStyle === 'none'
      ? 'no organization roles'
      : catalog.orgPrefixStyle === 'mixed'
        ? 'organization roles use both `org-` and `org:` prefixes'
        : `organization roles use the \`${catalog.orgPrefixStyle}\` prefix`;
  return `catalog: ${where} (${catalog.source.kind}), ${permissions} permissions, ${roles} roles; ${prefix}`;
}

export function formatText(report: CheckReport): string {
  const lines: string[] = [];
  for (const r of report.results) {
    for (const f of r.findings) {
      const at = locate(report, r.path, f.range.start, f.range.end);
      let line = `${at.file}:${at.line}:${at.column} ${f.severity} ${f.rule} ${f.message}`;
      if (f.suggestions.length && !f.message.includes(f.suggestions[0])) line += ` (did you mean ${f.suggestions.map((s) => `\`${s}\``).join(', ')}?)`;
      lines.push(line);
    }
  }
  for (const s of report.skipped) lines.push(`note: skipped ${relative(report.cwd, s.path)}: ${s.detail}`);
  const c = countBySeverity(report);
  const total = c.error + c.warning + c.info + c.hint;
  const occurrences = report.results.reduce((n, r) => n + r.occurrences.length, 0);
  lines.push(
    `${total} problem${total === 1 ? '' : 's'} (${c.error} error${c.error === 1 ? '' : 's'}, ${c.warning} warning${c.warning === 1 ? '' : 's'}${c.info + c.hint ? `, ${c.info + c.hint} info` : ''}) in ${report.files.length} files, ${occurrences} slugs checked`,
  );
  lines.push(catalogLine(report.catalog, report.cwd));
  if (report.environments) lines.push(environmentsLine(report.environments, report.cwd));
  return lines.join('\n') + '\n';
}

export function formatJson(report: CheckReport): string {
  const findings = report.results.flatMap((r) =>
    r.findings.map((f) => ({
      ...locate(report, r.path, f.range.start, f.range.end),
      rule: f.rule,
      severity: f.severity,
      kind: f.kind,
      slug: f.slug,
      message: f.message,
      suggestions: f.suggestions,
      evidence: f.evidence,
    })),
  );
  const occurrences = report.results.flatMap((r) =>
    r.occurrences.map((o) => {
      const at = locate(report, r.path, o.range.start, o.range.end);
      return { file: at.file, line: at.line, column: at.column, kind: o.kind, slug: o.slug, via: o.via, evidence: o.evidence, place: o.place };
    }),
  );
  const { permissions, roles } = report.catalog.counts;
  return (
    JSON.stringify({
      version: 1,
      catalog: {
        source: report.catalog.source.kind,
        path: report.catalog.source.path ? relative(report.cwd, report.catalog.source.path) : null,
        host: report.catalog.source.host ?? null,
        permissions,
        roles,
        orgPrefixStyle: report.catalog.orgPrefixStyle,
      },
      ...(report.environments
        ? {
            environments: report.environments.map((e) => ({
              name: e.name,
              primary: e.primary,
              source: path.isAbsolute(e.where) ? relative(report.cwd, e.where) : e.where,
              loaded: !e.error,
              error: e.error ?? null,
            })),
          }
        : {}),
      files: report.files.length,
      findings,
      occurrences,
      skipped: report.skipped.map((s) => ({ file: relative(report.cwd, s.path), reason: s.reason, detail: s.detail })),
    }) + '\n'
  );
}

const SARIF_LEVEL: Record<Severity, string> = { error: 'error', warning: 'warning', info: 'note', hint: 'note' };

export function formatSarif(report: CheckReport, version: string): string {
  const ruleIds = Object.keys(RULES) as RuleId[];
  const results = report.results.flatMap((r) =>
    r.findings.map((f) => {
      const at = locate(report, r.path, f.range.start, f.range.end);
      return {
        ruleId: f.rule,
        ruleIndex: ruleIds.indexOf(f.rule),
        level: SARIF_LEVEL[f.severity],
        message: { text: f.message },
        locations: [
          {
            physicalLocation: {
              artifactLocation: { uri: at.file, uriBaseId: '%SRCROOT%' },
              region: { startLine: at.line, startColumn: at.column, endLine: at.endLine, endColumn: at.endColumn },
            },
          },
        ],
        partialFingerprints: { slugAndRule: `${f.rule}:${f.kind}:${f.slug}` },
      };
    }),
  );
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'workos-authz',
            version,
            rules: ruleIds.map((id) => ({
              id,
              name: id.replace(/(^|-)([a-z])/g, (_, _d, c: string) => c.toUpperCase()),
              shortDescription: { text: RULES[id].description },
              defaultConfiguration: { level: SARIF_LEVEL[RULES[id].defaultSeverity] },
            })),
          },
        },
        originalUriBaseIds: { '%SRCROOT%': { uri: pathToFileUri(report.cwd) + '/' } },
        results,
      },
    ],
  };
  return JSON.stringify(sarif, null, 2) + '\n';
}

function pathToFileUri(p: string): string {
  return 'file://' + p.split(path.sep).map(encodeURIComponent).join('/');
}
