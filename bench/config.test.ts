// Only a full benchmark run may replace the committed figures; a quick run's go to a git-ignored file.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { FULL, QUICK, resultsFileName } from './config';

test('a quick run writes results-quick.json, which git ignores; a full run writes results.json', () => {
  assert.equal(resultsFileName(FULL), 'results.json');
  assert.equal(resultsFileName(QUICK), 'results-quick.json');
  const ignored = readFileSync(join(__dirname, '..', '.gitignore'), 'utf8').split('\n');
  assert.ok(ignored.includes('bench/results-quick.json'));
  assert.ok(!ignored.includes('bench/results.json'));
});
