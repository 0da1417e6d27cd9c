// UI test: the packaged .vsix installed into code-server, driven with real keys and clicks by
// headless Chromium, on a copy of examples/acme-app with the WorkOS test API. Each step saves a
// screenshot (and the page text beside it) under test-results/e2e/ui/.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { installExtension, launchBrowser, sleep, startCodeServer, writeUserSettings } from './codeServer.mjs';
import { E2eError, cleanDir, copyExample, environmentsWorkspace, findFile, findKey, log, newKey, newRunDir, resultsDir, root, selfTestFindKey, startApi } from './harness.mjs';
import { cacheDir } from './setup.mjs';

const VSIX = join(root, 'workos-authz.vsix');
const shotsDir = join(resultsDir, 'ui');

export function packageVsix() {
  rmSync(VSIX, { force: true });
  const r = spawnSync('npm', ['run', 'package', '--silent'], { cwd: root, encoding: 'utf8', env: { ...process.env, npm_config_update_notifier: 'false' } });
  if (r.status !== 0 || !existsSync(VSIX)) throw new E2eError(`npm run package failed:\n${r.stdout}\n${r.stderr}`);
  const list = spawnSync('unzip', ['-Z1', VSIX], { encoding: 'utf8' });
  const files = list.stdout.split('\n').filter((f) => f.startsWith('extension/'));
  for (const needed of ['extension/dist/client.js', 'extension/dist/server.js', 'extension/dist/scanWorker.js', 'extension/package.json']) {
    if (!files.includes(needed)) throw new E2eError(`the .vsix lacks ${needed}: ${files.join(', ')}`);
  }
  const extra = files.filter((f) => /node_modules|\/src\/|\/test\/|\.map$|\.ts$/.test(f));
  if (extra.length) throw new E2eError(`the .vsix ships files it does not need: ${extra.join(', ')}`);
  return VSIX;
}

/** Drags the sash right of the side bar, so tree labels and descriptions are readable in the screenshots. */
async function widenSidebar(page, width) {
  const box = await page.locator('.part.sidebar').boundingBox();
  if (!box) return;
  const y = box.y + box.height / 2;
  await page.mouse.move(box.x + box.width + 1, y);
  await page.mouse.down();
  await page.mouse.move(box.x + width, y, { steps: 8 });
  await page.mouse.up();
}

class Ui {
  constructor(page, step = 0) {
    this.page = page;
    this.step = step;
    this.texts = [];
  }

  async shot(name) {
    this.step++;
    const base = join(shotsDir, `${String(this.step).padStart(2, '0')}-${name}`);
    await this.page.screenshot({ path: `${base}.png` });
    const text = await this.page.evaluate(() => document.body.innerText);
    writeFileSync(`${base}.txt`, text);
    this.texts.push(text);
    log(`screenshot ${base}.png`);
  }

  async command(title) {
    await this.page.keyboard.press('F1');
    const input = this.page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible' });
    await input.fill(`>${title}`);
    await this.page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first().click();
  }

  async openFile(name) {
    await this.page.keyboard.press('Control+P');
    const input = this.page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible' });
    await input.fill(name);
    await this.page.locator('.quick-input-list .monaco-list-row', { hasText: name.split('/').at(-1) }).first().click();
    await this.page.locator('.tab.active', { hasText: name.split('/').at(-1) }).waitFor();
    await this.page.locator('.monaco-editor .view-lines').first().waitFor();
  }

  /** Picks the quick-pick row containing `text` once it has loaded (Enter on a busy pick would cancel it). */
  async pick(text, { type = text } = {}) {
    const input = this.page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible' });
    await input.fill(type);
    const row = this.page.locator('.quick-input-list .monaco-list-row', { hasText: text }).first();
    // The next step of a multi-step pick can open just after the text went into the previous one,
    // and it opens empty: the text is typed again until the row shows.
    const until = Date.now() + 20_000;
    while (!(await row.isVisible().catch(() => false)) && Date.now() < until) {
      if ((await input.inputValue().catch(() => type)) !== type) await input.fill(type).catch(() => undefined);
      await sleep(100);
    }
    await row.waitFor({ timeout: 1_000 });
    // A click, not Enter: when the items arrive after the filter text, the active row may still be the first one.
    await row.click();
  }

