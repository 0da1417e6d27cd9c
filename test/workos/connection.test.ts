import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { ApiConnectionError, connectionFromEnv, createWorkos, displayHost, isLoopbackHost } from '../../server/src/workos';

describe('connectionFromEnv', () => {
  test('no key: undefined', () => {
    assert.equal(connectionFromEnv({}), undefined);
    assert.equal(connectionFromEnv({ WORKOS_API_KEY: '   ' }), undefined);
  });

  test('defaults to https://api.workos.com', () => {
    assert.deepEqual(connectionFromEnv({ WORKOS_API_KEY: 'sk_test_1' }), {
      apiKey: 'sk_test_1',
      hostname: 'api.workos.com',
      https: true,
      timeoutMs: 10_000,
    });
  });

  test('AuthKit variables: hostname, port, https', () => {
    const c = connectionFromEnv({ WORKOS_API_KEY: 'sk_test_1', WORKOS_API_HOSTNAME: '127.0.0.1', WORKOS_API_PORT: '8787', WORKOS_API_HTTPS: 'false' });
    assert.equal(c?.hostname, '127.0.0.1');
    assert.equal(c?.port, 8787);
    assert.equal(c?.https, false);
    assert.equal(connectionFromEnv({ WORKOS_API_KEY: 'k', WORKOS_API_HTTPS: 'true' })?.https, true);
  });

  test('bad port is a clear error', () => {
    assert.throws(() => connectionFromEnv({ WORKOS_API_KEY: 'k', WORKOS_API_PORT: 'eighty' }), /WORKOS_API_PORT must be a port number/);
    assert.throws(() => connectionFromEnv({ WORKOS_API_KEY: 'k', WORKOS_API_PORT: '70000' }), ApiConnectionError);
  });

  test('plain HTTP to a remote host is refused, without the key in the message', () => {
    const key = 'sk_test_RECOGNISABLE_KEY_0123';
    assert.throws(
      () => connectionFromEnv({ WORKOS_API_KEY: key, WORKOS_API_HOSTNAME: 'evil.example.com', WORKOS_API_HTTPS: 'false' }),
      (e: unknown) => e instanceof ApiConnectionError && /plain HTTP/.test(e.message) && /evil\.example\.com/.test(e.message) && !e.message.includes(key),
    );
  });

  test('a URL where a hostname belongs is refused', () => {
    assert.throws(() => connectionFromEnv({ WORKOS_API_KEY: 'k', WORKOS_API_HOSTNAME: 'https://api.workos.com' }), /not a host name/);
  });
});

describe('loopback and createWorkos', () => {
  test('loopback hosts', () => {
    for (const h of ['localhost', '127.0.0.1', '127.1.2.3', '::1', '[::1]', 'LOCALHOST', 'api.localhost']) assert.ok(isLoopbackHost(h), h);
    for (const h of ['128.0.0.1', '10.0.0.1', 'localhost.example.com', '127.0.0.1.nip.io', 'api.workos.com', '::2', '127.0.0.256']) assert.ok(!isLoopbackHost(h), h);
  });

  test('createWorkos refuses plain HTTP off loopback and allows it on loopback', () => {
    assert.throws(() => createWorkos({ apiKey: 'k', hostname: '192.168.1.10', https: false }), ApiConnectionError);
    const w = createWorkos({ apiKey: 'k', hostname: '127.0.0.1', port: 9, https: false });
    assert.equal(w.baseURL, 'http://127.0.0.1:9');
    assert.equal(createWorkos({ apiKey: 'k', hostname: '::1', port: 9, https: false }).baseURL, 'http://[::1]:9');
    assert.equal(createWorkos({ apiKey: 'k', hostname: 'api.workos.com', https: true }).baseURL, 'https://api.workos.com');
  });

  test('displayHost', () => {
    assert.equal(displayHost({ hostname: 'api.workos.com' }), 'api.workos.com');
    assert.equal(displayHost({ hostname: '127.0.0.1', port: 8080 }), '127.0.0.1:8080');
    assert.equal(displayHost({ hostname: '::1', port: 8080 }), '[::1]:8080');
  });
});
