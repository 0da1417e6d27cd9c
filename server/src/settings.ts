// The `workosAuthz.*` settings as the server uses them: whatever the client sends is untrusted
// JSON, so every field is checked and falls back to its default instead of failing later.

import type { HelperSpec, RuleId, RuleSettings, SeverityOrOff, SlugKind } from './core/types';
import { DEFAULT_MAX_FILES } from './fs/walk';
import type { EnvironmentSetting, HelperSetting, WorkosAuthzSettings } from './protocol';

export const SETTINGS_SECTION = 'workosAuthz';

export const DEFAULT_MAX_FILE_SIZE = 1024 * 1024;

export function defaultSettings(): WorkosAuthzSettings {
  return {
    catalogFile: '',
    include: [],
    exclude: [],
    helpers: [],
    rules: {},
    maxFileSize: DEFAULT_MAX_FILE_SIZE,
    maxFiles: DEFAULT_MAX_FILES,
    generatedTypesFile: '',
    environments: [],
    primaryEnvironment: '',
  };
}

const KINDS: SlugKind[] = ['permission', 'role', 'resource-type'];
const SEVERITIES: SeverityOrOff[] = ['error', 'warning', 'info', 'hint', 'off'];

export function normalizeSettings(raw: unknown, fallback: Partial<WorkosAuthzSettings> = {}): WorkosAuthzSettings {
  const base = { ...defaultSettings(), ...sanitize(fallback) };
  return { ...base, ...sanitize(raw) };
}

/** Keeps only the well-formed fields of a settings object. */
function sanitize(raw: unknown): Partial<WorkosAuthzSettings> {
  if (!raw || typeof raw !== 'object') return {};
  const r = raw as Record<string, unknown>;
  const out: Partial<WorkosAuthzSettings> = {};
  if (typeof r.catalogFile === 'string') out.catalogFile = r.catalogFile.trim();
  if (typeof r.generatedTypesFile === 'string') out.generatedTypesFile = r.generatedTypesFile.trim();
  if (Array.isArray(r.include)) out.include = r.include.filter(isNonEmptyString);
  if (Array.isArray(r.exclude)) out.exclude = r.exclude.filter(isNonEmptyString);
  if (Array.isArray(r.helpers)) out.helpers = r.helpers.flatMap(toHelper);
  if (r.rules && typeof r.rules === 'object' && !Array.isArray(r.rules)) {
    const rules: Record<string, SeverityOrOff> = {};
    for (const [id, sev] of Object.entries(r.rules as Record<string, unknown>)) {
      if (typeof sev === 'string' && (SEVERITIES as string[]).includes(sev)) rules[id] = sev as SeverityOrOff;
    }
    out.rules = rules;
  }
  if (typeof r.maxFileSize === 'number' && Number.isFinite(r.maxFileSize) && r.maxFileSize > 0) {
    out.maxFileSize = Math.floor(r.maxFileSize);
  }
  if (typeof r.maxFiles === 'number' && Number.isFinite(r.maxFiles) && r.maxFiles > 0) {
    out.maxFiles = Math.floor(r.maxFiles);
  }
  if (Array.isArray(r.environments)) out.environments = parseEnvironments(r.environments).environments;
  if (typeof r.primaryEnvironment === 'string') out.primaryEnvironment = r.primaryEnvironment.trim();
  return out;
}

/**
 * The `environments` setting: each entry a unique name with either a catalog file or `live`.
 * Entries that are not are dropped, each with a problem worded for the user.
 */
export function parseEnvironments(raw: unknown): { environments: EnvironmentSetting[]; problems: string[] } {
  const environments: EnvironmentSetting[] = [];
  const problems: string[] = [];
  if (!Array.isArray(raw)) return { environments, problems: raw === undefined ? [] : ['workosAuthz.environments must be a list'] };
  const keys = new Map<string, string>();
  raw.forEach((v, i): void => {
    const e = v && typeof v === 'object' ? (v as Record<string, unknown>) : {};
    const name = typeof e.name === 'string' ? e.name.trim() : '';
    const where = `workosAuthz.environments[${i}]`;
    if (!name) {
      problems.push(`${where} has no name`);
      return;
    }
    const file = typeof e.catalogFile === 'string' ? e.catalogFile.trim() : '';
    const live = e.live === true;
    if (!file === !live) {
      problems.push(`${where} (${name}) needs either "catalogFile" or "live": true`);
      return;
    }
    const key = environmentKeyVariable(name);
    const clash = keys.get(key);
    if (clash !== undefined) {
      problems.push(`${where} (${name}) has the same key variable ${key} as ${clash}`);
      return;
    }
    keys.set(key, name);
    environments.push(live ? { name, live: true } : { name, catalogFile: file });
  });
  return { environments, problems };
}

/** The CLI's key variable for an environment: `WORKOS_API_KEY_<NAME>`, non-alphanumerics as `_`. */
export function environmentKeyVariable(name: string): string {
  return `WORKOS_API_KEY_${name.toUpperCase().replace(/[^A-Z0-9]/g, '_')}`;
}

/** The environment the rules run against: the chosen one if it exists, else the first. */
export function primaryEnvironment(settings: WorkosAuthzSettings): EnvironmentSetting | undefined {
  return settings.environments.find((e) => e.name === settings.primaryEnvironment) ?? settings.environments[0];
}

function isNonEmptyString(v: unknown): v is string {
  return typeof v === 'string' && v.trim() !== '';
}

function toHelper(v: unknown): HelperSetting[] {
  if (!v || typeof v !== 'object') return [];
  const h = v as Record<string, unknown>;
  if (!isNonEmptyString(h.name)) return [];
  const kind = (KINDS as unknown[]).includes(h.kind) ? (h.kind as SlugKind) : 'permission';
  const arg = typeof h.arg === 'number' && Number.isInteger(h.arg) && h.arg >= 0 ? h.arg : 0;
  const helper: HelperSetting = { name: h.name.trim(), arg, kind };
  if (typeof h.session === 'boolean') helper.session = h.session;
  return [helper];
}

export function helperSpecs(settings: WorkosAuthzSettings): HelperSpec[] {
  return settings.helpers.map((h) => ({ ...h }));
}

export function ruleSettings(settings: WorkosAuthzSettings): RuleSettings {
  return { severities: settings.rules as Partial<Record<RuleId, SeverityOrOff>> };
}

/** What a settings change requires: a full re-index, or only re-publishing. */
export function settingsChange(before: WorkosAuthzSettings, after: WorkosAuthzSettings): 'none' | 'rules' | 'catalog' | 'reindex' {
  const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
  if (!same(before.include, after.include) || !same(before.exclude, after.exclude) || before.maxFileSize !== after.maxFileSize || before.maxFiles !== after.maxFiles || !same(before.helpers, after.helpers)) {
    return 'reindex';
  }
  if (before.catalogFile !== after.catalogFile || before.generatedTypesFile !== after.generatedTypesFile || before.primaryEnvironment !== after.primaryEnvironment || !same(before.environments, after.environments)) {
    return 'catalog';
  }
  if (!same(before.rules, after.rules)) return 'rules';
  return 'none';
}
