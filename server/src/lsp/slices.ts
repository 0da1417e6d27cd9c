// Long passes (indexing a folder, re-publishing it) run in slices and yield between them, so the
// server keeps answering requests meanwhile.
//
// A request's handler runs one event-loop turn after the request is read (runSafe yields first).
// A pass that resumed in that turn would run its slice before the handler; instead it steps aside
// while handlers are queued, so a request waits for at most the slice that was running when it
// arrived.

import type { Catalog } from '../core/catalog';
import { catalogWarmSteps } from '../core/warmUp';

/** How long a pass may run between yields. */
export const SLICE_MS = 4;

/** Request handlers scheduled and not started yet. */
let queuedHandlers = 0;

export function handlerQueued(): void {
  queuedHandlers++;
}

export function handlerStarted(): void {
  queuedHandlers = Math.max(0, queuedHandlers - 1);
}

/** Turns a pass steps aside for queued handlers at most, so a flood of requests cannot starve it. */
const MAX_TURNS_ASIDE = 64;

export async function yieldToLoop(): Promise<void> {
  await new Promise<void>((resolve) => setImmediate(resolve));
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
