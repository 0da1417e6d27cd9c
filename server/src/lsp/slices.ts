// Long passes (indexing a folder, re-publishing it) run in slices and yield between them, so the
// server keeps answering requests meanwhile.

/** How long a pass may run between yields. */
export const SLICE_MS = 8;

export function yieldToLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
