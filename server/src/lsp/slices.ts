// Long passes (indexing a folder, re-publishing it) run in slices and yield between them, so the
// server keeps answering requests meanwhile.
//
// A request reaches its handler three event-loop turns after it is read: the protocol's reader
// hands the message on in the next turn, its message queue dispatches it in the turn after, and
// runSafe yields once more before the handler. A pass resumes three turns after it yields, so a
// request read while the pass waited for its turn is queued as a handler by then, and the pass
// steps aside until the handlers queued meanwhile have run: a request waits for at most the slice
// that was running when it arrived. (Resuming one turn after yielding, a pass ran a further slice
// first: on the 105,000-file benchmark, requests sent while the findings were published waited
// 10–12 ms between being read and being handled.) test/lsp/slices.test.ts holds this to the real
// protocol stack.

import type { Catalog } from '../core/catalog';
import { catalogWarmSteps } from '../core/warmUp';

/** How long a pass may run between yields. */
export const SLICE_MS = 4;

/**
 * Requests read and not answered yet: from runSafe's queueing the handler until the turn after
 * its result, when the protocol's writer (which also starts a message a turn later) has written
 * the answer. A pass that resumed in between would hold the answer back for its whole slice.
 */
let queuedHandlers = 0;

export function handlerQueued(): void {
  queuedHandlers++;
}

/** The handler has its result: the request stops holding passes back after the answer's turn. */
export function handlerAnswered(): void {
  setImmediate(() => {
    queuedHandlers = Math.max(0, queuedHandlers - 1);
  });
}

/** Turns a pass steps aside for queued handlers at most, so a flood of requests cannot starve it. */
const MAX_TURNS_ASIDE = 64;

/** Turns from a request's being read to its handler's running (see above). */
const TURNS_TO_HANDLER = 3;

export async function yieldToLoop(): Promise<void> {
  for (let turn = 0; turn < TURNS_TO_HANDLER; turn++) await new Promise<void>((resolve) => setImmediate(resolve));
  for (let turns = 0; queuedHandlers > 0 && turns < MAX_TURNS_ASIDE; turns++) {
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
}

/**
 * Runs independent steps one per event-loop turn (or later, after queued handlers): work that
 * readies something for later requests, such as a newly loaded catalog's lookups, never holds up
 * a request that arrives meanwhile.
 */
export async function runInTurns(steps: readonly (() => void)[]): Promise<void> {
  for (const step of steps) {
    await yieldToLoop();
    step();
  }
}

/**
 * Builds a newly loaded catalog's completion order and suggestion index a step per event-loop turn:
 * a request that needs one first builds it itself, a request that does not is not held up.
 */
export function warmInTurns(catalog: Catalog): void {
  void runInTurns(catalogWarmSteps(catalog));
}
