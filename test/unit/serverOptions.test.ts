// The options the language server is started with: Node accepts them, and they hold the young
// generation to the size they name (V8's default lets it grow to 32 MB while the index is built).

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { describe, test } from 'node:test';
import { SERVER_EXEC_ARGV } from '../../server/src/protocol';

// Allocates short-lived garbage and prints the largest new-space size seen, in MB.
const PROBE = `
const v8 = require('v8');
let largest = 0;
let keep = [];
for (let i = 0; i < 400; i++) {
  for (let j = 0; j < 20000; j++) keep.push({ i, j, s: 'x' + j });
  keep = [];
  const s = v8.getHeapSpaceStatistics().find((x) => x.space_name === 'new_space');
  largest = Math.max(largest, s.space_size);
}
process.stdout.write(String(largest / 1048576));
`;

describe('server start options', () => {
  test('Node accepts them and the young generation stays within the semi-space they set', () => {
    const semi = Number(/^--max-semi-space-size=(\d+)$/.exec(SERVER_EXEC_ARGV.find((a) => a.startsWith('--max-semi-space-size=')) ?? '')?.[1]);
    assert.ok(semi > 0, `a semi-space size is set: ${SERVER_EXEC_ARGV.join(' ')}`);
    const largest = Number(execFileSync(process.execPath, [...SERVER_EXEC_ARGV, '-e', PROBE], { encoding: 'utf8' }));
    // The new space is two semi-spaces.
    assert.ok(largest > 0 && largest <= 2 * semi, `new space grew to ${largest} MB`);
  });
});
