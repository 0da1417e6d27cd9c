// The server's one place that knows the API key for redaction: anything it logs passes through
// here in case an error message from a library echoes the key back.

import { Redactor } from '../redact';

const redactor = new Redactor();

export function setSecret(value: string | null): void {
  redactor.set(value);
}

export function redact(text: string): string {
  return redactor.redact(text);
}
