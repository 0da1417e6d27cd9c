// An opened document is checked a moment after it opens (OPEN_CHECK_MS), not after the pause
// that typing waits for. The protocol's document store reports an opening as a change of content
// too; that report must not push the opening's check back to the typing debounce (a hover asked
// meanwhile would otherwise scan the whole document itself). A check that falls due while requests
// are waiting runs after they are answered.

import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, afterEach, beforeEach, mock, test } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { TextDocuments } from 'vscode-languageserver/node';
import { runSafe } from '../../server/src/lsp/runSafe';
import { CHANGE_DEBOUNCE_MS, OPEN_CHECK_MS, Session } from '../../server/src/lsp/session';

/** Event-loop turns enough for a check that fell due to step aside, run and publish. */
async function turns(n = 16): Promise<void> {
  for (let i = 0; i < n; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}

const dir = mkdtempSync(join(tmpdir(), 'workos-authz-open-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function openedFile(name: string): TextDocument {
  writeFileSync(join(dir, 'workos-catalog.json'), readFileSync(join(__dirname, 'fixtures', 'catalog-a.json')));
  const file = join(dir, name);
  const text = `export const a = hasPermission(user, 'video:raed');\n`;
  writeFileSync(file, text);
  return TextDocument.create(pathToFileURL(file).href, 'typescript', 1, text);
}

/** An opened file in a session whose publications (and anything else a test adds) land in `log`. */
function opened(name: string): { doc: TextDocument; s: Session; log: string[] } {
  const log: string[] = [];
  return { doc: openedFile(name), s: session(log), log };
}

// The session's checks are timed by setTimeout; the tests move the clock themselves.
beforeEach(() => mock.timers.enable({ apis: ['setTimeout'] }));
afterEach(() => mock.timers.reset());

function session(published: string[]): Session {
  const quiet = () => undefined;
  const connection = {
    console: { log: quiet, info: quiet, warn: quiet, error: quiet },
    sendDiagnostics: async (p: { uri: string }) => void published.push(p.uri),
    sendNotification: async () => undefined,
  };
  return new Session(connection as never, new TextDocuments(TextDocument));
}

test('an opening reported as a change too is still checked after OPEN_CHECK_MS', async () => {
  const { doc, s, log: published } = opened('open.ts');
  s.didOpen(doc);
  s.didChange(doc);
  mock.timers.tick(OPEN_CHECK_MS);
  await turns();
  assert.ok(published.includes(doc.uri), 'checked and published at OPEN_CHECK_MS');
  const before = published.length;
  // A real edit afterwards waits for the typing pause again.
  const edited = TextDocument.update(doc, [{ text: doc.getText().replace('raed', 'rea') }], 2);
  s.didChange(edited);
  mock.timers.tick(OPEN_CHECK_MS);
  await turns();
  assert.equal(published.length, before, 'an edit is not checked before the pause');
  mock.timers.tick(CHANGE_DEBOUNCE_MS);
  await turns();
  assert.ok(published.length > before, 'an edit is checked after the pause');
});

test('a check that falls due while a request waits runs after the request is answered', async () => {
  const { doc, s, log: order } = opened('busy.ts');
  s.didOpen(doc);
  const quiet = () => undefined;
  const answered = runSafe({ console: { log: quiet, error: quiet } } as never, 'test request', null, undefined, () => {
    order.push('handler');
    return null;
  });
  mock.timers.tick(OPEN_CHECK_MS);
  await answered;
  await turns();
  assert.equal(order[0], 'handler', `the request first: ${order.join(', ')}`);
  assert.ok(order.includes(doc.uri), 'then the check, published');
});
