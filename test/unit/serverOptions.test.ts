// The options the language server is started with: Node accepts them, they hold the young
// generation to the size they name (V8's default lets it grow to 32 MB while the index is built),
// and objects an edit makes for a moment stay young even where the index made lasting ones.

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

// Builds a lasting structure at one allocation site (as indexing does), then makes brief objects at
// the same site (as each edit does). Prints the full collections during the brief phase and how
// much the old generation grew in it, in MB.
const BRIEF_AFTER_LASTING = `
const { PerformanceObserver, constants } = require('perf_hooks');
const v8 = require('v8');
let major = 0;
new PerformanceObserver((l) => { for (const e of l.getEntries()) if (e.detail.kind === constants.NODE_PERFORMANCE_GC_MAJOR) major++; }).observe({ entryTypes: ['gc'] });
const make = (i) => ({ i, range: { start: i, end: i + 1 } });
const kept = [];
for (let i = 0; i < 300000; i++) kept.push(make(i));
const old = () => v8.getHeapSpaceStatistics().find((s) => s.space_name === 'old_space').space_used_size;
// A full collection first (reported a turn later), so none started while the lasting structure
// grew ends in the brief phase.
setTimeout(() => globalThis.gc(), 20);
setTimeout(() => {
  const m0 = major;
  const o0 = old();
  for (let r = 0; r < 400; r++) { const brief = []; for (let i = 0; i < 5000; i++) brief.push(make(i)); }
  const grown = (old() - o0) / 1048576;
  setTimeout(() => process.stdout.write(JSON.stringify({ major: major - m0, grown, kept: kept.length })), 50);
}, 60);
`;

describe('server start options', () => {
  test('Node accepts them and the young generation stays within the semi-space they set', () => {
    const semi = Number(/^--max-semi-space-size=(\d+)$/.exec(SERVER_EXEC_ARGV.find((a) => a.startsWith('--max-semi-space-size=')) ?? '')?.[1]);
    assert.ok(semi > 0, `a semi-space size is set: ${SERVER_EXEC_ARGV.join(' ')}`);
    const largest = Number(execFileSync(process.execPath, [...SERVER_EXEC_ARGV, '-e', PROBE], { encoding: 'utf8' }));
    // The new space is two semi-spaces.
    assert.ok(largest > 0 && largest <= 2 * semi, `new space grew to ${largest} MB`);
  });

  test('brief objects stay young where lasting ones were made before: an edit does not fill the old generation', () => {
    // V8 otherwise learns from the index that objects made at a site last, makes the next ones
    // there in the old generation, and each edit's results then cost full collections.
    const out = JSON.parse(execFileSync(process.execPath, [...SERVER_EXEC_ARGV, '--expose-gc', '-e', BRIEF_AFTER_LASTING], { encoding: 'utf8' })) as { major: number; grown: number };
    assert.equal(out.major, 0, `full collections while making brief objects: ${JSON.stringify(out)}`);
    assert.ok(out.grown < 8, `the old generation grew by ${out.grown.toFixed(1)} MB while making brief objects`);
  });
});
