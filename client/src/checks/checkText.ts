// How a check's last result reads in the tree, free of the vscode module for unit tests.

import type { AccessCheckResult, DescribedRole, LabelledCheck } from '../../../server/src/protocol';

export type AccessCheckNode =
  | { type: 'check'; check: LabelledCheck; result?: AccessCheckResult }
  | { type: 'reason'; text: string; error: boolean }
  | { type: 'role'; role: DescribedRole }
  | { type: 'info'; text: string }
  | { type: 'fileError'; text: string };

/** Children of a check that ran: the reason it is ✗, then the effective roles with their sources. */
export function checkChildren(result: AccessCheckResult): AccessCheckNode[] {
  const out: AccessCheckNode[] = [];
  if (result.reason && (result.outcome !== 'allowed' || result.mismatch)) {
    out.push({ type: 'reason', text: result.reason, error: result.outcome === 'error' || result.mismatch });
  }
  for (const role of result.effectiveRoles) out.push({ type: 'role', role });
  if (result.outcome !== 'error' && result.effectiveRoles.length === 0 && !result.rolesError) {
    out.push({ type: 'info', text: 'No role assignments' });
  }
  if (result.rolesError) out.push({ type: 'reason', text: `Roles unavailable: ${result.rolesError}`, error: true });
  return out;
}

/** "✓ allowed · 14:32:05 · 41 ms", "✗ denied (unexpected) · 2026-11-20 09:12 · 80 ms". */
export function checkDescription(result: AccessCheckResult | undefined, now: Date): string {
  if (!result) return 'not run';
  const answer = result.outcome === 'allowed' ? '✓ allowed' : result.outcome === 'denied' ? '✗ denied' : '✗ error';
  const mismatch = result.mismatch && result.outcome !== 'error' ? ' (unexpected)' : '';
  return `${answer}${mismatch} · ${ranAt(new Date(result.ranAt), now)} · ${result.durationMs} ms`;
}

/** Clock time for a run today, date and time for older ones (a tree item does not tick). */
export function ranAt(then: Date, now: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  const time = `${pad(then.getHours())}:${pad(then.getMinutes())}:${pad(then.getSeconds())}`;
  if (then.toDateString() === now.toDateString()) return time;
  return `${then.getFullYear()}-${pad(then.getMonth() + 1)}-${pad(then.getDate())} ${time.slice(0, 5)}`;
}
