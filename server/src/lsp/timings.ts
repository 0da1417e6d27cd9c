// Handler timings, kept in memory for the serverStatus request (the benchmark reads them) and
// for a log line when a handler is slow enough for a person to notice.

const MAX_SAMPLES = 1000;

export const SLOW_HANDLER_MS = 50;

const samples = new Map<string, number[]>();

export function recordTiming(what: string, ms: number): void {
  let list = samples.get(what);
  if (!list) samples.set(what, (list = []));
  // A ring of the latest samples: old ones say little about the server as it is now.
  if (list.length >= MAX_SAMPLES) list.shift();
  list.push(ms);
}

export interface TimingSummary {
  count: number;
  p50: number;
  p95: number;
  max: number;
}

export function timingSummaries(): Record<string, TimingSummary> {
  const out: Record<string, TimingSummary> = {};
  for (const [what, list] of samples) {
    const sorted = [...list].sort((a, b) => a - b);
    const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
    out[what] = { count: sorted.length, p50: round(at(0.5)), p95: round(at(0.95)), max: round(sorted[sorted.length - 1]) };
  }
  return out;
}

function round(ms: number): number {
  return Math.round(ms * 100) / 100;
}
