import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { CancelledError, RetriesExhausted, createLimiter, retryDelayMs, sleep, withRetry } from '../../server/src/workos/retry';

describe('retry policy', () => {
  test('Retry-After is honoured and capped', () => {
    assert.equal(retryDelayMs(1, { retryable: true, retryAfterMs: 2000 }, { retryAfterCapMs: 30_000 }), 2000);
    assert.equal(retryDelayMs(1, { retryable: true, retryAfterMs: 120_000 }, { retryAfterCapMs: 30_000 }), 30_000);
  });

  test('back-off doubles with jitter and stops at the maximum', () => {
    const mid = { random: () => 0.5 };
    assert.equal(retryDelayMs(1, { retryable: true }, { baseDelayMs: 100, ...mid }), 100);
    assert.equal(retryDelayMs(3, { retryable: true }, { baseDelayMs: 100, ...mid }), 400);
    assert.equal(retryDelayMs(10, { retryable: true }, { baseDelayMs: 100, maxDelayMs: 1000, ...mid }), 1000);
    assert.equal(retryDelayMs(1, { retryable: true }, { baseDelayMs: 100, random: () => 0 }), 50);
    assert.equal(retryDelayMs(1, { retryable: true }, { baseDelayMs: 100, random: () => 0.999 }), 149.9);
  });

  test('retries a retryable failure up to maxAttempts, then gives up with the count', async () => {
    let calls = 0;
    const err = await withRetry(
      async () => {
        calls++;
        throw new Error('boom');
      },
      () => ({ retryable: true }),
      { maxAttempts: 3, baseDelayMs: 1 },
    ).catch((e) => e);
    assert.equal(calls, 3);
    assert.ok(err instanceof RetriesExhausted);
    assert.equal(err.attempts, 3);
  });

  test('does not retry what is not retryable; returns the first success', async () => {
    let calls = 0;
    await assert.rejects(
      withRetry(async () => { calls++; throw new Error('401'); }, () => ({ retryable: false }), { maxAttempts: 5, baseDelayMs: 1 }),
      RetriesExhausted,
    );
    assert.equal(calls, 1);
    let n = 0;
    assert.equal(await withRetry(async () => { if (++n < 3) throw new Error('x'); return 'ok'; }, () => ({ retryable: true }), { baseDelayMs: 1 }), 'ok');
    assert.equal(n, 3);
  });

  test('a wait ends at once when cancelled', async () => {
    const ac = new AbortController();
    const t = Date.now();
    const p = withRetry(async () => { throw new Error('x'); }, () => ({ retryable: true, retryAfterMs: 60_000 }), { signal: ac.signal });
    setTimeout(() => ac.abort(), 20);
    await assert.rejects(p, CancelledError);
    assert.ok(Date.now() - t < 5000);
    await assert.rejects(sleep(10, AbortSignal.abort()), CancelledError);
  });
});

describe('createLimiter', () => {
  test('never runs more than the limit at once and runs everything', async () => {
    const limit = createLimiter(3);
    let active = 0;
    let peak = 0;
    const done: number[] = [];
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        limit(async () => {
          active++;
          peak = Math.max(peak, active);
          await sleep(1 + (i % 3));
          active--;
          done.push(i);
        }),
      ),
    );
    assert.equal(peak, 3);
    assert.equal(done.length, 20);
  });

  test('queued tasks give up when the signal aborts', async () => {
    const limit = createLimiter(1);
    const ac = new AbortController();
    let release!: () => void;
    const first = limit(() => new Promise<void>((r) => (release = r)));
    let ran = false;
    const second = limit(async () => { ran = true; }, ac.signal);
    ac.abort();
    await assert.rejects(second, CancelledError);
    release();
    await first;
    assert.equal(ran, false);
  });
});
