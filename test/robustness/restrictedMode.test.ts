// Untrusted workspaces and where the key may go, from the extension's side: the manifest
// declares limited support for Restricted Mode, the API host settings are application-scoped
// (a workspace cannot redirect the key), no setting holds a secret, key commands are hidden when
// untrusted; and the client code that decides (read through a stand-in `vscode` module, since
// these tests run in plain Node) ignores workspace values for the host and makes no API call
// and reads no key in Restricted Mode.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import Module from 'node:module';
import { ROOT } from './support';

const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));

describe('manifest', () => {
  test('Restricted Mode is supported in a limited way and says what is off', () => {
    const u = manifest.capabilities?.untrustedWorkspaces;
    assert.equal(u?.supported, 'limited');
    assert.match(u.description, /no WorkOS API calls/i);
    assert.match(u.description, /API key/i);
  });

  test('the API host, port, protocol and timeout are application-scoped', () => {
    const props = manifest.contributes.configuration.properties as Record<string, { scope?: string }>;
    const api = Object.keys(props).filter((k) => k.startsWith('workosAuthz.api.'));
    assert.deepEqual(api.sort(), ['workosAuthz.api.host', 'workosAuthz.api.https', 'workosAuthz.api.port', 'workosAuthz.api.timeoutMs']);
    for (const k of api) assert.equal(props[k].scope, 'application', `${k} must not be settable per workspace`);
    // Anything else that could name a URL or host is also out of a workspace's reach.
    for (const [k, v] of Object.entries(props)) if (/url|host|endpoint/i.test(k)) assert.equal(v.scope, 'application', k);
  });

  test('no setting holds a key, secret or token', () => {
    const props = Object.keys(manifest.contributes.configuration.properties);
    assert.deepEqual(props.filter((k) => /key|secret|token|password|credential/i.test(k)), []);
  });

  test('commands that use the key or the API are hidden in untrusted workspaces', () => {
    const palette = manifest.contributes.menus.commandPalette as { command: string; when?: string }[];
    for (const cmd of ['workosAuthz.setApiKey', 'workosAuthz.pullSnapshot', 'workosAuthz.showDrift']) {
      const entry = palette.find((e) => e.command === cmd);
      assert.ok(entry?.when?.includes('isWorkspaceTrusted'), `${cmd} in the command palette`);
    }
    const titles = manifest.contributes.menus['view/title'] as { command: string; when?: string }[];
    for (const e of titles.filter((x) => ['workosAuthz.setApiKey', 'workosAuthz.pullSnapshot', 'workosAuthz.showDrift'].includes(x.command))) {
      assert.ok(e.when?.includes('isWorkspaceTrusted'), `${e.command} in a view title`);
    }
  });

  test('the packaged files are the bundles and the README only (no sources, tests or secrets)', () => {
    assert.deepEqual([...manifest.files].sort(), ['README.md', 'dist/cli.js', 'dist/scanWorker.js', 'dist/server.js']);
    // The .vsix is an allowlist: everything excluded, then only the bundles and assets let back in.
    const lines = fs
      .readFileSync(path.join(ROOT, '.vscodeignore'), 'utf8')
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l && !l.startsWith('#'));
    assert.equal(lines[0], '**');
    for (const l of lines.slice(1)) {
      assert.match(l, /^!(package\.json|README\.md|LICENSE|dist\/(client|server|scanWorker)\.js|media\/[\w.-]+\.(svg|png))$/, `.vscodeignore lets in ${l}`);
    }
  });

  test('runtime code has no dependencies outside the bundle', () => {
    assert.deepEqual(Object.keys(manifest.dependencies ?? {}), []);
  });
});

// ---------------------------------------------------------------------------------------------
// The client's decisions, with a stand-in `vscode` module.

interface FakeState {
  isTrusted: boolean;
  inspect: Record<string, { defaultValue?: unknown; globalValue?: unknown; workspaceValue?: unknown; workspaceFolderValue?: unknown }>;
}

