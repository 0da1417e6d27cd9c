import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Redactor, redactKeyShapes, redactSecret } from '../../server/src/redact';

test('an exact secret of any shape is replaced everywhere', () => {
  assert.equal(redactSecret('a KEY-1234 b KEY-1234', 'KEY-1234'), 'a [redacted] b [redacted]');
  assert.equal(redactSecret('short', 'abc'), 'short', 'too short to be a key: never blanks out ordinary text');
  assert.equal(redactSecret('text', undefined), 'text');
});

test('anything shaped like a WorkOS key is replaced', () => {
  assert.equal(redactKeyShapes('Bearer sk_test_a1B2c3D4e5 failed'), 'Bearer sk_[redacted] failed');
  assert.equal(redactKeyShapes('sk_ alone and task_list'), 'sk_ alone and task_list');
});

test('a Redactor forgets a replaced key but keeps the shape rule', () => {
  const r = new Redactor();
  r.set('first-key-value');
  assert.equal(r.redact('x first-key-value'), 'x [redacted]');
  r.set('second-key-value');
  assert.equal(r.redact('first-key-value second-key-value sk_live_0123456789'), 'first-key-value [redacted] sk_[redacted]');
});
