// The server's one place that knows the API key for redaction: anything it logs passes through
// here in case an error message from a library echoes the key back.

import { Redactor } from '../redact';

const redactor = new Redactor();
let main: string | null = null;
/** Each named environment's key (`workosAuthz.environments`), by environment name. */
const environmentKeys = new Map<string, string>();

function rebuild(): void {
  redactor.set(main);
  for (const key of environmentKeys.values()) redactor.add(key);
}

export function setSecret(value: string | null): void {
  main = value;
  rebuild();
}

export function setEnvironmentSecret(name: string, value: string | null): void {
  if (value) environmentKeys.set(name, value);
  else environmentKeys.delete(name);
  rebuild();
}

export function redact(text: string): string {
  return redactor.redact(text);
}