const fake: FakeState = { isTrusted: true, inspect: {} };
const prompts: unknown[][] = [];
const answers: { warning?: string; input?: string } = {};
const registered = new Map<string, (...a: unknown[]) => unknown>();

class EventEmitter<T> {
  private listeners: ((e: T) => void)[] = [];
  event = (l: (e: T) => void) => {
    this.listeners.push(l);
    return { dispose: () => undefined };
  };
  fire(e: T): void {
    for (const l of this.listeners) l(e);
  }
  dispose(): void {
    this.listeners = [];
  }
}

const fakeVscode = {
  workspace: {
    get isTrusted() {
      return fake.isTrusted;
    },
    getConfiguration: (section: string) => ({
      inspect: (key: string) => fake.inspect[`${section}.${key}`],
      get: (key: string, d?: unknown) => {
        const i = fake.inspect[`${section}.${key}`];
        return i?.workspaceFolderValue ?? i?.workspaceValue ?? i?.globalValue ?? i?.defaultValue ?? d;
      },
    }),
    onDidGrantWorkspaceTrust: () => ({ dispose: () => undefined }),
  },
  window: {
    showWarningMessage: (...args: unknown[]) => (prompts.push(['warning', ...args]), answers.warning),
    showInputBox: (opts: unknown) => (prompts.push(['input', opts]), answers.input),
    showInformationMessage: () => undefined,
    showErrorMessage: () => undefined,
    createStatusBarItem: () => ({ show() {}, hide() {}, dispose() {} }),
  },
  commands: {
    registerCommand: (id: string, fn: (...a: unknown[]) => unknown) => {
      registered.set(id, fn);
      return { dispose: () => undefined };
    },
  },
  StatusBarAlignment: { Left: 1, Right: 2 },
  EventEmitter,
};

type ModuleWithLoad = typeof Module & { _load: (request: string, parent: unknown, isMain: boolean) => unknown };
const loader = Module as ModuleWithLoad;
const realLoad = loader._load;

