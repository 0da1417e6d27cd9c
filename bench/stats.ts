// Small statistics helpers; nearest-rank percentiles, as ruff's latency experiments use.

export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export interface Latency {
  p50: number;
  p95: number;
  p99: number;
}

export function latency(samples: readonly number[]): Latency {
  return { p50: round(percentile(samples, 50), 3), p95: round(percentile(samples, 95), 3), p99: round(percentile(samples, 99), 3) };
}

export function round(value: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

/** Bytes per megabyte: SI megabytes, like the figures in performance.md. */
export const MB = 1_000_000;
