// Several WorkOS environments side by side (staging, production, …): a slug one environment has
// and another lacks passes every check against the first and is denied in the second. The
// environments' catalogs come in as data; an environment whose catalog did not load has no say.

import type { Catalog } from './catalog';
import { severityOf, trusted } from './rules';
import type { Finding, Occurrence, RuleSettings, SlugKind } from './types';

export interface EnvironmentCatalog {
  name: string;
  /** Absent when the environment's catalog could not be loaded (yet). */
  catalog?: Catalog;
  /** Why the catalog is missing or stale. */
  error?: string;
}

export type EnvironmentAnswer = { name: string; has: boolean } | { name: string; notLoaded: string };

/** What each environment says about a slug, in the configured order. */
export function environmentAnswers(environments: EnvironmentCatalog[], kind: SlugKind, slug: string): EnvironmentAnswer[] {
  return environments.map((env) =>
    env.catalog ? { name: env.name, has: env.catalog.has(kind, slug) } : { name: env.name, notLoaded: env.error ?? 'not loaded' },
  );
}

/** The loaded environments that have the slug and those that lack it; undefined when they agree. */
export function presence(environments: EnvironmentCatalog[], kind: SlugKind, slug: string): { present: string[]; missing: string[] } | undefined {
  const present: string[] = [];
  const missing: string[] = [];
  for (const answer of environmentAnswers(environments, kind, slug)) {
    if ('notLoaded' in answer) continue;
    (answer.has ? present : missing).push(answer.name);
  }
  return present.length && missing.length ? { present, missing } : undefined;
}

/**
 * `missing-in-environment` findings: at places with evidence (the same ones every rule applies
 * at, judged against the primary catalog), a permission or role some loaded environment has and
 * another lacks.
 */
export function environmentFindings(
  occurrences: Occurrence[],
  environments: EnvironmentCatalog[],
  primary: Catalog | undefined,
  settings?: RuleSettings,
): Finding[] {
  const severity = severityOf('missing-in-environment', settings);
  if (!severity || environments.filter((e) => e.catalog).length < 2) return [];
  const findings: Finding[] = [];
  for (const occurrence of occurrences) {
    const { kind, slug } = occurrence;
    if (slug === '' || kind === 'resource-type' || occurrence.via === 'template' || !trusted(occurrence, primary)) continue;
    const split = presence(environments, kind, slug);
    if (!split) continue;
    const via = occurrence.via === 'constant' && occurrence.definition ? ` (via \`${occurrence.definition.name}\`)` : '';
    findings.push({
      rule: 'missing-in-environment',
      severity,
      range: occurrence.range,
      message:
        `\`${slug}\`${via} exists in ${words(split.present, 'and')} but not in ${words(split.missing, 'or')}: ` +
        `WorkOS in ${words(split.missing, 'and')} has no such ${kind}, so this fails there until it is created there too.`,
      kind,
      slug,
      suggestions: [],
      fixes: [],
      occurrence,
      evidence: occurrence.evidence,
    });
  }
  return findings;
}

/** Hover lines: each environment's answer for the slug. */
export function environmentHoverLines(environments: EnvironmentCatalog[], kind: SlugKind, slug: string): string[] {
  if (environments.length === 0 || kind === 'resource-type') return [];
  const lines = ['', '**Environments**'];
  for (const answer of environmentAnswers(environments, kind, slug)) {
    if ('notLoaded' in answer) lines.push(`- ${answer.name}: not loaded (${answer.notLoaded})`);
    else lines.push(`- ${answer.name}: ${answer.has ? `✓ has \`${slug}\`` : `✗ no such ${kind}`}`);
  }
  return lines;
}

function words(names: string[], conjunction: string): string {
  if (names.length <= 1) return names.join('');
  return `${names.slice(0, -1).join(', ')} ${conjunction} ${names[names.length - 1]}`;
}
