// The extension manifest (package.json) against the code: every contributed command has a handler,
// the API host settings are application-scoped, activation is narrow, restricted mode is declared.

import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { CATALOG_FILE_NAMES, CHECKS_FILE_NAME } from '../../server/src/fileNames';

const root = join(import.meta.dirname, '..', '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

function sources(dir: string): string {
  let text = '';
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    text += statSync(p).isDirectory() ? sources(p) : name.endsWith('.ts') ? readFileSync(p, 'utf8') : '';
  }
  return text;
}
const clientSource = sources(join(root, 'client', 'src'));

describe('extension manifest', () => {
  test('every contributed command is registered by the client, and every registered one is contributed', () => {
    const contributed = new Set<string>(pkg.contributes.commands.map((c: { command: string }) => c.command));
    const registered = new Set([...clientSource.matchAll(/registerCommand\(\s*'([^']+)'/g)].map((m) => m[1]));
    assert.deepEqual([...contributed].filter((c) => !registered.has(c)), [], 'contributed without a handler');
    assert.deepEqual([...registered].filter((c) => !contributed.has(c)), [], 'registered but not contributed');
    for (const c of pkg.contributes.commands) assert.equal(c.category, 'WorkOS Authz', c.command);
  });

  test('a workspace cannot redirect the key: every API setting is application-scoped', () => {
    const props = pkg.contributes.configuration.properties as Record<string, { scope?: string }>;
    const api = Object.entries(props).filter(([k]) => k.startsWith('workosAuthz.api.'));
    assert.ok(api.length >= 3);
    for (const [key, schema] of api) assert.equal(schema.scope, 'application', key);
    for (const [key, schema] of Object.entries(props)) assert.ok(schema.scope, `${key} declares a scope`);
    assert.ok(!Object.keys(props).some((k) => /key|token|secret/i.test(k.replace('workosAuthz.api.', ''))), 'no setting holds the key');
  });

  test('activation is narrow: catalog files and the scanned languages, never * or every package.json', () => {
    const events: string[] = pkg.activationEvents;
    assert.ok(!events.includes('*'));
    assert.ok(!events.some((e) => /workspaceContains:.*package\.json/.test(e)));
    for (const f of [...CATALOG_FILE_NAMES, CHECKS_FILE_NAME]) assert.ok(events.includes(`workspaceContains:**/${f}`), f);
    for (const l of ['typescript', 'typescriptreact', 'javascript', 'javascriptreact']) assert.ok(events.includes(`onLanguage:${l}`), l);
  });

  test('restricted mode is declared as limited support', () => {
    assert.equal(pkg.capabilities.untrustedWorkspaces.supported, 'limited');
    assert.match(pkg.capabilities.untrustedWorkspaces.description, /no WorkOS API calls/);
  });

  test('both views live in the activity-bar container, with their icon', () => {
    assert.deepEqual(pkg.contributes.views.workosAuthz.map((v: { id: string }) => v.id), ['workosAuthz.catalog', 'workosAuthz.accessChecks']);
    const icon = pkg.contributes.viewsContainers.activitybar[0].icon;
    assert.ok(statSync(join(root, icon)).isFile());
  });
});
