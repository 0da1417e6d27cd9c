// A measurement either ran or says why it could not; a number is never made up.

export type Outcome<T> = { ok: true; value: T } | { ok: false; reason: string };

export const ok = <T>(value: T): Outcome<T> => ({ ok: true, value });
export const missing = <T>(reason: string): Outcome<T> => ({ ok: false, reason });

export function errorText(err: unknown): string {
  const e = err as { message?: string; code?: string };
  if (e?.code === 'MODULE_NOT_FOUND' || e?.code === 'ERR_MODULE_NOT_FOUND') return `not written yet (${e.message?.split('\n')[0]})`;
  return e?.message?.split('\n')[0] ?? String(err);
}

/** Runs a measurement, turning a crash into a missing figure with the reason. */
export async function attempt<T>(run: () => Promise<Outcome<T>> | Outcome<T>): Promise<Outcome<T>> {
  try {
    return await run();
  } catch (err) {
    return missing(errorText(err));
  }
}
