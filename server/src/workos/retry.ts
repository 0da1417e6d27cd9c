// Our own retry policy for every WorkOS call (the SDK's is switched off): bounded attempts, 429
// honours Retry-After up to a cap, other transient failures back off exponentially with jitter,
// and every wait ends at once when the call is cancelled.

export interface RetryOptions {
  /** Attempts per request, the first included. Default 4. */
  maxAttempts?: number;
  /** First back-off delay before jitter. Default 300 ms. */
  baseDelayMs?: number;
  /** Largest back-off delay before jitter. Default 5 s. */
  maxDelayMs?: number;
  /** Longest Retry-After we wait; a longer one is cut to this. Default 30 s. */
  retryAfterCapMs?: number;
  /** Jitter source in [0, 1). */
  random?: () => number;
}

export interface RetryDecision {
  retryable: boolean;
  /** Server-requested wait (Retry-After), before capping. */
  retryAfterMs?: number;
}

export class CancelledError extends Error {
  constructor() {
    super('cancelled');
    this.name = 'CancelledError';
  }
}

/** Resolves after ms; rejects with CancelledError as soon as the signal aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted) return Promise.reject(new CancelledError());
  return new Promise((resolve, reject) => {
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(new CancelledError());
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, Math.max(0, ms));
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** The wait before attempt `attempt + 1` (attempt is 1-based). */
export function retryDelayMs(attempt: number, decision: RetryDecision, options: RetryOptions = {}): number {
  const cap = options.retryAfterCapMs ?? 30_000;
  if (decision.retryAfterMs !== undefined && Number.isFinite(decision.retryAfterMs) && decision.retryAfterMs >= 0) {
    return Math.min(decision.retryAfterMs, cap);
  }
  const base = options.baseDelayMs ?? 300;
  const max = options.maxDelayMs ?? 5_000;
  const exp = Math.min(max, base * 2 ** (attempt - 1));
  const random = options.random ?? Math.random;
  return exp * (0.5 + random());
}

export class RetriesExhausted extends Error {
  constructor(
    readonly lastError: unknown,
    readonly attempts: number,
  ) {
    super('retries exhausted');
  }
}

/**
 * Runs op until it succeeds, a failure is not retryable, or attempts run out. Failures come
 * back as RetriesExhausted (with the last error and the attempt count) or CancelledError.
 */
export async function withRetry<T>(
  op: (attempt: number) => Promise<T>,
  decide: (error: unknown) => RetryDecision,
  options: RetryOptions & { signal?: AbortSignal } = {},
): Promise<T> {
  const maxAttempts = Math.max(1, options.maxAttempts ?? 4);
  for (let attempt = 1; ; attempt++) {
    if (options.signal?.aborted) throw new CancelledError();
    try {
      return await op(attempt);
    } catch (error) {
      if (options.signal?.aborted) throw new CancelledError();
      const decision = decide(error);
      if (!decision.retryable || attempt >= maxAttempts) throw new RetriesExhausted(error, attempt);
      await sleep(retryDelayMs(attempt, decision, options), options.signal);
    }
  }
}

/** At most `limit` tasks run at once; waiting tasks give up when the signal aborts. */
export function createLimiter(limit: number): <T>(task: () => Promise<T>, signal?: AbortSignal) => Promise<T> {
  let active = 0;
  const queue: (() => void)[] = [];
  // A finishing task hands its slot straight to the next waiter, so a newcomer can never slip in
  // between and exceed the limit.
  const release = (): void => {
    const next = queue.shift();
    if (next) next();
    else active--;
  };
  return async (task, signal) => {
    if (active < limit) active++;
    else {
      await new Promise<void>((resolve, reject) => {
        if (signal?.aborted) return reject(new CancelledError());
        const start = (): void => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        };
        const onAbort = (): void => {
          const i = queue.indexOf(start);
          if (i >= 0) queue.splice(i, 1);
          reject(new CancelledError());
        };
        signal?.addEventListener('abort', onAbort, { once: true });
        queue.push(start);
      });
    }
    try {
      return await task();
    } finally {
      release();
    }
  };
}
