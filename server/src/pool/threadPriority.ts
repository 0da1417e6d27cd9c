// Scheduling priority per thread. The language server answers requests on its main thread; the
// runtime's helper threads (V8's compiler and garbage collector tasks) and the scan workers run
// at a lower priority, so on a machine with fewer cores than busy threads a request gets a core
// at once instead of waiting for the scheduler to take one from a worker.
//
// Linux only: there a thread's id (from /proc) names that one thread to setpriority. Elsewhere
// every call here does nothing and says so. A thread may always lower a priority; raising one
// back needs privileges, so nothing here is undone.

import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { setPriority } from 'node:os';

/** The niceness background threads are lowered to (0 is normal, 19 the lowest). */
export const BACKGROUND_NICENESS = 10;

/** Lowers the calling thread's priority (a worker's own); true when the system did. */
export function lowerOwnThreadPriority(niceness: number): boolean {
  if (process.platform !== 'linux') return false;
  try {
    const tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
    if (!Number.isInteger(tid) || tid <= 0) return false;
    setPriority(tid, niceness);
    return threadNiceness(tid) === niceness;
  } catch {
    // No /proc, or a sandbox that forbids it: the thread keeps the process's priority.
    return false;
  }
}

/**
 * Lowers every thread of the process but the main one, which must be the caller. At a server's
 * start those are the runtime's own helper threads. True when each of them now runs at `niceness`.
 */
export function lowerOtherThreadsPriority(niceness: number): boolean {
  if (process.platform !== 'linux') return false;
  try {
    const others = readdirSync('/proc/self/task').map(Number).filter((tid) => tid !== process.pid);
    let lowered = 0;
    for (const tid of others) {
      try {
        setPriority(tid, niceness);
        if (threadNiceness(tid) === niceness) lowered++;
      } catch {
        // A thread that ended meanwhile.
      }
    }
    return others.length > 0 && lowered === others.length;
  } catch {
    return false;
  }
}

/** A thread's niceness as the kernel reports it (the 19th field of its stat line). */
export function threadNiceness(tid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces; the fields after its closing parenthesis do not.
    const nice = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]);
    return Number.isInteger(nice) ? nice : undefined;
  } catch {
    return undefined;
  }
}