  statusItem() {
    return this.page.locator('.statusbar-item', { hasText: 'WorkOS' }).first();
  }

  async waitText(locator, pattern, what, timeout = 30_000) {
    const until = Date.now() + timeout;
    let last = '';
    while (Date.now() < until) {
      last = (await locator.innerText().catch(() => '')) ?? '';
      if (pattern.test(last)) return last;
      await sleep(250);
    }
    await this.shot(`failed-${what.replace(/\W+/g, '-')}`);
    throw new E2eError(`UI: ${what}: ${pattern} not found in ${JSON.stringify(last.slice(0, 600))}`);
  }
}

/**
 * Installs the .vsix into a fresh code-server on `workspace` (API settings pointing at the test
 * API), opens it in headless Chromium and hands the page to `drive`; a failure leaves a screenshot.
 */
async function inEditor({ vsix, runDir, workspace, api, firstStep = 0 }, drive) {
  const userDataDir = join(runDir, 'user-data');
  const extensionsDir = join(runDir, 'extensions');
  writeUserSettings(userDataDir, {
    'workosAuthz.api.host': '127.0.0.1',
    'workosAuthz.api.port': api.port,
    'workosAuthz.api.https': false,
    'workbench.colorTheme': 'Default Dark Modern',
    'editor.minimap.enabled': false,
    'workbench.secondarySideBar.defaultVisibility': 'hidden',
    'chat.disableAIFeatures': true,
    // Hovers open below the line, where the screenshots have room for all of them.
    'editor.hover.above': false,
  });
  installExtension(vsix, { runDir, userDataDir, extensionsDir });

  const server = await startCodeServer({ runDir, userDataDir, extensionsDir, workspace });
  let browser;
  let ui;
  try {
    browser = await launchBrowser(runDir);
    const page = browser.pages()[0] ?? (await browser.newPage());
    page.setDefaultTimeout(30_000);
    ui = new Ui(page, firstStep);
    await page.goto(`${server.url}/?folder=${encodeURIComponent(workspace)}`);
    await page.locator('.monaco-workbench').waitFor();
    await page.locator('.explorer-folders-view .monaco-list-row').first().waitFor();
    await drive(page, ui);
  } catch (e) {
    await ui?.shot('failure').catch(() => {});
    throw e;
  } finally {
    await browser?.close().catch(() => {});
    await server.stop();
  }
  return { ui, userDataDir };
}

/** No key in what the run left behind (files, screenshots and their text), and the Output log that proves the search is not vacuous. */
function searchKeys({ keys, runDir, ui, userDataDir, logNeedle, logName }) {
  selfTestFindKey(cacheDir);
  let scanned = 0;
  for (const key of keys) {
    const found = findKey(key, [runDir, shotsDir]);
    scanned = found.scanned;
    const inTexts = ui.texts.some((t) => t.includes(key));
    if (found.hits.length || inTexts) throw new E2eError(`an API key was found in ${[...found.hits, ...(inTexts ? ['screenshot text'] : [])].join(', ')}`);
  }
  const outputLog = findFile(join(userDataDir, 'logs'), 'WorkOS Authz.log');
  if (!outputLog || !readFileSync(outputLog, 'utf8').includes(logNeedle)) throw new E2eError('the Output channel log is missing: the key search would be vacuous');
  copyFileSync(outputLog, join(resultsDir, logName));
  return scanned;
}