describe('client decisions in Restricted Mode', () => {
  let config: typeof import('../../client/src/config');
  let apiAccess: typeof import('../../client/src/apiAccess');
  let statusBar: typeof import('../../client/src/statusText');

  before(() => {
    loader._load = function (request: string, parent: unknown, isMain: boolean) {
      if (request === 'vscode') return fakeVscode;
      return realLoad.call(this, request, parent, isMain);
    };
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    config = require('../../client/src/config');
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    apiAccess = require('../../client/src/apiAccess');
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    statusBar = require('../../client/src/statusText');
  });

  after(() => {
    loader._load = realLoad;
  });

  test('the API host comes from the user setting; workspace values are ignored', () => {
    fake.inspect = {
      'workosAuthz.api.host': { defaultValue: 'api.workos.com', workspaceValue: 'evil.example', workspaceFolderValue: 'evil2.example' },
      'workosAuthz.api.port': { defaultValue: null, workspaceValue: 8080 },
      'workosAuthz.api.https': { defaultValue: true, workspaceValue: false },
    };
    assert.deepEqual(config.readApiEndpoint(), { hostname: 'api.workos.com', https: true, timeoutMs: 10000 });
    fake.inspect['workosAuthz.api.host'].globalValue = '127.0.0.1';
    fake.inspect['workosAuthz.api.port'].globalValue = 8787;
    fake.inspect['workosAuthz.api.https'].globalValue = false;
    assert.deepEqual(config.readApiEndpoint(), { hostname: '127.0.0.1', port: 8787, https: false, timeoutMs: 10000 });
    assert.equal(config.describeEndpoint(config.readApiEndpoint()), 'http://127.0.0.1:8787');
  });

  test('untrusted: no WorkOS call is asked for and the key is not even read', async () => {
    fake.isTrusted = false;
    let reads = 0;
    const credentials = { get: async () => (reads++, 'sk_test_LEAKCANARY_restricted') };
    assert.equal(await apiAccess.mayCallWorkos(credentials), false);
    assert.equal(reads, 0);
  });

  test('trusted: the same gate reads the key, and without one says no', async () => {
    fake.isTrusted = true;
    fake.inspect = {};
    let reads = 0;
    assert.equal(await apiAccess.mayCallWorkos({ get: async () => (reads++, undefined) }), false);
    assert.equal(reads, 1);
    assert.equal(await apiAccess.mayCallWorkos({ get: async () => 'sk_test_LEAKCANARY_restricted' }), true);
  });

  test('"Create … in WorkOS…": nothing asked or sent in Restricted Mode; trusted, nothing sent unless the host shown is confirmed', async () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const mod: typeof import('../../client/src/catalog/catalogWriteCommands') = require('../../client/src/catalog/catalogWriteCommands');
    const sent: unknown[] = [];
    const session = { request: async (_t: unknown, p: unknown) => (sent.push(p), { ok: true, created: true, host: 'h' }) };
    const log = { info() {}, error() {} };
    mod.registerCatalogWriteCommands(session as never, log as never);
    const create = registered.get('workosAuthz.createInWorkos')!;
    const offer = { folderUri: 'file:///w', kind: 'permission', slug: 'reports:export', name: 'Reports export', host: 'api.example.test' };

    fake.isTrusted = false;
    prompts.length = 0;
    await create(offer);
    assert.deepEqual(sent, []);
    assert.equal(prompts.filter((p) => p[0] === 'input').length, 0, 'not even asked');

    fake.isTrusted = true;
    answers.input = 'Export reports';
    answers.warning = undefined; // the modal dismissed
    prompts.length = 0;
    await create(offer);
    assert.deepEqual(sent, []);
    const modal = prompts.find((p) => p[0] === 'warning')!;
    assert.match(String(modal[1]), /Create the permission "reports:export" \(Export reports\) in the WorkOS environment at api\.example\.test\?/);
    assert.equal((modal[2] as { modal?: boolean }).modal, true);

    answers.warning = 'Create in WorkOS';
    await create(offer);
    assert.deepEqual(sent, [{ folderUri: 'file:///w', kind: 'permission', slug: 'reports:export', name: 'Export reports', description: 'Export reports', confirmedHost: 'api.example.test' }]);
  });

  test('the Output channel redacts the stored key whatever its shape, and anything shaped like a key', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const log: typeof import('../../client/src/log') = require('../../client/src/log');
    log.addSecret('LEAKCANARY-odd-shaped-key-2718');
    const out = log.redact('failed with LEAKCANARY-odd-shaped-key-2718 and sk_live_LEAKCANARY0123456789 in the message');
    assert.ok(!out.includes('LEAKCANARY-odd-shaped-key-2718'), out);
    assert.ok(!out.includes('LEAKCANARY0123456789'), out);
  });

  test('the status bar in Restricted Mode never offers to set a key and says the API is off', () => {
    const folder = {
      folderUri: 'file:///w',
      folderName: 'w',
      source: 'none' as const,
      counts: { permissions: 0, roles: 0, organizations: 0 },
      stale: true,
      staleReason: 'live fetch failed (unauthorized)',
      orgPrefixStyle: 'none' as const,
      indexedFiles: 0,
      indexing: false,
    };
    const none = statusBar.statusView({ folders: [folder], hasApiKey: false }, { restricted: true, phase: 'running' });
    assert.ok(none);
    assert.notEqual(none.command, 'workosAuthz.setApiKey');
    assert.match(none.tooltip, /Restricted Mode/);
    const stale = statusBar.statusView({ folders: [{ ...folder, source: 'snapshot' }], hasApiKey: false }, { restricted: true, phase: 'running' });
    assert.ok(stale);
    assert.notEqual(stale.command, 'workosAuthz.setApiKey');
    assert.match(stale.tooltip, /Restricted Mode: no API calls/);
    const trusted = statusBar.statusView({ folders: [folder], hasApiKey: false }, { restricted: false, phase: 'running' });
    assert.equal(trusted?.command, 'workosAuthz.setApiKey');
  });
});
