// The language service: what the editor features and the CLI ask of the analysis, as pure
// functions over a workspace index and a catalog (the shape of vscode-css-languageservice). Offsets
// in, offsets and plain records out; the LSP layer turns them into positions, the CLI into lines.

import type { Catalog } from './catalog';
import { completionCandidates, type CompletionCandidate } from './completion';
import { environmentFindings, environmentHoverLines, type EnvironmentCatalog } from './environments';
import { hoverMarkdown } from './hover';
import { slotAt } from './scanner';
import type { Finding, HelperSpec, Occurrence, Range, RuleSettings, SlugKind } from './types';
import type { WorkspaceIndex } from './workspaceIndex';

/**
 * The findings of one indexed file, in source order. With several environments, `catalog` is the
 * primary one and slugs are also compared across `environments` (`missing-in-environment`).
 */
export function doValidation(
  index: WorkspaceIndex,
  uri: string,
  catalog: Catalog | undefined,
  rules: RuleSettings = {},
  environments: EnvironmentCatalog[] = [],
): Finding[] {
  if (!index.has(uri)) return [];
  const across = environments.length ? index.withoutIgnored(uri, environmentFindings(index.occurrences(uri), environments, catalog, rules)) : [];
  return [...index.findings(uri, catalog, rules), ...across].sort((a, b) => a.range.start - b.range.start);
}

export interface CompletionResult {
  kind: SlugKind;
  /** The string content the chosen slug replaces. */
  range: Range;
  items: CompletionCandidate[];
  isIncomplete: boolean;
}

/** Slugs for the string at `offset`, when that string is a slug place; only the kind the place takes. */
export function doComplete(
  text: string,
  offset: number,
  catalog: Catalog | undefined,
  options: { helpers?: HelperSpec[]; fileName?: string } = {},
): CompletionResult | undefined {
  if (!catalog) return undefined;
  const slot = slotAt(text, offset, options);
  if (!slot) return undefined;
  const { items, isIncomplete } = completionCandidates(catalog, slot.kind, slot.prefix);
  return { kind: slot.kind, range: slot.range, items, isIncomplete };
}

/** What the catalog says about the slug at `offset`, or why it is wrong, as Markdown. */
export function doHover(
  index: WorkspaceIndex,
  uri: string,
  offset: number,
  catalog: Catalog | undefined,
  rules: RuleSettings = {},
  environments: EnvironmentCatalog[] = [],
): { markdown: string; range: Range } | undefined {
  if (!index.has(uri)) return undefined;
  const occurrence = index.occurrenceAt(uri, offset);
  if (!occurrence) return undefined;
  const findings = doValidation(index, uri, catalog, rules, environments).filter(
    (f) => f.range.start < occurrence.range.end && occurrence.range.start < f.range.end,
  );
  const markdown = hoverMarkdown(catalog, occurrence, findings);
  if (!markdown) return undefined;
  const perEnvironment = occurrence.via === 'template' ? [] : environmentHoverLines(environments, occurrence.kind, occurrence.slug);
  if (perEnvironment.length === 0) return { markdown, range: occurrence.range };
  // Right under the title: which environment has the slug is the first thing to see.
  const [title, ...rest] = markdown.split('\n');
  return { markdown: [title, ...perEnvironment, ...rest].join('\n'), range: occurrence.range };
}

/** The findings touching [start, end], each with its fixes: what quick fixes are made of. */
export function doCodeActions(
  index: WorkspaceIndex,
  uri: string,
  start: number,
  end: number,
  catalog: Catalog | undefined,
  rules: RuleSettings = {},
  environments: EnvironmentCatalog[] = [],
): Finding[] {
  if (!index.has(uri)) return [];
  return doValidation(index, uri, catalog, rules, environments).filter((f) => f.range.start <= end && start <= f.range.end);
}

/** Every use of a slug in the index, literal or through constants. */
export function findReferences(index: WorkspaceIndex, kind: SlugKind | undefined, slug: string): { uri: string; occurrence: Occurrence }[] {
  return index.usages(kind, slug);
}

/**
 * Catalog slugs of a kind that no file uses. A template such as `${resource}:view` uses every slug
 * it matches.
 */
export function findUnused(index: WorkspaceIndex, catalog: Catalog, kind: SlugKind): string[] {
  const used = index.referencedSlugs(kind);
  const patterns = index.templatePatterns(kind).map((parts) => new RegExp('^' + parts.map(escapeRegExp).join('.+') + '$'));
  return catalog
    .slugs(kind)
    .filter((slug) => !used.has(slug) && !patterns.some((p) => p.test(slug)))
    .sort();
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
