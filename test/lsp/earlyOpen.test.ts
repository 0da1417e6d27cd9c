// A document opened at once after `initialized`, before the server has added the workspace
// folder (it waits for the client's answers first): the folder is still walked and indexed, and
// files nobody opened get their diagnostics.

import assert from 'node:assert/strict';
import * as path from 'node:path';
import { after, test } from 'node:test';
import { ensureBuilt, fixture, LspTestClient, makeWorkspace } from './harness';

let client: LspTestClient | undefined;
after(async () => client?.stop());

test('a document opened before the folder is indexed does not keep the folder from being indexed', { timeout: 60_000 }, async () => {
  ensureBuilt();
  const root = makeWorkspace({
    'workos-catalog.json': fixture('catalog-a.json'),
    'src/open.ts': `export const a = hasPermission(user, 'video:read');\n`,
    'src/closed.ts': `export const b = hasPermission(user, 'video:craete');\n`,
  });
  client = await LspTestClient.start({ folders: [root] });
  await client.open(path.join(root, 'src', 'open.ts'));
  const d = await client.waitForDiagnostics(path.join(root, 'src', 'closed.ts'), (x) => x.length > 0, 'diagnostics of a file nobody opened');
  assert.deepEqual(d.map((x) => x.code), ['unknown-permission']);
});
