// The CLI reads the same `workosAuthz.*` settings a team commits in `.vscode/settings.json`, so
// helpers, rule severities and include/exclude mean the same in CI as in the editor.

import * as fs from 'node:fs';
import * as path from 'node:path';
import type { WorkosAuthzSettings } from './protocol';
import { normalizeSettings, parseEnvironments } from './settings';

export function readProjectSettings(root: string): { settings: WorkosAuthzSettings; file?: string; error?: string; problems?: string[] } {
  const file = path.join(root, '.vscode', 'settings.json');
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return { settings: normalizeSettings({}) };
  }
  let raw: unknown;
  try {
    raw = JSON.parse(stripJsonComments(text));
  } catch (e) {
    return { settings: normalizeSettings({}), file, error: `${file}: not valid JSON (${(e as Error).message}); its workosAuthz settings were not used` };
  }
  const section: Record<string, unknown> = {};
  if (raw && typeof raw === 'object') {
    for (const [key, value] of Object.entries(raw as Record<string, unknown>)) {
      if (key === 'workosAuthz' && value && typeof value === 'object') Object.assign(section, value);
      else if (key.startsWith('workosAuthz.')) section[key.slice('workosAuthz.'.length)] = value;
    }
  }
  const problems = parseEnvironments(section.environments).problems.map((p) => `${file}: ${p}`);
  return { settings: normalizeSettings(section), file, ...(problems.length ? { problems } : {}) };
}

/** Removes // and /* comments and trailing commas outside strings (VS Code settings are JSONC). */
export function stripJsonComments(text: string): string {
  let out = '';
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === '"') {
      let j = i + 1;
      while (j < text.length && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      out += text.slice(i, j + 1);
      i = j + 1;
    } else if (c === '/' && text[i + 1] === '/') {
      while (i < text.length && text[i] !== '\n') i++;
    } else if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      i = end < 0 ? text.length : end + 2;
    } else {
      out += c;
      i++;
    }
  }
  return out.replace(/,(\s*[}\]])/g, '$1');
}