export async function runUi() {
  const vsix = packageVsix();
  const runDir = newRunDir('ui');
  rmSync(shotsDir, { recursive: true, force: true });
  mkdirSync(shotsDir, { recursive: true });
  const workspace = copyExample(runDir);
  const key = newKey();
  const api = await startApi(join(workspace, 'workos-catalog.json'), key);
  const { ui, userDataDir } = await inEditor({ vsix, runDir, workspace, api }, async (page, ui) => {
    // Status bar before a key: the snapshot.
    await ui.waitText(ui.statusItem(), /WorkOS: snapshot/, 'status bar shows the snapshot');

    // A squiggle in the file with the misspelt permission.
    await ui.openFile('lib/permissions.ts');
    await page.locator('.monaco-editor .squiggly-error').first().waitFor();
    await ui.shot('squiggle');

    // The Problems panel lists the example's findings, from files that are not open.
    await page.keyboard.press('Control+Shift+M');
    const markers = page.locator('.markers-panel');
    await ui.waitText(markers, /workos-authz\s+unknown-role/, 'Problems lists the example findings');
    await ui.command('View: Toggle Maximized Panel');
    await ui.shot('problems');
    // The list is virtualised: filter it to find each expected finding.
    const filter = page.getByPlaceholder(/^Filter \(e\.g\./);
    for (const [slug, what] of [['billing:veiw', 'the open file'], ['video:remove', 'a file that is not open'], ['admn', 'a .tsx file that is not open']]) {
      await filter.fill(slug);
      await ui.waitText(markers, new RegExp(slug.replace('.', '\\.')), `Problems shows ${slug} (${what})`);
    }
    await filter.fill('');
    await ui.command('View: Toggle Maximized Panel');

    // Quick fix: go to the problem in the editor and apply the preferred fix.
    await page.locator('.monaco-editor .view-lines').first().click();
    await page.keyboard.press('Control+Home');
    await page.keyboard.press('F8'); // next problem: puts the cursor on billing:veiw
    await page.keyboard.press('Escape');
    await ui.command('Quick Fix...');
    const fixRow = page.locator('.action-widget .monaco-list-row', { hasText: 'billing:view' }).first();
    await fixRow.waitFor();
    // Before a key the catalog is the snapshot: the slug can also be added to it.
    await page.locator('.action-widget .monaco-list-row', { hasText: 'Add permission `billing:veiw` to workos-catalog.json' }).first().waitFor();
    await ui.shot('quick-fix-menu');
    await fixRow.click();
    await ui.waitText(page.locator('.monaco-editor .view-lines').first(), /'billing:view'/, 'the quick fix replaced the slug');
    await ui.waitText(markers, /^(?![\s\S]*billing:veiw)/, 'the billing:veiw problem is gone');
    await page.keyboard.press('Control+S');
    await ui.shot('quick-fix-applied');

    // Completion offers permissions (and not roles) inside permissions.includes('…').
    await page.locator('.monaco-editor .view-lines').first().click();
    await page.keyboard.press('Control+End');
    await page.keyboard.press('Enter');
    await page.keyboard.type("export const mayMake = (permissions: string[]) => permissions.includes('vid", { delay: 10 });
    await page.keyboard.press('Control+Space');
    const suggest = page.locator('.suggest-widget .monaco-list');
    await ui.waitText(suggest, /video:create/, 'completion offers video:create');
    const suggestions = await suggest.innerText();
    if (/\borg-billing-admin\b|\beditor\b/.test(suggestions)) throw new E2eError(`completion offers roles in a permission place: ${suggestions}`);
    await ui.shot('completion');
    await page.keyboard.press('Escape');
    // Take the typed line out again (auto-closed `')` included) and save.
    await page.keyboard.press('End');
    await page.keyboard.press('Shift+Home');
    await page.keyboard.press('Shift+Home');
    await page.keyboard.press('Backspace');
    await page.keyboard.press('Backspace');
    await page.keyboard.press('Control+S');
    await ui.waitText(page.locator('.monaco-editor .view-lines').first(), /^(?![\s\S]*mayMake)/, 'the typed line is gone');

    // Set the key through the command: password input, validated, stored; the status bar goes live.
    await ui.command('WorkOS Authz: Set API Key');
    const keyInput = page.locator('.quick-input-widget input[type="password"]');
    await keyInput.waitFor();
    await keyInput.fill(key);
    await ui.shot('api-key-input');
    await page.keyboard.press('Enter');
    await ui.waitText(ui.statusItem(), /WorkOS: live 127\.0\.0\.1/, 'status bar shows the live catalog');
    await ui.shot('status-bar-live');

    // A permission the catalog lacks, with the key set: the quick fix offers to create it in WorkOS,
    // asks for the name and description, and writes only after a confirmation that names the host.
    await ui.openFile('app/api/projects/route.ts');
    await page.keyboard.press('Control+G');
    await page.keyboard.type('16:38');
    await page.keyboard.press('Enter');
    await ui.command('Quick Fix...');
    const createRow = page.locator('.action-widget .monaco-list-row', { hasText: 'Create permission `video:remove` in WorkOS' }).first();
    await createRow.waitFor();
    await ui.shot('quick-fix-create-in-workos');
    await createRow.click();
    const quickInput = page.locator('.quick-input-widget');
    await ui.waitText(quickInput, /Name of the permission/, 'the name is asked');
    await page.keyboard.press('Enter');
    await ui.waitText(quickInput, /Description \(optional\)/, 'the description is asked');
    await page.keyboard.type('Remove videos for good');
    await page.keyboard.press('Enter');
    const dialog = page.locator('.monaco-dialog-box');
    await ui.waitText(dialog, /Create the permission "video:remove" \(Video remove\) in the WorkOS environment at 127\.0\.0\.1:\d+\?/, 'the confirmation names the host');
    await ui.shot('create-in-workos-confirmation');
    await dialog.locator('.monaco-button', { hasText: 'Create in WorkOS' }).first().click();
    await ui.waitText(page.locator('.notifications-toasts'), /created permission video:remove at 127\.0\.0\.1/, 'the permission was created in WorkOS');
    await ui.shot('created-in-workos');

    // The Catalog view in the activity bar.
    await page.locator('.activitybar .action-item a[aria-label^="WorkOS Authz"]').first().click();
    const sidebar = page.locator('.sidebar');
    await widenSidebar(page, 720);
    await ui.waitText(sidebar, /Permissions/, 'the Catalog view shows the permission group');
    await ui.waitText(sidebar, /billing:view\s*View billing · \d+ uses?/, 'the Catalog view lists billing:view with its usage count');
    await ui.waitText(sidebar, /workspace-viewer\s*Workspace viewer · unused/, 'the Catalog view marks an unused role');
    await ui.shot('catalog-view');

    // An access check created through the guided quick pick: ✓ through a group.
    await ui.command('WorkOS Authz: Add Access Check');
    await ui.pick('Acme Inc.');
    await ui.pick('alice@acme.test', { type: 'alice' });
    await ui.pick('workspace:edit');
    await ui.pick('workspace');
    await ui.pick('Engineering');
    await ui.pick('Expect allow');
    // Give the Access Checks view the room: collapse the Catalog view.
    await page.locator('.pane-header', { hasText: 'Catalog' }).first().click();
    await ui.waitText(sidebar, /✓ allowed/, 'the check shows ✓');
    await ui.waitText(sidebar, /workspace-admin on Workspace: Engineering, from the Engineering group/, 'the effective role with its group source');

    // A second one: ✗ with the reason.
    await ui.command('WorkOS Authz: Add Access Check');
    await ui.pick('Acme Inc.');
    await ui.pick('bob@acme.test', { type: 'bob' });
    await ui.pick('project:edit');
    await ui.pick('project');
    await ui.pick('Web');
    await ui.pick('No expectation', { type: 'No exp' });
    await ui.waitText(sidebar, /✗ denied/, 'the check shows ✗');
    await ui.waitText(sidebar, /has no role granting project:edit on Project: Web/, 'the failure reason');
    await ui.waitText(sidebar, /project-viewer on Project: Web, assigned directly/, 'the direct role');
    await ui.shot('access-checks');

    // The Output channel, kept as an artefact and searched for the key below.
    await ui.command('WorkOS Authz: Show Output');
    await ui.waitText(page.locator('.part.panel .monaco-editor .view-lines').first(), /API\s+key\s+stored/, 'the Output channel logs the key change (not the key)');
    await ui.shot('output');
  });
  const requests = await api.stop();
  if (!requests) throw new E2eError('the UI run made no API request: the key was never used');
  const scanned = searchKeys({ keys: [key], runDir, ui, userDataDir, logNeedle: 'API key stored', logName: 'ui-output.log' });
  log(`UI: key not found in ${scanned} files (settings, logs, Output channel, screenshots and their text); ${requests} API requests`);
  cleanDir(runDir);
  await runEnvironmentsUi(vsix, ui.step);
}

/**
 * Named environments: staging is the example's snapshot, production is live with its own key and
 * lacks `reports:export`. Screenshots: the status bar per environment, the hover listing each
 * environment's answer, the Catalog view of one environment and of the difference.
 */
export async function runEnvironmentsUi(vsix, firstStep = 0) {
  const runDir = newRunDir('ui-environments');
  const { workspace, productionCatalog } = environmentsWorkspace(runDir);
  const key = newKey();
  const environment = { key: newKey(), catalog: productionCatalog };
  const api = await startApi(join(workspace, 'workos-catalog.json'), key, environment);
  const { ui, userDataDir } = await inEditor({ vsix, runDir, workspace, api, firstStep }, async (page, ui) => {
    await ui.waitText(ui.statusItem(), /WorkOS: staging ✓ production ✗/, 'status bar: production not loaded before its key');
    await ui.shot('environments-status-no-key');

    await ui.command('WorkOS Authz: Set Environment API Key');
    const keyInput = page.locator('.quick-input-widget input[type="password"]');
    await keyInput.waitFor();
    await keyInput.fill(environment.key);
    await page.keyboard.press('Enter');
    await ui.waitText(ui.statusItem(), /WorkOS: staging ✓ production ✓/, 'status bar: both environments loaded');
    await ui.shot('environments-status-loaded');

    // The finding on the dashboard, and the hover listing each environment.
    await ui.openFile('app/dashboard/page.tsx');
    await page.locator('.monaco-editor .squiggly-error').first().waitFor();
    await page.keyboard.press('Control+F');
    await page.keyboard.type('reports:export');
    await page.keyboard.press('Escape');
    await ui.command('Show or Focus Hover');
    const hover = page.locator('.monaco-hover').first();
    await ui.waitText(hover, /Environments[\s\S]*staging: ✓ has[\s\S]*production: ✗ no such permission/, 'the hover lists each environment');
    await ui.waitText(hover, /exists in staging but not in production/, 'the hover shows the missing-in-environment finding');
    await ui.shot('environments-hover');
    // The hover scrolls when it holds more than fits: the mouse onto it (which keeps it open) and the wheel down.
    const box = await hover.boundingBox();
    if (box) {
      await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
      await page.mouse.wheel(0, 800);
    }
    const production = hover.getByText('production: ✗', { exact: false }).first();
    const inView = async () => {
      const [h, p] = [await hover.boundingBox(), await production.boundingBox()];
      return h && p && p.y >= h.y && p.y + p.height <= h.y + h.height + 1;
    };
    for (let i = 0; i < 40 && !(await inView()); i++) await sleep(250);
    if (!(await inView())) {
      await ui.shot('failed-hover-scroll');
      throw new E2eError('UI: the hover did not scroll to the production line');
    }
    await ui.shot('environments-hover-each');
    await page.keyboard.press('Escape');

    // The Catalog view: the difference, then one environment.
    await page.locator('.activitybar .action-item a[aria-label^="WorkOS Authz"]').first().click();
    const sidebar = page.locator('.sidebar');
    await widenSidebar(page, 720);
    await ui.waitText(sidebar, /Permissions/, 'the Catalog view is open');
    await ui.command('WorkOS Authz: Show Environment…');
    await ui.pick('staging → production', { type: 'staging → production' });
    await ui.waitText(sidebar, /staging → production: \d+ changes?/, 'the Catalog view shows the difference');
    await ui.waitText(sidebar, /- reports:export\s*only in staging/, 'the difference names reports:export');
    await ui.shot('environments-catalog-diff');
    await ui.command('WorkOS Authz: Show Environment…');
    await ui.pick('production', { type: 'production' });
    await ui.waitText(sidebar, /^(?![\s\S]*staging → production)[\s\S]*production/, 'the Catalog view shows production');
    await ui.shot('environments-catalog-production');
  });
  const requests = await api.stop();
  if (!requests) throw new E2eError('the environments UI run made no API request: the environment key was never used');
  const scanned = searchKeys({ keys: [key, environment.key], runDir, ui, userDataDir, logNeedle: 'API key of environment production stored', logName: 'ui-environments-output.log' });
  log(`UI environments: keys not found in ${scanned} files; ${requests} API requests`);
  cleanDir(runDir);
}

if (process.argv[1] && process.argv[1].endsWith('ui.mjs')) {
  runUi().then(
    () => process.exit(0),
    (e) => {
      log(e instanceof E2eError ? e.message : e.stack);
      process.exit(1);
    },
  );
}
