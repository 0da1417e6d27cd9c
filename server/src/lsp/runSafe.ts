// Handler wrapper: a failing or cancelled handler answers a harmless default instead of an
// error, so one bad file never takes an editor feature (or the server) down.

import type { CancellationToken, Connection } from 'vscode-languageserver/node';
import { redact } from './redact';
import { handlerAnswered, handlerQueued } from './slices';
import { recordTiming, SLOW_HANDLER_MS } from './timings';

/** `logSlow: false` for handlers that wait on the network, whose time says nothing about the server. */
export function runSafe<T>(
  connection: Connection,
  what: string,
  fallback: T,
  token: CancellationToken | undefined,
  fn: () => T | Promise<T>,
  { logSlow = true }: { logSlow?: boolean } = {},
): Promise<T> {
  return new Promise<T>((settle) => {
    // The request holds passes back (slices.ts) until its answer is written, unless its handler
    // waits on I/O: a call to WorkOS may take seconds, and the index goes on meanwhile.
    let holding = true;
    const release = (): void => {
      if (holding) handlerAnswered();
      holding = false;
    };
    const resolve = (value: T): void => {
      settle(value);
      release();
    };
    const failed = (err: unknown): void => {
      logError(connection, what, err);
      resolve(fallback);
    };
    // Yield first: requests queued behind this one (e.g. a didChange) get processed, and a
    // request cancelled while waiting never starts.
    handlerQueued();
    setImmediate(() => {
      if (token?.isCancellationRequested) return resolve(fallback);
      const started = performance.now();
      let out: T | Promise<T>;
      try {
        out = fn();
      } catch (err) {
        return failed(err);
      }
      if (out instanceof Promise) release();
      Promise.resolve(out).then((result) => {
        const ms = performance.now() - started;
        recordTiming(what, ms);
        if (logSlow && ms > SLOW_HANDLER_MS) connection.console.log(`${what} took ${Math.round(ms)} ms`);
        resolve(token?.isCancellationRequested ? fallback : result);
      }, failed);
    });
  });
}

export function logError(connection: Connection, what: string, err: unknown): void {
  const e = err as Error | undefined;
  const detail = e?.stack ?? e?.message ?? String(err);
  connection.console.error(redact(`${what}: ${detail}`));
}
